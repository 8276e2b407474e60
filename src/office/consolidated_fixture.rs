//! Test support for the consolidated report renderers: a realistic report of
//! one quarter and helpers to open the produced zip packages and their XML.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use chrono::NaiveDate;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesRef, Event};
use quick_xml::{Reader, XmlVersion};

use super::consolidated::{AgencyEntry, AgencySummary, ConsolidatedReport, Mark, MeasureRow};
use super::requisites::{Issue, Requisites};

pub const PROSECUTOR: &str = "Прокуратура округа";
pub const POLICE: &str = "УМВД России по ХМАО-Югре";
pub const INVESTIGATORS: &str = "СУ СК России по ХМАО-Югре";

/// Three measures: one with three differently marked entries (one of them
/// extended), one with nothing due in the period, one with no text yet.
pub fn report() -> ConsolidatedReport {
    let entry = |agency: &str, text: Option<&str>, mark, extended_to, metrics| AgencyEntry {
        agency: agency.to_owned(),
        text: text.map(str::to_owned),
        mark,
        extended_to,
        metrics,
    };
    let summary = |agency: &str, due, submitted, on_time| AgencySummary {
        agency: agency.to_owned(),
        due,
        submitted,
        on_time,
    };
    ConsolidatedReport {
        plan_title: "План мероприятий по профилактике преступлений, совершаемых с \
                     использованием информационно-телекоммуникационных технологий, \
                     на 2020–2022 годы"
            .to_owned(),
        period_label: "III квартал 2020 г.".to_owned(),
        period_for: "за III квартал 2020 г.".to_owned(),
        metric_columns: vec![
            ("lectures".to_owned(), "Проведено лекций, бесед".to_owned()),
            ("covered".to_owned(), "Охвачено лиц, чел.".to_owned()),
        ],
        measures: vec![
            MeasureRow {
                section: None,
                number: "1.1".to_owned(),
                title: "Проведение профилактических бесед в трудовых коллективах".to_owned(),
                schedule_text: "Ежеквартально".to_owned(),
                executors: vec![
                    PROSECUTOR.to_owned(),
                    POLICE.to_owned(),
                    INVESTIGATORS.to_owned(),
                ],
                entries: vec![
                    entry(
                        PROSECUTOR,
                        Some("Проведено 12 бесед.\nОхвачено 340 человек."),
                        Mark::OnTime,
                        None,
                        vec![Some(12.0), Some(340.0)],
                    ),
                    entry(
                        POLICE,
                        Some("Проведена акция \"Осторожно, мошенники!\" & лекции."),
                        Mark::Late,
                        NaiveDate::from_ymd_opt(2020, 10, 20),
                        vec![Some(45.0), None],
                    ),
                    entry(INVESTIGATORS, None, Mark::NotDone, None, vec![None, None]),
                ],
            },
            MeasureRow {
                section: None,
                number: "1.2".to_owned(),
                title: "Подготовка ежегодного обзора практики".to_owned(),
                schedule_text: "Ежегодно, до 25 декабря".to_owned(),
                executors: vec![POLICE.to_owned()],
                entries: vec![],
            },
            MeasureRow {
                section: None,
                number: "2.1".to_owned(),
                title: "Размещение памяток на официальных сайтах".to_owned(),
                schedule_text: "До 31 декабря 2020 г.".to_owned(),
                executors: vec![INVESTIGATORS.to_owned()],
                entries: vec![entry(
                    INVESTIGATORS,
                    None,
                    Mark::NotYetDue,
                    None,
                    vec![None, None],
                )],
            },
        ],
        summary: vec![
            summary(PROSECUTOR, 3, 3, 2),
            summary(POLICE, 3, 2, 1),
            summary(INVESTIGATORS, 0, 0, 0),
        ],
        annexes: Vec::new(),
    }
}

/// Every requisite set, as `dozor.toml` would give them.
pub fn requisites() -> Requisites {
    let some = |s: &str| Some(s.to_owned());
    Requisites {
        organisation: some("Прокуратура Ханты-Мансийского\nавтономного округа – Югры"),
        place: some("г. Ханты-Мансийск"),
        addressee: some(
            "Членам Координационного совещания\nруководителей правоохранительных органов",
        ),
        approver_position: some("Прокурор округа"),
        approver_name: some("Иванов Иван Иванович"),
        signatory_position: some("Начальник отдела\nпрокуратуры округа"),
        signatory_name: some("Петров Пётр Петрович"),
        executor_name: some("Сидорова Анна Сергеевна"),
        executor_phone: some("+7 (3467) 33-22-11"),
    }
}

/// The issue of 15.10.2020 under № 15-02/2020.
pub fn issue() -> Issue {
    Issue {
        date: NaiveDate::from_ymd_opt(2020, 10, 15).unwrap(),
        number: Some("15-02/2020".to_owned()),
    }
}

/// One part of a zip package as text.
pub fn zip_entry(package: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    let mut xml = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

pub fn zip_names(package: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect()
}

/// The attributes of every element named `tag`, in document order.
pub fn attrs(xml: &str, tag: &str) -> Vec<HashMap<String, String>> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag => {
                let map = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (a.key.as_ref().to_owned(), attr_value(&a))
                    })
                    .collect();
                found.push(map);
            }
            Event::Eof => return found,
            _ => {}
        }
    }
}

/// An attribute's value with references resolved; OOXML parts are XML 1.0.
pub fn attr_value(a: &Attribute<'_>) -> String {
    a.normalized_value(XmlVersion::Explicit1_0)
        .unwrap()
        .into_owned()
}

/// The text a reference (`&amp;`, `&#34;`) stands for; quick-xml reports
/// them apart from the text around them.
pub fn ref_text(r: &BytesRef<'_>) -> String {
    super::xml::reference_text(r)
        .unwrap_or_else(|| panic!("unexpected entity &{};", r.xml10_content()))
}

/// An annex of two municipalities, one without a population.
pub fn annex() -> super::consolidated::Annex {
    use super::consolidated::{Annex, Cell};
    Annex {
        title: "Профилактическая работа по муниципальным образованиям".to_owned(),
        columns: vec![
            "Муниципальное образование".into(),
            "Охват".into(),
            "На 1000 жителей".into(),
        ],
        rows: vec![
            vec![
                Cell::Text("Сургут".into()),
                Cell::Number(1234.0),
                Cell::Number(3.5),
            ],
            // Short by one: padded, not broken.
            vec![Cell::Text("Сургутский район".into()), Cell::Number(0.0)],
        ],
        note: Some("Численность населения — оценка".into()),
    }
}
