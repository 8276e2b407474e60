//! Tests of the blocking list .docx: the package is unzipped and its
//! WordprocessingML read back, so what is checked is what Word will see.

use chrono::NaiveDate;

use super::*;
use crate::office::consolidated_fixture::{attrs, zip_entry};
use crate::office::docx_common::read::{Body, body, texts};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, m, day).unwrap()
}

const MASKED: &str = "4111 11•• •••• 1111";

/// A phishing URL and a phone sharing one case, and a card with none.
fn list(purpose: Purpose) -> BlockingList {
    let shared = CaseLine {
        number: "12001710001000123".into(),
        registered_on: Some(d(10, 12)),
        article: Some("159 ч. 3".into()),
        damage: Some(1_250_000),
    };
    let kusp = CaseLine {
        number: "КУСП 4567".into(),
        registered_on: Some(d(9, 30)),
        ..Default::default()
    };
    let item = |kind, display: &str, category, cases| BlockingItem {
        kind,
        display: display.into(),
        category,
        first_seen: d(9, 1),
        status: Status::Active,
        last_step: None,
        owner: None,
        cases,
    };
    let mut url = item(
        Kind::Url,
        "http://bank-secure.example/login",
        Category::Phishing,
        vec![shared.clone(), kusp],
    );
    url.owner = Some("Регистратор: RU-CENTER-RU; администратор: Private Person".into());
    url.status = Status::Blocking;
    url.last_step = Some(StepLine {
        label: "подано исковое заявление",
        on: d(10, 20),
    });
    BlockingList {
        purpose,
        date: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        author: "Иванов И. И.".into(),
        agency: Some("Прокуратура округа".into()),
        items: vec![
            url,
            item(
                Kind::Phone,
                "+7 912 345-67-89",
                Category::FakeBankCall,
                vec![shared],
            ),
            item(Kind::Card, MASKED, Category::Other, vec![]),
        ],
    }
}

fn document(l: &BlockingList) -> (String, Body) {
    let xml = zip_entry(
        &render(l, &Default::default()).unwrap(),
        "word/document.xml",
    );
    let b = body(&xml);
    (xml, b)
}

#[test]
fn title_depends_on_the_purpose() {
    let (_, judicial) = document(&list(Purpose::Judicial));
    let t = &judicial.paragraphs[0];
    assert!(t.bold);
    assert_eq!(
        t.text,
        "Перечень информационных ресурсов, используемых для совершения преступлений, \
         к исковому заявлению о признании информации запрещённой к распространению"
    );
    let (_, extra) = document(&list(Purpose::Extrajudicial));
    assert!(
        extra.paragraphs[0]
            .text
            .ends_with(", к требованию о принятии мер по ограничению доступа")
    );
}

#[test]
fn date_issuer_and_closing_count() {
    let (_, b) = document(&list(Purpose::Judicial));
    let lines: Vec<_> = b.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(lines[1], "по состоянию на 28.11.2026");
    assert_eq!(lines[2], "Составитель: Прокуратура округа, Иванов И. И.");
    assert_eq!(
        lines.last().unwrap(),
        &"Всего информационных ресурсов в перечне: 3."
    );
    let mut l = list(Purpose::Judicial);
    l.agency = None;
    let (_, b) = document(&l);
    assert_eq!(b.paragraphs[2].text, "Составитель: Иванов И. И.");
}

#[test]
fn page_is_a4_landscape() {
    let (xml, _) = document(&list(Purpose::Judicial));
    let size = &attrs(&xml, "w:pgSz")[0];
    assert_eq!(
        (size["w:w"].as_str(), size["w:h"].as_str()),
        ("16838", "11906")
    );
    assert_eq!(size["w:orient"], "landscape");
    let grid: usize = attrs(&xml, "w:gridCol")
        .iter()
        .map(|g| g["w:w"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(grid, 15_137, "the table fills the text width");
}

#[test]
fn one_row_per_item_under_a_repeating_header() {
    let (_, b) = document(&list(Purpose::Judicial));
    assert_eq!(b.tables.len(), 1);
    let rows = &b.tables[0];
    assert_eq!(rows.len(), 1 + 3);
    let head: Vec<_> = rows[0].cells.iter().map(|c| c[0].text.as_str()).collect();
    assert_eq!(head, HEAD);
    assert!(rows[0].repeats && rows[0].cells.iter().all(|c| c[0].bold));
    assert!(rows[1..].iter().all(|r| !r.repeats && r.cells.len() == 7));
    let url = &rows[1].cells;
    assert_eq!(texts(&url[0]), ["1"]);
    assert_eq!(
        texts(&url[1]),
        ["http://bank-secure.example/login", "(ссылка)"]
    );
    assert_eq!(texts(&url[2]), ["Фишинговый сайт"]);
    assert_eq!(texts(&url[3]), ["01.09.2020"]);
    assert_eq!(
        texts(&url[4]),
        ["Регистратор: RU-CENTER-RU; администратор: Private Person"]
    );
    assert_eq!(
        texts(&url[6]),
        ["На блокировке", "подано исковое заявление 20.10.2020"]
    );
    let phone = &rows[2].cells;
    assert_eq!(texts(&phone[1]), ["+7 912 345-67-89", "(номер телефона)"]);
    assert_eq!(texts(&phone[4]), [NO_OWNER]);
    assert_eq!(texts(&phone[6]), ["Действует"]);
}

#[test]
fn case_lines_give_number_date_article_and_damage() {
    let (_, b) = document(&list(Purpose::Judicial));
    let shared = "№ 12001710001000123 от 12.10.2020, ст. 159 ч. 3 УК РФ, \
                  ущерб 1\u{202f}250\u{202f}000\u{a0}руб.";
    let rows = &b.tables[0];
    assert_eq!(
        texts(&rows[1].cells[5]),
        [shared, "КУСП 4567 от 30.09.2020"]
    );
    assert_eq!(texts(&rows[2].cells[5]), [shared]);
    assert_eq!(texts(&rows[3].cells[5]), ["—"]);
    let written = CaseLine {
        number: "УД 5".into(),
        article: Some("ст. 158 УК РФ".into()),
        damage: Some(999),
        ..Default::default()
    };
    assert_eq!(written.text(), "УД 5, ст. 158 УК РФ, ущерб 999\u{a0}руб.");
}

#[test]
fn cards_appear_as_given_masked() {
    let (xml, b) = document(&list(Purpose::Extrajudicial));
    assert_eq!(
        texts(&b.tables[0][3].cells[1]),
        [MASKED, "(номер банковской карты)"]
    );
    assert_eq!(
        xml.matches(MASKED).count(),
        1,
        "the mask reaches Word intact"
    );
}

#[test]
fn an_empty_list_still_opens() {
    let mut l = list(Purpose::Judicial);
    l.items.clear();
    let (_, b) = document(&l);
    assert_eq!(b.tables[0].len(), 1);
    assert_eq!(
        b.paragraphs.last().unwrap().text,
        "Всего информационных ресурсов в перечне: 0."
    );
}
