//! No parser panics, whatever the bytes: a feed is untrusted input. Also
//! the helper the feeds' own tests read their samples with.

use super::stix_pattern::comparisons;
use super::{Format, Parsed, parse};

/// A sample feed, parsed; it must parse.
pub(super) fn read(format: Format, bytes: &[u8]) -> Parsed {
    parse(format, bytes).expect("a feed")
}
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for format in Format::ALL {
            let _ = parse(format, &bytes);
        }
    }

    #[test]
    fn csv_like_text(text in "[a-z#,;\"'\\n\\r &amp;:/.0-9-]{0,200}") {
        for format in [Format::Csv, Format::Urlhaus, Format::Phishtank] {
            let _ = parse(format, text.as_bytes());
            let _ = parse(format, format!("value,kind\n{text}").as_bytes());
            let _ = parse(format, format!("# id,dateadded,url\n{text}").as_bytes());
            let _ = parse(format, format!("phish_id,url\n{text}").as_bytes());
        }
    }

    #[test]
    fn patterns(pattern in "[\\[\\]()' =!<>:a-z._*\\\\-]{0,80}") {
        let _ = comparisons(&pattern);
        let json = serde_json::json!({"type": "bundle", "objects": [{"type": "indicator", "pattern": pattern}]});
        let _ = parse(Format::Stix, json.to_string().as_bytes());
    }

    #[test]
    fn misp_attributes(kind in "[a-z|-]{0,12}", value in any::<String>(), stamp in any::<String>()) {
        let json = serde_json::json!({"Event": {"Attribute": [{"type": kind, "value": value, "timestamp": stamp, "first_seen": stamp}]}});
        let _ = parse(Format::Misp, json.to_string().as_bytes());
    }
}
