//! Errors stay where the person is: a refused report comes back with
//! every bad field listed and tied to its input, an error page keeps the
//! signed-in menu, an htmx upload says its refusal in the file list; and a
//! report's history shows what changed between submissions.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::body::Body;
use axum::http::{StatusCode, header};
use sea_orm::EntityTrait;

on_both_engines!(
    every_bad_field_is_listed_and_tied_to_its_input,
    error_pages_keep_the_menu,
    a_report_history_shows_what_changed,
    a_refused_registry_form_keeps_what_was_typed_but_cards
);

async fn every_bad_field_is_listed_and_tied_to_its_input(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("4").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    e.get(&path).await;
    let r = e
        .post(
            &path,
            &[
                ("body", ""),
                ("metric_events", "много"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let b = &r.body;
    assert!(
        b.contains(r#"id="form-errors""#) && b.contains("Отчёт не сохранён"),
        "{b}"
    );
    // Each reason links to its input, the input says it is wrong and by
    // which reason.
    for field in ["body", "metric_events"] {
        assert!(
            b.contains(&format!(r##"href="#f-{field}""##)),
            "{field}: {b}"
        );
        assert!(
            b.contains(&format!(
                r#"id="f-{field}" aria-invalid="true" aria-describedby="err-{field}""#
            )),
            "{field}: {b}"
        );
        assert!(b.contains(&format!(r#"id="err-{field}""#)), "{field}");
    }
    assert!(b.contains(r#"value="много""#), "what was typed stays: {b}");
    assert!(
        b.contains(r#"id="f-metric_people_reached">"#),
        "optional, empty: not marked"
    );
    assert!(b.contains(r#"aria-label="Разделы""#), "the menu stays");
    // A field that is right is not marked.
    let r = e
        .post(
            &path,
            &[
                ("body", "Уроки"),
                ("metric_events", "x"),
                ("action", "draft"),
            ],
        )
        .await;
    assert!(r.body.contains(r#"id="f-body" "#) || r.body.contains(r#"id="f-body">"#));
    assert!(
        !r.body.contains(r#"aria-describedby="err-body""#),
        "{}",
        r.body
    );
    assert!(r.body.contains("Уроки</textarea>"));
}

async fn error_pages_keep_the_menu(t: &TestDb) {
    let app = App::new(t).await;
    let mut e = app.login("prok").await;
    let missing = e.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Страница не найдена"));
    assert!(
        missing.body.contains(r#"aria-label="Разделы""#),
        "{}",
        missing.body
    );
    assert!(missing.body.contains("Мои обязательства"));
    let forbidden = e.get("/admin/users").await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert!(forbidden.body.contains(r#"aria-label="Разделы""#));
    // Signed out: the bare brand, no menu, and a page still in Russian.
    let mut anon = app.client();
    let r = anon.get("/no-such-page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains(r#"aria-label="Разделы""#));
    assert!(r.body.contains("Страница не найдена"));
    // The API keeps its JSON.
    let r = e.get("/api/v1/no-such-thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.starts_with('{'), "{}", r.body);

    // An htmx upload refused says so in the file list, not as a page.
    let m = app.measure_id("8").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3/attachments");
    app.at("2020-10-05T06:00:00Z");
    let csrf = e.csrf();
    let bnd = "dozor-test-boundary";
    let body = format!(
        "--{bnd}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{bnd}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"пусто.txt\"\r\n\
         Content-Type: text/plain\r\n\r\n\r\n--{bnd}--\r\n"
    );
    let req = e
        .request("POST", &path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={bnd}"),
        )
        .header("hx-request", "true")
        .body(Body::from(body))
        .unwrap();
    let r = e.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<html"), "the list alone: {}", r.body);
    assert!(
        r.body.contains(r#"role="alert""#) && r.body.contains("Файл пустой"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Файлов нет"));
}

async fn a_report_history_shows_what_changed(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("4").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    let submit = |body: &'static str, events: &'static str| {
        [
            ("body", body),
            ("metric_events", events),
            ("metric_people_reached", "100"),
            ("action", "submit"),
        ]
    };
    e.get(&path).await;
    e.post(&path, &submit("Уроки в 12 школах", "12")).await;
    let mut c = app.login("coord").await;
    c.get(&path).await;
    c.post(&format!("{path}/return"), &[("comment", "Назовите школы")])
        .await;
    app.at("2020-10-06T06:00:00Z");
    e.post(
        &path,
        &submit("Уроки в 14 школах\nШколы № 1–14 Сургута", "14"),
    )
    .await;
    let page = c.get(&path).await.body;
    assert!(page.contains("История отчёта"), "{page}");
    let order = [
        "<strong>Представлен</strong>",
        "<strong>Возвращён на доработку</strong>",
        "Замечания: Назовите школы",
        "<strong>Представлен повторно</strong>",
    ];
    let mut at = 0;
    for s in order {
        let i = page[at..]
            .find(s)
            .unwrap_or_else(|| panic!("{s} after {at}: {page}"));
        at += i + s.len();
    }
    assert!(page.contains("Проведено мероприятий: 12 → 14"), "{page}");
    assert!(page.contains("<del>Уроки в 12 школах</del>"));
    assert!(page.contains("<ins>Школы № 1–14 Сургута</ins>"));
    assert!(page.contains("добавлено строк — 2, удалено — 1"));
}

async fn a_refused_registry_form_keeps_what_was_typed_but_cards(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("prok").await;
    c.get("/registry/new").await;
    let values =
        "8 (912) 345-67-89\nне ресурс вовсе\n4276 3800 1234 5674\nhttps://scam-bank.ru/login\n:::";
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", values),
                ("category", "phishing"),
                ("case_number", "КУСП 123"),
                ("case_date", "31.02.2020"),
                ("case_damage", "много"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let b = &r.body;
    assert!(b.contains("Ничего не сохранено"), "{b}");
    assert!(
        b.contains("Строка 2: ") && b.contains("Строка 5: "),
        "each bad line: {b}"
    );
    assert!(!b.contains("Строка 1: ") && !b.contains("Строка 4: "));
    assert!(
        b.contains("Строка 3: номер карты не возвращается в форму"),
        "{b}"
    );
    assert!(
        !b.contains("4276 3800 1234 5674") && !b.contains("5674"),
        "no card echoed"
    );
    assert!(
        b.contains("8 (912) 345-67-89\nне ресурс вовсе\nhttps://scam-bank.ru/login"),
        "{b}"
    );
    assert!(b.contains(r#"<option value="phishing" selected>"#));
    assert!(b.contains(r#"value="КУСП 123""#));
    for field in ["values", "case_date", "case_damage"] {
        assert!(
            b.contains(&format!(r#"aria-describedby="err-{field}""#)),
            "{field}: {b}"
        );
    }
    let stored = dozor::db::entity::registry::indicator::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(stored.is_empty(), "nothing half-saved");
}
