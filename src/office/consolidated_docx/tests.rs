//! Tests of the consolidated report .docx: the package is unzipped and its
//! WordprocessingML read back, so what is checked is what Word will see.

use super::super::consolidated::ConsolidatedReport;
use super::super::consolidated_fixture::{
    INVESTIGATORS, POLICE, PROSECUTOR, attrs, issue, report, zip_entry, zip_names,
};
use super::super::docx_common::read::{body, texts};
use super::*;

/// The report with no requisites configured: only the date and number.
fn document(r: &ConsolidatedReport) -> (Vec<u8>, String) {
    document_with(r, &Requisites::default())
}

pub(super) fn document_with(r: &ConsolidatedReport, req: &Requisites) -> (Vec<u8>, String) {
    let docx = to_docx(r, req, &issue()).unwrap();
    let xml = zip_entry(&docx, "word/document.xml");
    (docx, xml)
}

/// The paragraphs outside tables, as text.
pub(super) fn outside(xml: &str) -> Vec<String> {
    body(xml).paragraphs.into_iter().map(|p| p.text).collect()
}

#[test]
fn page_is_a4_landscape_with_gost_margins() {
    let (_, xml) = document(&report());
    let size = &attrs(&xml, "w:pgSz")[0];
    assert_eq!(size["w:w"], "16838");
    assert_eq!(size["w:h"], "11906");
    assert_eq!(size["w:orient"], "landscape");
    let margins = &attrs(&xml, "w:pgMar")[0];
    for (side, twips) in [
        ("w:top", "1134"),
        ("w:bottom", "1134"),
        ("w:left", "1134"),
        ("w:right", "567"),
    ] {
        assert_eq!(margins[side], twips, "{side}");
    }
}

#[test]
fn text_is_times_new_roman_14_and_tables_12() {
    let (docx, xml) = document(&report());
    let styles = zip_entry(&docx, "word/styles.xml");
    assert!(
        attrs(&styles, "w:rFonts")
            .iter()
            .any(|f| f["w:ascii"] == "Times New Roman" && f["w:hAnsi"] == "Times New Roman")
    );
    assert!(attrs(&styles, "w:sz").iter().any(|s| s["w:val"] == "28"));
    assert!(attrs(&xml, "w:sz").iter().any(|s| s["w:val"] == "24"));
}

#[test]
fn without_requisites_the_date_number_kind_and_heading_open_it() {
    let b = body(&document(&report()).1);
    let head: Vec<_> = b.paragraphs.iter().take(4).collect();
    assert_eq!(head[0].text, "15.10.2020 № 15-02/2020");
    assert_eq!(head[1].text, "");
    assert_eq!(head[2].text, "ИНФОРМАЦИЯ");
    assert_eq!(
        head[3].text,
        "о ходе исполнения плана мероприятий по профилактике преступлений, совершаемых \
         с использованием информационно-телекоммуникационных технологий, на 2020–2022 \
         годы за III квартал 2020 г."
    );
    assert!(head[2].bold && head[3].bold);
    let xml = document(&report()).1;
    assert!(!xml.contains("УТВЕРЖДАЮ"));
    assert!(attrs(&xml, "w:framePr").is_empty(), "no executor mark");
}

#[test]
fn numbers_pages_from_the_second_one() {
    let (docx, xml) = document(&report());
    assert_eq!(attrs(&xml, "w:titlePg").len(), 1);
    let rels = zip_entry(&docx, "word/_rels/document.xml.rels");
    let header_of = |kind: &str| {
        let refs = attrs(&xml, "w:headerReference");
        let id = &refs.iter().find(|h| h["w:type"] == kind).unwrap()["r:id"];
        let rel = attrs(&rels, "Relationship")
            .into_iter()
            .find(|r| &r["Id"] == id)
            .unwrap();
        zip_entry(&docx, &format!("word/{}", rel["Target"]))
    };
    let default = header_of("default");
    assert!(
        default.contains("<w:instrText>PAGE</w:instrText>"),
        "{default}"
    );
    assert!(
        attrs(&default, "w:fldChar")
            .iter()
            .any(|f| f["w:fldCharType"] == "begin")
    );
    assert_eq!(attrs(&default, "w:jc")[0]["w:val"], "center");
    let first = header_of("first");
    assert!(
        !first.contains("PAGE") && !first.contains("<w:t"),
        "{first}"
    );
}

