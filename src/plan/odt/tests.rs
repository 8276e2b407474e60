//! The OpenDocument reader on hand-written content.xml: spans across and
//! down, repeated cells, header rows, and text around the table.

use super::*;
use crate::plan::import::{Form, parse};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// An .odt: the stored `mimetype` entry first, then `content.xml`.
pub(crate) fn odt(body: &str) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(MIME).unwrap();
    w.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    write!(
        w,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    )
    .unwrap();
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
