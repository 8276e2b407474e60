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
    a_number_is_given_once,
    only_coordinators_and_admins_issue_and_read_issued_documents,
);

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

async fn app(t: &TestDb) -> App {
    let app = App::with_config(t, |c| c.document = document_config()).await;
    app.at("2020-10-16T06:00:00Z");
    app
}

/// A bearer-token GET, the body kept as bytes.
async fn get(api: &mut Client, path: &str, token: &str) -> crate::web_client::Response {
    let req = Request::builder()
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    api.send(req).await
}

fn consolidated(query: &str) -> String {
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

async fn a_number_is_given_once(t: &TestDb) {
    let app = app(t).await;
    let token = app.login("coord").await.new_token().await;
    let mut api = app.client();
    let ok = get(
        &mut api,
        &consolidated("number=15-02/2020&date=2020-10-15"),
        &token,
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    // The same report in its other form may carry the same number.
    let xlsx = get(
        &mut api,
        &consolidated("format=xlsx&number=15-02/2020&date=2020-10-15"),
        &token,
    )
    .await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.body);
    for other in [
        "/api/v1/reports/consolidated?period=2020-Q2&number=15-02/2020&date=2020-10-15",
        "/api/v1/reports/consolidated?period=2020-Q3&number=15-02/2020&date=2020-10-20",
    ] {
        let (status, err) = api.api("GET", other, &token, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{other}: {err}");
        assert_eq!(err["error"]["code"], "conflict");
        let message = err["error"]["message"].as_str().unwrap();
        assert!(message.contains("уже присвоен в 2020 году"), "{message}");
    }
    // Numbers run per year: the next year may use it again.
    let next = consolidated("number=15-02/2020&date=2021-01-11");
    assert_eq!(get(&mut api, &next, &token).await.status, StatusCode::OK);
    assert_eq!(
        issued_document::Entity::find().count(&t.db).await.unwrap(),
        3
    );
    for bad in ["number=15-02/2020&date=2020-13-01", "date=15/10/2020"] {
        let (status, err) = api.api("GET", &consolidated(bad), &token, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
        assert!(
            err["error"]["message"]
                .as_str()
                .unwrap()
                .contains("не дата")
        );
    }
    let long = format!("number={}", "1".repeat(41));
    let (status, _) = api.api("GET", &consolidated(&long), &token, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The page says it in Russian too.
    let mut page = app.login("coord").await;
    page.get("/dashboard?period=2020-Q3").await;
    let fields = [
        ("period", "2020-Q2"),
        ("number", "15-02/2020"),
        ("date", "2020-10-15"),
    ];
    let r = page.post("/reports/consolidated", &fields).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("уже присвоен"), "{}", r.body);
}

async fn only_coordinators_and_admins_issue_and_read_issued_documents(t: &TestDb) {
    let app = app(t).await;
    let coord = app.login("coord").await.new_token().await;
    let mut api = app.client();
    let issued = get(&mut api, &consolidated("number=1/2020"), &coord).await;
    assert_eq!(issued.status, StatusCode::OK);
    let viewer = app.login("viewer").await.new_token().await;
    let prok = app.login("prok").await.new_token().await;
    let admin = app.login("admin").await.new_token().await;
    let draft = get(&mut api, &consolidated("format=docx"), &viewer).await;
    assert_eq!(draft.status, StatusCode::OK, "a viewer still reads drafts");
    let r = get(&mut api, &consolidated("number=2/2020"), &viewer).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a viewer registers nothing"
    );
    let paths = [
        "/documents",
        "/documents/1",
        "/api/v1/documents",
        "/api/v1/documents/1",
    ];
    for token in [&viewer, &prok] {
        for path in paths {
            assert_eq!(
                get(&mut api, path, token).await.status,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
    }
    let r = get(&mut api, &consolidated("number=3/2020"), &prok).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    for path in paths {
        assert_eq!(
            get(&mut api, path, &admin).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    let anonymous = app.client().get("/api/v1/documents").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let anonymous = app.client().get("/documents").await;
    assert!(anonymous.status.is_redirection(), "to the login form");
    assert_eq!(
        issued_document::Entity::find().count(&t.db).await.unwrap(),
        1
    );
}
