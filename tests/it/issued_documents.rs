//! The consolidated report issued under a registration number: the
//! requisites read back from the .docx and .xlsx issued through the page and
//! the API, issued documents listed and downloaded again byte for byte after
//! the period is locked, a number given once, and who may do what.

use crate::helpers::{TestDb, on_both_engines, zip_entry};
use crate::web_client::{App, Client};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use dozor::config::document::DocumentConfig;
use dozor::db::entity::{audit_log, control::issued_document};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

on_both_engines!(
    requisites_reach_the_documents_issued_through_the_page_and_the_api,
    issued_documents_come_back_byte_for_byte_after_the_lock,
);

mod rules;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn document_config() -> DocumentConfig {
    let some = |s: &str| Some(s.to_owned());
    DocumentConfig {
        organisation: some("Прокуратура Ханты-Мансийского автономного округа – Югры"),
        place: some("г. Ханты-Мансийск"),
        addressee: some("Координационному совещанию"),
        approver_position: some("Прокурор округа"),
        approver_name: some("Иванов Иван Иванович"),
        signatory_position: some("Начальник отдела"),
        signatory_name: some("Петров П.П."),
        executor_name: some("Сидорова Анна Сергеевна"),
        executor_phone: some("+7 (3467) 33-22-11"),
    }
}

pub(super) async fn app(t: &TestDb) -> App {
    let app = App::with_config(t, |c| c.document = document_config()).await;
    app.at("2020-10-16T06:00:00Z");
    app
}

/// A bearer-token GET, the body kept as bytes.
pub(super) async fn get(api: &mut Client, path: &str, token: &str) -> crate::web_client::Response {
    let req = Request::builder()
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    api.send(req).await
}

pub(super) fn consolidated(query: &str) -> String {
    format!("/api/v1/reports/consolidated?period=2020-Q3&{query}")
}

async fn requisites_reach_the_documents_issued_through_the_page_and_the_api(t: &TestDb) {
    let app = app(t).await;
    let mut page = app.login("coord").await;
    let dashboard = page.get("/dashboard?period=2020-Q3").await;
    assert!(dashboard.body.contains(r#"action="/reports/consolidated""#));
    assert!(
        dashboard.body.contains(r#"name="number""#) && dashboard.body.contains(r#"name="date""#)
    );
    let fields = [
        ("period", "2020-Q3"),
        ("format", "docx"),
        ("number", "15-02/2020"),
        ("date", "2020-10-15"),
    ];
    let r = page.post("/reports/consolidated", &fields).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.content_type.as_deref(), Some(DOCX));
    let xml = zip_entry(&r.bytes, "word/document.xml");
    for text in [
        "УТВЕРЖДАЮ",
        "____________ И.И. Иванов",
        "Прокуратура Ханты-Мансийского автономного округа – Югры",
        "15.10.2020 № 15-02/2020",
        "г. Ханты-Мансийск",
        "Координационному совещанию",
        "ИНФОРМАЦИЯ",
        "за III квартал 2020 г.",
        "П.П. Петров",
        "Сидорова Анна Сергеевна",
        "+7 (3467) 33-22-11",
    ] {
        assert!(xml.contains(text), "{text}");
    }
    let core = zip_entry(&r.bytes, "docProps/core.xml");
    assert!(core.contains(">Прокуратура Ханты-Мансийского автономного округа – Югры</dc:creator>"));
    assert!(
        core.contains(">2020-10-15T00:00:00Z</dcterms:created>"),
        "{core}"
    );

    let token = app.login("coord").await.new_token().await;
    let mut api = app.client();
    let r = get(
        &mut api,
        &consolidated("format=xlsx&number=16-02/2020&date=2020-10-16"),
        &token,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let strings = zip_entry(&r.bytes, "xl/sharedStrings.xml");
    assert!(
        strings.contains("ИНФОРМАЦИЯ о ходе исполнения плана"),
        "{strings}"
    );
    assert!(strings.contains("16.10.2020 № 16-02/2020"), "{strings}");
    // A draft: dated today in Yugra, no number, kept nowhere.
    let r = get(&mut api, &consolidated("format=docx"), &token).await;
    let xml = zip_entry(&r.bytes, "word/document.xml");
    assert!(xml.contains(">16.10.2020<"), "today's date");
    assert_eq!(
        issued_document::Entity::find().count(&t.db).await.unwrap(),
        2
    );
}

async fn issued_documents_come_back_byte_for_byte_after_the_lock(t: &TestDb) {
    let app = app(t).await;
    let token = app.login("coord").await.new_token().await;
    let mut api = app.client();
    let issue = consolidated("format=docx&number=15-02/2020&date=2020-10-15");
    let first = get(&mut api, &issue, &token).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let (status, listed) = api.api("GET", "/api/v1/documents", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    let listed = listed.as_array().unwrap().clone();
    assert_eq!(listed.len(), 1);
    let d = &listed[0];
    assert_eq!(
        (
            &d["number"],
            &d["period"],
            &d["kind"],
            &d["issued_on"],
            &d["issued_by"]
        ),
        (
            &Value::from("15-02/2020"),
            &Value::from("2020-Q3"),
            &Value::from("consolidated_docx"),
            &Value::from("2020-10-15"),
            &Value::from("coord"),
        )
    );
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("issued_document"))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor, "coord");
    // The log says it in words, linking the document.
    let log = app
        .login("coord")
        .await
        .get("/audit?entity=issued_document")
        .await;
    let said = format!(
        "выдал <a href=\"/documents/{}\">сводный отчёт за III квартал 2020 г. № 15-02/2020 от 15.10.2020</a>",
        audit[0].entity_id.as_deref().unwrap()
    );
    assert!(log.body.contains(&said), "{}", log.body);

    let (status, _) = api
        .api("POST", "/api/v1/periods/2020-Q3/lock", &token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    app.at("2021-02-01T06:00:00Z");
    let href = d["href"].as_str().unwrap();
    let again = get(&mut api, href, &token).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.content_type.as_deref(), Some(DOCX));
    assert!(
        again.bytes == first.bytes,
        "the issued bytes, not a new rendering"
    );
    let id = d["id"].as_i64().unwrap();
    let page = get(&mut api, &format!("/documents/{id}"), &token).await;
    assert!(page.bytes == first.bytes);
    assert!(page.disposition.unwrap().contains("filename*=UTF-8''"));
    // The same issue asked for again is the kept one, not a second row.
    let repeat = get(&mut api, &issue, &token).await;
    assert_eq!(repeat.status, StatusCode::OK);
    assert!(repeat.bytes == first.bytes);
    assert_eq!(
        issued_document::Entity::find().count(&t.db).await.unwrap(),
        1
    );

    let mut coord = app.login("coord").await;
    let list = coord.get("/documents").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("15-02/2020") && list.body.contains("15.10.2020"));
    assert!(list.body.contains(&format!(r#"href="/documents/{id}""#)));
    let r = get(&mut api, "/api/v1/documents/999", &token).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
