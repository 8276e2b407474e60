//! The blocking document on both engines: three resources (a URL, a phone
//! and a card) two of which share a case, gathered by `selection` in the
//! order ticked and rendered to a .docx whose text is read back.

use crate::helpers::{TestDb, now, on_both_engines, zip_entry};
use chrono::NaiveDate;
use dozor::actor::Actor;
use dozor::db::entity::registry::indicator;
use dozor::error::Error;
use dozor::office::requisites::Requisites;
use dozor::registry::blocking::Track;
use dozor::registry::blocking::docx::{Purpose, render, title};
use dozor::registry::lookup::owner::Owner;
use dozor::registry::model::{CaseInput, NewIndicator, NewStep};
use dozor::registry::selection::blocking_list;
use dozor::registry::store;
use dozor_indicator::model::{CardKey, Category, Kind, Status};
use quick_xml::Reader;
use quick_xml::events::Event;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

on_both_engines!(list_of_three_resources, selection_errors);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn add(
    t: &TestDb,
    key: Option<&CardKey>,
    raw: &str,
    category: Category,
    case: CaseInput,
) -> i32 {
    let new = NewIndicator {
        raw,
        kind: None,
        category,
        case: Some(case),
        scope: dozor::registry::model::CaseScope::Any,
    };
    store::add(&t.db, key, &new, &Actor::named("test"), now())
        .await
        .unwrap()
        .id()
}

/// The paragraphs outside the table, and each table row's paragraphs.
fn read(docx: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let xml = zip_entry(docx, "word/document.xml");
    let mut reader = Reader::from_str(&xml);
    let (mut outside, mut rows) = (Vec::new(), Vec::<Vec<String>>::new());
    let (mut text, mut in_row, mut in_t) = (String::new(), false, false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:tr" => {
                in_row = true;
                rows.push(Vec::new());
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_t = false,
                "w:tr" => in_row = false,
                "w:p" if in_row => rows.last_mut().unwrap().push(std::mem::take(&mut text)),
                "w:p" => outside.push(std::mem::take(&mut text)),
                _ => {}
            },
            Event::Eof => return (outside, rows),
            _ => {}
        }
    }
}

