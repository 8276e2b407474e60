//! The URLhaus CSV dump: the sample and damaged copies of it.

use crate::registry::formats::tests::read;
use crate::registry::formats::{Format, FormatError, parse};
use chrono::{TimeZone, Utc};
use dozor_indicator::model::{Category, Kind};

const URLHAUS: &[u8] = include_bytes!("../../../../tests/data/formats/urlhaus.csv");

#[test]
fn urlhaus_sample() {
    let p = read(Format::Urlhaus, URLHAUS);
    assert_eq!(p.records.len(), 68);
    assert!(p.rejects.is_empty(), "{:?}", p.rejects);
    let first = &p.records[0];
    assert_eq!(first.raw, "http://120.84.215.27:44835/i");
    assert_eq!(
        first.at, "строка 10",
        "the line in the file, banner included"
    );
    assert_eq!(
        first.first_seen,
        Utc.with_ymd_and_hms(2026, 8, 18, 16, 17, 8).single()
    );
    assert!(
        p.records
            .iter()
            .all(|r| r.kind == Some(Kind::Url) && r.category == Some(Category::Malware))
    );
    assert_eq!(p.records[67].at, "строка 77");
}

#[test]
fn urlhaus_damaged() {
    let head = "# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n";
    let body = "\"1\",\"2026-08-18 16:17:08\",\"http://a.example/x\",\"online\",\"\",\"malware_download\",\"None\",\"u\",\"r\"\n\
                \"2\",\"2026-08-18 16:17:08\",\"http://b.example/\",\"online\"\n\
                \"3\",\"2026-08-18 16:17:08\",\"\",\"online\",\"\",\"malware_download\",\"None\",\"u\",\"r\"\n\
                # a comment in between\n\
                \"4\",\"18.08.2026\",\"http://c.example/\",\"online\",\"\",\"malware_download\",\"None\",\"u\",\"r\"\n";
    let p = read(Format::Urlhaus, format!("#\n{head}{body}").as_bytes());
    assert_eq!(p.records.len(), 1);
    let got: Vec<(&str, &str)> = p
        .rejects
        .iter()
        .map(|r| (r.at.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        got[0],
        ("строка 4", "полей: 4, а в строке с названиями столбцов — 9")
    );
    assert_eq!(got[1], ("строка 5", "Пустое поле url"));
    assert!(
        got[2].0 == "строка 7"
            && got[2]
                .1
                .starts_with("Поле dateadded: \"18.08.2026\" — не дата")
    );
    let err = parse(Format::Urlhaus, b"id,dateadded,url\n1,2,3\n").expect_err("no # line");
    assert!(matches!(
        err,
        FormatError::Structure {
            format: Format::Urlhaus,
            ..
        }
    ));
    assert!(
        err.to_string()
            .contains("нет строки заголовков `# id,dateadded,url,...`")
    );
}
