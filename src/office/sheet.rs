//! The one reader of uploaded tables (activity, crime and population
//! imports): CSV in UTF-8 or Windows-1251 with the delimiter Excel chose,
//! or the first worksheet of an XLSX read through the bounded zip reader.
//! Out comes a header row and data rows of strings, each with its 1-based
//! row number in the source, empty rows skipped. Pure: bytes in, rows out.

pub mod cell;
pub mod columns;
mod csv;
mod xlsx;

/// A table as read: its first non-empty row is the header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row: its number in the source (1-based, as Excel shows it)
/// and its cells, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell in column `i`, or `""` past the row's end.
    pub fn get(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

/// Why a file is no table; the message is Russian, for the person who sent it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SheetError {
    #[error("Файл пуст: в нём нет ни одной строки")]
    Empty,
    #[error("Файл не читается как таблица: {0}")]
    Unreadable(String),
    #[error("Файл слишком велик после распаковки: {0}")]
    TooLarge(String),
}

impl From<SheetError> for crate::error::Error {
    fn from(e: SheetError) -> Self {
        match e {
            SheetError::TooLarge(_) => crate::error::Error::TooLarge(e.to_string()),
            _ => crate::error::Error::Invalid(e.to_string()),
        }
    }
}

/// Columns a row may hold: far above any real table, and a bound on the
/// memory a crafted cell reference (`XFD1048576`) could ask for.
pub const MAX_COLUMNS: usize = 256;
/// Rows a table may hold.
pub const MAX_ROWS: usize = 100_000;

/// Reads `bytes` as XLSX when it is a zip package, as CSV otherwise.
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        xlsx::rows(bytes)?
    } else {
        csv::rows(bytes)?
    };
    assemble(rows)
}

/// Trims cells, drops trailing empty cells and empty rows, and splits off
/// the header.
fn assemble(raw: Vec<(usize, Vec<String>)>) -> Result<Sheet, SheetError> {
    let mut rows = raw.into_iter().filter_map(|(number, cells)| {
        let mut cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        (!cells.is_empty()).then_some(Row { number, cells })
    });
    let header = rows.next().ok_or(SheetError::Empty)?.cells;
    Ok(Sheet {
        header,
        rows: rows.collect(),
    })
}

#[cfg(test)]
mod tests;
