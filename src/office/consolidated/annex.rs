//! An annex to the consolidated report: a titled table that a layer above
//! execution control supplies (the prevention figures per municipality,
//! say), so that the report's builder needs to know nothing of where the
//! figures come from. Rendered after the report, «Приложение № N» each.

/// One table appended to the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Annex {
    /// «Профилактическая работа по муниципальным образованиям».
    pub title: String,
    pub columns: Vec<String>,
    /// Each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
    /// A line under the table: what the figures are and where from.
    pub note: Option<String>,
}

/// One value of an annex table: numbers stay numbers in the .xlsx.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// Nothing known (no population, say): «—».
    Empty,
}

impl Cell {
    /// As the .docx prints it: `1 234,5`, «—» for nothing.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => crate::ru::number(*n),
            Cell::Empty => "—".to_string(),
        }
    }
}

impl Annex {
    /// Rows cut or padded to the columns: a supplier's mistake never
    /// makes a broken table.
    pub fn normalised_rows(&self) -> Vec<Vec<Cell>> {
        let n = self.columns.len();
        self.rows
            .iter()
            .map(|r| {
                let mut r: Vec<Cell> = r.iter().take(n).cloned().collect();
                r.resize(n, Cell::Empty);
                r
            })
            .collect()
    }
}
