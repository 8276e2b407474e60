//! The PhishTank CSV dump: the sample, damaged copies of it, and the HTML
//! entities its URLs come with.

use super::decode_entities;
use crate::registry::formats::tests::read;
use crate::registry::formats::{Format, parse};
use chrono::{TimeZone, Utc};
use dozor_indicator::model::{Category, Kind};

const PHISHTANK: &[u8] = include_bytes!("../../../../tests/data/formats/phishtank.csv");

#[test]
fn phishtank_sample() {
    let p = read(Format::Phishtank, PHISHTANK);
    assert_eq!(p.records.len(), 140);
    assert!(p.rejects.is_empty(), "{:?}", p.rejects);
    assert!(
        p.records
            .iter()
            .all(|r| r.kind == Some(Kind::Url) && r.category == Some(Category::Phishing))
    );
    assert_eq!(p.records[0].raw, "https://amacou.outymf4g.xyz/");
    assert_eq!(
        p.records[0].first_seen,
        Utc.with_ymd_and_hms(2021, 11, 5, 15, 6, 37).single()
    );
    // The `"eBay, Inc."` target keeps its rows whole.
    let last = &p.records[139];
    assert_eq!(
        (last.raw.as_str(), last.at.as_str()),
        ("http://dbs-eua.com", "строка 141")
    );
    let amp = p
        .records
        .iter()
        .find(|r| r.at == "строка 25")
        .expect("строка 25");
    assert_eq!(
        amp.raw,
        "https://plaqexit.com/?a=1115&oc=14120&c=39893&m=3&s1=&ckmguid=bf41e6a2-6b7f-4086-ac5b-41fef30afee6"
    );
    assert!(p.records.iter().all(|r| !r.raw.contains("&amp;")));
    assert!(p.records.iter().any(|r| r.raw.len() > 250));
}

#[test]
fn phishtank_damaged() {
    let p = read(
        Format::Phishtank,
        b"phish_id,url,phish_detail_url,submission_time,verified,verification_time,online,target\n\
          1,http://a.example/,d,2021-11-05T15:06:37+00:00,yes,v,yes,Other\n\
          2,http://b.example/,d,2021-11-05T15:06:37+00:00,yes,v,yes,eBay, Inc.\n\
          3,,d,2021-11-05T15:06:37+00:00,yes,v,yes,Other\n",
    );
    assert_eq!(p.records.len(), 1);
    let got: Vec<(&str, &str)> = p
        .rejects
        .iter()
        .map(|r| (r.at.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("строка 3", "полей: 9, а в строке заголовков — 8"),
            ("строка 4", "Пустое поле url")
        ]
    );
    let err = parse(Format::Phishtank, b"value\nhttp://a.example/\n").expect_err("not PhishTank");
    assert_eq!(
        err.to_string(),
        "phishtank: первая строка \"value\" — не заголовок PhishTank (phish_id,url,...)"
    );
}

#[test]
fn entities() {
    assert_eq!(decode_entities("a=1&amp;b=2&amp;amp;c"), "a=1&b=2&amp;c");
    assert_eq!(
        decode_entities("&lt;&gt;&quot;&apos;&#39;&#x41;"),
        "<>\"''A"
    );
    assert_eq!(
        decode_entities("x&y; &unknown; &#xZZ; &"),
        "x&y; &unknown; &#xZZ; &"
    );
    assert_eq!(decode_entities("&#1114112;&amp"), "&#1114112;&amp");
}
