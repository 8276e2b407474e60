//! Tests of the consolidated report .xlsx: the package is unzipped and the
//! SpreadsheetML of both sheets read back with the shared strings resolved.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::super::consolidated::ConsolidatedReport;
use super::super::consolidated_fixture::{
    INVESTIGATORS, POLICE, PROSECUTOR, attr_value, attrs, issue, ref_text, report, requisites,
    zip_entry,
};
use super::*;

#[derive(Debug, PartialEq)]
enum Value {
    Text(String),
    Number(f64),
}

/// Each row as column letters to values; rows in sheet order.
type Sheet = Vec<BTreeMap<String, Value>>;

fn shared_strings(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let (mut out, mut in_t) = (Vec::<String>::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "si" => out.push(String::new()),
            Event::Start(e) if e.name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "t" => in_t = false,
            Event::Text(t) if in_t => out.last_mut().unwrap().push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => out.last_mut().unwrap().push_str(&ref_text(&r)),
            Event::Eof => return out,
            _ => {}
        }
    }
}

/// Reads a worksheet; a cell with `t="s"` is a shared string, without `t` a number.
fn sheet(xml: &str, shared: &[String]) -> Sheet {
    let mut reader = Reader::from_str(xml);
    let (mut rows, mut cell, mut in_v): (Sheet, Option<(String, bool)>, bool) =
        (vec![], None, false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "row" => rows.push(BTreeMap::new()),
            Event::Start(e) if e.name().as_ref() == "c" => {
                let at = |k: &str| e.try_get_attribute(k).unwrap().map(|a| attr_value(&a));
                let col = at("r")
                    .unwrap()
                    .trim_end_matches(|c: char| c.is_ascii_digit())
                    .to_owned();
                assert!(
                    matches!(at("t").as_deref(), None | Some("s")),
                    "unexpected cell type"
                );
                cell = Some((col, at("t").is_some()));
            }
            Event::Start(e) if e.name().as_ref() == "v" => in_v = true,
            Event::End(e) if e.name().as_ref() == "v" => in_v = false,
            Event::Text(t) if in_v => {
                let (col, is_string) = cell.take().unwrap();
                let raw = t.xml10_content();
                let value = match is_string {
                    true => Value::Text(shared[raw.parse::<usize>().unwrap()].clone()),
                    false => Value::Number(raw.parse().unwrap()),
                };
                rows.last_mut().unwrap().insert(col, value);
            }
            Event::Eof => return rows,
            _ => {}
        }
    }
}

/// The package, the report sheet's rows from its header on, the summary sheet.
fn workbook() -> (Vec<u8>, Sheet, Sheet) {
    let (xlsx, mut first, second) = workbook_of(&report());
    first.drain(..2);
    (xlsx, first, second)
}

/// The sheets whole: the report's first two rows are its heading and date.
fn workbook_of(r: &ConsolidatedReport) -> (Vec<u8>, Sheet, Sheet) {
    let xlsx = to_xlsx(r, &requisites(), &issue()).unwrap();
    let shared = shared_strings(&zip_entry(&xlsx, "xl/sharedStrings.xml"));
    let first = sheet(&zip_entry(&xlsx, "xl/worksheets/sheet1.xml"), &shared);
    let second = sheet(&zip_entry(&xlsx, "xl/worksheets/sheet2.xml"), &shared);
    (xlsx, first, second)
}

#[test]
fn first_rows_give_the_heading_date_and_number() {
    let (xlsx, rows, _) = workbook_of(&report());
    let heading = format!(
        "ИНФОРМАЦИЯ {}",
        super::super::consolidated_docx::heading(&report())
    );
    assert_eq!(rows[0]["A"], text(&heading));
    assert_eq!(rows[1]["A"], text("15.10.2020 № 15-02/2020"));
    let merged = attrs(&zip_entry(&xlsx, "xl/worksheets/sheet1.xml"), "mergeCell");
    assert_eq!(merged[0]["ref"], "A1:I1", "the heading spans the table");
}

#[test]
fn properties_name_the_author_and_the_document_date() {
    let (xlsx, _, _) = workbook_of(&report());
    let core = zip_entry(&xlsx, "docProps/core.xml");
    assert!(
        core.contains(
            "<dc:creator>Прокуратура Ханты-Мансийского автономного округа – Югры</dc:creator>"
        ),
        "{core}"
    );
    assert!(
        core.contains(">2020-10-15T00:00:00Z</dcterms:created>"),
        "{core}"
    );
}

