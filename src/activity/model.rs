//! What the activity form carries, checked field by field without the
//! store: dates, counts, links, lengths, the kind's own fields. Each bad
//! field gets its key and a Russian reason, so the form can mark it. Also
//! the fingerprint a later import recognises a stored activity by. Pure.

use super::kind::Kind;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

mod draft;
pub use draft::Draft;

/// More people than live in the okrug is a typo.
pub const MAX_REACHED: i64 = 10_000_000;
pub const MAX_TITLE: usize = 300;
pub const MAX_SHORT: usize = 300;
pub const MAX_DESCRIPTION: usize = 5_000;
pub const MAX_LINKS: usize = 20;
pub const MAX_PARTNERS: usize = 20;

/// The audiences the form suggests; any other is kept as written.
pub const AUDIENCES: &[&str] = &[
    "учащиеся",
    "студенты",
    "пенсионеры",
    "работники предприятий",
    "население",
    "сотрудники банков",
    "родители",
    "педагоги",
    "государственные и муниципальные служащие",
];

/// A checked activity, before the store's checks (the measure's plan and
/// executors, the municipality, the lock).
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub measure_id: i32,
    /// Chosen by a coordinator; an executor's is its own.
    pub agency_id: Option<i32>,
    pub kind: Kind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub municipality_id: Option<i32>,
    pub venue: String,
    pub audience: String,
    pub reached: i64,
    pub title: String,
    pub description: String,
    pub links: Vec<String>,
    pub partners: Vec<String>,
    pub co_agencies: Vec<i32>,
    pub details: Map<String, Value>,
}

/// Bad fields: the form field's name and why, in form order.
pub type Errors = crate::error::FieldErrors;

/// What a refused activity form says first.
pub const NOT_RECORDED: &str = "Мероприятие не записано. Исправьте:";

/// A refusal naming one field.
pub fn refusal(field: &str, why: &str) -> crate::error::Error {
    let mut e = Errors::new(NOT_RECORDED);
    e.push(field, why);
    crate::error::Error::Fields(e)
}

/// A whole number ≥ 0, with spaces between thousands allowed («1 240»).
pub fn count(raw: &str) -> Option<i64> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}

/// `YYYY-MM-DD` (a date input) or `ДД.ММ.ГГГГ` (typed by hand).
pub fn date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d.%m.%Y"))
        .ok()
}

/// A link as the registry keeps a URL value: canonical, http(s) only.
pub fn link(raw: &str) -> Result<String, String> {
    let n = dozor_indicator::url::normalize_url(raw).map_err(|e| e.to_string())?;
    if n.canonical.starts_with("http://") || n.canonical.starts_with("https://") {
        Ok(n.canonical)
    } else {
        Err("ссылка должна начинаться с http:// или https://".into())
    }
}

/// A title as the fingerprint sees it: case, «ё» and spacing folded.
fn folded(s: &str) -> String {
    crate::ru::squash(&s.to_lowercase().replace('ё', "е"))
}

/// The identity of an activity as an import would see it: its measure,
/// agency, kind, start date, municipality, people reached and title
/// (folded). The same row imported twice has the same fingerprint.
pub fn fingerprint(agency_id: i32, input: &Input) -> String {
    let municipality = input
        .municipality_id
        .map_or_else(String::new, |m| m.to_string());
    let parts = [
        "v1".to_string(),
        input.measure_id.to_string(),
        agency_id.to_string(),
        input.kind.as_str().to_string(),
        input.starts_on.to_string(),
        municipality,
        input.reached.to_string(),
        folded(&input.title),
    ];
    dozor_indicator::hex(&Sha256::digest(parts.join("\u{1f}").as_bytes()))
}

#[cfg(test)]
mod tests;
