//! Which header cell is which expected column: each column has an English
//! code and Russian names, matched ignoring case, «ё»/«е» and spaces. A
//! missing required column is an error, an unknown one a warning, both in
//! Russian.

use super::Row;

/// One column an import expects.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub code: &'static str,
    /// The Russian headers it may have; the first is the one messages name.
    pub names: &'static [&'static str],
    pub required: bool,
}

/// Where each expected column is in the file.
#[derive(Clone, Debug)]
pub struct Mapping {
    codes: Vec<(&'static str, usize)>,
    /// Header cells no expected column claims, as written.
    pub unknown: Vec<String>,
}

fn key(s: &str) -> String {
    crate::ru::squash(&s.to_lowercase().replace('ё', "е"))
}

/// Maps `header` onto `expected`; a required column missing or a column
/// given twice is an error.
pub fn match_header(expected: &[Column], header: &[String]) -> Result<Mapping, String> {
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let k = key(cell);
        let found = expected
            .iter()
            .find(|c| key(c.code) == k || c.names.iter().any(|n| key(n) == k));
        match found {
            Some(c) if codes.iter().any(|(code, _)| *code == c.code) => {
                return Err(format!("Столбец «{}» указан дважды", name(c)));
            }
            Some(c) => codes.push((c.code, i)),
            None if k.is_empty() => {}
            None => unknown.push(cell.clone()),
        }
    }
    let missing: Vec<String> = expected
        .iter()
        .filter(|c| c.required && !codes.iter().any(|(code, _)| *code == c.code))
        .map(|c| format!("«{}» ({})", name(c), c.code))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "В первой строке нет обязательных столбцов: {}",
            missing.join(", ")
        ));
    }
    Ok(Mapping { codes, unknown })
}

fn name(c: &Column) -> &'static str {
    c.names.first().copied().unwrap_or(c.code)
}

impl Mapping {
    /// The cell of column `code` in `row`; `""` when absent.
    pub fn get<'r>(&self, row: &'r Row, code: &str) -> &'r str {
        self.codes
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, i)| row.get(*i))
    }

    /// Whether the file has column `code`.
    pub fn has(&self, code: &str) -> bool {
        self.codes.iter().any(|(c, _)| *c == code)
    }

    /// The unknown columns in words, when there are any.
    pub fn warning(&self) -> Option<String> {
        (!self.unknown.is_empty()).then(|| {
            let names: Vec<String> = self.unknown.iter().map(|u| format!("«{u}»")).collect();
            format!("Неизвестные столбцы пропущены: {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[
        Column {
            code: "year",
            names: &["Год"],
            required: true,
        },
        Column {
            code: "municipality",
            names: &["Муниципальное образование", "Муниципалитет"],
            required: true,
        },
        Column {
            code: "approximate",
            names: &["Оценка"],
            required: false,
        },
    ];

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn russian_and_english_headers_match_in_any_case() {
        let m = match_header(COLS, &header(&[" ГОД ", "муниципальное  образование", "x"])).unwrap();
        let row = Row {
            number: 2,
            cells: header(&["2020", "Сургут", "?"]),
        };
        assert_eq!(m.get(&row, "year"), "2020");
        assert_eq!(m.get(&row, "municipality"), "Сургут");
        assert_eq!(m.get(&row, "approximate"), "");
        assert!(!m.has("approximate"));
        assert_eq!(m.warning().unwrap(), "Неизвестные столбцы пропущены: «x»");
        let m = match_header(COLS, &header(&["Year", "MUNICIPALITY", "Оценка"])).unwrap();
        assert!(m.has("approximate") && m.unknown.is_empty());
    }

    #[test]
    fn missing_and_doubled_columns_are_named() {
        let e = match_header(COLS, &header(&["Год"])).unwrap_err();
        assert!(
            e.contains("«Муниципальное образование» (municipality)"),
            "{e}"
        );
        let e = match_header(COLS, &header(&["Год", "year", "Муниципалитет"])).unwrap_err();
        assert!(e.contains("дважды"), "{e}");
    }
}
