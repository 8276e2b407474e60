//! Our own CSV: a header row naming the columns, then one indicator a row.
//! Only `value` (or `url`, `indicator`) is required; `kind`, `category`,
//! `first_seen` and `case` (or `cases`, `case_number`) are optional, and any
//! other column (our export's `display`, `status`, `last_seen`) is ignored.
//! The delimiter is `,` or `;` — spreadsheets in Russian locales save with
//! `;` — and is told from the header line.

use super::{
    Format, FormatError, Parsed, Record, card_hash_reason, column, first_line, optional_time,
};
use crate::registry::model::{Category, Kind};
use ::csv::{ReaderBuilder, StringRecord};

const VALUE: &[&str] = &["value", "url", "indicator"];
const CASES: &[&str] = &["case", "cases", "case_number"];

pub(super) fn parse(bytes: &[u8]) -> Result<Parsed, FormatError> {
    let bytes = strip_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FormatError::structure(
            Format::Csv,
            "the file is empty: no header row",
        ));
    }
    let delimiter = sniff_delimiter(bytes);
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| FormatError::structure(Format::Csv, format!("header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let value = column(&header, VALUE).ok_or_else(|| {
        FormatError::structure(
            Format::Csv,
            format!(
                "the header row {:?} has no `value` column (nor `url`, `indicator`)",
                first_line(bytes)
            ),
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
    let mut parsed = Parsed::default();
    for (line, row) in rows(&mut reader, bytes, false) {
        let at = format!("row {line}");
        match sized(row, cols.width, "the header").and_then(|r| cols.read(&r, &at)) {
            Ok(records) => parsed.records.extend(records),
            Err(reason) => parsed.reject(at, reason),
        }
    }
    Ok(parsed)
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
            return Err("no value".to_owned());
        }
        let kind = match field(self.kind).filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => Some(Kind::parse(&k.to_lowercase()).ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown kind {k:?} (expected one of {})", names.join(", "))
            })?),
        };
        let category = match field(self.category).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(Category::parse(&c.to_lowercase()).ok_or_else(|| {
                let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                format!(
                    "unknown category {c:?} (expected one of {})",
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

/// Every data row with the file line it starts on (what a spreadsheet or
/// an editor shows, so people can find it), or why it could not be read.
pub(super) fn rows<'r>(
    reader: &'r mut ::csv::Reader<&[u8]>,
    bytes: &'r [u8],
    comments: bool,
) -> impl Iterator<Item = (usize, Result<StringRecord, String>)> + 'r {
    let mut lines = LineCounter::default();
    reader.records().map(move |row| {
        let mut line_of = |p: Option<&::csv::Position>| {
            p.map_or(0, |p| {
                lines.line_at(
                    bytes,
                    usize::try_from(p.byte()).unwrap_or(usize::MAX),
                    comments,
                )
            })
        };
        match row {
            Ok(r) => (line_of(r.position()), Ok(r)),
            Err(e) => {
                let line = line_of(e.position());
                let reason = match e.kind() {
                    ::csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_owned(),
                    _ => e.to_string(),
                };
                (line, Err(reason))
            }
        }
    })
}

/// A row read, and of the width the header gives; `header` names that
/// header in the reason ("the header", "the column line").
pub(super) fn sized(
    row: Result<StringRecord, String>,
    width: usize,
    header: &str,
) -> Result<StringRecord, String> {
    let row = row?;
    if row.len() == width {
        Ok(row)
    } else {
        Err(format!("{} fields, {header} has {width}", row.len()))
    }
}

/// Counts line breaks as the reader moves forward, so finding each row's
/// line costs only the bytes since the previous row (a million-row file
/// would otherwise be read a million times over).
#[derive(Default)]
struct LineCounter {
    pos: usize,
    breaks: usize,
}

impl LineCounter {
    /// The line of the record the reader began at `byte`. The reader reports
    /// where it stopped after the previous record, so the line breaks, blank
    /// lines and `#` lines it skipped before this one are skipped here too
    /// (its own line count ignores comments and miscounts CRLF).
    fn line_at(&mut self, bytes: &[u8], byte: usize, comments: bool) -> usize {
        let mut at = byte.min(bytes.len());
        loop {
            match bytes.get(at) {
                Some(b'\r' | b'\n') => at += 1,
                Some(b'#') if comments => {
                    let rest = bytes.get(at..).unwrap_or_default();
                    at += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                }
                _ => break,
            }
        }
        if at < self.pos {
            *self = LineCounter::default();
        }
        let count = |from: usize| {
            bytes
                .get(from..at)
                .unwrap_or_default()
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        };
        self.breaks += count(self.pos);
        self.pos = at;
        1 + self.breaks
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

/// Excel writes a byte-order mark before UTF-8 CSV.
pub(super) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}
