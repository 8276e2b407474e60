//! File names a client sent, made safe to store, show and put back into a
//! Content-Disposition header. Beyond path parts and control characters,
//! invisible format characters go: a right-to-left override (U+202E) turns
//! `отчёт<U+202E>fdp.exe` into what reads as `отчётexe.pdf`, and zero-width
//! characters make two names look the same.

/// Bidirectional controls and the other invisible format characters
/// (Unicode category Cf, as far as file names meet them).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                  // soft hyphen
            | '\u{061C}'            // Arabic letter mark
            | '\u{180E}'            // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero widths, LRM, RLM
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{206A}'..='\u{206F}' // deprecated format controls
            | '\u{FEFF}'            // byte order mark, zero-width no-break space
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
    )
}

/// `s` without invisible format characters.
pub fn strip_invisible(s: &str) -> String {
    s.chars().filter(|&c| !is_invisible(c)).collect()
}

/// The last path part of `raw`, without control, invisible and
/// header-breaking characters, at most 150 characters, not hidden (no
/// leading dot); `fallback` when nothing is left.
pub fn clean(raw: &str, fallback: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base
        .chars()
        .filter(|&c| {
            !c.is_control()
                && !is_invisible(c)
                && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*')
        })
        .take(150)
        .collect();
    let name = name.trim().trim_start_matches('.').trim().to_string();
    if name.is_empty() {
        fallback.to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn overrides_and_isolates_go() {
        assert_eq!(clean("отчёт\u{202E}fdp.exe", "файл"), "отчётfdp.exe");
        for c in [
            '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
            '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{061C}', '\u{200B}', '\u{FEFF}',
        ] {
            assert_eq!(clean(&format!("a{c}b.pdf"), "файл"), "ab.pdf", "{c:?}");
        }
        assert_eq!(clean("\u{202E}", "файл"), "файл");
        assert_eq!(clean("C:\\Users\\x\\отчёт.pdf", "файл"), "отчёт.pdf");
        assert_eq!(clean("\u{200F}.htaccess", "файл"), "htaccess");
    }

    proptest! {
        #[test]
        fn nothing_invisible_or_control_survives(s in "\\PC{0,40}|[\u{200b}-\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}a./\"]{0,20}") {
            let name = clean(&s, "файл");
            prop_assert!(!name.is_empty());
            prop_assert!(name.chars().all(|c| !c.is_control() && !is_invisible(c) && c != '"' && c != '/'));
            prop_assert!(name.chars().count() <= 150);
        }
    }
}
