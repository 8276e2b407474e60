//! Writers, checked by reading their output back with our own parsers.

use super::{ExportRow, indicator_id, to_csv, to_json, to_stix};
use crate::registry::formats::{Format, parse};
use chrono::{DateTime, TimeZone, Utc};
use dozor_indicator::model::{Category, Kind};

/// Value, kind, category and case of a record read back.
type Hints<'a> = (&'a str, Option<Kind>, Option<Category>, Option<&'a str>);

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, day, 12, 30, 0)
        .single()
        .expect("a date")
}

const CARD_HMAC: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn rows() -> Vec<ExportRow> {
    let row = |kind, canonical: &str, category, cases: &[&str]| ExportRow {
        kind,
        canonical: canonical.to_owned(),
        display: format!("shown {canonical}"),
        category,
        status: "active".to_owned(),
        first_seen: at(1),
        last_seen: at(9),
        cases: cases.iter().map(|c| (*c).to_owned()).collect(),
    };
    vec![
        row(
            Kind::Url,
            r"http://a.example/it's\x?q=1,2",
            Category::Phishing,
            &["1/2025", "7/2025"],
        ),
        row(Kind::Domain, "b.example", Category::FakeShop, &[]),
        row(
            Kind::Phone,
            "+79001234567",
            Category::FakeBankCall,
            &["3/2025"],
        ),
        row(Kind::Card, CARD_HMAC, Category::FakeInvestment, &[]),
    ]
}

#[test]
fn csv_reads_back() {
    let text = to_csv(&rows()).expect("csv");
    assert!(text.starts_with("kind,value,display,category,status,first_seen,last_seen,cases\r\n"));
    assert!(text.contains(&format!("card,{CARD_HMAC},")));
    let p = parse(Format::Csv, text.as_bytes()).expect("our own CSV");
    let got: Vec<Hints> = p
        .records
        .iter()
        .map(|r| (r.raw.as_str(), r.kind, r.category, r.case_number.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                r"http://a.example/it's\x?q=1,2",
                Some(Kind::Url),
                Some(Category::Phishing),
                Some("1/2025")
            ),
            (
                r"http://a.example/it's\x?q=1,2",
                Some(Kind::Url),
                Some(Category::Phishing),
                Some("7/2025")
            ),
            (
                "b.example",
                Some(Kind::Domain),
                Some(Category::FakeShop),
                None
            ),
            (
                "+79001234567",
                Some(Kind::Phone),
                Some(Category::FakeBankCall),
                Some("3/2025")
            ),
        ]
    );
    assert!(p.records.iter().all(|r| r.first_seen == Some(at(1))));
    // The card's hash cannot become a card again; it says so.
    assert_eq!(p.rejects.len(), 1);
    assert_eq!(p.rejects[0].at, "строка 5");
}

#[test]
fn json_array() {
    let text = to_json(&rows()).expect("json");
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let items = value.as_array().expect("an array");
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["value"], r"http://a.example/it's\x?q=1,2");
    assert_eq!(items[0]["cases"], serde_json::json!(["1/2025", "7/2025"]));
    assert_eq!(items[0]["first_seen"], "2025-05-01T12:30:00.000Z");
    assert_eq!(items[3]["kind"], "card");
    assert_eq!(items[3]["value"], CARD_HMAC);
    assert_eq!(to_json(&[]).expect("json"), "[]");
}

#[test]
fn stix_reads_back() {
    let now = at(20);
    let text = to_stix(&rows(), now).expect("stix");
    let bundle: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let objects = bundle["objects"].as_array().expect("objects");
    assert_eq!(objects.len(), 4);
    let url = &objects[0];
    assert_eq!(
        url["pattern"],
        r"[url:value = 'http://a.example/it\'s\\x?q=1,2']"
    );
    assert_eq!(objects[1]["pattern"], "[domain-name:value = 'b.example']");
    assert_eq!(
        objects[2]["pattern"],
        "[x-dozor-phone:value = '+79001234567']"
    );
    assert_eq!(
        objects[3]["pattern"],
        format!("[x-dozor-card:value = '{CARD_HMAC}']")
    );
    assert_eq!(
        (
            &url["spec_version"],
            &url["pattern_type"],
            &url["valid_from"],
            &url["created"],
            &url["modified"]
        ),
        (
            &"2.1".into(),
            &"stix".into(),
            &"2025-05-01T12:30:00.000Z".into(),
            &"2025-05-01T12:30:00.000Z".into(),
            &"2025-05-20T12:30:00.000Z".into()
        )
    );
    assert_eq!(url["labels"], serde_json::json!(["phishing"]));
    assert!(
        url.get("x_cases").is_none() && !text.contains("1/2025"),
        "case numbers stay home"
    );

    let p = parse(Format::Stix, text.as_bytes()).expect("our own STIX");
    let got: Vec<(&str, Option<Kind>, Option<Category>)> = p
        .records
        .iter()
        .map(|r| (r.raw.as_str(), r.kind, r.category))
        .collect();
    assert_eq!(
        got,
        [
            (
                r"http://a.example/it's\x?q=1,2",
                Some(Kind::Url),
                Some(Category::Phishing)
            ),
            ("b.example", Some(Kind::Domain), Some(Category::FakeShop)),
            (
                "+79001234567",
                Some(Kind::Phone),
                Some(Category::FakeBankCall)
            ),
        ]
    );
    assert!(p.records.iter().all(|r| r.first_seen == Some(at(1))));
    assert_eq!(p.rejects.len(), 1, "the card hash");
}

#[test]
fn stix_ids_are_stable_uuids() {
    let id = indicator_id(Kind::Domain, "b.example");
    assert_eq!(id, indicator_id(Kind::Domain, "b.example"));
    assert_ne!(id, indicator_id(Kind::Url, "b.example"));
    let uuid = id.strip_prefix("indicator--").expect("prefix");
    let parts: Vec<usize> = uuid.split('-').map(str::len).collect();
    assert_eq!(parts, [8, 4, 4, 4, 12]);
    assert!(
        uuid.chars()
            .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(uuid.chars().nth(14), Some('5'), "version 5");
    assert!(
        matches!(uuid.chars().nth(19), Some('8' | '9' | 'a' | 'b')),
        "RFC 4122 variant"
    );
    // Another day's export keeps the ids and the bundle id.
    let a = to_stix(&rows(), at(20)).expect("stix");
    let b = to_stix(&rows(), at(21)).expect("stix");
    let ids = |t: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(t).expect("json");
        let mut ids = vec![v["id"].to_string()];
        ids.extend(
            v["objects"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| o["id"].to_string()),
        );
        ids
    };
    assert_eq!(ids(&a), ids(&b));
    assert!(a.contains(&id));
}
