//! Tests of the consolidated report .docx's requisites: the heading's
//! wording, every requisite in the standard's order, the executor mark, the
//! core properties, a draft, and the section rows.

use super::super::consolidated_fixture::{attrs, issue, report, requisites, zip_entry};
use super::super::docx_common::read::body;
use super::tests::{document_with, outside};
use super::*;

fn document(r: &ConsolidatedReport) -> (Vec<u8>, String) {
    document_with(r, &Requisites::default())
}

#[test]
fn a_title_not_starting_with_plan_is_quoted() {
    let mut r = report();
    r.plan_title = "Комплексный план «Югра без мошенников»".into();
    assert_eq!(
        heading(&r),
        "о ходе исполнения плана «Комплексный план «Югра без мошенников»» за III квартал 2020 г."
    );
}

#[test]
fn every_requisite_in_the_order_of_the_standard() {
    let (_, xml) = document_with(&report(), &requisites());
    let lines = outside(&xml);
    let heading = heading(&report());
    let head: Vec<&str> = lines.iter().take(16).map(String::as_str).collect();
    assert_eq!(
        head,
        [
            "УТВЕРЖДАЮ",
            "Прокурор округа",
            "____________ И.И. Иванов",
            "15.10.2020",
            "",
            "Прокуратура Ханты-Мансийского",
            "автономного округа – Югры",
            "15.10.2020 № 15-02/2020",
            "г. Ханты-Мансийск",
            "",
            "Членам Координационного совещания",
            "руководителей правоохранительных органов",
            "",
            "ИНФОРМАЦИЯ",
            heading.as_str(),
            "",
        ]
    );
    let tail: Vec<&str> = lines
        .iter()
        .rev()
        .take(4)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "Начальник отдела",
            "прокуратуры округа\tП.П. Петров",
            "Сидорова Анна Сергеевна",
            "+7 (3467) 33-22-11",
        ]
    );
}

#[test]
fn the_executor_mark_is_small_and_at_the_foot_of_the_last_page() {
    let (_, xml) = document_with(&report(), &requisites());
    let frames = attrs(&xml, "w:framePr");
    assert_eq!(frames.len(), 2, "name and phone");
    for f in &frames {
        assert_eq!(f["w:yAlign"], "bottom");
        assert_eq!(f["w:vAnchor"], "margin");
    }
    let b = body(&xml);
    let last = b.paragraphs.last().unwrap();
    assert_eq!(last.text, "+7 (3467) 33-22-11");
    // The mark's runs are 10 pt, smaller than the 14 pt text.
    let tail = &xml[xml.rfind("Сидорова").unwrap() - 400..];
    assert!(tail.contains(r#"<w:sz w:val="20" />"#), "{tail}");
}

#[test]
fn core_properties_name_the_author_and_the_issue_date() {
    let (docx, _) = document_with(&report(), &requisites());
    let core = zip_entry(&docx, "docProps/core.xml");
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
    assert!(
        core.contains(">2020-10-15T00:00:00Z</dcterms:modified>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:title>Информация о ходе исполнения плана"),
        "{core}"
    );
    assert!(
        !core.contains("1970") && !core.contains("unknown"),
        "{core}"
    );
    let (bare, _) = document(&report());
    let core = zip_entry(&bare, "docProps/core.xml");
    assert!(core.contains("<dc:creator>Дозор</dc:creator>"), "{core}");
}

#[test]
fn a_draft_has_only_the_date() {
    let mut draft = issue();
    draft.number = None;
    let docx = to_docx(&report(), &Requisites::default(), &draft).unwrap();
    let lines = outside(&zip_entry(&docx, "word/document.xml"));
    assert_eq!(lines[0], "15.10.2020");
}

#[test]
fn sections_are_full_width_rows_before_their_first_measure() {
    let mut r = report();
    let informing = Some("1. Информирование населения".to_owned());
    r.measures[0].section = informing.clone();
    r.measures[1].section = informing;
    r.measures[2].section = Some("2. Профилактика в сети".to_owned());
    let (_, xml) = document(&r);
    let rows = &body(&xml).tables[0];
    let firsts: Vec<_> = rows[1..]
        .iter()
        .map(|r| (r.cells.len(), r.cells[0][0].text.as_str()))
        .collect();
    assert_eq!(
        firsts,
        [
            (1, "1. Информирование населения"),
            (6, "1.1"),
            (6, "1.2"),
            (1, "2. Профилактика в сети"),
            (6, "2.1"),
        ]
    );
    let spans = attrs(&xml, "w:gridSpan");
    assert_eq!(spans.len(), 2);
    assert!(spans.iter().all(|s| s["w:val"] == "6"));
    assert!(rows[1].cells[0][0].bold);
}

#[test]
fn the_same_issue_renders_the_same_text_whenever_it_is_rendered() {
    let render = || {
        let docx = to_docx(&report(), &requisites(), &issue()).unwrap();
        (
            zip_entry(&docx, "word/document.xml"),
            zip_entry(&docx, "docProps/core.xml"),
        )
    };
    assert_eq!(render(), render(), "no wall clock inside the renderer");
}