async fn list_of_three_resources(t: &TestDb) {
    let key = CardKey(b"test-key".to_vec());
    let shared = CaseInput {
        number: "12001710001000123".into(),
        registered_on: Some(d(2020, 10, 12)),
        article: Some("159 ч. 3".into()),
        damage: Some(1_250_000),
        ..Default::default()
    };
    let url = add(
        t,
        None,
        "https://bank-secure.example/login",
        Category::Phishing,
        shared.clone(),
    )
    .await;
    let phone = add(t, None, "8 (912) 345-67-89", Category::FakeBankCall, shared).await;
    let kusp = CaseInput {
        number: "КУСП 4567".into(),
        registered_on: Some(d(2020, 9, 30)),
        ..Default::default()
    };
    let card = add(t, Some(&key), "4111 1111 1111 1111", Category::Other, kusp).await;
    let owner = Owner {
        registered: true,
        domain: "bank-secure.example".into(),
        registrar: Some("RU-CENTER-RU".into()),
        person: Some("Private Person".into()),
        ..Default::default()
    };
    let row = indicator::Entity::find_by_id(url)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let mut a: indicator::ActiveModel = row.into();
    a.owner = Set(Some(serde_json::to_string(&owner).unwrap()));
    a.update(&t.db).await.unwrap();
    let j = Track::Judicial;
    store::add_step(
        &t.db,
        url,
        &NewStep {
            track: j,
            step: "claim_filed",
            on: d(2026, 11, 27),
            deadline: None,
            note: Some("иск в Ханты-Мансийский районный суд"),
        },
        &Actor::named("test"),
        now(),
    )
    .await
    .expect("the claim is on the track");

    // The order ticked, a repeat dropped.
    let ids = [phone, card, url, phone];
    let date = d(2026, 11, 28);
    let list = blocking_list(
        &t.db,
        &ids,
        Purpose::Judicial,
        "Иванов И. И.",
        Some("Прокуратура округа"),
        date,
    )
    .await
    .unwrap();
    let kinds: Vec<_> = list.items.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [Kind::Phone, Kind::Card, Kind::Url]);
    assert_eq!(list.items[2].status, Status::Blocking);
    assert_eq!(list.items[0].first_seen, date);

    let docx = render(&list, &Default::default()).unwrap();
    let (outside, rows) = read(&docx);
    assert_eq!(outside[0], title(Purpose::Judicial));
    assert_eq!(outside[1], "по состоянию на 28.11.2026");
    assert_eq!(outside[2], "Составитель: Прокуратура округа, Иванов И. И.");
    assert_eq!(
        outside.last().unwrap(),
        "Всего информационных ресурсов в перечне: 3."
    );
    assert_eq!(rows.len(), 1 + 3, "a header and a row per resource");
    let shared_line = "№ 12001710001000123 от 12.10.2020, ст. 159 ч. 3 УК РФ, \
                       ущерб 1\u{202f}250\u{202f}000\u{a0}руб.";
    let [_, p, c, u] = &rows[..] else {
        unreachable!()
    };
    assert_eq!(
        p[..],
        [
            "1",
            "+7 912 345-67-89",
            "(номер телефона)",
            "Звонок от «службы безопасности банка»",
            "28.11.2026",
            "Не установлены",
            shared_line,
            "Действует",
        ][..]
    );
    assert!(c.contains(&"(номер банковской карты)".to_string()));
    assert!(c.contains(&"КУСП 4567 от 30.09.2020".to_string()));
    assert!(u.contains(&owner.summary()), "{u:?}");
    assert!(u.contains(&shared_line.to_string()));
    assert!(
        u.contains(&"подано исковое заявление 27.11.2026".to_string()),
        "{u:?}"
    );
    // The card only ever shows masked.
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(c.contains(&"4111 11•• •••• 1111".to_string()), "{c:?}");
    assert!(!xml.contains("4111111111111111") && !xml.contains("4111 1111 1111 1111"));

    // With `[document]` set, the list carries the same requisites as the
    // consolidated report: the stamp and the author above, the signature and
    // the executor mark below.
    let some = |s: &str| Some(s.to_owned());
    let req = Requisites {
        organisation: some("Прокуратура округа"),
        place: some("г. Ханты-Мансийск"),
        approver_position: some("Прокурор округа"),
        approver_name: some("Иванов Иван Иванович"),
        signatory_position: some("Старший помощник прокурора"),
        signatory_name: some("Петрова Анна Сергеевна"),
        executor_name: some("Сидоров С.С."),
        executor_phone: some("+7 (3467) 33-22-11"),
        ..Requisites::default()
    };
    let docx = render(&list, &req).unwrap();
    let (outside, _) = read(&docx);
    assert_eq!(
        outside[..7],
        [
            "УТВЕРЖДАЮ",
            "Прокурор округа",
            "____________ И.И. Иванов",
            "28.11.2026",
            "",
            "Прокуратура округа",
            "г. Ханты-Мансийск",
        ]
    );
    assert_eq!(outside[7], title(Purpose::Judicial));
    let n = outside.len();
    assert_eq!(
        outside[n - 3..],
        [
            "Старший помощник прокурораА.С. Петрова",
            "Сидоров С.С.",
            "+7 (3467) 33-22-11"
        ]
    );
    let core = zip_entry(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:creator>Прокуратура округа</dc:creator>"),
        "{core}"
    );
    assert!(
        core.contains(">2026-11-28T00:00:00Z</dcterms:created>"),
        "{core}"
    );
}

async fn selection_errors(t: &TestDb) {
    let case = CaseInput {
        number: "КУСП 1".into(),
        ..Default::default()
    };
    let id = add(t, None, "+7 912 000-00-01", Category::Other, case).await;
    let list = |ids: Vec<i32>| async move {
        blocking_list(
            &t.db,
            &ids,
            Purpose::Extrajudicial,
            "Иванов",
            None,
            d(2026, 11, 28),
        )
        .await
    };
    match list(vec![]).await {
        Err(Error::Invalid(m)) => assert_eq!(m, "Выберите хотя бы один ресурс"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        list((1..=1001).collect()).await,
        Err(Error::Invalid(_))
    ));
    match list(vec![id, id + 100, id + 7]).await {
        Err(Error::NotFound(m)) => {
            assert!(m.ends_with(&format!("{}, {}", id + 100, id + 7)), "{m}")
        }
        other => panic!("{other:?}"),
    }
    let one = list(vec![id]).await.unwrap();
    assert_eq!(one.items.len(), 1);
    assert_eq!(one.items[0].last_step, None);
    assert_eq!(one.items[0].owner, None);
}
