//! The Word reader on hand-written documents: merged cells, headers over
//! two rows and repeated on each page, automatic numbering, and the blocks
//! around the table.

use super::*;
use crate::plan::table::build;
use std::io::{Cursor, Write};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// A .docx holding `body` as its document and `numbering`, when given.
pub(crate) fn docx(body: &str, numbering: Option<&str>) -> Vec<u8> {
    docx_styled(body, numbering, None)
}

/// The same with `styles` as its `word/styles.xml`, when given.
fn docx_styled(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut parts = vec![("word/document.xml", doc)];
    if let Some(n) = numbering {
        parts.push((
            "word/numbering.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{n}</w:numbering>"#
            ),
        ));
    }
    if let Some(st) = styles {
        parts.push((
            "word/styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{st}</w:styles>"#
            ),
        ));
    }
    for (name, text) in parts {
        w.start_file(name, SimpleFileOptions::default()).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A paragraph of list `num` at `level`, with no typed number.
fn numbered(num: u32, level: u32) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr></w:p>"#
    )
}

fn tc(props: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
}

fn tr(props: &str, cells: &[String]) -> String {
    format!("<w:tr><w:trPr>{props}</w:trPr>{}</w:tr>", cells.concat())
}

fn row(cells: &[&str]) -> String {
    tr("", &cells.iter().map(|c| tc("", &p(c))).collect::<Vec<_>>())
}

fn table(rows: &[String]) -> String {
    format!("<w:tbl>{}</w:tbl>", rows.concat())
}

const HEADER: [&str; 4] = ["№ п/п", "Мероприятие", "Срок", "Исполнители"];

fn parse(bytes: &[u8]) -> crate::plan::model::ParsedPlan {
    build(read(bytes).unwrap()).unwrap().plan
}

fn numbers_sections(plan: &crate::plan::model::ParsedPlan) -> Vec<(&str, Option<&str>)> {
    plan.measures
        .iter()
        .map(|m| (m.number.as_str(), m.section.as_deref()))
        .collect()
}

#[test]
fn a_cell_spanning_the_table_is_a_section_heading() {
    let body = table(&[
        row(&HEADER),
        tr(
            "",
            &[tc(
                r#"<w:gridSpan w:val="4"/>"#,
                &p("Раздел 1. Организационные меры"),
            )],
        ),
        row(&["1.", "Лекции", "Постоянно", "УМВД"]),
        row(&["2.", "Семинары", "Постоянно", "УМВД"]),
        // One cell in a row of a wider table, without a span.
        tr("", &[tc("", &p("Раздел 2. Информирование"))]),
        row(&["3.", "Памятки", "Постоянно", "УМВД"]),
    ]);
    let plan = parse(&docx(&body, None));
    assert_eq!(
        numbers_sections(&plan),
        [
            ("1", Some("Раздел 1. Организационные меры")),
            ("2", Some("Раздел 1. Организационные меры")),
            ("3", Some("Раздел 2. Информирование")),
        ]
    );
}

