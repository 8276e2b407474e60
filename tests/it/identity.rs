//! One identity per resource, through the real router: a Telegram account,
//! a WhatsApp number and a page shared with tracking parameters are each
//! one indicator, found by the public check however they are written, and
//! adding another spelling merges instead of making a second indicator.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::{App, Client};
use axum::http::StatusCode;
use serde_json::{Value, json};

on_both_engines!(
    a_telegram_account_is_one_indicator_whatever_its_spelling,
    a_messenger_number_is_the_phone,
    a_page_matches_however_it_was_shared,
);

async fn check(c: &mut Client, q: &str) -> Value {
    let r = c
        .get(&format!("/api/v1/check?q={}", dozor::web::urlencode(q)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn add(c: &mut Client, token: &str, value: &str, kind: Option<&str>) -> Value {
    let mut body = json!({"values": [value], "category": "phishing"});
    if let Some(kind) = kind {
        body["kind"] = json!(kind);
    }
    let (status, added) = c.api("POST", "/api/v1/indicators", token, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{value}: {added}");
    added[0].clone()
}

async fn count(c: &mut Client, token: &str) -> usize {
    let (_, list) = c.api("GET", "/api/v1/indicators", token, None).await;
    list["items"].as_array().unwrap().len()
}

async fn a_telegram_account_is_one_indicator_whatever_its_spelling(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("prok").await;
    // Listed from its link through the add form.
    c.get("/registry/new").await;
    let r = c
        .post(
            "/registry/new",
            &[
                ("values", "https://t.me/Scam_Support"),
                ("category", "phishing"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut public = app.client();
    for q in [
        "@scam_support",
        "@Scam_Support",
        "t.me/scam_support",
        "https://telegram.me/scam_support",
        "telegram.dog/SCAM_SUPPORT",
        "tg://resolve?domain=scam_support",
    ] {
        let v = check(&mut public, q).await;
        assert_eq!(v["listed"], true, "{q}: {v}");
        assert_eq!(
            (v["kind"].as_str(), v["canonical"].as_str()),
            (Some("messenger"), Some("t.me/scam_support")),
            "{q}"
        );
    }
    let token = c.new_token().await;
    let first = add(&mut c, &token, "t.me/scam_support", None).await;
    for (value, kind) in [
        ("@Scam_Support", None),
        ("https://telegram.me/scam_support", None),
        ("https://t.me/scam_support", Some("social")),
        ("https://t.me/scam_support", Some("url")),
        ("@scam_support", Some("messenger")),
    ] {
        let again = add(&mut c, &token, value, kind).await;
        assert_eq!(again["merged"], true, "{value} as {kind:?}: {again}");
        assert_eq!(again["id"], first["id"], "{value}");
    }
    assert_eq!(count(&mut c, &token).await, 1);
    let id = first["id"].as_i64().unwrap();
    let (_, one) = c
        .api("GET", &format!("/api/v1/indicators/{id}"), &token, None)
        .await;
    assert_eq!(one["kind"], "messenger", "{one}");
    // Each spelling is kept as a raw value of the one indicator.
    let values = one["values"].as_array().unwrap();
    assert!(values.len() >= 4, "{one}");
    // A Telegram name is no phone, and says so.
    let body = json!({"values": ["@scam_support"], "category": "phishing", "kind": "phone"});
    let (status, err) = c
        .api("POST", "/api/v1/indicators", &token, Some(body))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "invalid");
}

async fn a_messenger_number_is_the_phone(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("prok").await;
    let token = c.new_token().await;
    let first = add(&mut c, &token, "https://wa.me/79123456789?text=hi", None).await;
    assert_eq!(first["merged"], false);
    let mut public = app.client();
    for q in [
        "+7 912 345-67-89",
        "8 (912) 345-67-89",
        "viber://chat?number=%2B79123456789",
        "https://api.whatsapp.com/send?phone=79123456789",
        "https://t.me/+79123456789",
    ] {
        let v = check(&mut public, q).await;
        assert_eq!(v["listed"], true, "{q}: {v}");
        assert_eq!(v["kind"], "phone", "{q}");
    }
    for (value, kind) in [
        ("+7 912 345-67-89", None),
        ("viber://chat?number=%2B79123456789", Some("messenger")),
        ("wa.me/79123456789", Some("phone")),
    ] {
        let again = add(&mut c, &token, value, kind).await;
        assert_eq!(again["id"], first["id"], "{value} as {kind:?}: {again}");
    }
    assert_eq!(count(&mut c, &token).await, 1);
}

async fn a_page_matches_however_it_was_shared(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("prok").await;
    let token = c.new_token().await;
    let first = add(
        &mut c,
        &token,
        "https://pay-secure.example.ru/card?order=7&utm_source=vk&utm_medium=post",
        None,
    )
    .await;
    let id = first["id"].as_i64().unwrap();
    let (_, one) = c
        .api("GET", &format!("/api/v1/indicators/{id}"), &token, None)
        .await;
    assert_eq!(
        one["canonical"],
        "https://pay-secure.example.ru/card?order=7"
    );
    let mut public = app.client();
    let v = check(
        &mut public,
        "pay-secure.example.ru/card?fbclid=IwAR&order=7",
    )
    .await;
    assert_eq!(v["listed"], true, "{v}");
    let v = check(&mut public, "https://pay-secure.example.ru/card?order=8").await;
    assert_eq!(v["listed"], false, "{v}");
    let again = add(
        &mut c,
        &token,
        "https://pay-secure.example.ru/card?order=7&yclid=123",
        None,
    )
    .await;
    assert_eq!(again["id"], first["id"], "{again}");
    assert_eq!(count(&mut c, &token).await, 1);
}
