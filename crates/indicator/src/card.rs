//! Bank cards and Russian bank accounts. A card number is personal data the
//! registry must not hold: it is matched by its HMAC under the card key and
//! shown only as BIN and last four digits.

use super::model::{CardKey, Kind, NormalizeError, Normalized};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::borrow::Cow;

/// ISO/IEC 7812 card numbers have 13 to 19 digits.
const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;
/// The issuer (BIN) and the last four: what payment systems themselves show.
const BIN_LEN: usize = 6;
const LAST_LEN: usize = 4;
/// A Russian account number: 20 digits.
const ACCOUNT_DIGITS: usize = 20;

/// The Luhn check of a string of ASCII digits (false for anything else).
pub fn luhn_ok(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The digits of `raw` if it is only digits and the given separators.
fn digits_of(raw: &str, separators: &[char]) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if !separators.contains(&c) {
            return None;
        }
    }
    Some(out)
}

/// A card number → its HMAC (hex) as canonical, `2200 00•• •••• 1234` as
/// display. Errors never include the number.
pub fn normalize_card(raw: &str, key: Option<&CardKey>) -> Result<Normalized, NormalizeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(NormalizeError::Empty);
    }
    let bad = |reason: &str| NormalizeError::invalid(Kind::Card, reason);
    let digits = digits_of(trimmed, &[' ', '-', '\u{a0}'])
        .ok_or_else(|| bad("допустимы только цифры, пробелы и дефисы"))?;
    if !CARD_DIGITS.contains(&digits.len()) {
        return Err(bad("в номере карты от 13 до 19 цифр"));
    }
    if !luhn_ok(&digits) {
        return Err(bad("неверная контрольная цифра (алгоритм Луна)"));
    }
    // An empty key makes the HMAC a plain, guessable hash of the number.
    let key = key
        .filter(|k| !k.0.is_empty())
        .ok_or(NormalizeError::NoCardKey)?;
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(&key.0).map_err(|_| NormalizeError::NoCardKey)?;
    mac.update(digits.as_bytes());
    let canonical = super::hex(&mac.finalize().into_bytes());
    Ok(Normalized {
        kind: Kind::Card,
        canonical,
        display: mask_card(&digits),
    })
}

/// BIN and last four, the rest masked, grouped by four.
fn mask_card(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n * 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(if i < BIN_LEN || i + LAST_LEN >= n {
            c
        } else {
            '•'
        });
    }
    out
}

/// What may stand between the digits of a written card number.
const SEPARATORS: [char; 3] = [' ', '-', '\u{a0}'];

/// `text` with every written card number in it (13 to 19 digits, single
/// spaces or dashes between, Luhn or not: a mistyped number is still
/// personal data) masked to BIN and last four. For text that echoes what a
/// client sent: answers and error messages end up in logs.
pub fn mask_card_numbers(text: &str) -> Cow<'_, str> {
    mask_runs(text, |run| CARD_DIGITS.contains(&run.len()))
}

/// `mask_card_numbers` for a case number, which itself is a long run of
/// digits: a criminal case number has 17 (`12001711234000056`), and cases
/// are matched by number, so masking it would merge distinct cases. Only
/// what is surely a card is masked: 16 digits that pass Luhn (Mir, Visa,
/// Mastercard all issue 16).
pub fn mask_cards_in_case_number(text: &str) -> Cow<'_, str> {
    mask_runs(text, |run| run.len() == 16 && luhn_ok(run))
}

/// `text` with each run of digits (single separators between) for which
/// `is_card` holds on its digits masked to BIN and last four.
fn mask_runs(text: &str, is_card: impl Fn(&str) -> bool) -> Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (end, digits) = digit_run(&chars, i);
        let run = &chars[i..end];
        let only_digits: String = run.iter().filter(|c| c.is_ascii_digit()).collect();
        if is_card(&only_digits) {
            changed = true;
            let mut seen = 0;
            for &c in run {
                if c.is_ascii_digit() {
                    let shown = seen < BIN_LEN || seen + LAST_LEN >= digits;
                    out.push(if shown { c } else { '•' });
                    seen += 1;
                } else {
                    out.push(c);
                }
            }
        } else {
            out.extend(run);
        }
        i = end;
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// The end of the run of digits (single separators between) starting at
/// `start`, and how many digits it holds.
fn digit_run(chars: &[char], start: usize) -> (usize, usize) {
    let (mut j, mut end, mut digits) = (start, start, 0);
    while let Some(&c) = chars.get(j) {
        if c.is_ascii_digit() {
            digits += 1;
            j += 1;
            end = j;
        } else if SEPARATORS.contains(&c) && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
            j += 1;
        } else {
            break;
        }
    }
    (end, digits)
}

/// A Russian bank account: 20 digits, shown as `40817 810 0 9999 1234567`
/// (balance account, currency, check digit, branch, account).
pub fn normalize_account(raw: &str) -> Result<Normalized, NormalizeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(NormalizeError::Empty);
    }
    let digits = digits_of(trimmed, &[' ', '\u{a0}'])
        .filter(|d| d.len() == ACCOUNT_DIGITS)
        .ok_or_else(|| NormalizeError::invalid(Kind::Account, "в номере счёта 20 цифр"))?;
    let part = |from: usize, to: usize| digits.get(from..to).unwrap_or_default();
    let display = format!(
        "{} {} {} {} {}",
        part(0, 5),
        part(5, 8),
        part(8, 9),
        part(9, 13),
        part(13, 20)
    );
    Ok(Normalized {
        kind: Kind::Account,
        canonical: digits,
        display,
    })
}

#[cfg(test)]
mod tests;
