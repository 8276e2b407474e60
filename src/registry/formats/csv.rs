//! Our own CSV: a header row naming the columns, then one indicator a row.
//! Only `value` (or `url`, `indicator`) is required; `kind`, `category`,
//! `first_seen` and `case` (or `cases`, `case_number`) are optional, and any
//! other column (our export's `display`, `status`, `last_seen`) is ignored.
//! The delimiter is `,` or `;` — spreadsheets in Russian locales save with
//! `;` — and is told from the header line.
//!
//! [`CsvRows`] reads a file of any size a row at a time (the bulk import
//! streams a million rows through it); [`parse`] collects the rows of bytes
//! already in memory.

use super::{
    Format, FormatError, Parsed, Record, Reject, card_hash_reason, column, first_line,
    optional_time,
};
use ::csv::{Reader, ReaderBuilder, StringRecord};
use dozor_indicator::model::{Category, Kind};
use std::io::{self, Cursor, Read};

mod lines;
use lines::{Kept, LineCounter, reason};
pub(super) use lines::{rows, sized, strip_bom};

const VALUE: &[&str] = &["value", "url", "indicator"];
const CASES: &[&str] = &["case", "cases", "case_number"];
/// The CSV reader's buffer: fewer, larger reads from the file.
const BUFFER: usize = 1 << 16;

pub(super) fn parse(bytes: &[u8]) -> Result<Parsed, FormatError> {
    let mut rows = CsvRows::new(bytes)?;
    let mut parsed = Parsed::default();
    while let Some(row) = rows.next_row() {
        match row {
            Ok(records) => parsed.records.extend(records),
            Err(reject) => parsed.rejects.push(reject),
        }
    }
    Ok(parsed)
}

/// The rows of our CSV read from `R` one at a time, with bounded memory.
pub struct CsvRows<R> {
    reader: Reader<Kept<io::Chain<Cursor<Vec<u8>>, R>>>,
    cols: Columns,
    lines: LineCounter,
    row: StringRecord,
    /// A read of the file itself failed: the rows stop there.
    failed: Option<io::Error>,
}

impl<R: Read> CsvRows<R> {
    /// Reads the header row; a file without one, or without a `value`
    /// column, is not our CSV.
    pub fn new(mut input: R) -> Result<CsvRows<R>, FormatError> {
        let head = head(&mut input)
            .map_err(|e| FormatError::structure(Format::Csv, format!("файл не читается: {e}")))?;
        let head = match head.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => head,
        };
        if head.iter().all(u8::is_ascii_whitespace) {
            return Err(FormatError::structure(
                Format::Csv,
                "файл пуст: нет строки заголовков",
            ));
        }
        let delimiter = sniff_delimiter(&head);
        let shown = first_line(&head);
        let mut reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .buffer_capacity(BUFFER)
            .from_reader(Kept::new(Cursor::new(head).chain(input)));
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| FormatError::structure(Format::Csv, format!("строка заголовков: {e}")))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let value = column(&header, VALUE).ok_or_else(|| {
            FormatError::structure(
                Format::Csv,
                format!("в строке заголовков {shown:?} нет столбца value (или url, indicator)"),
            )
        })?;
        let cols = Columns {
            value,
            kind: column(&header, &["kind"]),
            category: column(&header, &["category"]),
            first_seen: column(&header, &["first_seen"]),
            case: column(&header, CASES),
            width: header.len(),
        };
        Ok(CsvRows {
            reader,
            cols,
            lines: LineCounter::default(),
            row: StringRecord::new(),
            failed: None,
        })
    }

    /// The next row: its records (one per case number it names), or why it
    /// was rejected; none at the end of the file or after a failed read.
    pub fn next_row(&mut self) -> Option<Result<Vec<Record>, Reject>> {
        if self.failed.is_some() {
            return None;
        }
        let read = self.reader.read_record(&mut self.row);
        let (window, base) = self.reader.get_ref().window();
        let result = match read {
            Ok(false) => return None,
            Ok(true) => {
                let line = self.lines.line_of(window, base, self.row.position(), false);
                let at = format!("строка {line}");
                if self.row.len() == self.cols.width {
                    self.cols
                        .read(&self.row, &at)
                        .map_err(|reason| Reject { at, reason })
                } else {
                    let reason = format!(
                        "полей: {}, а в строке заголовков — {}",
                        self.row.len(),
                        self.cols.width
                    );
                    Err(Reject { at, reason })
                }
            }
            Err(e) => {
                if let ::csv::ErrorKind::Io(_) = e.kind() {
                    if let ::csv::ErrorKind::Io(io) = e.into_kind() {
                        self.failed = Some(io);
                    }
                    return None;
                }
                let line = self.lines.line_of(window, base, e.position(), false);
                Err(Reject {
                    at: format!("строка {line}"),
                    reason: reason(&e),
                })
            }
        };
        let counted = self.lines.pos();
        self.reader.get_mut().forget_before(counted);
        Some(result)
    }

    /// The input, once read to the end; the error if a read of it failed.
    pub fn finish(self) -> io::Result<R> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        Ok(self.reader.into_inner().into_inner().into_inner().1)
    }
}

/// The start of the file: at least its first line, and on past blank
/// lines until something that is not white space (or the end).
fn head(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut block = [0u8; 4096];
    loop {
        let n = match input.read(&mut block) {
            Ok(0) => return Ok(head),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(block.get(..n).unwrap_or_default());
        let blank = strip_bom(&head).iter().all(u8::is_ascii_whitespace);
        if !blank && head.contains(&b'\n') {
            return Ok(head);
        }
    }
}

struct Columns {
    value: usize,
    kind: Option<usize>,
    category: Option<usize>,
    first_seen: Option<usize>,
    case: Option<usize>,
    width: usize,
}

impl Columns {
    /// The records of one row: one per case number it names, or one
    /// without a case; the store merges them by value.
    fn read(&self, row: &StringRecord, at: &str) -> Result<Vec<Record>, String> {
        let field = |i: Option<usize>| i.and_then(|i| row.get(i)).map(str::trim);
        let raw = field(Some(self.value)).unwrap_or_default();
        if raw.is_empty() {
            return Err("Не указано значение (value)".to_owned());
        }
        let kind = match field(self.kind).filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => Some(Kind::parse(&k.to_lowercase()).ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("Неизвестный тип {k:?} (допустимы: {})", names.join(", "))
            })?),
        };
        let category = match field(self.category).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(Category::parse(&c.to_lowercase()).ok_or_else(|| {
                let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                format!(
                    "Неизвестная категория {c:?} (допустимы: {})",
                    names.join(", ")
                )
            })?),
        };
        let first_seen = optional_time("first_seen", field(self.first_seen))?;
        if let Some(reason) = card_hash_reason(kind, raw) {
            return Err(reason.to_owned());
        }
        let record = |case_number: Option<String>| Record {
            raw: raw.to_owned(),
            kind,
            category,
            first_seen,
            at: at.to_owned(),
            case_number,
        };
        let cases: Vec<String> = field(self.case)
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        if cases.is_empty() {
            return Ok(vec![record(None)]);
        }
        Ok(cases.into_iter().map(|c| record(Some(c))).collect())
    }
}

/// `;` when the header line has more of them than commas.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |c: u8| line.iter().filter(|&&b| b == c).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests;
