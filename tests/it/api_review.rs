//! The coordinator's API: accept and return reports, extensions, period
//! locks and the consolidated report, with the same rules as the pages.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

on_both_engines!(
    a_report_is_returned_and_accepted_through_the_api,
    extensions_and_locks_through_the_api,
    the_consolidated_report_downloads_through_the_api,
);

/// A coordinator's token, an executor's (Прокуратура округа) and a report's path.
async fn setup(app: &App) -> (String, String, String) {
    app.at("2020-10-05T06:00:00Z");
    let coord = app.login("coord").await.new_token().await;
    let prok = app.login("prok").await.new_token().await;
    let m = app.measure_id("9").await;
    let a = app.agency("Прокуратура округа").await;
    (coord, prok, format!("/api/v1/reports/{m}/{a}/2020-Q3"))
}

async fn a_report_is_returned_and_accepted_through_the_api(t: &TestDb) {
    let app = App::new(t).await;
    let (coord, prok, path) = setup(&app).await;
    let mut api = app.client();
    let submit =
        json!({"body": "Выявлено 3 сайта", "metrics": {"resources_identified": 3}, "submit": true});
    let (status, _) = api.api("PUT", &path, &prok, Some(submit.clone())).await;
    assert_eq!(status, StatusCode::OK);
    let back = format!("{path}/return");
    let (status, err) = api
        .api("POST", &back, &prok, Some(json!({"comment": "x"})))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an executor decides nothing: {err}"
    );
    let (status, err) = api.api("POST", &back, &coord, Some(json!({}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "invalid");
    let comment = json!({"comment": "Приложите перечень сайтов"});
    let (status, r) = api.api("POST", &back, &coord, Some(comment)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["report_state"], "returned");
    assert_eq!(r["coordinator_comment"], "Приложите перечень сайтов");
    let accept = format!("{path}/accept");
    let (status, err) = api.api("POST", &accept, &coord, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing submitted: {err}");
    api.api("PUT", &path, &prok, Some(submit)).await;
    let (status, r) = api.api("POST", &accept, &coord, None).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["report_state"], "accepted");
}

async fn extensions_and_locks_through_the_api(t: &TestDb) {
    let app = App::new(t).await;
    let (coord, prok, path) = setup(&app).await;
    let mut api = app.client();
    let ask = json!({"new_due": "2020-10-30", "reason": "Ждём ответ провайдера"});
    let (status, e) = api
        .api("POST", &format!("{path}/extension"), &prok, Some(ask))
        .await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert_eq!(e["state"], "requested");
    let grant = format!("/api/v1/extensions/{}/grant", e["id"]);
    let (status, _) = api.api("POST", &grant, &prok, Some(json!({}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, e) = api.api("POST", &grant, &coord, Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert_eq!(e["state"], "granted");
    let (status, _) = api.api("POST", &grant, &coord, Some(json!({}))).await;
    assert_eq!(status, StatusCode::CONFLICT, "decided once");

    let lock = "/api/v1/periods/2020-Q3/lock";
    let (status, _) = api.api("POST", lock, &prok, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, l) = api.api("POST", lock, &coord, None).await;
    assert_eq!((status, l["locked"].clone()), (StatusCode::OK, json!(true)));
    let (status, _) = api.api("POST", lock, &coord, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "already closed");
    let body = json!({"body": "поздно", "metrics": {"resources_identified": 1}, "submit": true});
    let (status, err) = api.api("PUT", &path, &prok, Some(body)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "period_locked");
    let unlock = "/api/v1/periods/2020-Q3/unlock";
    let (status, _) = api
        .api("POST", unlock, &coord, Some(json!({"reason": " "})))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let why = json!({"reason": "Уточнение данных"});
    let (status, l) = api.api("POST", unlock, &coord, Some(why)).await;
    assert_eq!(
        (status, l["locked"].clone()),
        (StatusCode::OK, json!(false))
    );
}

async fn the_consolidated_report_downloads_through_the_api(t: &TestDb) {
    let app = App::new(t).await;
    let (coord, prok, _) = setup(&app).await;
    let mut api = app.client();
    let get = |token: &str, query: &str| {
        Request::builder()
            .uri(format!("/api/v1/reports/consolidated{query}"))
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let r = api.send(get(&coord, "?period=2020-Q3&format=xlsx")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    assert_eq!(r.content_type.as_deref(), Some(xlsx));
    assert!(r.body.starts_with("PK"), "a zip package");
    let r = api.send(get(&coord, "?period=2020-Q3")).await;
    assert!(r.content_type.unwrap().contains("wordprocessingml"));
    let r = api.send(get(&coord, "?format=pdf")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api.send(get(&prok, "?period=2020-Q3")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "not for executors");
}
