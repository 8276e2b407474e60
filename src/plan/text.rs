//! Text clean-up shared by the import forms: cell lines and measure
//! numbers (decoding lives in `office::encoding`, shared with the sheet reader).

use crate::ru::squash;

/// Joins a cell's lines with spaces, for titles and schedules.
pub fn join_lines(lines: &[String]) -> String {
    squash(&lines.join(" "))
}

/// `1.` → `1`, `1.1.` → `1.1`, `2.10` → `2.10`, `7)` → `7`; anything else is `None`.
pub fn measure_number(raw: &str) -> Option<String> {
    let s = squash(raw);
    // «1)» and «1.1)»: Word's and LibreOffice's other list format.
    let s = s.strip_suffix(')').unwrap_or(&s);
    let s = s.trim_end_matches('.');
    let s = s.strip_prefix('№').map(str::trim).unwrap_or(s);
    let valid = !s.is_empty()
        && s.split('.').all(|part| {
            !part.is_empty() && part.len() <= 6 && part.bytes().all(|b| b.is_ascii_digit())
        });
    valid.then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_numbers_are_normalised() {
        assert_eq!(measure_number("1.").as_deref(), Some("1"));
        assert_eq!(measure_number("1").as_deref(), Some("1"));
        assert_eq!(measure_number("1.1.").as_deref(), Some("1.1"));
        assert_eq!(measure_number("2.10").as_deref(), Some("2.10"));
        assert_eq!(measure_number(" 3. ").as_deref(), Some("3"));
        assert_eq!(measure_number("abc"), None);
        assert_eq!(measure_number(""), None);
        assert_eq!(measure_number("1..2"), None);
        assert_eq!(measure_number("7)").as_deref(), Some("7"));
        assert_eq!(measure_number("2.1)").as_deref(), Some("2.1"));
        assert_eq!(measure_number("7))"), None);
        assert_eq!(measure_number(")"), None);
    }
}
