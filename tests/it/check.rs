//! The public check service: the index loaded from the store, the JSON API
//! in-process, the batch and rate limits, and `sync` after writes.

use crate::helpers::{TestDb, now, on_both_engines};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dozor::check::api::{CheckState, router};
use dozor::check::limit::RateLimiter;
use dozor::check::service::CheckService;
use dozor::db::entity::registry::{indicator, registry_change};
use dozor_indicator::model::CardKey;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};
use std::sync::Arc;
use tower::ServiceExt;

async fn add(t: &TestDb, kind: &str, canonical: &str, category: &str) -> i32 {
    let row = indicator::ActiveModel {
        kind: Set(kind.into()),
        canonical: Set(canonical.into()),
        display: Set(canonical.into()),
        raw: Set(canonical.into()),
        category: Set(category.into()),
        status: Set("active".into()),
        source: Set("manual".into()),
        first_seen: Set(now()),
        last_seen: Set(now()),
        created_by: Set(None),
        owner: Set(None),
        owner_checked_at: Set(None),
        ..Default::default()
    };
    row.insert(&t.db).await.unwrap().id
}

async fn changed(t: &TestDb, indicator_id: Option<i32>) {
    registry_change::ActiveModel {
        indicator_id: Set(indicator_id),
        at: Set(now()),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .unwrap();
}

async fn service(t: &TestDb) -> Arc<CheckService> {
    add(t, "url", "http://evil.example/", "phishing").await;
    add(t, "url", "http://evil.ru/", "phishing").await;
    add(t, "domain", "bad-bank.ru", "fake_bank_call").await;
    add(t, "phone", "+79123456789", "fake_bank_call").await;
    changed(t, None).await;
    Arc::new(
        CheckService::load(&t.db, Some(CardKey(b"k".to_vec())))
            .await
            .unwrap(),
    )
}

fn app(service: &Arc<CheckService>, per_minute: u32) -> Router {
    router(CheckState::new(
        service.clone(),
        Arc::new(RateLimiter::new(per_minute)),
    ))
}

async fn call(app: &Router, req: Request<Body>) -> (StatusCode, Option<String>, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let retry = res
        .headers()
        .get(header::RETRY_AFTER)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, retry, serde_json::from_slice(&bytes).unwrap())
}

fn get(q: &str) -> Request<Body> {
    let uri = format!("/api/v1/check?q={}", dozor::web::urlencode(q));
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post(values: &Value) -> Request<Body> {
    Request::post("/api/v1/check")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(values.to_string()))
        .unwrap()
}

async fn answers_one_value(t: &TestDb) {
    let s = service(t).await;
    assert_eq!(s.len(), 4);
    assert!(s.last_change() > 0);
    let app = app(&s, 0);
    let (status, _, body) = call(&app, get("http://sub.evil.example/login?x=1")).await;
    assert_eq!(status, StatusCode::OK);
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["query", "kind", "canonical", "listed", "match", "advice"]
    );
    assert_eq!(body["kind"], "url");
    assert_eq!(body["listed"], true);
    assert_eq!(body["match"]["category"], "phishing");
    assert_eq!(body["match"]["expression"], "evil.example/");
    assert_eq!(body["match"]["first_seen"], "2026-11-28");
    assert!(
        body["advice"]
            .as_str()
            .unwrap()
            .contains("Не вводите данные карты")
    );

    let (_, _, body) = call(&app, get("https://www.bad-bank.ru/")).await;
    assert_eq!(
        (&body["listed"], &body["match"]["expression"]),
        (&json!(true), &json!("bad-bank.ru"))
    );
    let (_, _, body) = call(&app, get("8 (912) 345-67-89")).await;
    assert_eq!(
        (&body["kind"], &body["listed"]),
        (&json!("phone"), &json!(true))
    );
    assert!(body["advice"].as_str().unwrap().contains("Банк не звонит"));

    let (_, _, body) = call(&app, get("4111 1111 1111 1111")).await;
    assert_eq!(
        (&body["kind"], &body["listed"]),
        (&json!("card"), &json!(false))
    );
    // Neither the number nor its HMAC (an oracle for guessing the hidden
    // digits against an export's hashes): BIN and last four only.
    assert_eq!(body["canonical"], json!("4111 11•• •••• 1111"));
    assert_eq!(body["query"], json!("4111 11•• •••• 1111"));
    assert!(!body.to_string().contains("1111 1111"), "{body}");
    // A mistyped card is not recognised, and still not echoed in full.
    let (_, _, body) = call(&app, get("4111 1111 1111 1112")).await;
    assert_eq!(body["kind"], Value::Null);
    assert_eq!(body["query"], json!("4111 11•• •••• 1112"));

    let (_, _, body) = call(&app, get("просто текст")).await;
    assert_eq!(
        (&body["kind"], &body["listed"]),
        (&Value::Null, &json!(false))
    );
    assert!(body["advice"].as_str().unwrap().contains("распознать"));

    let missing = Request::get("/api/v1/check").body(Body::empty()).unwrap();
    let (status, _, body) = call(&app, missing).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid"))
    );
}

