//! Text clean-up shared by the import forms: cell lines, measure numbers,
//! and decoding of files that Word saved in Windows-1251.

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

/// Decodes bytes as UTF-8 (a BOM dropped), or else as Windows-1251, the
/// encoding Word uses for "plain text" on Russian systems.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| cp1251(b)).collect(),
    }
}

fn cp1251(b: u8) -> char {
    const HIGH: [char; 64] = [
        'Ђ', 'Ѓ', '‚', 'ѓ', '„', '…', '†', '‡', '€', '‰', 'Љ', '‹', 'Њ', 'Ќ', 'Ћ', 'Џ', //
        'ђ', '‘', '’', '“', '”', '•', '–', '—', '\u{fffd}', '™', 'љ', '›', 'њ', 'ќ', 'ћ',
        'џ', //
        '\u{a0}', 'Ў', 'ў', 'Ј', '¤', 'Ґ', '¦', '§', 'Ё', '©', 'Є', '«', '¬', '\u{ad}', '®',
        'Ї', //
        '°', '±', 'І', 'і', 'ґ', 'µ', '¶', '·', 'ё', '№', 'є', '»', 'ј', 'Ѕ', 'ѕ', 'ї',
    ];
    match b {
        0..=0x7f => b as char,
        0x80..=0xbf => HIGH[(b - 0x80) as usize],
        // 0xC0..=0xFF is А..я in order.
        _ => char::from_u32(0x410 + u32::from(b - 0xc0)).unwrap_or('\u{fffd}'),
    }
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

    #[test]
    fn windows_1251_is_decoded() {
        // "План №1" in Windows-1251.
        let bytes = [0xcf, 0xeb, 0xe0, 0xed, b' ', 0xb9, b'1'];
        assert_eq!(decode(&bytes), "План №1");
        assert_eq!(decode("ёж".as_bytes()), "ёж");
        assert_eq!(decode(b"\xEF\xBB\xBFok"), "ok");
    }
}
