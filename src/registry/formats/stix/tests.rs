//! STIX bundles: both samples, the pattern reader and broken input.

use crate::registry::formats::stix_pattern::comparisons;
use crate::registry::formats::{Format, FormatError, Parsed, parse};
use chrono::{TimeZone, Utc};
use dozor_indicator::model::{Category, Kind};

const URL_BUNDLE: &[u8] = include_bytes!("../../../../tests/data/formats/stix-bundle.json");
const DOMAINS: &[u8] = include_bytes!("../../../../tests/data/formats/stix-bundle-domains.json");

fn stix(bytes: &[u8]) -> Parsed {
    parse(Format::Stix, bytes).expect("a STIX bundle")
}

fn bundle(pattern: &str, extra: &str) -> Vec<u8> {
    let pattern = serde_json::to_string(pattern).expect("a string");
    format!(
        r#"{{"type": "bundle", "objects": [{{"type": "indicator", "id": "indicator--1", "pattern": {pattern}{extra}}}]}}"#
    )
    .into_bytes()
}

#[test]
fn url_sample_gives_the_one_url() {
    let p = stix(URL_BUNDLE);
    assert_eq!(p.records.len(), 1);
    assert!(p.rejects.is_empty());
    let r = &p.records[0];
    assert_eq!(r.raw, "http://x4z9arb.cn/4712/");
    assert_eq!(r.kind, Some(Kind::Url));
    assert_eq!(
        r.at,
        "индикатор indicator--d81f86b9-975b-4c0b-875e-810c5ad45a4f"
    );
    let seen = Utc
        .with_ymd_and_hms(2014, 6, 29, 13, 49, 37)
        .single()
        .map(|t| t + chrono::Duration::milliseconds(79));
    assert_eq!(r.first_seen, seen);
}

#[test]
fn domains_sample_gives_circl_twice_and_rejects_the_file_name() {
    let p = stix(DOMAINS);
    let values: Vec<(&str, Option<Kind>)> =
        p.records.iter().map(|r| (r.raw.as_str(), r.kind)).collect();
    assert_eq!(
        values,
        [
            ("circl.lu", Some(Kind::Domain)),
            ("circl.lu", Some(Kind::Domain))
        ]
    );
    assert_eq!(
        p.records[1].at,
        "индикатор indicator--726f90e2-2ad6-44a2-b345-c05e55e850e5"
    );
    assert_eq!(p.rejects.len(), 1);
    assert_eq!(
        p.rejects[0].at,
        "индикатор indicator--02de0847-dccf-481a-a96a-6a7654328658"
    );
    assert!(
        p.rejects[0]
            .reason
            .starts_with("В шаблоне нет подходящего сравнения (найдено: file:name =)")
    );
    // MISP's labels (`misp:type="domain"`) are not our categories.
    assert!(p.records.iter().all(|r| r.category.is_none()));
}

#[test]
fn patterns() {
    let p = stix(&bundle(
        r"([url:value = 'http://a.example/it\'s\\x' OR domain-name:value = 'b.example'] AND [file:size > 10]) WITHIN 60 SECONDS",
        r#", "pattern_type": "stix", "created": "2024-01-02T03:04:05Z", "labels": ["fake_shop"]"#,
    ));
    let got: Vec<(&str, Option<Kind>)> =
        p.records.iter().map(|r| (r.raw.as_str(), r.kind)).collect();
    assert_eq!(
        got,
        [
            (r"http://a.example/it's\x", Some(Kind::Url)),
            ("b.example", Some(Kind::Domain))
        ]
    );
    assert_eq!(p.records[0].category, Some(Category::FakeShop));
    assert_eq!(
        p.records[0].first_seen,
        Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).single()
    );
    // Our own export's kinds come back; negations and LIKE are not values.
    let p = stix(&bundle("[x-dozor-phone:value = '+79001234567']", ""));
    assert_eq!(p.records[0].kind, Some(Kind::Phone));
    let p = stix(&bundle(
        "[url:value LIKE '%evil%' OR url:value != 'x' OR url:value NOT = 'y']",
        "",
    ));
    assert_eq!(
        p.rejects[0].reason.split(';').next(),
        Some(
            "В шаблоне нет подходящего сравнения (найдено: url:value LIKE, url:value !=, url:value =)"
        )
    );
    let c = comparisons("[file:hashes.'SHA-256' = 'ab' AND ipv4-addr:value ISSUBSET '10.0.0.0/8']")
        .expect("valid");
    assert_eq!(c[0].path, "file:hashes.'SHA-256'");
    assert_eq!(c[1].op, "ISSUBSET");
}

#[test]
fn broken_patterns_and_indicators_are_rejected() {
    for (pattern, reason) in [
        (
            "[url:value = 'open",
            "Ошибка в шаблоне: строка не закрыта кавычкой",
        ),
        (
            "[url:value = 'a'",
            "Ошибка в шаблоне: не закрыта скобка '['",
        ),
        ("url:value = 'a']", "Ошибка в шаблоне: непарная скобка ']'"),
        (
            "url:value = 'a'",
            "Ошибка в шаблоне: нет выражения наблюдения [ … ]",
        ),
        (
            "[url:value 'a']",
            "Ошибка в шаблоне: нет оператора после url:value",
        ),
        (
            "[url:value = 'a\\n']",
            "Ошибка в шаблоне: недопустимое экранирование \\n в строке",
        ),
        (
            "[url:value = ]",
            "Ошибка в шаблоне: нет значения после url:value =",
        ),
        (
            "[url:value = 'a'] ; drop",
            "Ошибка в шаблоне: недопустимый символ ';'",
        ),
    ] {
        let p = stix(&bundle(pattern, ""));
        assert_eq!(p.rejects.len(), 1, "{pattern}");
        assert_eq!(
            (p.rejects[0].at.as_str(), p.rejects[0].reason.as_str()),
            ("индикатор indicator--1", reason)
        );
    }
    let p = stix(&bundle("alert tcp any any", r#", "pattern_type": "snort""#));
    assert_eq!(
        p.rejects[0].reason,
        "Тип шаблона (pattern_type) snort не поддерживается: только stix"
    );
    let p = stix(&bundle(
        "[url:value = 'http://a.example/']",
        r#", "valid_from": "last week""#,
    ));
    assert!(
        p.rejects[0]
            .reason
            .starts_with("Поле valid_from: \"last week\" — не дата")
    );
    let p =
        stix(br#"{"type": "bundle", "objects": [1, {"type": "indicator"}, {"type": "malware"}]}"#);
    let rejects: Vec<(&str, &str)> = p
        .rejects
        .iter()
        .map(|r| (r.at.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        rejects,
        [
            ("объект 1", "Не объект JSON"),
            ("объект 2", "Нет шаблона (pattern)")
        ]
    );
}

#[test]
fn not_a_bundle() {
    let err = parse(Format::Stix, b"{\"type\": \"bundle\",").expect_err("cut JSON");
    assert!(matches!(err, FormatError::Json { .. }), "{err}");
    let err = parse(Format::Stix, br#"{"type": "indicator"}"#).expect_err("no bundle");
    assert_eq!(
        err.to_string(),
        "stix: верхний уровень — не bundle (нет \"type\": \"bundle\")"
    );
    let err = parse(Format::Stix, br#"{"type": "bundle"}"#).expect_err("no objects");
    assert_eq!(err.to_string(), "stix: в bundle нет массива \"objects\"");
}
