//! Plans as really signed in Word: a hand-written .docx with section rows
//! merged across the table, a cell merged down, a header over two rows and
//! repeated, Word's list numbering and a signature block; and the text and
//! CSV forms with section rows. Stored, loaded back, shown on the plan page.

use crate::helpers::{TestDb, now, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use chrono::NaiveDate;
use dozor::actor::Actor;
use dozor::plan::import::{self, Form};
use dozor::plan::store::{self, Imported, Settings};
use dozor::time::calendar::DueShift;
use dozor::time::period::Every;
use std::io::{Cursor, Write};

on_both_engines!(
    signed_docx_sections_are_stored,
    text_and_csv_sections_are_stored,
    plan_page_heads_each_section,
    upload_keeps_sections_and_refuses_legacy_doc,
    odt_plan_is_stored_with_its_sections,
    consolidated_report_heads_each_section,
);

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn docx(body: &str, numbering: &str) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("word/document.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#).unwrap();
    z.start_file("word/numbering.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#).unwrap();
    z.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn cell(props: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
}

fn auto(level: u32) -> String {
    cell(
        "",
        &format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr></w:pPr></w:p>"#
        ),
    )
}

fn row(props: &str, cells: &[String]) -> String {
    format!("<w:tr><w:trPr>{props}</w:trPr>{}</w:tr>", cells.concat())
}

fn plain(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| cell("", &p(t))).collect()
}

const NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="3">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>"#;

fn signed_plan() -> Vec<u8> {
    let head1 = row(
        "<w:tblHeader/>",
        &[
            cell(r#"<w:vMerge w:val="restart"/>"#, &p("№ п/п")),
            cell("", &p("Наименование")),
            cell("", &p("Срок")),
            cell("", &p("Ответственные")),
        ],
    );
    let head2 = row(
        "<w:tblHeader/>",
        &[
            cell("<w:vMerge/>", "<w:p/>"),
            cell("", &p("мероприятия")),
            cell("", &p("исполнения")),
            cell("", &p("исполнители")),
        ],
    );
    let numbers = row("<w:tblHeader/>", &plain(&["1", "2", "3", "4"]));
    let section = |t: &str| row("", &[cell(r#"<w:gridSpan w:val="4"/>"#, &p(t))]);
    let rows = [
        head1.clone(),
        head2.clone(),
        numbers.clone(),
        section("I. Организационные мероприятия"),
        row(
            "",
            &[
                auto(0),
                cell("", &p("Провести совещание")),
                cell(r#"<w:vMerge w:val="restart"/>"#, &p("Ежеквартально")),
                cell("", &p("Прокуратура округа")),
            ],
        ),
        row(
            "",
            &[
                auto(1),
                cell("", &p("Обобщить практику")),
                cell("<w:vMerge/>", "<w:p/>"),
                cell("", &p("УМВД России по ХМАО-Югре")),
            ],
        ),
        // The header again on the next page, typed in by hand.
        head1.replace("<w:tblHeader/>", ""),
        head2.replace("<w:tblHeader/>", ""),
        numbers.replace("<w:tblHeader/>", ""),
        section("II. Информирование населения"),
        row(
            "",
            &[
                auto(0),
                cell("", &p("Выпустить памятки")),
                cell("", &p("Постоянно")),
                cell("", &p("УМВД России по ХМАО-Югре")),
            ],
        ),
    ];
    let body = format!(
        "{}{}{}<w:tbl>{}</w:tbl>{}{}",
        p("УТВЕРЖДАЮ"),
        p("Губернатор округа"),
        p("ПЛАН профилактических мероприятий на 2020 год"),
        rows.concat(),
        p("Прокурор округа ____________ подпись"),
        p("* по согласованию"),
    );
    docx(&body, NUMBERING)
}

fn settings() -> Settings {
    Settings {
        timezone: chrono_tz::Asia::Yekaterinburg,
        due_shift: DueShift::Next,
        paid_non_working: dozor::time::calendar::PaidNonWorking::Working,
        reporting: Every::Quarter,
        valid_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        valid_to: NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
    }
}

async fn import_bytes(t: &TestDb, bytes: &[u8], form: Form) -> i32 {
    let (got, out) = import::parse(bytes, "plan", None).unwrap();
    assert_eq!(got, form);
    match store::import(
        &t.db,
        &out.plan,
        &settings(),
        "plan",
        now(),
        &Actor::named("test"),
    )
    .await
    .unwrap()
    {
        Imported::New { id, .. } => id,
        other => panic!("expected a new plan, got {other:?}"),
    }
}

type Row = (String, String, Option<String>, String);

async fn stored(t: &TestDb, id: i32) -> (String, Vec<Row>) {
    let p = store::load(&t.db, id).await.unwrap();
    let rows = p
        .measures
        .into_iter()
        .map(|m| (m.number, m.title, m.section, m.schedule_text))
        .collect();
    (p.title, rows)
}

fn row_of(n: &str, title: &str, section: Option<&str>, schedule: &str) -> Row {
    (
        n.into(),
        title.into(),
        section.map(String::from),
        schedule.into(),
    )
}

async fn signed_docx_sections_are_stored(t: &TestDb) {
    let id = import_bytes(t, &signed_plan(), Form::Docx).await;
    let (title, rows) = stored(t, id).await;
    assert_eq!(title, "ПЛАН профилактических мероприятий на 2020 год");
    let first = Some("I. Организационные мероприятия");
    assert_eq!(
        rows,
        [
            row_of("1", "Провести совещание", first, "Ежеквартально"),
            row_of("1.1", "Обобщить практику", first, "Ежеквартально"),
            row_of(
                "2",
                "Выпустить памятки",
                Some("II. Информирование населения"),
                "Постоянно"
            ),
        ]
    );
}

async fn text_and_csv_sections_are_stored(t: &TestDb) {
    let text = "ПЛАН на 2020 год\n\t№\n\tМероприятие\n\tСрок\n\tИсполнители\n\n\
        \tРаздел 1. Профилактика\n\n\t1.\n\tЛекции\n\tПостоянно\n\tУМВД России по ХМАО-Югре\n\n\
        \t\n\tРаздел 2. Информирование\n\t\n\t\n\n\t2.\n\tПамятки\n\tПостоянно\n\tУМВД России по ХМАО-Югре\n";
    let csv = "№;Мероприятие;Срок;Исполнители\nРаздел 1. Профилактика;;;\n\
        1.;Лекции в колледжах;Постоянно;УМВД России по ХМАО-Югре\nРаздел 2. Информирование\n\
        2.;Памятки;Постоянно;УМВД России по ХМАО-Югре\n";
    for (bytes, form, lectures) in [
        (text, Form::Text, "Лекции"),
        (csv, Form::Csv, "Лекции в колледжах"),
    ] {
        let id = import_bytes(t, bytes.as_bytes(), form).await;
        let (_, rows) = stored(t, id).await;
        assert_eq!(
            rows,
            [
                row_of("1", lectures, Some("Раздел 1. Профилактика"), "Постоянно"),
                row_of(
                    "2",
                    "Памятки",
                    Some("Раздел 2. Информирование"),
                    "Постоянно"
                ),
            ],
            "{form:?}"
        );
    }
}

async fn plan_page_heads_each_section(t: &TestDb) {
    let app = App::new(t).await;
    let id = import_bytes(t, &signed_plan(), Form::Docx).await;
    let mut c = app.login("coord").await;
    let page = c.get(&format!("/plans/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let at = |s: &str| {
        page.body
            .find(s)
            .unwrap_or_else(|| panic!("no «{s}» on the page: {}", page.body))
    };
    let first =
        at(r#"<tr class="section"><th colspan="4">I. Организационные мероприятия</th></tr>"#);
    let second =
        at(r#"<tr class="section"><th colspan="4">II. Информирование населения</th></tr>"#);
    assert!(first < at("Провести совещание") && at("Обобщить практику") < second);
    assert!(second < at("Выпустить памятки"));
    assert_eq!(
        page.body.matches(r#"class="section""#).count(),
        2,
        "one heading per section"
    );
    // The seed plan has no sections and shows no heading rows.
    let seed = c.get(&format!("/plans/{}", app.plan_id)).await;
    assert!(!seed.body.contains(r#"class="section""#));
}

/// Sections travel through the upload's preview form to the store; a
/// Word 97–2003 file is refused with the way out.
async fn upload_keeps_sections_and_refuses_legacy_doc(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    c.get("/plans").await;
    let preview = c
        .upload(
            "/plans/preview",
            "план.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &signed_plan(),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview
            .body
            .contains(r#"name="section_1" value="I. Организационные мероприятия""#),
        "{}",
        preview.body
    );
    // The heading shows once, where the section begins; each measure's
    // section stays editable before the plan is stored.
    let heading = r#"<h2 class="section">I. Организационные мероприятия</h2>"#;
    assert_eq!(preview.body.matches(heading).count(), 1, "{}", preview.body);
    assert!(
        preview
            .body
            .contains(r#"<label>Раздел плана <input name="section_0""#)
    );
    assert!(
        preview.body.contains("<small>(ежеквартально)</small>"),
        "{}",
        preview.body
    );
    assert!(!preview.body.contains("quarter"));
    let r = c
        .post(
            "/plans/confirm",
            &[
                ("title", "План 2020"),
                ("valid_from", "2020-01-01"),
                ("valid_to", "2020-12-31"),
                ("number_0", "1"),
                ("section_0", "I. Организационные мероприятия"),
                ("title_0", "Провести совещание в новом составе"),
                ("schedule_0", "Ежеквартально"),
                ("executors_0", "Прокуратура округа"),
                ("number_1", "2"),
                ("section_1", ""),
                ("title_1", "Выпустить памятки"),
                ("schedule_1", "Постоянно"),
                ("executors_1", "УМВД России по ХМАО-Югре"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = store::latest_id(&t.db).await.unwrap().unwrap();
    let sections: Vec<_> = store::load(&t.db, id)
        .await
        .unwrap()
        .measures
        .into_iter()
        .map(|m| m.section)
        .collect();
    assert_eq!(
        sections,
        [Some("I. Организационные мероприятия".into()), None]
    );
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend_from_slice(&[0; 1024]);
    let bad = c
        .upload("/plans/preview", "план.doc", "application/msword", &doc)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("сохраните как .docx"), "{}", bad.body);
}

/// The same plan saved by LibreOffice as .odt: a section spanning the
/// table, a schedule spanning two rows, the header rows repeated.
async fn odt_plan_is_stored_with_its_sections(t: &TestDb) {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let uncompressed =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", uncompressed).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.text")
        .unwrap();
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    let c =
        |a: &str, t: &str| format!("<table:table-cell {a}><text:p>{t}</text:p></table:table-cell>");
    let head = ["№", "Мероприятие", "Срок", "Исполнители"]
        .map(|h| c("", h))
        .concat();
    let table = format!(
        "<table:table><table:table-header-rows><table:table-row>{head}</table:table-row></table:table-header-rows>\
         <table:table-row>{}<table:covered-table-cell table:number-columns-repeated=\"3\"/></table:table-row>\
         <table:table-row>{}{}{}{}</table:table-row>\
         <table:table-row>{}{}<table:covered-table-cell/>{}</table:table-row></table:table>",
        c(
            r#"table:number-columns-spanned="4""#,
            "I. Организационные мероприятия"
        ),
        c("", "1."),
        c("", "Провести совещание"),
        c(r#"table:number-rows-spanned="2""#, "Ежеквартально"),
        c("", "Прокуратура округа"),
        c("", "2."),
        c("", "Обобщить практику"),
        c("", "УМВД России по ХМАО-Югре"),
    );
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>ПЛАН на 2020 год</text:p>{table}<text:p>Прокурор округа</text:p></office:text></office:body></office:document-content>"#
    )
    .unwrap();
    let bytes = z.finish().unwrap().into_inner();
    let id = import_bytes(t, &bytes, Form::Odt).await;
    let (title, rows) = stored(t, id).await;
    assert_eq!(title, "ПЛАН на 2020 год");
    let first = Some("I. Организационные мероприятия");
    assert_eq!(
        rows,
        [
            row_of("1", "Провести совещание", first, "Ежеквартально"),
            row_of("2", "Обобщить практику", first, "Ежеквартально"),
        ]
    );
}

/// §3's sections in the consolidated report: a merged row with the
/// section's title before its first measure, in the .docx and the .xlsx.
async fn consolidated_report_heads_each_section(t: &TestDb) {
    use dozor::control::consolidated::{Format, build};
    use dozor::office::requisites::{Issue, Requisites};
    let id = import_bytes(t, &signed_plan(), Form::Docx).await;
    let plan = store::load(&t.db, id).await.unwrap();
    let q3 = dozor::time::period::Period::parse("2020-Q3").unwrap();
    let cal = dozor::time::calendar::Calendar::default();
    let r = build(&t.db, &plan, &cal, q3, now()).await.unwrap();
    let issue = Issue {
        date: NaiveDate::from_ymd_opt(2020, 10, 15).unwrap(),
        number: None,
    };
    let docx = Format::Docx
        .render(&r, &Requisites::default(), &issue)
        .unwrap();
    let xml = crate::helpers::zip_entry(&docx, "word/document.xml");
    let table = &xml[xml.find("<w:tbl>").unwrap()..xml.find("</w:tbl>").unwrap()];
    assert_eq!(
        table.matches(r#"<w:gridSpan w:val="6" />"#).count(),
        2,
        "two sections"
    );
    let first = table.find("I. Организационные мероприятия").unwrap();
    let second = table.find("II. Информирование населения").unwrap();
    let (m1, m2) = (
        table.find("Провести совещание").unwrap(),
        table.find("Выпустить памятки").unwrap(),
    );
    assert!(
        first < m1 && m1 < second && second < m2,
        "each title before its measures"
    );
    let xlsx = Format::Xlsx
        .render(&r, &Requisites::default(), &issue)
        .unwrap();
    let sheet = crate::helpers::zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert_eq!(
        sheet.matches("<mergeCell ").count(),
        3,
        "the heading and two sections"
    );
    let strings = crate::helpers::zip_entry(&xlsx, "xl/sharedStrings.xml");
    assert!(strings.contains("II. Информирование населения"));
}
