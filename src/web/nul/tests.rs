//! The NUL scanners against serde and a plain percent-decoder.

use super::*;
use proptest::prelude::*;

fn serde_has_nul(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(a) => a.iter().any(serde_has_nul),
        serde_json::Value::Object(o) => o.iter().any(|(k, v)| k.contains('\0') || serde_has_nul(v)),
        _ => false,
    }
}

#[test]
fn escapes_are_told_apart() {
    assert!(json_has_nul(br#"{"a":"x\u0000"}"#));
    assert!(!json_has_nul(br#"{"a":"x\\u0000"}"#));
    assert!(json_has_nul(br#"{"a":"x\\\u0000"}"#));
    assert!(urlencoded_has_nul(b"login=a%00b"));
    assert!(!urlencoded_has_nul(b"login=a%200"));
}

proptest! {
    /// The byte scanner agrees with serde on every JSON value.
    #[test]
    fn json_scan_agrees_with_serde(s in "[a-z\\\\\"\u{0}\u{1}\u{202e}]{0,12}", k in "[a-z\u{0}]{0,3}") {
        let v = serde_json::json!({ k: [s.clone(), {"n": 1, "s": s}] });
        let text = serde_json::to_vec(&v).unwrap();
        prop_assert_eq!(json_has_nul(&text), serde_has_nul(&v));
    }

    #[test]
    fn urlencoded_scan_agrees_with_decoding(s in "[a-z%0\u{0}=&+]{0,16}") {
        let decoded = percent_decode(s.as_bytes());
        prop_assert_eq!(urlencoded_has_nul(s.as_bytes()), decoded.contains(&0));
    }
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let hex = s
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (s[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}
