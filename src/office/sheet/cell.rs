//! Reading one cell's text as a value: a date (`28.11.2026`,
//! `2026-11-28`, or an Excel serial number), a whole number with Russian
//! digit grouping (`1 234 567`), a sum of roubles kept exactly in kopecks
//! (`1 234 567,89`, `1234567.89`), a yes/no.

use chrono::NaiveDate;

/// The date of an Excel serial number (1900 system): day 1 is 1900-01-01,
/// and Excel counts a 29 February 1900 that never was, so serials from 61
/// on are one day ahead (its 60, the day that never was, reads as 28 February).
/// A time of day (the fraction) is dropped.
pub fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 31)?;
    let shift = if days >= 60 { days - 1 } else { days };
    base.checked_add_signed(chrono::Duration::days(shift))
}

/// `ДД.ММ.ГГГГ`, `ГГГГ-ММ-ДД`, or an Excel serial number.
pub fn date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%d.%m.%Y") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let serial: f64 = s.parse().ok()?;
    excel_date(serial)
}

/// The text without the spaces that group digits (plain, no-break, narrow).
fn ungrouped(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect()
}

/// A whole number ≥ 0: `1 234 567`; `1234567.0` as Excel stores it.
pub fn count(s: &str) -> Option<i64> {
    let t = ungrouped(s);
    let t = t.strip_suffix(".0").unwrap_or(&t);
    if t.is_empty() || t.len() > 15 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Roubles as kopecks, exactly: `1 234 567,89`, `1234567.89`, `12,5`,
/// `100`. More than two decimals, a sign or stray text is `None`. A number
/// cell Excel stored in binary (`1234567.8899999999`) is rounded to kopecks.
pub fn kopecks(s: &str) -> Option<i64> {
    let t = ungrouped(s).replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 13 || !digits(whole) || !digits(frac) {
        return None;
    }
    let rub: i64 = whole.parse().ok()?;
    let kop: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        2 => frac.parse().ok()?,
        // Only a binary float's tail: round it.
        n if n >= 6 => (format!("0.{frac}").parse::<f64>().ok()? * 100.0).round() as i64,
        _ => return None,
    };
    rub.checked_mul(100)?.checked_add(kop)
}

/// Yes or no: `да`/`нет`, `1`/`0`, `true`/`false`, `+`/`-`, `оценка`;
/// an empty cell is no.
pub fn yes(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "нет" | "0" | "false" | "ложь" | "-" | "no" => Some(false),
        "да" | "1" | "true" | "истина" | "+" | "yes" | "оценка" | "≈" => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_form() {
        assert_eq!(date("28.11.2026"), Some(d(2026, 11, 28)));
        assert_eq!(date("2026-11-28"), Some(d(2026, 11, 28)));
        assert_eq!(date("43831"), Some(d(2020, 1, 1)));
        assert_eq!(date("43831.75"), Some(d(2020, 1, 1)));
        assert_eq!(excel_date(60.0), Some(d(1900, 2, 28)));
        assert_eq!(excel_date(61.0), Some(d(1900, 3, 1)));
        assert_eq!(date("31.02.2020"), None);
        assert_eq!(date("завтра"), None);
        assert_eq!(date("-5"), None);
    }

    #[test]
    fn money_keeps_kopecks() {
        assert_eq!(kopecks("1 234 567,89"), Some(123_456_789));
        assert_eq!(kopecks("1234567.89"), Some(123_456_789));
        assert_eq!(kopecks("1\u{a0}234,5"), Some(123_450));
        assert_eq!(kopecks("100"), Some(10_000));
        assert_eq!(kopecks("1234567.8899999999"), Some(123_456_789));
        assert_eq!(kopecks("1,234"), None);
        assert_eq!(kopecks("-5"), None);
        assert_eq!(kopecks("5 руб."), None);
        assert_eq!(kopecks(""), None);
    }

    #[test]
    fn counts() {
        assert_eq!(count("1 234 567"), Some(1_234_567));
        assert_eq!(count("2020.0"), Some(2020));
        assert_eq!(count("12.5"), None);
        assert_eq!(count("-1"), None);
    }
}
