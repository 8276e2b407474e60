//! The OpenDocument reader on hand-written content.xml: spans across and
//! down, repeated cells, header rows, and text around the table.

use super::*;
use crate::plan::import::{Form, parse};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// An .odt: the stored `mimetype` entry first, then `content.xml`.
pub(crate) fn odt(body: &str) -> Vec<u8> {
    odt_styled("", body, None)
}

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:xml="http://www.w3.org/XML/1998/namespace""#;

/// The same with `automatic` styles in `content.xml` and `styles` as
/// `styles.xml`'s, when given.
fn odt_styled(automatic: &str, body: &str, styles: Option<&str>) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(MIME).unwrap();
    w.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    write!(
        w,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    )
    .unwrap();
    if let Some(st) = styles {
        w.start_file("styles.xml", SimpleFileOptions::default())
            .unwrap();
        write!(
            w,
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:styles>{st}</office:styles></office:document-styles>"#
        )
        .unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn p(t: &str) -> String {
    format!("<text:p>{t}</text:p>")
}

fn cell(attrs: &str, t: &str) -> String {
    format!("<table:table-cell {attrs}>{}</table:table-cell>", p(t))
}

fn row(cells: &[&str]) -> String {
    let cells: String = cells.iter().map(|c| cell("", c)).collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn an_odt_plan_reads_like_the_word_one() {
    let header = row(&["№ п/п", "Мероприятие", "Срок", "Исполнители"]);
    let body = format!(
        "{}{}<table:table><table:table-header-rows>{header}{}</table:table-header-rows>\
         <table:table-row>{}<table:covered-table-cell/><table:covered-table-cell/><table:covered-table-cell/></table:table-row>\
         <table:table-row>{}{}{}{}</table:table-row>\
         <table:table-row>{}{}<table:covered-table-cell/>{}</table:table-row>\
         {header}\
         <table:table-row>{}<table:table-cell table:number-columns-repeated=\"3\"/></table:table-row>\
         <table:table-row>{}{}{}{}</table:table-row>\
         </table:table>{}",
        p("УТВЕРЖДАЮ"),
        "<text:h>ПЛАН<text:s/>мероприятий на<text:s text:c=\"3\"/>2021 год</text:h>",
        row(&["1", "2", "3", "4"]),
        cell(r#"table:number-columns-spanned="4""#, "Раздел 1"),
        cell("", "1."),
        cell("", "Лекции"),
        cell(r#"table:number-rows-spanned="2""#, "Ежеквартально"),
        cell("", "УМВД"),
        cell("", "2."),
        cell("", "Семинары"),
        cell("", "СУ СК"),
        cell("", "Раздел 2"),
        cell("", "3."),
        cell("", "Памятки"),
        cell("", "Постоянно"),
        cell("", "УМВД"),
        p("Прокурор округа подпись"),
    );
    let bytes = odt(&body);
    assert!(looks_like(&bytes));
    let (form, out) = parse(&bytes, "x", None).unwrap();
    assert_eq!(form, Form::Odt);
    assert_eq!(out.plan.title, "ПЛАН мероприятий на 2021 год");
    let got: Vec<_> = out
        .plan
        .measures
        .iter()
        .map(|m| {
            (
                m.number.as_str(),
                m.title.as_str(),
                m.schedule_text.as_str(),
                m.section.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1", "Лекции", "Ежеквартально", Some("Раздел 1")),
            ("2", "Семинары", "Ежеквартально", Some("Раздел 1")),
            ("3", "Памятки", "Постоянно", Some("Раздел 2")),
        ]
    );
}

#[test]
fn other_zips_are_not_odt() {
    let docx = crate::plan::docx::tests::docx("<w:p/>", None);
    assert!(!looks_like(&docx));
    assert!(!looks_like(b"PK\x03\x04"));
    let bad = odt("<text:p>без таблицы</text:p>");
    assert!(matches!(
        parse(&bad, "x", None),
        Err(PlanError::NotAPlan(_))
    ));
}

/// L1: "1.", then "1.1." under it; L2 in styles.xml: "7)"; B: bullets.
const AUTOMATIC: &str = r#"
<text:list-style style:name="L1">
  <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
  <text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="1" text:display-levels="2"/>
</text:list-style>
<text:list-style style:name="B">
  <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
</text:list-style>"#;

const NAMED: &str = r#"
<text:list-style style:name="L2">
  <text:list-level-style-number text:level="1" style:num-suffix=")" style:num-format="1" text:start-value="7"/>
</text:list-style>"#;

/// A numbered row: the number cell one list item, in list `attrs`, at
/// `level` (1: top).
fn list_row(attrs: &str, level: usize, title: &str) -> String {
    let mut item = "<text:list-item><text:p/></text:list-item>".to_string();
    for _ in 1..level {
        item = format!("<text:list-item><text:list>{item}</text:list></text:list-item>");
    }
    let number =
        format!("<table:table-cell><text:list {attrs}>{item}</text:list></table:table-cell>");
    let cells: String = [title, "Постоянно", "УМВД"]
        .iter()
        .map(|c| cell("", c))
        .collect();
    format!("<table:table-row>{number}{cells}</table:table-row>")
}

#[test]
fn libreoffice_list_numbers_are_counted() {
    let header = row(&["№ п/п", "Мероприятие", "Срок", "Исполнители"]);
    let bullets = r#"<table:table-row>
        <table:table-cell><text:list text:style-name="L1" text:continue-numbering="true"><text:list-item><text:p/></text:list-item></text:list></table:table-cell>
        <table:table-cell><text:p>Провести:</text:p><text:list text:style-name="B"><text:list-item><text:p>лекции</text:p></text:list-item></text:list></table:table-cell>
        <table:table-cell><text:p>Постоянно</text:p></table:table-cell><table:table-cell><text:p>УМВД</text:p></table:table-cell>
      </table:table-row>"#;
    let rows = [
        header,
        list_row(r#"xml:id="a" text:style-name="L1""#, 1, "Первое"),
        list_row(
            r#"xml:id="b" text:continue-list="a" text:style-name="L1""#,
            2,
            "Первое первое",
        ),
        list_row(
            r#"text:continue-list="b" text:style-name="L1""#,
            2,
            "Первое второе",
        ),
        bullets.to_string(),
        list_row(r#"text:style-name="L2""#, 1, "Именованный стиль"),
        list_row(
            r#"text:style-name="L2" text:continue-numbering="true""#,
            1,
            "Дальше",
        ),
        row(&["12", "Набрано рукой", "Постоянно", "УМВД"]),
    ];
    let body = format!("<table:table>{}</table:table>", rows.concat());
    let numbers = |bytes: &[u8]| -> Vec<(String, String)> {
        parse(bytes, "x", None)
            .unwrap()
            .1
            .plan
            .measures
            .into_iter()
            .map(|m| (m.number, m.title))
            .collect()
    };
    let got = numbers(&odt_styled(AUTOMATIC, &body, Some(NAMED)));
    let want = [
        ("1", "Первое"),
        ("1.1", "Первое первое"),
        ("1.2", "Первое второе"),
        ("2", "Провести: лекции"),
        ("7", "Именованный стиль"),
        ("8", "Дальше"),
        ("12", "Набрано рукой"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    // Without the list styles the number cells are empty: no measure
    // number can be made up.
    assert!(matches!(
        parse(&odt_styled("", &body, None), "x", None),
        Err(PlanError::BadNumber { .. })
    ));
}

proptest::proptest! {
    /// Any nesting of lists, items, styles and cells, closed or not, is
    /// read without a panic.
    #[test]
    fn lists_never_panic(tags in proptest::collection::vec(proptest::sample::select(vec![
        "<text:list>", "</text:list>", r#"<text:list text:style-name="L1" text:continue-numbering="true">"#,
        r#"<text:list xml:id="a" text:continue-list="a" text:style-name="L1">"#,
        "<text:list-item>", "</text:list-item>", r#"<text:list-item text:start-value="4294967295">"#,
        "<text:list-header>", "</text:list-header>", "<text:p>", "</text:p>", "<text:p/>", "1.",
        "<table:table>", "</table:table>", "<table:table-row>", "</table:table-row>",
        "<table:table-cell>", "</table:table-cell>", "Мероприятие", "Исполнители", "Срок", "№",
    ]), 0..60)) {
        let _ = parse(&odt_styled(AUTOMATIC, &tags.concat(), Some(NAMED)), "x", None);
    }
}

#[test]
fn a_huge_list_start_is_refused_not_overflowed() {
    let header = row(&["№ п/п", "Мероприятие", "Срок", "Исполнители"]);
    let big = r#"<table:table-row><table:table-cell><text:list xml:id="a" text:style-name="L1"><text:list-item text:start-value="4294967295"><text:p/></text:list-item></text:list></table:table-cell><table:table-cell><text:p>А</text:p></table:table-cell><table:table-cell><text:p>Постоянно</text:p></table:table-cell><table:table-cell><text:p>УМВД</text:p></table:table-cell></table:table-row>"#;
    let next = list_row(r#"text:continue-list="a" text:style-name="L1""#, 1, "Б");
    let body = format!("<table:table>{header}{big}{next}</table:table>");
    let got = parse(&odt_styled(AUTOMATIC, &body, None), "x", None);
    assert!(matches!(got, Err(PlanError::BadNumber { .. })));
}
