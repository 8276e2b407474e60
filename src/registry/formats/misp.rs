//! A MISP event as JSON (`{"Event": {..., "Attribute": [...], "Object":
//! [{"Attribute": [...]}]}}`). Each attribute whose type is a resource Dozor
//! keeps becomes a record with that kind; every other attribute is a reject
//! with its type named, so the person importing sees what was left out.
//!
//! Mapping decisions:
//! - `url`, `link` → Url; but a `link` in the categories "External analysis"
//!   or "Internal reference" is MISP's reference to a report (a blog post, a
//!   VirusTotal page), not a site used in a crime: rejected.
//! - `domain`, `hostname` → Domain; `domain|ip`, `hostname|port` → Domain
//!   from the left part.
//! - `phone-number`, `whatsapp`, `prtn` → Phone; `cc-number` → Card (the
//!   store hashes it).
//! - `ip-src`, `ip-dst` (and their `|port` forms) → rejected: the registry
//!   has no IP kind, and inventing `http://IP/` would register a URL that
//!   nobody saw.
//! - first seen: the attribute's `first_seen` if set, else its `timestamp`
//!   (unix seconds, a string or a number).

use super::{Format, FormatError, Parsed, Record, parse_time};
use chrono::{DateTime, TimeZone, Utc};
use dozor_indicator::model::Kind;
use serde_json::{Map, Value};

pub(super) fn parse(bytes: &[u8]) -> Result<Parsed, FormatError> {
    let root: Value =
        serde_json::from_slice(bytes).map_err(|e| FormatError::json(Format::Misp, &e))?;
    let event = root
        .get("Event")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            FormatError::structure(Format::Misp, "на верхнем уровне нет объекта \"Event\"")
        })?;
    let mut parsed = Parsed::default();
    for (i, attribute) in list(event, "Attribute")?.iter().enumerate() {
        read_attribute(&mut parsed, format!("атрибут {}", i + 1), attribute);
    }
    for (o, object) in list(event, "Object")?.iter().enumerate() {
        let Some(object) = object.as_object() else {
            parsed.reject(format!("объект {}", o + 1), "Не объект JSON");
            continue;
        };
        let attributes = object.get("Attribute").and_then(Value::as_array);
        for (i, attribute) in attributes.into_iter().flatten().enumerate() {
            let at = format!("объект {}, атрибут {}", o + 1, i + 1);
            read_attribute(&mut parsed, at, attribute);
        }
    }
    Ok(parsed)
}

/// An optional array of the event: absent is empty, anything else is a
/// broken event.
fn list<'a>(event: &'a Map<String, Value>, key: &str) -> Result<&'a [Value], FormatError> {
    match event.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(FormatError::structure(
            Format::Misp,
            format!("Event.{key} — не массив"),
        )),
    }
}

fn read_attribute(parsed: &mut Parsed, at: String, attribute: &Value) {
    match record(attribute, &at) {
        Ok(record) => parsed.records.push(record),
        Err(reason) => parsed.reject(at, reason),
    }
}

fn record(attribute: &Value, at: &str) -> Result<Record, String> {
    let attribute = attribute.as_object().ok_or("Не объект JSON")?;
    let text = |key: &str| attribute.get(key).and_then(Value::as_str).map(str::trim);
    let kind_name = text("type")
        .filter(|t| !t.is_empty())
        .ok_or("Не указан тип (type)")?;
    if attribute.get("deleted").and_then(Value::as_bool) == Some(true) {
        return Err("Атрибут помечен как удалённый".to_owned());
    }
    let value = text("value")
        .filter(|v| !v.is_empty())
        .ok_or("Не указано значение (value)")?;
    let kind = kind_of(kind_name, text("category").unwrap_or_default())?;
    // `domain|ip` and `hostname|port` carry two values; the resource is the left.
    let raw = if kind_name.contains('|') {
        value.split('|').next().unwrap_or_default().trim()
    } else {
        value
    };
    if raw.is_empty() {
        return Err(format!("Тип {kind_name}: у значения нет левой части"));
    }
    Ok(Record {
        raw: raw.to_owned(),
        kind: Some(kind),
        category: None,
        first_seen: first_seen(attribute)?,
        at: at.to_owned(),
        case_number: None,
    })
}

fn kind_of(kind_name: &str, category: &str) -> Result<Kind, String> {
    match kind_name {
        "link" if matches!(category, "External analysis" | "Internal reference") => Err(format!(
            "Тип link в категории {category:?} — ссылка на отчёт, а не ресурс, использованный в преступлении"
        )),
        "url" | "link" => Ok(Kind::Url),
        "domain" | "hostname" | "domain|ip" | "hostname|port" => Ok(Kind::Domain),
        "phone-number" | "whatsapp" | "prtn" => Ok(Kind::Phone),
        "cc-number" => Ok(Kind::Card),
        "ip-src" | "ip-dst" | "ip-src|port" | "ip-dst|port" => Err(format!(
            "Тип {kind_name}: такие значения Дозор не хранит (IP-адрес хранится только в составе ссылки)"
        )),
        other => Err(format!("Тип {other}: такие значения Дозор не хранит")),
    }
}

fn first_seen(attribute: &Map<String, Value>) -> Result<Option<DateTime<Utc>>, String> {
    if let Some(seen) = attribute.get("first_seen").and_then(Value::as_str)
        && !seen.trim().is_empty()
    {
        return parse_time(seen)
            .map(Some)
            .ok_or_else(|| format!("Поле first_seen: {seen:?} — не дата и время"));
    }
    let seconds = match attribute.get("timestamp") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(Value::Number(n)) => n.as_i64(),
        Some(_) => None,
    };
    seconds
        .and_then(|s| Utc.timestamp_opt(s, 0).single())
        .map(Some)
        .ok_or_else(|| {
            format!(
                "Поле timestamp: {} — не время Unix в секундах",
                attribute_text(attribute)
            )
        })
}

fn attribute_text(attribute: &Map<String, Value>) -> String {
    attribute
        .get("timestamp")
        .map(Value::to_string)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
