//! Russian formatting for the UI: dates `28.11.2026`, times in the plan's
//! zone, numbers `1 234,5`; and the whitespace clean-up every typed or
//! imported text gets. Below everything: it knows no domain type.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

pub mod place;

pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

pub fn datetime(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%d.%m.%Y %H:%M").to_string()
}

/// Roman numerals of quarters and halves.
pub const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
/// Month names in the nominative, January first.
pub const MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// "1 234,5": a narrow no-break space between thousands, a comma for decimals.
pub fn number(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    let whole = rounded.trunc().abs() as u64;
    let frac = ((rounded.abs() - whole as f64) * 10.0).round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac == 0 {
        format!("{sign}{out}")
    } else {
        format!("{sign}{out},{frac}")
    }
}

/// Runs of whitespace (NBSP included) become one space; the ends are trimmed.
pub fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A share as "87,5 %", or "—" when nothing was due.
pub fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{} %", number(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(number(1234.5), "1\u{202f}234,5");
        assert_eq!(number(66.666), "66,7");
        assert_eq!(number(100.0), "100");
        assert_eq!(percent(None), "—");
        let t: DateTime<Utc> = "2020-10-12T18:59:59Z".parse().unwrap();
        assert_eq!(
            datetime(t, chrono_tz::Asia::Yekaterinburg),
            "12.10.2020 23:59"
        );
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
            "28.11.2026"
        );
    }

    #[test]
    fn squash_collapses_and_trims() {
        assert_eq!(squash("  a \t b\u{a0}\u{a0}c  "), "a b c");
        assert_eq!(squash(" \t "), "");
    }
}
