//! MISP events: the CIRCL OSINT sample, our own fixture and broken input.

use super::{Format, FormatError, Parsed, parse};
use crate::registry::model::Kind;
use chrono::{TimeZone, Utc};

const SAMPLE: &[u8] = include_bytes!("../../../tests/data/formats/misp-event.json");
const OWN: &[u8] = include_bytes!("../../../tests/data/formats/misp-own.json");

fn misp(bytes: &[u8]) -> Parsed {
    parse(Format::Misp, bytes).expect("a MISP event")
}

#[test]
fn sample_keeps_the_hostnames_only() {
    let p = misp(SAMPLE);
    let values: Vec<&str> = p.records.iter().map(|r| r.raw.as_str()).collect();
    assert_eq!(
        values,
        [
            "www.fyoutside.com",
            "www.tashdqdxp.com",
            "www.weryhstui.com",
            "www.olinaodi.com"
        ]
    );
    assert!(p.records.iter().all(|r| r.kind == Some(Kind::Domain)));
    assert_eq!(
        p.records[0].first_seen,
        Utc.timestamp_opt(1_510_922_426, 0).single()
    );
    assert_eq!(p.rejects.len(), 71);
    let count = |needle: &str| {
        p.rejects
            .iter()
            .filter(|r| r.reason.contains(needle))
            .count()
    };
    // sha256 16, sha1 14, md5 14, regkey 5, filename 4, ip-dst 2, comment 1.
    assert_eq!(count("is not an indicator kind Dozor keeps"), 56);
    assert_eq!(count("type sha256 "), 16);
    assert_eq!(
        count("type ip-dst is not an indicator kind Dozor keeps (no IP kind"),
        2
    );
    // The 15 links are references to VirusTotal and a blog post.
    assert_eq!(
        count("type link in category \"External analysis\" is a reference"),
        15
    );
    assert_eq!(p.rejects[0].at, "attribute 1");
}

#[test]
fn own_fixture_maps_every_kept_type() {
    let p = misp(OWN);
    let got: Vec<(&str, Option<Kind>, &str)> = p
        .records
        .iter()
        .map(|r| (r.raw.as_str(), r.kind, r.at.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "https://cdek-dostavka.example/track?id=42&pay=1",
                Some(Kind::Url),
                "attribute 1"
            ),
            ("pochta-rf.example", Some(Kind::Domain), "attribute 2"),
            ("lk.sber-bonus.example", Some(Kind::Domain), "attribute 3"),
            ("+7 (495) 123-45-67", Some(Kind::Phone), "attribute 4"),
            (
                "http://apk-update.example/bank.apk",
                Some(Kind::Url),
                "attribute 5"
            ),
            ("invest-gazprom.example", Some(Kind::Domain), "attribute 7"),
            (
                "https://wb-vozvrat.example/refund",
                Some(Kind::Url),
                "object 1, attribute 1"
            ),
            ("+79161234567", Some(Kind::Phone), "object 1, attribute 2"),
        ]
    );
    // A numeric timestamp works as well as a string; first_seen wins over it.
    assert_eq!(
        p.records[1].first_seen,
        Utc.timestamp_opt(1_767_312_000, 0).single()
    );
    assert_eq!(
        p.records[3].first_seen,
        Utc.with_ymd_and_hms(2025, 12, 30, 9, 15, 0).single()
    );
    assert!(
        p.records
            .iter()
            .all(|r| r.category.is_none() && r.case_number.is_none())
    );
    let rejects: Vec<(&str, &str)> = p
        .rejects
        .iter()
        .map(|r| (r.at.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(rejects.len(), 6, "{rejects:?}");
    assert!(
        rejects[0]
            .1
            .starts_with("type link in category \"External analysis\"")
    );
    assert_eq!(rejects[1], ("attribute 8", "no value"));
    assert_eq!(
        rejects[2].1,
        "type email-src is not an indicator kind Dozor keeps"
    );
    assert!(rejects[3].1.starts_with("type ip-dst"));
    assert_eq!(
        rejects[4],
        (
            "attribute 11",
            "timestamp \"yesterday\" is not unix seconds"
        )
    );
    assert_eq!(
        rejects[5],
        (
            "object 1, attribute 3",
            "type filename is not an indicator kind Dozor keeps"
        )
    );
}

#[test]
fn broken_events() {
    let err = parse(Format::Misp, b"<html>not json</html>").expect_err("not JSON");
    assert!(
        matches!(
            err,
            FormatError::Json {
                line: 1,
                column: 1,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("misp: not valid JSON at line 1, column 1")
    );
    let err = parse(Format::Misp, br#"{"response": []}"#).expect_err("no Event");
    assert_eq!(
        err.to_string(),
        "misp: no \"Event\" object at the top level"
    );
    let err = parse(Format::Misp, br#"{"Event": {"Attribute": {}}}"#).expect_err("bad list");
    assert_eq!(err.to_string(), "misp: Event.Attribute is not an array");
    let p = misp(br#"{"Event": {"Attribute": [7, {"value": "x.example"}, {"type": "url", "value": "http://a.example/", "deleted": true}], "Object": ["x", {}]}}"#);
    let reasons: Vec<&str> = p.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "not a JSON object",
            "no type",
            "the attribute is marked deleted",
            "not a JSON object"
        ]
    );
    assert!(p.records.is_empty());
    assert!(misp(br#"{"Event": {}}"#).records.is_empty());
}
