//! Writers for registry exports: CSV (readable back by our CSV parser), a
//! JSON array, and a STIX 2.1 bundle for sharing with other CERTs.
//! A card travels as its canonical form — the keyed hash — with kind `card`;
//! no writer ever has the number to leak.
//!
//! STIX ids are derived from kind and canonical value, so exporting the same
//! registry twice gives the same ids and a receiver updates rather than
//! duplicates. Case numbers stay out of the STIX bundle: it is meant to
//! leave the organisation, and case numbers belong to investigators.

use chrono::{DateTime, Utc};
use dozor_indicator::model::{Category, Kind};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// One registry entry as exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRow {
    pub kind: Kind,
    pub canonical: String,
    pub display: String,
    pub category: Category,
    pub status: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    pub cases: Vec<String>,
}

/// Why an export could not be written (in practice only a writer failing
/// on memory; the types say so rather than hide it behind a panic).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("writing CSV: {0}")]
    CsvFlush(String),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Separates case numbers inside the `cases` column; our CSV parser splits
/// on `;`.
const CASE_SEPARATOR: &str = "; ";

/// CSV with header `kind,value,display,category,status,first_seen,last_seen,cases`;
/// `value` is the canonical form.
pub fn to_csv(rows: &[ExportRow]) -> Result<String, ExportError> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record([
        "kind",
        "value",
        "display",
        "category",
        "status",
        "first_seen",
        "last_seen",
        "cases",
    ])?;
    for row in rows {
        writer.write_record([
            row.kind.as_str(),
            &row.canonical,
            &row.display,
            row.category.as_str(),
            &row.status,
            &timestamp(row.first_seen),
            &timestamp(row.last_seen),
            &row.cases.join(CASE_SEPARATOR),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::CsvFlush(e.error().to_string()))?;
    // Every field went in as a `&str`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A JSON array of objects with the CSV's fields (`cases` an array).
pub fn to_json(rows: &[ExportRow]) -> Result<String, ExportError> {
    let items: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "kind": row.kind.as_str(),
                "value": row.canonical,
                "display": row.display,
                "category": row.category.as_str(),
                "status": row.status,
                "first_seen": timestamp(row.first_seen),
                "last_seen": timestamp(row.last_seen),
                "cases": row.cases,
            })
        })
        .collect();
    Ok(serde_json::to_string_pretty(&items)?)
}

/// A STIX 2.1 bundle with one indicator per row. `now` is the `modified`
/// time: each export is a new version of the same (deterministic) ids, so a
/// receiver takes the category and name as they stand today.
pub fn to_stix(rows: &[ExportRow], now: DateTime<Utc>) -> Result<String, ExportError> {
    let objects: Vec<Value> = rows.iter().map(|row| indicator(row, now)).collect();
    let ids: Vec<&str> = objects
        .iter()
        .filter_map(|o| o.get("id").and_then(Value::as_str))
        .collect();
    let bundle = json!({
        "type": "bundle",
        "id": format!("bundle--{}", uuid_from(&ids.join("\n"))),
        "objects": objects,
    });
    Ok(serde_json::to_string_pretty(&bundle)?)
}

fn indicator(row: &ExportRow, now: DateTime<Utc>) -> Value {
    let object = match row.kind {
        Kind::Url => "url".to_owned(),
        Kind::Domain => "domain-name".to_owned(),
        other => format!("x-dozor-{}", other.as_str()),
    };
    // STIX wants modified ≥ created, even for a first_seen in the future.
    let modified = now.max(row.first_seen);
    json!({
        "type": "indicator",
        "spec_version": "2.1",
        "id": indicator_id(row.kind, &row.canonical),
        "created": timestamp(row.first_seen),
        "modified": timestamp(modified),
        "name": row.display,
        "indicator_types": ["malicious-activity"],
        "pattern": format!("[{object}:value = '{}']", escape_pattern(&row.canonical)),
        "pattern_type": "stix",
        "pattern_version": "2.1",
        "valid_from": timestamp(row.first_seen),
        "labels": [row.category.as_str()],
    })
}

/// `indicator--` and a UUID made of the first 128 bits of SHA-256 over
/// `kind:canonical`, with the version (5) and variant bits set as RFC 4122
/// requires, since STIX validators check them.
pub fn indicator_id(kind: Kind, canonical: &str) -> String {
    format!(
        "indicator--{}",
        uuid_from(&format!("{}:{canonical}", kind.as_str()))
    )
}

fn uuid_from(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    for (b, d) in bytes.iter_mut().zip(digest.iter()) {
        *b = *d;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = dozor_indicator::hex(&bytes);
    let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default();
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

/// Inside a STIX string literal `\` and `'` are escaped with `\`.
fn escape_pattern(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\'', "\\'")
}

/// RFC 3339 in UTC with milliseconds, the form STIX requires.
fn timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod tests;
