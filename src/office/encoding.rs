//! Decoding of uploaded text files: UTF-8 (a BOM dropped) or else
//! Windows-1251, the encoding Word's "plain text" and Excel's CSV use on
//! Russian systems. Shared by the plan import and the sheet reader.

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
    fn windows_1251_is_decoded() {
        // "План №1" in Windows-1251.
        let bytes = [0xcf, 0xeb, 0xe0, 0xed, b' ', 0xb9, b'1'];
        assert_eq!(decode(&bytes), "План №1");
        assert_eq!(decode("ёж".as_bytes()), "ёж");
        assert_eq!(decode(b"\xEF\xBB\xBFok"), "ok");
    }
}