async fn answers_a_batch(t: &TestDb) {
    let s = service(t).await;
    let app = app(&s, 0);
    let (status, _, body) = call(&app, post(&json!(["evil.ru", "good.ru"]))).await;
    assert_eq!(status, StatusCode::OK);
    let list = body.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (&list[0]["listed"], &list[1]["listed"]),
        (&json!(true), &json!(false))
    );
    assert!(
        list[1]["advice"]
            .as_str()
            .unwrap()
            .starts_with("В реестре нет")
    );

    let too_many: Vec<String> = (0..1_001).map(|i| format!("site{i}.ru")).collect();
    let (status, _, body) = call(&app, post(&json!(too_many))).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid"))
    );
    let (status, _, body) = call(&app, post(&json!({"q": 1}))).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid"))
    );
    // serde's message quotes what it could not take: not a card in full.
    let (status, _, body) = call(&app, post(&json!("2200 0000 0000 1234"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("2200 00•• •••• 1234"), "{message}");
}

/// Guesses at a card's hidden digits cost a request each, batch or not.
async fn cards_in_a_batch_count_against_the_limit(t: &TestDb) {
    let s = service(t).await;
    let lenient = app(&s, 5);
    let cards = json!(["4111 1111 1111 1111", "2200 0000 0000 1234", "evil.ru"]);
    assert_eq!(
        call(&lenient, post(&cards)).await.0,
        StatusCode::OK,
        "costs 2"
    );
    assert_eq!(
        call(&lenient, post(&cards)).await.0,
        StatusCode::OK,
        "costs 2"
    );
    let (status, retry, _) = call(&lenient, post(&cards)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "5 - 4 leaves 1");
    assert!(retry.is_some());
    // Links in a batch stay at one request for the lot.
    let strict = app(&s, 1);
    let links: Vec<String> = (0..1_000).map(|i| format!("site{i}.ru")).collect();
    assert_eq!(call(&strict, post(&json!(links))).await.0, StatusCode::OK);
}

async fn rate_limits_per_address(t: &TestDb) {
    let s = service(t).await;
    let app = app(&s, 2);
    assert_eq!(call(&app, get("evil.ru")).await.0, StatusCode::OK);
    assert_eq!(call(&app, post(&json!(["a.ru"]))).await.0, StatusCode::OK);
    let (status, retry, body) = call(&app, get("evil.ru")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"]["code"], "rate_limited");
    // Over the limit, a body is not even read: 429, not 422.
    let (status, _, _) = call(&app, post(&json!({"not": "a list"}))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let secs: u64 = retry.unwrap().parse().unwrap();
    assert!((1..=60).contains(&secs));
}

async fn sync_follows_the_change_log(t: &TestDb) {
    let s = service(t).await;
    assert!(!s.check("new.ru").listed);
    let id = add(t, "domain", "new.ru", "fake_shop").await;
    changed(t, Some(id)).await;
    let phone = indicator::Entity::find()
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.kind == "phone")
        .unwrap();
    indicator::Entity::delete_by_id(phone.id)
        .exec(&t.db)
        .await
        .unwrap();
    changed(t, Some(phone.id)).await;
    s.sync(&t.db).await.unwrap();
    assert!(s.check("https://shop.new.ru/cart").listed);
    assert!(!s.check("+7 912 345-67-89").listed);
    assert_eq!(s.len(), 4);
    // Nothing new: a no-op. A `None` change reloads everything.
    s.sync(&t.db).await.unwrap();
    indicator::Entity::delete_by_id(id)
        .exec(&t.db)
        .await
        .unwrap();
    changed(t, None).await;
    s.sync(&t.db).await.unwrap();
    assert!(!s.check("new.ru").listed);
    assert_eq!(s.len(), 3);
}

on_both_engines!(
    cards_in_a_batch_count_against_the_limit,
    answers_one_value,
    answers_a_batch,
    rate_limits_per_address,
    sync_follows_the_change_log,
);

/// Through the whole app: the check API is public and needs no CSRF token.
#[tokio::test]
async fn the_app_serves_the_check_api_publicly() {
    let t = crate::helpers::sqlite().await;
    let app = crate::web_client::App::new(&t).await;
    let mut c = app.client();
    let r = c.get("/api/v1/check?q=https%3A%2F%2Fexample.org%2F").await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        (v["kind"].as_str(), v["listed"].as_bool()),
        (Some("url"), Some(false))
    );
    let (status, v) = c
        .api(
            "POST",
            "/api/v1/check",
            "",
            Some(serde_json::json!(["+7 912 345-67-89", "x"])),
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::OK, "{v}");
    assert_eq!(v.as_array().unwrap().len(), 2);
    t.close().await;
}