#[test]
fn sections_are_merged_rows_before_their_first_measure() {
    let mut r = report();
    r.measures[0].section = Some("1. Информирование".to_owned());
    r.measures[1].section = Some("1. Информирование".to_owned());
    r.measures[2].section = Some("2. В сети".to_owned());
    let (xlsx, rows, _) = workbook_of(&r);
    let a: Vec<_> = rows[3..].iter().map(|r| &r["A"]).collect();
    assert_eq!(
        a,
        [
            &text("1. Информирование"),
            &text("1.1"),
            &text("1.1"),
            &text("1.1"),
            &text("1.2"),
            &text("2. В сети"),
            &text("2.1"),
        ]
    );
    let merged: Vec<_> = attrs(&zip_entry(&xlsx, "xl/worksheets/sheet1.xml"), "mergeCell")
        .into_iter()
        .map(|m| m["ref"].clone())
        .collect();
    assert_eq!(merged, ["A1:I1", "A5:I5", "A10:I10"]);
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

#[test]
fn sheets_are_named_report_and_summary() {
    let (xlsx, _, _) = workbook();
    let names: Vec<_> = attrs(&zip_entry(&xlsx, "xl/workbook.xml"), "sheet")
        .into_iter()
        .map(|s| s["name"].clone())
        .collect();
    assert_eq!(names, ["Отчёт", "Сводка"]);
}

#[test]
fn header_names_every_column_and_stays_frozen() {
    let (xlsx, rows, _) = workbook();
    let head: Vec<_> = rows[0].values().collect();
    let expected: Vec<_> = REPORT_HEAD
        .iter()
        .map(|(t, _)| text(t))
        .chain([text("Проведено лекций, бесед"), text("Охвачено лиц, чел.")])
        .collect();
    assert_eq!(head, expected.iter().collect::<Vec<_>>());
    let pane = &attrs(&zip_entry(&xlsx, "xl/worksheets/sheet1.xml"), "pane")[0];
    assert_eq!(
        (pane["ySplit"].as_str(), pane["state"].as_str()),
        ("4", "frozen")
    );
}

#[test]
fn one_row_per_entry_and_per_idle_measure() {
    let (_, rows, _) = workbook();
    assert_eq!(rows.len(), 1 + 3 + 1 + 1);
    let agencies: Vec<_> = rows[1..].iter().map(|r| r.get("D")).collect();
    assert_eq!(
        agencies,
        [
            Some(&text(PROSECUTOR)),
            Some(&text(POLICE)),
            Some(&text(INVESTIGATORS)),
            None,
            Some(&text(INVESTIGATORS))
        ]
    );
    let numbers: Vec<_> = rows[1..].iter().map(|r| &r["A"]).collect();
    assert_eq!(
        numbers,
        [
            &text("1.1"),
            &text("1.1"),
            &text("1.1"),
            &text("1.2"),
            &text("2.1")
        ]
    );
}

#[test]
fn metrics_are_numbers_and_blank_when_not_reported() {
    let (_, rows, _) = workbook();
    assert_eq!(rows[1]["H"], Value::Number(12.0));
    assert_eq!(rows[1]["I"], Value::Number(340.0));
    assert_eq!(rows[2]["H"], Value::Number(45.0));
    assert!(!rows[2].contains_key("I"));
    assert!(!rows[3].contains_key("H") && !rows[3].contains_key("I"));
}

#[test]
fn marks_texts_and_extension_date() {
    let (_, rows, _) = workbook();
    assert_eq!(
        rows[1]["E"],
        text("Проведено 12 бесед.\nОхвачено 340 человек.")
    );
    assert_eq!(
        rows[2]["E"],
        text("Проведена акция \"Осторожно, мошенники!\" & лекции.")
    );
    assert_eq!(rows[2]["F"], text("исполнено с нарушением срока"));
    // 20.10.2020 as an Excel serial date.
    assert_eq!(rows[2]["G"], Value::Number(44124.0));
    assert!(!rows[1].contains_key("G"));
    assert_eq!(rows[3]["E"], text(NO_INFORMATION));
    assert_eq!(rows[3]["F"], text("не исполнено"));
    assert_eq!(rows[4]["F"], text(NOT_SCHEDULED));
    assert_eq!(rows[5]["F"], text("срок не наступил"));
}

#[test]
fn summary_sheet_holds_numeric_percentages() {
    let (_, _, rows) = workbook();
    assert_eq!(rows.len(), 1 + 3);
    assert_eq!(rows[0]["A"], text("Исполнитель"));
    assert_eq!(rows[0]["F"], text("Своевременность, %"));
    let percent = |row: usize, col: &str| match &rows[row][col] {
        Value::Number(n) => (n * 10.0).round() / 10.0,
        other => panic!("{other:?} is not a number"),
    };
    assert_eq!((percent(1, "D"), percent(1, "F")), (100.0, 66.7));
    assert_eq!((percent(2, "D"), percent(2, "F")), (66.7, 33.3));
    assert_eq!(rows[3]["B"], Value::Number(0.0));
    assert!(!rows[3].contains_key("D") && !rows[3].contains_key("F"));
}

#[test]
fn each_annex_is_a_sheet_with_numbers_kept() {
    let mut r = report();
    r.annexes = vec![super::super::consolidated_fixture::annex()];
    let xlsx = to_xlsx(&r, &requisites(), &issue()).unwrap();
    let names: Vec<_> = attrs(&zip_entry(&xlsx, "xl/workbook.xml"), "sheet")
        .into_iter()
        .map(|s| s["name"].clone())
        .collect();
    assert_eq!(names, ["Отчёт", "Сводка", "Приложение 1"]);
    let shared = shared_strings(&zip_entry(&xlsx, "xl/sharedStrings.xml"));
    let rows = sheet(&zip_entry(&xlsx, "xl/worksheets/sheet3.xml"), &shared);
    assert_eq!(
        rows[0]["A"],
        text("Профилактическая работа по муниципальным образованиям")
    );
    assert_eq!(rows[1]["C"], text("На 1000 жителей"));
    assert_eq!(rows[2]["B"], Value::Number(1234.0));
    assert_eq!(rows[3]["A"], text("Сургутский район"));
    assert!(!rows[3].contains_key("C"), "nothing known, nothing written");
    assert_eq!(rows[4]["A"], text("Численность населения — оценка"));
}
