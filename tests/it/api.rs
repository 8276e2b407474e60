//! The JSON API: token and session authentication, stable error codes,
//! executors limited to their agency, the OpenAPI document.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use serde_json::json;

on_both_engines!(
    api_reads_and_writes_with_tokens,
    api_errors_are_json_with_codes
);

async fn api_reads_and_writes_with_tokens(t: &TestDb) {
    let app = App::new(t).await;
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    let token = e.new_token().await;
    let mut api = app.client();
    let (status, plans) = api.api("GET", "/api/v1/plans", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(plans[0]["reporting"], "quarter");
    let (_, plan) = api
        .api(
            "GET",
            &format!("/api/v1/plans/{}", app.plan_id),
            &token,
            None,
        )
        .await;
    assert_eq!(plan["measures"].as_array().unwrap().len(), 15);
    assert_eq!(
        plan["measures"][13]["schedule"],
        json!({"kind": "once", "due": "2020-09-30"})
    );
    let (_, obs) = api
        .api(
            "GET",
            "/api/v1/obligations?period=2020-Q3&agency=999",
            &token,
            None,
        )
        .await;
    let obs = obs.as_array().unwrap();
    assert_eq!(
        obs.len(),
        14,
        "an executor sees only its own 14 obligations, whatever it asks"
    );
    assert!(obs.iter().all(|o| o["agency"] == "Прокуратура округа"));
    let m = app.measure_id("9").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/api/v1/reports/{m}/{a}/2020-Q3");
    let body =
        json!({"body": "Выявлено 3 сайта", "metrics": {"resources_identified": 3}, "submit": true});
    let (status, report) = api.api("PUT", &path, &token, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["status"], "submitted_on_time");
    assert_eq!(report["metrics"]["resources_identified"], 3.0);
    let other = app.agency("УМВД").await;
    let (status, err) = api
        .api(
            "PUT",
            &format!("/api/v1/reports/{m}/{other}/2020-Q3"),
            &token,
            Some(json!({"body": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(err["error"]["code"], "forbidden");
    let (status, _) = api
        .api(
            "GET",
            &format!("/api/v1/reports/{m}/{other}/2020-Q3"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // With the session cookie a write needs the CSRF header.
    let (status, err) = e.put_json_session(&path, None, json!({"body": "x"})).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("csrf_failed"))
    );
    let csrf = e.csrf();
    let (status, err) = e
        .put_json_session(&path, Some(&csrf), json!({"body": "x"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "already submitted: {err}");
    assert_eq!(err["error"]["code"], "conflict");
}

async fn api_errors_are_json_with_codes(t: &TestDb) {
    let app = App::new(t).await;
    let mut anon = app.client();
    let r = anon.get("/api/v1/plans").await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "no redirect for the API"
    );
    let err: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(err["error"]["code"], "unauthorized");
    let mut c = app.login("coord").await;
    let token = c.new_token().await;
    let mut api = app.client();
    let (status, err) = api.api("GET", "/api/v1/plans/999", &token, None).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, err) = api
        .api("GET", "/api/v1/obligations?period=2020-13", &token, None)
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid"))
    );
    let m = app.measure_id("1").await;
    let a = app.agency("УМВД").await;
    let (status, _) = api
        .api(
            "PUT",
            &format!("/api/v1/reports/{m}/{a}/2020-Q3"),
            &token,
            Some(json!({"body": "x"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "coordinators do not write reports"
    );
    let mut e = app.login("umvd").await;
    let etoken = e.new_token().await;
    let (status, err) = api
        .api(
            "PUT",
            &format!("/api/v1/reports/{m}/{a}/2020-Q3"),
            &etoken,
            Some(json!({"body": "", "submit": true})),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid"))
    );
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("заполните текст отчёта")
    );
    let (status, err) = api
        .api(
            "PUT",
            &format!("/api/v1/reports/{m}/{a}/2020-Q3"),
            &etoken,
            Some(json!({"body": 5})),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid")),
        "{err}"
    );
    let doc = anon.get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    assert!(doc["paths"]["/api/v1/reports/{measure}/{agency}/{period}"]["put"].is_object());
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
}
