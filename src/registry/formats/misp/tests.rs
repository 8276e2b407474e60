//! MISP events: the CIRCL OSINT sample, our own fixture and broken input.

use crate::registry::formats::{Format, FormatError, Parsed, parse};
use chrono::{TimeZone, Utc};
use dozor_indicator::model::Kind;

const SAMPLE: &[u8] = include_bytes!("../../../../tests/data/formats/misp-event.json");
const OWN: &[u8] = include_bytes!("../../../../tests/data/formats/misp-own.json");

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
    assert_eq!(count("такие значения Дозор не хранит"), 56);
    assert_eq!(count("Тип sha256:"), 16);
    assert_eq!(
        count("Тип ip-dst: такие значения Дозор не хранит (IP-адрес"),
        2
    );
    // The 15 links are references to VirusTotal and a blog post.
    assert_eq!(
        count("Тип link в категории \"External analysis\" — ссылка на отчёт"),
        15
    );
    assert_eq!(p.rejects[0].at, "атрибут 1");
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
                "атрибут 1"
            ),
            ("pochta-rf.example", Some(Kind::Domain), "атрибут 2"),
            ("lk.sber-bonus.example", Some(Kind::Domain), "атрибут 3"),
            ("+7 (495) 123-45-67", Some(Kind::Phone), "атрибут 4"),
            (
                "http://apk-update.example/bank.apk",
                Some(Kind::Url),
                "атрибут 5"
            ),
            ("invest-gazprom.example", Some(Kind::Domain), "атрибут 7"),
            (
                "https://wb-vozvrat.example/refund",
                Some(Kind::Url),
                "объект 1, атрибут 1"
            ),
            ("+79161234567", Some(Kind::Phone), "объект 1, атрибут 2"),
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
            .starts_with("Тип link в категории \"External analysis\"")
    );
    assert_eq!(rejects[1], ("атрибут 8", "Не указано значение (value)"));
    assert_eq!(
        rejects[2].1,
        "Тип email-src: такие значения Дозор не хранит"
    );
    assert!(
        rejects[3]
            .1
            .starts_with("Тип ip-dst: такие значения Дозор не хранит (IP-адрес")
    );
    assert_eq!(
        rejects[4],
        (
            "атрибут 11",
            "Поле timestamp: \"yesterday\" — не время Unix в секундах"
        )
    );
    assert_eq!(
        rejects[5],
        (
            "объект 1, атрибут 3",
            "Тип filename: такие значения Дозор не хранит"
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
            .starts_with("misp: файл не в формате JSON (строка 1, столбец 1)")
    );
    let err = parse(Format::Misp, br#"{"response": []}"#).expect_err("no Event");
    assert_eq!(
        err.to_string(),
        "misp: на верхнем уровне нет объекта \"Event\""
    );
    let err = parse(Format::Misp, br#"{"Event": {"Attribute": {}}}"#).expect_err("bad list");
    assert_eq!(err.to_string(), "misp: Event.Attribute — не массив");
    let p = misp(br#"{"Event": {"Attribute": [7, {"value": "x.example"}, {"type": "url", "value": "http://a.example/", "deleted": true}], "Object": ["x", {}]}}"#);
    let reasons: Vec<&str> = p.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "Не объект JSON",
            "Не указан тип (type)",
            "Атрибут помечен как удалённый",
            "Не объект JSON"
        ]
    );
    assert!(p.records.is_empty());
    assert!(misp(br#"{"Event": {}}"#).records.is_empty());
}
