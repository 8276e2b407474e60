//! The URLhaus database dump (abuse.ch): a `#` banner whose last line is the
//! column line itself (`# id,dateadded,url,url_status,...`), then one quoted
//! record a line. We take `url` (a URL by definition) and `dateadded` (UTC,
//! as the banner says) as first seen.
//!
//! Category: URLhaus tracks only sites that distribute malware — its one
//! `threat` value is `malware_download` — so every row is `Malware`, whatever
//! the threat column says; guessing phishing from tags would be invention.

use super::csv::{rows, strip_bom};
use super::{Format, FormatError, Parsed, Record, column, optional_time};
use ::csv::ReaderBuilder;
use dozor_indicator::model::{Category, Kind};

pub(super) fn parse(bytes: &[u8]) -> Result<Parsed, FormatError> {
    let bytes = strip_bom(bytes);
    let header = column_line(bytes)?;
    let url = column(&header, &["url"]).ok_or_else(|| {
        FormatError::structure(
            Format::Urlhaus,
            "в строке заголовков после `#` нет столбца `url`",
        )
    })?;
    let dateadded = column(&header, &["dateadded"]);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(bytes);
    let mut parsed = Parsed::default();
    for (line, row) in rows(&mut reader, bytes, true) {
        let at = format!("строка {line}");
        let row = match super::csv::sized(row, header.len(), "строке с названиями столбцов")
        {
            Ok(row) => row,
            Err(reason) => {
                parsed.reject(at, reason);
                continue;
            }
        };
        let raw = row.get(url).map(str::trim).unwrap_or_default();
        if raw.is_empty() {
            parsed.reject(at, "Пустое поле url");
            continue;
        }
        match optional_time("dateadded", dateadded.and_then(|i| row.get(i))) {
            Ok(first_seen) => parsed.records.push(Record {
                raw: raw.to_owned(),
                kind: Some(Kind::Url),
                category: Some(Category::Malware),
                first_seen,
                at,
                case_number: None,
            }),
            Err(reason) => parsed.reject(at, reason),
        }
    }
    Ok(parsed)
}

/// The lower-cased column names from the `# id,dateadded,url,...` line,
/// which must come among the leading `#` lines.
fn column_line(bytes: &[u8]) -> Result<Vec<String>, FormatError> {
    for line in bytes.split(|&b| b == b'\n') {
        let Some(rest) = line.strip_prefix(b"#") else {
            break;
        };
        let mut reader = ReaderBuilder::new().has_headers(false).from_reader(rest);
        let Some(Ok(fields)) = reader.records().next() else {
            continue;
        };
        let names: Vec<String> = fields.iter().map(|f| f.trim().to_lowercase()).collect();
        if names.iter().any(|n| n == "url") && names.iter().any(|n| n == "dateadded") {
            return Ok(names);
        }
    }
    Err(FormatError::structure(
        Format::Urlhaus,
        "среди строк `#` в начале файла нет строки заголовков `# id,dateadded,url,...`",
    ))
}

#[cfg(test)]
mod tests;
