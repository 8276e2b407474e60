//! Cases named by registry writes: a reference to a missing agency is a
//! 422 (not a foreign key 500), an executor names and links only its own
//! agency's cases, and card numbers typed into free text are masked.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use dozor::db::entity::registry::{blocking_step, case, indicator};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

on_both_engines!(
    a_case_naming_a_missing_agency_is_refused,
    an_executor_keeps_to_its_own_agencys_cases,
    card_numbers_in_free_text_are_masked,
);

async fn indicators(app: &App) -> u64 {
    indicator::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn cases(app: &App) -> u64 {
    case::Entity::find().count(&app.state.db).await.unwrap()
}

async fn a_case_naming_a_missing_agency_is_refused(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    let token = c.new_token().await;
    let (status, err) = c
        .add_with_case(&token, json!({"number": "КУСП 1", "agency_id": 999_999}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "invalid");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("Нет ведомства"), "{message}");
    assert_eq!(indicators(&app).await, 0, "nothing half-written");
    assert_eq!(cases(&app).await, 0);
    // The same through the page, and a select value that is no number.
    c.get("/registry/new").await;
    for agency in ["999999", "УМВД"] {
        let r = c
            .post(
                "/registry/new",
                &[
                    ("values", "bad-shop.ru"),
                    ("category", "phishing"),
                    ("case_number", "КУСП 1"),
                    ("case_agency", agency),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("едомств"), "{}", r.body);
    }
    assert_eq!(indicators(&app).await, 0);
}

async fn an_executor_keeps_to_its_own_agencys_cases(t: &TestDb) {
    let app = App::new(t).await;
    let prok = app.agency("Прокуратура округа").await;
    let umvd_agency = app.agency("УМВД").await;
    let mut umvd = app.login("umvd").await;
    let token = umvd.new_token().await;
    let (status, err) = umvd
        .add_with_case(&token, json!({"number": "КУСП 7", "agency_id": prok}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("своего ведомства"), "{message}");
    umvd.get("/registry/new").await;
    let r = umvd
        .post(
            "/registry/new",
            &[
                ("values", "bad-shop.ru"),
                ("category", "phishing"),
                ("case_number", "КУСП 7"),
                ("case_agency", &prok.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("своего ведомства"), "{}", r.body);
    assert_eq!(cases(&app).await, 0);
    // The coordinator names any agency; the prosecutor's case stays its own.
    let mut coord = app.login("coord").await;
    let ctoken = coord.new_token().await;
    let (status, added) = coord
        .add_with_case(&ctoken, json!({"number": "КУСП 7", "agency_id": prok}))
        .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    let id = added[0]["id"].as_i64().unwrap();
    let link = format!("/registry/{id}/cases");
    umvd.get(&format!("/registry/{id}")).await;
    let r = umvd.post(&link, &[("case_number", "КУСП 7")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("другое ведомство"), "{}", r.body);
    // Its own new case is fine, and takes the executor's agency.
    let r = umvd.post(&link, &[("case_number", "КУСП 8")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cases = case::Entity::find().all(&app.state.db).await.unwrap();
    let own = cases.iter().find(|c| c.number == "КУСП 8").unwrap();
    assert_eq!(own.agency_id, Some(umvd_agency));
    let mut p = app.login("prok").await;
    p.get(&format!("/registry/{id}")).await;
    let r = p.post(&link, &[("case_number", "КУСП 7")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn card_numbers_in_free_text_are_masked(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    let token = c.new_token().await;
    let (status, added) = c
        .add_with_case(
            &token,
            json!({
                "number": "КУСП 12 (карта 4111 1111 1111 1111)",
                "article": "159.3, карта 5469-3800-1234-5678"
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    let id = added[0]["id"].as_i64().unwrap();
    let step = json!({"track": "extrajudicial", "step": "request_sent", "on": "2020-10-06",
        "note": "перевод на 2200123456789012"});
    let path = format!("/api/v1/indicators/{id}/steps");
    let (status, out) = c.api("POST", &path, &token, Some(step)).await;
    assert_eq!(status, StatusCode::OK, "{out}");
    let stored = case::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.number, "КУСП 12 (карта 4111 11•• •••• 1111)");
    assert_eq!(
        stored.article.as_deref(),
        Some("159.3, карта 5469-38••-••••-5678")
    );
    let note = blocking_step::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .note
        .unwrap();
    assert_eq!(note, "перевод на 220012••••••9012");
    // A criminal case number of 17 digits is no card and is kept whole.
    let body = json!({"values": ["other-shop.ru"], "category": "phishing",
        "case": {"number": "12001711234000056"}});
    let (status, _) = c
        .api("POST", "/api/v1/indicators", &token, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK);
    let numbers: Vec<String> = case::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.number)
        .collect();
    assert!(
        numbers.contains(&"12001711234000056".to_string()),
        "{numbers:?}"
    );
}
