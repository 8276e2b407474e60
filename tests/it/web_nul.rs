//! A NUL character anywhere in a request's text is refused with 422 before
//! a handler runs (PostgreSQL cannot store it and would answer 500), while
//! attachment contents, which are binary, may hold NUL bytes.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use dozor::db::entity::registry::{case, indicator};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

const MESSAGE: &str = "недопустимый символ (NUL)";

on_both_engines!(
    nul_in_the_login_form_is_422,
    nul_in_a_json_write_is_422_invalid,
    nul_in_page_forms_and_queries_is_422,
    nul_in_multipart_text_but_not_in_file_contents,
);

async fn nul_in_the_login_form_is_422(t: &TestDb) {
    let app = App::new(t).await;
    let mut anon = app.client();
    let r = anon.login("ad\0min", "pass\0word").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(MESSAGE), "{}", r.body);
    // Without even a CSRF token: nothing reaches the store.
    let r = anon.post_raw("/login", &[("login", "\0")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

async fn nul_in_a_json_write_is_422_invalid(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    let token = c.new_token().await;
    let (status, err) = c
        .add_with_case(&token, json!({"number": "КУСП\u{0} 1", "article": "159"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "invalid");
    assert!(
        err["error"]["message"].as_str().unwrap().contains(MESSAGE),
        "{err}"
    );
    let (status, _) = c
        .api("GET", "/api/v1/indicators?q=a%00", &token, None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // An escaped backslash before "u0000" is text, not a NUL.
    let (status, out) = c
        .add_with_case(&token, json!({"number": "КУСП \\u0000"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    let stored = case::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.number, "КУСП \\u0000");
}

async fn nul_in_page_forms_and_queries_is_422(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("prok").await;
    c.get("/registry/new").await;
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", "bad-shop.ru"),
                ("category", "phishing"),
                ("case_number", "КУСП\0 1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(MESSAGE), "{}", r.body);
    assert!(r.body.contains("<html"), "a Russian page, not JSON");
    let count = indicator::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(count, 0);
    for path in ["/registry?q=a%00b", "/registry/%00", "/api/v1/check?q=%00"] {
        let r = c.get(path).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
    // The check API, outside the guard, refuses it on its own.
    let req = axum::http::Request::post("/api/v1/check")
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(r#"["evil.ru", "a\u0000b"]"#))
        .unwrap();
    let r = c.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

async fn nul_in_multipart_text_but_not_in_file_contents(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("8").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    e.get(&path).await;
    let upload = format!("{path}/attachments");
    let binary = b"PK\x03\x04\0\0\0binary\0";
    let r = e
        .upload(&upload, "scan.bin", "application/octet-stream", binary)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = e
        .upload(&upload, "scan\0.bin", "application/octet-stream", b"x")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let mut c = app.login("coord").await;
    c.get("/registry/import").await;
    let r = c
        .upload_with(
            "/registry/import",
            &[("format", "csv\0")],
            "feed.csv",
            "text/csv",
            b"value\nbad-shop.ru\n",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(MESSAGE), "{}", r.body);
}

/// The guard buffers bodies to scan them: a form body beyond the 2 MB its
/// extractor allows is refused, not held in memory in full.
#[tokio::test]
async fn a_large_form_body_is_refused_before_buffering() {
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;
    let t = crate::helpers::sqlite().await;
    let app = App::new(&t).await;
    let big = format!("login=coord&password={}", "a".repeat(3 * 1024 * 1024));
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(big))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
