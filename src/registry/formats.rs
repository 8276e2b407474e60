//! Indicator feeds in and out: pure parsers for the files people bring to
//! the registry (our own CSV, URLhaus and PhishTank dumps, MISP events,
//! STIX 2.1 bundles) and writers for exports. Nothing here touches the
//! database: a parser turns bytes into raw values with the hints the format
//! gives (kind, category, first seen, case), and the store normalises them.
//!
//! A file that is not of the format at all is a `FormatError`; a bad record
//! inside a good file is a `Reject` with its place and reason, so that one
//! broken line never loses the rest of a feed.

mod csv;
pub mod export;
mod misp;
mod phishtank;
mod stix;
mod stix_pattern;
mod urlhaus;

#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use dozor_indicator::model::{Category, Kind};
use std::fmt;
use std::str::FromStr;

pub use csv::CsvRows;
pub use export::{ExportError, ExportRow, indicator_id, to_csv, to_json, to_stix};

/// The formats the importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Urlhaus,
    Phishtank,
    Misp,
    Stix,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Urlhaus,
        Format::Phishtank,
        Format::Misp,
        Format::Stix,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Urlhaus => "urlhaus",
            Format::Phishtank => "phishtank",
            Format::Misp => "misp",
            Format::Stix => "stix",
        }
    }
}

/// Where an indicator came from, as its page says it: `manual` or the
/// format of the file it was loaded from.
pub fn source_label(source: &str) -> String {
    let file = |name: &str| format!("загружен из файла {name}");
    match source {
        "manual" => "добавлен вручную".into(),
        "csv" => file("CSV"),
        "urlhaus" => file("URLhaus"),
        "phishtank" => file("PhishTank"),
        "misp" => file("MISP"),
        "stix" => file("STIX"),
        other => other.to_string(),
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<Format, FormatError> {
        let wanted = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == wanted)
            .ok_or_else(|| FormatError::UnknownFormat(s.to_owned()))
    }
}

/// One value found in a feed, not yet normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub raw: String,
    /// Set only where the format itself says what the value is.
    pub kind: Option<Kind>,
    pub category: Option<Category>,
    pub first_seen: Option<DateTime<Utc>>,
    /// Where in the file: "строка 12", "атрибут 5", "индикатор indicator--…".
    pub at: String,
    pub case_number: Option<String>,
}

/// A record that could not be taken, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    pub at: String,
    pub reason: String,
}

/// What a file yielded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub records: Vec<Record>,
    pub rejects: Vec<Reject>,
}

impl Parsed {
    fn reject(&mut self, at: impl Into<String>, reason: impl Into<String>) {
        self.rejects.push(Reject {
            at: at.into(),
            reason: reason.into(),
        });
    }
}

/// The file as a whole is not of the format named.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("Неизвестный формат {0:?}: нужен csv, urlhaus, phishtank, misp или stix")]
    UnknownFormat(String),
    #[error("{format}: файл не в формате JSON (строка {line}, столбец {column}): {message}")]
    Json {
        format: Format,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{format}: {problem}")]
    Structure { format: Format, problem: String },
}

impl FormatError {
    fn structure(format: Format, problem: impl Into<String>) -> FormatError {
        FormatError::Structure {
            format,
            problem: problem.into(),
        }
    }

    fn json(format: Format, err: &serde_json::Error) -> FormatError {
        FormatError::Json {
            format,
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        }
    }
}

/// Read `bytes` as `format`.
pub fn parse(format: Format, bytes: &[u8]) -> Result<Parsed, FormatError> {
    match format {
        Format::Csv => csv::parse(bytes),
        Format::Urlhaus => urlhaus::parse(bytes),
        Format::Phishtank => phishtank::parse(bytes),
        Format::Misp => misp::parse(bytes),
        Format::Stix => stix::parse(bytes),
    }
}

/// A point in time as feeds write it: RFC 3339, `YYYY-MM-DD HH:MM:SS`
/// (URLhaus; UTC by its banner) or a bare date (midnight UTC).
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
        return Some(t.and_utc());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// An optional time field: empty is "not given", anything else must parse.
fn optional_time(field: &str, value: Option<&str>) -> Result<Option<DateTime<Utc>>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => parse_time(v).map(Some).ok_or_else(|| {
            format!("Поле {field}: {v:?} — не дата (нужен формат RFC 3339 или ГГГГ-ММ-ДД)")
        }),
    }
}

/// Our exports carry a card as its keyed hash (64 hex digits), never the
/// number; such a value cannot be turned back into a card, so it is refused
/// here with a reason instead of failing obscurely in the normaliser.
fn card_hash_reason(kind: Option<Kind>, raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    (kind == Some(Kind::Card) && raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some("Это хеш карты из выгрузки, а не её номер: импортировать его нельзя, укажите номер карты")
}

/// Which column of a lower-cased header holds one of `names` (first wins).
fn column(header: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| header.iter().position(|h| h == n))
}

/// The first line as found in the file, for error messages.
fn first_line(bytes: &[u8]) -> String {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let text = String::from_utf8_lossy(line);
    text.trim_end().chars().take(80).collect()
}