#[test]
fn measures_table_has_a_repeating_header_and_a_row_per_measure() {
    let b = body(&document(&report()).1);
    let rows = &b.tables[0];
    assert_eq!(rows.len(), 1 + 3);
    let head: Vec<_> = rows[0].cells.iter().map(|c| c[0].text.as_str()).collect();
    assert_eq!(head, MEASURE_HEAD);
    assert!(rows[0].repeats);
    assert!(rows[1..].iter().all(|r| !r.repeats));
    let numbers: Vec<_> = rows[1..]
        .iter()
        .map(|r| r.cells[0][0].text.as_str())
        .collect();
    assert_eq!(numbers, ["1.1", "1.2", "2.1"]);
}

#[test]
fn entries_show_agency_text_and_mark() {
    let b = body(&document(&report()).1);
    let row = &b.tables[0][1].cells;
    assert_eq!(texts(&row[3]), [PROSECUTOR, POLICE, INVESTIGATORS]);
    let info = &row[4];
    assert_eq!(
        texts(info),
        [
            PROSECUTOR,
            "Проведено 12 бесед.",
            "Охвачено 340 человек.",
            POLICE,
            "Проведена акция \"Осторожно, мошенники!\" & лекции.",
            INVESTIGATORS,
            NO_INFORMATION,
        ]
    );
    let bold: Vec<_> = info
        .iter()
        .filter(|p| p.bold)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(bold, [PROSECUTOR, POLICE, INVESTIGATORS]);
    assert_eq!(
        texts(&row[5]),
        [
            "Прокуратура округа: исполнено в срок",
            "УМВД России по ХМАО-Югре: исполнено с нарушением срока (срок продлён до 20.10.2020)",
            "СУ СК России по ХМАО-Югре: не исполнено",
        ]
    );
}

#[test]
fn measure_without_obligations_and_measure_without_text() {
    let b = body(&document(&report()).1);
    let idle = &b.tables[0][2].cells;
    assert_eq!(texts(&idle[4]), [NOT_SCHEDULED]);
    assert_eq!(texts(&idle[5]), [NOT_SCHEDULED]);
    let pending = &b.tables[0][3].cells;
    assert_eq!(texts(&pending[4]), [INVESTIGATORS, NO_INFORMATION]);
    assert_eq!(
        texts(&pending[5]),
        ["СУ СК России по ХМАО-Югре: срок не наступил"]
    );
}

#[test]
fn closing_summary_gives_percentages_with_a_decimal_comma() {
    let b = body(&document(&report()).1);
    let heading = "Полнота и своевременность представления информации";
    assert!(b.paragraphs.iter().any(|p| p.text == heading && p.bold));
    let rows = &b.tables[1];
    let line =
        |i: usize| -> Vec<&str> { rows[i].cells.iter().map(|c| c[0].text.as_str()).collect() };
    assert_eq!(line(0), SUMMARY_HEAD);
    assert!(rows[0].repeats);
    assert_eq!(line(1), [PROSECUTOR, "3", "3", "100,0", "2", "66,7"]);
    assert_eq!(line(2), [POLICE, "3", "2", "66,7", "1", "33,3"]);
    assert_eq!(line(3), [INVESTIGATORS, "0", "0", "—", "0", "—"]);
}

#[test]
fn empty_report_still_opens() {
    let mut r = report();
    r.measures.clear();
    r.summary.clear();
    let (docx, xml) = document(&r);
    let b = body(&xml);
    assert_eq!(b.tables.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1]);
    let names = zip_names(&docx);
    assert!(names.iter().any(|n| n == "[Content_Types].xml"));
    assert!(names.iter().any(|n| n.starts_with("word/header")));
}

#[test]
fn annexes_follow_the_report_on_pages_of_their_own() {
    let mut r = report();
    r.annexes = vec![super::super::consolidated_fixture::annex()];
    let (_, xml) = document(&r);
    let b = body(&xml);
    let texts: Vec<&str> = b.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let at = texts
        .iter()
        .position(|t| *t == "Приложение № 1")
        .expect("numbered");
    assert_eq!(
        texts[at + 1],
        "Профилактическая работа по муниципальным образованиям"
    );
    assert!(texts.contains(&"Численность населения — оценка"));
    assert!(xml.contains("w:pageBreakBefore"), "a page of its own");
    let t = b.tables.last().unwrap();
    assert!(t[0].repeats, "header repeated on every page");
    let row = |i: usize| -> Vec<String> {
        t[i].cells
            .iter()
            .map(|c| c.iter().map(|p| p.text.clone()).collect())
            .collect()
    };
    assert_eq!(row(1), ["Сургут", "1\u{202f}234", "3,5"]);
    assert_eq!(row(2), ["Сургутский район", "0", "—"]);
    let (_, plain) = document(&report());
    assert!(!plain.contains("Приложение №"), "no annex, no page");
}
