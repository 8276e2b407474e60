//! The registry's JSON API: add (all or nothing), list with paging, one
//! indicator, blocking steps; stable error codes; the same access rules as
//! the pages.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use serde_json::json;

on_both_engines!(registry_api_round_trip);

async fn registry_api_round_trip(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("umvd").await;
    let token = c.new_token().await;
    let body = json!({
        "values": ["8 (912) 345-67-89", "https://ПРИМЕР.рф/вход", "+79123456789"],
        "category": "fake_bank_call",
        "case": {"number": "КУСП 42", "registered_on": "2020-10-05", "article": "159", "damage": 5000}
    });
    let (status, added) = c
        .api("POST", "/api/v1/indicators", &token, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added.as_array().unwrap().len(), 3);
    assert_eq!(added[2]["merged"], true, "the same phone merges");
    assert_eq!(added[0]["id"], added[2]["id"]);
    let id = added[0]["id"].as_i64().unwrap();
    // A bad value refuses the whole list with a stable code.
    let bad = json!({"values": ["good-shop.ru", "12345"], "category": "phishing"});
    let (status, err) = c.api("POST", "/api/v1/indicators", &token, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["code"], "invalid");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Строка 2")
    );
    let (_, list) = c.api("GET", "/api/v1/indicators", &token, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert!(list["next_before"].is_null());
    let (_, found) = c
        .api("GET", "/api/v1/indicators?q=89123456789", &token, None)
        .await;
    assert_eq!(found["items"][0]["canonical"], "+79123456789");
    let (status, one) = c
        .api("GET", &format!("/api/v1/indicators/{id}"), &token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["cases"][0]["number"], "КУСП 42");
    assert_eq!(one["cases"][0]["damage"], 5000);
    assert_eq!(one["values"].as_array().unwrap().len(), 2);
    let step = json!({"track": "extrajudicial", "step": "request_sent", "on": "2020-10-06"});
    let path = format!("/api/v1/indicators/{id}/steps");
    let (status, out) = c.api("POST", &path, &token, Some(step)).await;
    assert_eq!(
        (status, out["status"].as_str()),
        (StatusCode::OK, Some("blocking"))
    );
    let early = json!({"track": "extrajudicial", "step": "blocked", "on": "2020-10-01"});
    let (status, err) = c.api("POST", &path, &token, Some(early)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let (status, _) = c
        .api("GET", "/api/v1/indicators/999999", &token, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Viewers read and cannot write; the spec lists the routes.
    let mut v = app.login("viewer").await;
    let vt = v.new_token().await;
    let (status, _) = v.api("GET", "/api/v1/indicators", &vt, None).await;
    assert_eq!(status, StatusCode::OK);
    let body = json!({"values": ["x-scam.ru"], "category": "phishing"});
    let (status, err) = v.api("POST", "/api/v1/indicators", &vt, Some(body)).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (_, spec) = v.api("GET", "/api/v1/openapi.json", &vt, None).await;
    assert!(spec["paths"]["/api/v1/indicators/{id}/steps"]["post"].is_object());
}
