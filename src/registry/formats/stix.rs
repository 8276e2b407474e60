//! A STIX 2.1 bundle (`{"type": "bundle", "objects": [...]}`). Only
//! `indicator` objects with a STIX pattern carry values we can take; other
//! objects (malware, relationship, identity, observed-data, …) describe
//! context and are skipped without a word.
//!
//! From a pattern we take every `=` comparison on `url:value` (Url),
//! `domain-name:value` (Domain) or `x-dozor-<kind>:value` (what our own
//! export writes for the kinds STIX has no object for — phones, cards, …).
//! STIX defines no phone object and producers disagree on custom ones, so
//! no other `x-…` type is guessed at. Comparisons on anything else
//! (`file:name`, `domain-name:resolves_to_refs[*].value`) are ignored; an
//! indicator left with nothing usable is a reject naming what it had.
//! First seen is `valid_from`, else `created`; a label that is one of our
//! category names gives the category.

use super::stix_pattern::{Comparison, comparisons};
use super::{Format, FormatError, Parsed, Record, card_hash_reason, optional_time};
use dozor_indicator::model::{Category, Kind};
use serde_json::{Map, Value};

pub(super) fn parse(bytes: &[u8]) -> Result<Parsed, FormatError> {
    let root: Value =
        serde_json::from_slice(bytes).map_err(|e| FormatError::json(Format::Stix, &e))?;
    if root.get("type").and_then(Value::as_str) != Some("bundle") {
        return Err(FormatError::structure(
            Format::Stix,
            "верхний уровень — не bundle (нет \"type\": \"bundle\")",
        ));
    }
    let objects = root
        .get("objects")
        .and_then(Value::as_array)
        .ok_or_else(|| FormatError::structure(Format::Stix, "в bundle нет массива \"objects\""))?;
    let mut parsed = Parsed::default();
    for (i, object) in objects.iter().enumerate() {
        let Some(object) = object.as_object() else {
            parsed.reject(format!("объект {}", i + 1), "Не объект JSON");
            continue;
        };
        if object.get("type").and_then(Value::as_str) != Some("indicator") {
            continue;
        }
        let at = match object.get("id").and_then(Value::as_str) {
            Some(id) => format!("индикатор {id}"),
            None => format!("объект {}", i + 1),
        };
        match indicator(object, &at) {
            Ok(records) => parsed.records.extend(records),
            Err(reason) => parsed.reject(at, reason),
        }
    }
    Ok(parsed)
}

fn indicator(object: &Map<String, Value>, at: &str) -> Result<Vec<Record>, String> {
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    match text("pattern_type") {
        None | Some("stix") => {}
        Some(other) => {
            return Err(format!(
                "Тип шаблона (pattern_type) {other} не поддерживается: только stix"
            ));
        }
    }
    let pattern = text("pattern").ok_or("Нет шаблона (pattern)")?;
    let found = comparisons(pattern).map_err(|e| format!("Ошибка в шаблоне: {e}"))?;
    let first_seen = match text("valid_from") {
        Some(from) => optional_time("valid_from", Some(from))?,
        None => optional_time("created", text("created"))?,
    };
    let category = object
        .get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find_map(Category::parse);
    let mut records = Vec::new();
    let mut ignored = Vec::new();
    for comparison in &found {
        match usable(comparison) {
            Some((kind, raw)) => {
                if let Some(reason) = card_hash_reason(Some(kind), raw) {
                    return Err(reason.to_owned());
                }
                records.push(Record {
                    raw: raw.to_owned(),
                    kind: Some(kind),
                    category,
                    first_seen,
                    at: at.to_owned(),
                    case_number: None,
                });
            }
            None => ignored.push(format!("{} {}", comparison.path, comparison.op)),
        }
    }
    if records.is_empty() {
        return Err(format!(
            "В шаблоне нет подходящего сравнения (найдено: {}); принимается только `=` с url:value, domain-name:value или x-dozor-<вид>:value",
            if ignored.is_empty() {
                "ничего".to_owned()
            } else {
                ignored.join(", ")
            }
        ));
    }
    Ok(records)
}

/// The kind and value of an equality on an object path we keep.
fn usable(c: &Comparison) -> Option<(Kind, &str)> {
    if c.op != "=" || c.negated {
        return None;
    }
    let value = c.value.as_deref().filter(|v| !v.trim().is_empty())?;
    let kind = match c.path.as_str() {
        "url:value" => Kind::Url,
        "domain-name:value" => Kind::Domain,
        path => Kind::parse(path.strip_prefix("x-dozor-")?.strip_suffix(":value")?)?,
    };
    Some((kind, value))
}

#[cfg(test)]
mod tests;
