//! Our own CSV: columns, delimiters, hints and row-level rejects.

use crate::registry::formats::{Format, FormatError, Parsed, parse};
use chrono::{TimeZone, Utc};
use dozor_indicator::model::{Category, Kind};

fn csv(text: &str) -> Parsed {
    parse(Format::Csv, text.as_bytes()).expect("a CSV file")
}

#[test]
fn columns_and_hints() {
    let p = csv("Value,Kind,Category,First_Seen,Case\n\
         http://a.example/x,url,phishing,2025-03-04,\n\
         +7 900 123-45-67,PHONE,fake_bank_call,2025-03-04T10:00:00+03:00,12401450001000123\n\
         \"b.example, c\",,,,\n");
    assert!(p.rejects.is_empty(), "{:?}", p.rejects);
    let r = &p.records;
    assert_eq!(r.len(), 3);
    assert_eq!(
        (r[0].raw.as_str(), r[0].kind, r[0].category),
        (
            "http://a.example/x",
            Some(Kind::Url),
            Some(Category::Phishing)
        )
    );
    assert_eq!(
        r[0].first_seen,
        Utc.with_ymd_and_hms(2025, 3, 4, 0, 0, 0).single()
    );
    assert_eq!(r[0].at, "строка 2");
    assert_eq!(r[1].kind, Some(Kind::Phone));
    assert_eq!(
        r[1].first_seen,
        Utc.with_ymd_and_hms(2025, 3, 4, 7, 0, 0).single()
    );
    assert_eq!(r[1].case_number.as_deref(), Some("12401450001000123"));
    assert_eq!(
        (
            r[2].raw.as_str(),
            r[2].kind,
            r[2].category,
            r[2].at.as_str()
        ),
        ("b.example, c", None, None, "строка 4")
    );
}

#[test]
fn semicolons_bom_aliases_and_several_cases() {
    let p = csv(
        "\u{feff}url;cases;comment\r\nhttp://a.example/;\"  1/2025 ; 7/2025\";note, with comma\r\n",
    );
    assert!(p.rejects.is_empty(), "{:?}", p.rejects);
    let cases: Vec<Option<&str>> = p.records.iter().map(|r| r.case_number.as_deref()).collect();
    assert_eq!(cases, [Some("1/2025"), Some("7/2025")]);
    assert!(
        p.records
            .iter()
            .all(|r| r.raw == "http://a.example/" && r.at == "строка 2")
    );
    let p = csv("indicator\nx.example\n");
    assert_eq!(p.records[0].raw, "x.example");
}

#[test]
fn bad_rows_are_rejected_with_their_row() {
    let p = csv("value,kind,category,first_seen\n\
         a.example,domain,phishing,2025-01-01\n\
         b.example,ip,,\n\
         c.example,,scam,\n\
         d.example,,,01.02.2025\n\
         e.example,domain\n\
         ,url,,\n\
         f.example,card,,\n\
         0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF,card,,\n");
    let got: Vec<(&str, &str)> = p
        .rejects
        .iter()
        .map(|r| (r.at.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(got.len(), 6, "{got:?}");
    assert!(
        got[0].0 == "строка 3"
            && got[0]
                .1
                .starts_with("Неизвестный тип \"ip\" (допустимы: url, domain,")
    );
    assert!(got[1].0 == "строка 4" && got[1].1.starts_with("Неизвестная категория \"scam\""));
    assert_eq!(
        got[2],
        (
            "строка 5",
            "Поле first_seen: \"01.02.2025\" — не дата (нужен формат RFC 3339 или ГГГГ-ММ-ДД)"
        )
    );
    assert_eq!(got[3], ("строка 6", "полей: 2, а в строке заголовков — 4"));
    assert_eq!(got[4], ("строка 7", "Не указано значение (value)"));
    assert!(got[5].0 == "строка 9" && got[5].1.starts_with("Это хеш карты из выгрузки"));
    // A card number itself is fine here: the store hashes it.
    let raws: Vec<&str> = p.records.iter().map(|r| r.raw.as_str()).collect();
    assert_eq!(raws, ["a.example", "f.example"]);
}

#[test]
fn invalid_utf8_row_is_a_reject() {
    let p = parse(
        Format::Csv,
        b"value\nok.example\nbad\xff.example\nnext.example\n",
    )
    .expect("csv");
    assert_eq!(p.records.len(), 2);
    assert_eq!(
        (p.rejects[0].at.as_str(), p.rejects[0].reason.as_str()),
        ("строка 3", "строка не в кодировке UTF-8")
    );
}

#[test]
fn whole_file_errors() {
    let err = parse(Format::Csv, b"kind,category\nurl,phishing\n").expect_err("no value column");
    assert_eq!(
        err.to_string(),
        "csv: в строке заголовков \"kind,category\" нет столбца value (или url, indicator)"
    );
    let err = parse(Format::Csv, b" \n\n").expect_err("empty");
    assert!(matches!(
        err,
        FormatError::Structure {
            format: Format::Csv,
            ..
        }
    ));
    assert_eq!(err.to_string(), "csv: файл пуст: нет строки заголовков");
    assert!(csv("value\n").records.is_empty());
}

#[test]
fn format_names() {
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>().ok(), Some(f));
    }
    assert_eq!(" STIX ".parse::<Format>().ok(), Some(Format::Stix));
    assert!("xml".parse::<Format>().is_err());
}
