//! The PhishTank dump (`online-valid.csv`): a plain header
//! `phish_id,url,phish_detail_url,submission_time,verified,...,target`, only
//! fields that need it quoted. Every entry is a verified phishing URL.
//! PhishTank stores URLs HTML-escaped (`&amp;` between query parameters), so
//! the basic entities are decoded: the site really used `&`.

use super::csv::{rows, strip_bom};
use super::{Format, FormatError, Parsed, Record, column, first_line, optional_time};
use ::csv::ReaderBuilder;
use dozor_indicator::model::{Category, Kind};

pub(super) fn parse(bytes: &[u8]) -> Result<Parsed, FormatError> {
    let bytes = strip_bom(bytes);
    let mut reader = ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| FormatError::structure(Format::Phishtank, format!("строка заголовков: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let (Some(url), Some(_)) = (column(&header, &["url"]), column(&header, &["phish_id"])) else {
        return Err(FormatError::structure(
            Format::Phishtank,
            format!(
                "первая строка {:?} — не заголовок PhishTank (phish_id,url,...)",
                first_line(bytes)
            ),
        ));
    };
    let submitted = column(&header, &["submission_time"]);
    let mut parsed = Parsed::default();
    for (line, row) in rows(&mut reader, bytes, false) {
        let at = format!("строка {line}");
        let row = match super::csv::sized(row, header.len(), "строке заголовков") {
            Ok(row) => row,
            Err(reason) => {
                parsed.reject(at, reason);
                continue;
            }
        };
        let raw = decode_entities(row.get(url).map(str::trim).unwrap_or_default());
        if raw.is_empty() {
            parsed.reject(at, "Пустое поле url");
            continue;
        }
        match optional_time("submission_time", submitted.and_then(|i| row.get(i))) {
            Ok(first_seen) => parsed.records.push(Record {
                raw,
                kind: Some(Kind::Url),
                category: Some(Category::Phishing),
                first_seen,
                at,
                case_number: None,
            }),
            Err(reason) => parsed.reject(at, reason),
        }
    }
    Ok(parsed)
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric references, in
/// one pass so that `&amp;lt;` becomes `&lt;`, not `<`. Anything else
/// (a bare `&`, an unknown name) is kept as written.
pub(super) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        let (before, from_amp) = rest.split_at(i);
        out.push_str(before);
        let decoded = from_amp
            .get(1..)
            .and_then(|after| after.split_once(';'))
            .filter(|(name, _)| name.len() <= 8)
            .and_then(|(name, tail)| entity(name).map(|c| (c, tail)));
        match decoded {
            Some((c, tail)) => {
                out.push(c);
                rest = tail;
            }
            None => {
                out.push('&');
                rest = from_amp.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests;