#[test]
fn measures_before_any_section_have_none() {
    let body = table(&[
        row(&HEADER),
        row(&["1.", "Лекции", "Постоянно", "УМВД"]),
        tr("", &[tc(r#"<w:gridSpan w:val="4"/>"#, &p("II. Прочее"))]),
        row(&["2.", "Семинары", "Постоянно", "УМВД"]),
    ]);
    let plan = parse(&docx(&body, None));
    assert_eq!(
        numbers_sections(&plan),
        [("1", None), ("2", Some("II. Прочее"))]
    );
}

#[test]
fn a_cell_merged_down_gives_its_value_to_each_row() {
    let body = table(&[
        row(&HEADER),
        tr(
            "",
            &[
                tc("", &p("1.")),
                tc("", &p("Лекции")),
                tc(r#"<w:vMerge w:val="restart"/>"#, &p("Ежеквартально")),
                tc(r#"<w:vMerge w:val="restart"/>"#, &p("УМВД")),
            ],
        ),
        tr(
            "",
            &[
                tc("", &p("2.")),
                tc("", &p("Семинары")),
                tc("<w:vMerge/>", "<w:p/>"),
                tc(r#"<w:vMerge w:val="continue"/>"#, "<w:p/>"),
            ],
        ),
        row(&["3.", "Памятки", "Постоянно", "СУ СК"]),
    ]);
    let plan = parse(&docx(&body, None));
    let got: Vec<_> = plan
        .measures
        .iter()
        .map(|m| (m.schedule_text.as_str(), m.executors[0].name.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Ежеквартально", "УМВД"),
            ("Ежеквартально", "УМВД"),
            ("Постоянно", "СУ СК")
        ]
    );
}

/// A header over two rows with the number cell merged down, the column
/// numbers under it, and both again in the middle of the table as a
/// header row repeated by hand on the next page.
#[test]
fn two_row_and_repeated_headers_and_number_rows_are_skipped() {
    let first = tr(
        "<w:tblHeader/>",
        &[
            tc(r#"<w:vMerge w:val="restart"/>"#, &p("№ п/п")),
            tc("", &p("Наименование")),
            tc("", &p("Сроки")),
            tc("", &p("Ответственные")),
        ],
    );
    let second = tr(
        "<w:tblHeader/>",
        &[
            tc("<w:vMerge/>", "<w:p/>"),
            tc("", &p("мероприятий")),
            tc("", &p("исполнения")),
            tc("", &p("исполнители")),
        ],
    );
    let numbers = row(&["1", "2", "3", "4"]);
    let body = table(&[
        first.clone(),
        second.clone(),
        tr(
            r#"<w:tblHeader w:val="1"/>"#,
            &[
                tc("", &p("1")),
                tc("", &p("2")),
                tc("", &p("3")),
                tc("", &p("4")),
            ],
        ),
        row(&["1.", "Лекции", "Постоянно", "УМВД"]),
        first.replace("<w:tblHeader/>", ""),
        second.replace("<w:tblHeader/>", ""),
        numbers.clone(),
        row(&["2.", "Семинары", "Постоянно", "УМВД"]),
        numbers,
        row(&["3.", "Памятки", "Постоянно", "УМВД"]),
    ]);
    let plan = parse(&docx(&body, None));
    let got: Vec<_> = plan
        .measures
        .iter()
        .map(|m| (m.number.as_str(), m.title.as_str()))
        .collect();
    assert_eq!(got, [("1", "Лекции"), ("2", "Семинары"), ("3", "Памятки")]);
}

const NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>
"#;

fn auto_row(num: u32, level: u32, title: &str) -> String {
    tr(
        "",
        &[
            tc("", &numbered(num, level)),
            tc("", &p(title)),
            tc("", &p("Постоянно")),
            tc("", &p("УМВД")),
        ],
    )
}

#[test]
fn word_list_numbers_are_counted() {
    let bulleted_title = tr(
        "",
        &[
            tc("", &numbered(1, 0)),
            tc(
                "",
                &format!(
                    "{}{}",
                    p("Провести:"),
                    r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>лекции</w:t></w:r></w:p>"#
                ),
            ),
            tc("", &p("Постоянно")),
            tc("", &p("УМВД")),
        ],
    );
    let body = table(&[
        row(&HEADER),
        auto_row(1, 0, "Первое"),
        auto_row(1, 1, "Первое первое"),
        auto_row(1, 1, "Первое второе"),
        bulleted_title,
        auto_row(1, 1, "Второе первое"),
        auto_row(3, 0, "С десяти"),
        auto_row(3, 0, "Дальше"),
        // Another list of the same abstract list goes on with its numbers.
        auto_row(4, 0, "Продолжение"),
        // An unknown list, or no numbering part, numbers nothing.
        row(&["12", "Набрано рукой", "Постоянно", "УМВД"]),
    ]);
    let plan = parse(&docx(&body, Some(NUMBERING)));
    let got: Vec<_> = plan
        .measures
        .iter()
        .map(|m| (m.number.as_str(), m.title.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1", "Первое"),
            ("1.1", "Первое первое"),
            ("1.2", "Первое второе"),
            ("2", "Провести: лекции"),
            ("2.1", "Второе первое"),
            ("10", "С десяти"),
            ("11", "Дальше"),
            ("3", "Продолжение"),
            ("12", "Набрано рукой"),
        ]
    );
    // Without numbering.xml the same cells are empty, not a number.
    assert!(matches!(
        build(read(&docx(&body, None)).unwrap()),
        Err(PlanError::BadNumber { .. })
    ));
}

/// A list style numbers by itself («Список нумерованный», numId 1), and a
/// multi-level list ties its levels to heading styles (`w:pStyle` in the
/// level), as Word's «Заголовок 1/2» do.
const STYLES: &str = r#"
<w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="ListNum"><w:basedOn w:val="a"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Row"><w:basedOn w:val="ListNum"/></w:style>
<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="H2"><w:basedOn w:val="H1"/></w:style>
"#;

const HEADINGS: &str = r#"
<w:abstractNum w:abstractNumId="9">
  <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:pStyle w:val="H1"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="H2"/><w:lvlText w:val="%1.%2."/></w:lvl>
</w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="9"/></w:num>
"#;

fn styled_row(ppr: &str, title: &str) -> String {
    tr(
        "",
        &[
            tc("", &format!("<w:p><w:pPr>{ppr}</w:pPr></w:p>")),
            tc("", &p(title)),
            tc("", &p("Постоянно")),
            tc("", &p("УМВД")),
        ],
    )
}

#[test]
fn paragraph_styles_number_the_rows() {
    let numbering = format!("{NUMBERING}{HEADINGS}");
    let style = |id: &str| format!(r#"<w:pStyle w:val="{id}"/>"#);
    let body = table(&[
        row(&HEADER),
        styled_row(&style("ListNum"), "Первое"),
        styled_row(&style("Row"), "Второе, стиль на основе списка"),
        // The paragraph's own level wins over its style's.
        styled_row(
            &format!(
                r#"{}<w:numPr><w:ilvl w:val="1"/></w:numPr>"#,
                style("ListNum")
            ),
            "Второе первое",
        ),
        styled_row(&style("H1"), "Раздел заголовком"),
        styled_row(&style("H2"), "Подпункт заголовком"),
        // List 0 turns the style's numbering off.
        tr(
            "",
            &[
                tc(
                    "",
                    &format!(
                        r#"<w:p><w:pPr>{}<w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>9</w:t></w:r></w:p>"#,
                        style("ListNum")
                    ),
                ),
                tc("", &p("Набрано рукой")),
                tc("", &p("Постоянно")),
                tc("", &p("УМВД")),
            ],
        ),
    ]);
    let plan = parse(&docx_styled(&body, Some(&numbering), Some(STYLES)));
    let got: Vec<_> = plan
        .measures
        .iter()
        .map(|m| (m.number.as_str(), m.title.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1", "Первое"),
            ("2", "Второе, стиль на основе списка"),
            ("2.1", "Второе первое"),
            ("3", "Раздел заголовком"),
            ("3.1", "Подпункт заголовком"),
            ("9", "Набрано рукой"),
        ]
    );
    // Without styles.xml the styled cells carry no number.
    assert!(matches!(
        build(read(&docx_styled(&body, Some(&numbering), None)).unwrap()),
        Err(PlanError::BadNumber { .. })
    ));
}

#[test]
fn approval_and_signature_blocks_are_not_the_plan() {
    let approval = table(&[row(&["", "УТВЕРЖДАЮ Губернатор округа"])]);
    let body = format!(
        "{}{approval}{}{}{}{}{}",
        p("СОГЛАСОВАНО"),
        p("ПЛАН мероприятий на 2021 год"),
        table(&[row(&HEADER), row(&["1.", "Лекции", "Постоянно", "УМВД"])]),
        p("Примечание: по согласованию"),
        p("Прокурор округа ______ подпись"),
        table(&[row(&["Исполнил:", "И. И. Иванов"])]),
    );
    let plan = parse(&docx(&body, None));
    assert_eq!(plan.title, "ПЛАН мероприятий на 2021 год");
    assert_eq!(plan.measures.len(), 1);
    assert_eq!(plan.measures[0].section, None);
}

#[test]
fn a_number_cell_alone_is_still_an_untitled_measure() {
    let body = table(&[row(&HEADER), row(&["1.", "", "", ""])]);
    assert!(matches!(
        build(read(&docx(&body, None)).unwrap()),
        Err(PlanError::EmptyTitle { .. })
    ));
}

#[test]
fn a_huge_list_start_is_refused_not_overflowed() {
    let n = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    let body = table(&[row(&HEADER), auto_row(1, 0, "А"), auto_row(1, 0, "Б")]);
    let got = build(read(&docx(&body, Some(n))).unwrap());
    assert!(matches!(got, Err(PlanError::BadNumber { .. })));
}
