//! Holes closed: where sign-in may send the browser, what stands in for the
//! CSRF token, what an anonymous visit stores, what survives disabling a
//! user, and what may be cached.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::{App, PASSWORD};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dozor::actor::Actor;
use dozor::db::entity::accounts::session;
use sea_orm::{EntityTrait, PaginatorTrait};
use tower::ServiceExt;

on_both_engines!(
    sign_in_never_leaves_the_site,
    only_a_valid_api_token_skips_csrf,
    the_login_page_stores_no_session,
    a_disabled_user_stays_signed_out_when_enabled_again,
    authenticated_answers_are_not_stored,
    an_uploads_token_travels_in_its_body_never_its_address,
);

async fn sign_in_with_next(app: &App, next: &str) -> crate::web_client::Response {
    let mut c = app.client();
    c.get("/login").await;
    c.post(
        "/login",
        &[("login", "coord"), ("password", PASSWORD), ("next", next)],
    )
    .await
}

async fn sign_in_never_leaves_the_site(t: &TestDb) {
    let app = App::new(t).await;
    for (next, to) in [
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("/\u{7f}/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/registry?q=abc", "/registry?q=abc"),
    ] {
        let r = sign_in_with_next(&app, next).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}: {}", r.body);
        assert_eq!(r.location.as_deref(), Some(to), "{next:?}");
    }
    // The form carries `next` as the query gave it, cleaned the same way.
    let page = app.client().get("/login?next=/%09/evil.example").await;
    assert!(
        page.body.contains("name=\"next\" value=\"/\""),
        "{}",
        page.body
    );
}

async fn only_a_valid_api_token_skips_csrf(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    // Any Authorization header used to let a cookie request through.
    for auth in ["Basic Y29vcmQ6eA==", "Bearer dzr_not-a-token"] {
        let r = c
            .post_with_headers("/logout", &[], &[("authorization", auth)])
            .await;
        // A page's 401 sends the browser to sign in; nothing was done.
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{auth}");
        let to = r.location.unwrap();
        assert!(to.starts_with("/login?next="), "{auth}: {to}");
    }
    assert_eq!(c.get("/dashboard").await.status, StatusCode::OK, "still in");
    let mut anon = app.client();
    anon.get("/login").await;
    let r = anon
        .post_with_headers(
            "/login",
            &[("login", "coord"), ("password", PASSWORD)],
            &[("authorization", "Basic eDp4")],
        )
        .await;
    assert!(r.location.unwrap().starts_with("/login?next="));
    assert_eq!(sessions(t).await, 1, "only the first client's session");
    // An API write with no credentials at all: 401, not a CSRF failure.
    let req = Request::post("/api/v1/indicators")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            r#"{"values":["evil.ru"],"category":"phishing"}"#,
        ))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body = axum::body::to_bytes(res.into_body(), 1 << 16)
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"]["code"], "unauthorized");
    // A valid token still needs no CSRF token.
    let token = c.new_token().await;
    let (status, out) = c
        .api(
            "POST",
            "/api/v1/indicators",
            &token,
            Some(serde_json::json!({"values": ["evil.ru"], "category": "phishing"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{out}");
}

async fn sessions(t: &TestDb) -> u64 {
    session::Entity::find().count(&t.db).await.unwrap()
}

async fn the_login_page_stores_no_session(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.client();
    let page = c.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(sessions(t).await, 0, "an anonymous visit stores nothing");
    let bad = c
        .post("/login", &[("login", "coord"), ("password", "wrong")])
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sessions(t).await, 0, "nor does a failed sign-in");
    // Without the double-submit cookie the form's token is worthless.
    let token = c.csrf();
    let mut other = app.client();
    let r = other
        .post_raw(
            "/login",
            &[("csrf", &token), ("login", "coord"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let ok = c
        .post("/login", &[("login", "coord"), ("password", PASSWORD)])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(sessions(t).await, 1, "the session starts at sign-in");
}

async fn a_disabled_user_stays_signed_out_when_enabled_again(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("umvd").await;
    assert_eq!(c.get("/obligations").await.status, StatusCode::OK);
    let now = crate::helpers::now();
    dozor::accounts::store::set_disabled(&t.db, "umvd", true, now, &Actor::named("test"))
        .await
        .unwrap();
    dozor::accounts::store::set_disabled(&t.db, "umvd", false, now, &Actor::named("test"))
        .await
        .unwrap();
    let r = c.get("/obligations").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the old cookie is dead");
    assert!(r.location.unwrap().starts_with("/login"));
    let mut again = app.login("umvd").await;
    assert_eq!(again.get("/obligations").await.status, StatusCode::OK);
}

async fn cache_control(app: &App, req: Request<Body>) -> Option<String> {
    let res = app.router.clone().oneshot(req).await.unwrap();
    res.headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_string())
}

async fn authenticated_answers_are_not_stored(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    let token = c.new_token().await;
    let page = Request::get("/dashboard")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(cache_control(&app, page).await.as_deref(), Some("no-store"));
    let api = Request::get("/api/v1/indicators")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(cache_control(&app, api).await.as_deref(), Some("no-store"));
    let css = Request::get("/static/dozor.css")
        .body(Body::empty())
        .unwrap();
    assert_ne!(cache_control(&app, css).await.as_deref(), Some("no-store"));
}

async fn an_uploads_token_travels_in_its_body_never_its_address(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    let plan = dozor::demo::SEED_PLAN.as_bytes();
    let (name, kind) = ("plan.txt", "text/plain");
    c.get("/plans").await;
    let token = c.csrf();
    // In the address only: an address ends up in logs and history.
    let in_address = format!("/plans/preview?csrf={token}");
    let r = c.send_multipart(&in_address, &[], name, kind, plan).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = c
        .send_multipart("/plans/preview", &[], name, kind, plan)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no token at all");
    // A field of the form, as the page sends it, before the file.
    let r = c.upload_with("/plans/preview", &[], name, kind, plan).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Предпросмотр") || r.body.contains("мероприят"),
        "{}",
        r.body
    );
}
