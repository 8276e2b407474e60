//! Phone numbers in E.164 with Russia as the default country. A messenger
//! link that carries a number (`wa.me/79…`) is that number: see `messenger`.

use super::model::{Kind, NormalizeError, Normalized};

/// E.164 caps a number at 15 digits; below 8 no country's numbers are
/// complete (the shortest national plans plus a country code).
const MIN_INTL_DIGITS: usize = 8;
const MAX_INTL_DIGITS: usize = 15;
/// Russian national numbers: 10 digits.
const RU_NATIONAL_DIGITS: usize = 10;

/// `8 (912) 345-67-89`, `+7 912 3456789`, `79123456789`, `9123456789` →
/// `+79123456789`; `+44 20 7946 0958` stays a British number.
pub fn normalize_phone(raw: &str) -> Result<Normalized, NormalizeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(NormalizeError::Empty);
    }
    let bad = |reason: &str| NormalizeError::invalid(Kind::Phone, reason);
    // `tel:` is what a copied link holds.
    let body = strip_prefix_ci(trimmed, "tel:").unwrap_or(trimmed);
    let (plus, rest) = match body.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            // The separators people write numbers with.
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' | '\t' => {}
            _ => {
                return Err(bad(
                    "допустимы только цифры, пробелы, дефисы, точки и скобки",
                ));
            }
        }
    }
    // `00` is the international prefix dialled instead of `+`.
    let (international, digits) = match digits.strip_prefix("00") {
        Some(rest) if !plus => (true, rest.to_owned()),
        _ => (plus, digits),
    };
    if digits.is_empty() {
        return Err(bad("нет цифр"));
    }
    let national = if international {
        match digits.strip_prefix('7') {
            Some(national) => national,
            None => return foreign(&digits),
        }
    } else {
        match digits.len() {
            // The trunk prefix 8, or the country code written without +.
            11 => digits
                .strip_prefix('8')
                .or_else(|| digits.strip_prefix('7'))
                .ok_or_else(|| bad("номер из 11 цифр должен начинаться с 8 или 7"))?,
            RU_NATIONAL_DIGITS => digits.as_str(),
            _ => {
                return Err(bad(
                    "в российском номере 10 цифр после +7 или 8; иностранный номер пишите с +",
                ));
            }
        }
    };
    russian(national)
}

/// A Russian number from its 10 national digits.
fn russian(national: &str) -> Result<Normalized, NormalizeError> {
    if national.len() != RU_NATIONAL_DIGITS {
        return Err(NormalizeError::invalid(
            Kind::Phone,
            "в российском номере 10 цифр после +7",
        ));
    }
    // Geographic codes start with 3 or 4, non-geographic (800, 804…) with 8,
    // mobile with 9; the rest of the +7 range is not Russian.
    if !national.starts_with(['3', '4', '8', '9']) {
        return Err(NormalizeError::invalid(
            Kind::Phone,
            "код российского номера начинается с 3, 4, 8 или 9",
        ));
    }
    let group = |from: usize, to: usize| national.get(from..to).unwrap_or_default();
    Ok(Normalized {
        kind: Kind::Phone,
        canonical: format!("+7{national}"),
        display: format!(
            "+7 {} {}-{}-{}",
            group(0, 3),
            group(3, 6),
            group(6, 8),
            group(8, 10)
        ),
    })
}

/// A number of another country, kept as written: without a table of every
/// numbering plan, grouping it would be guesswork.
fn foreign(digits: &str) -> Result<Normalized, NormalizeError> {
    if digits.starts_with('0') {
        return Err(NormalizeError::invalid(
            Kind::Phone,
            "код страны не начинается с 0",
        ));
    }
    if !(MIN_INTL_DIGITS..=MAX_INTL_DIGITS).contains(&digits.len()) {
        return Err(NormalizeError::invalid(
            Kind::Phone,
            "в международном номере от 8 до 15 цифр",
        ));
    }
    let canonical = format!("+{digits}");
    Ok(Normalized {
        kind: Kind::Phone,
        display: canonical.clone(),
        canonical,
    })
}

/// `s` without `prefix`, ignoring ASCII case.
pub(super) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

#[cfg(test)]
mod tests;
