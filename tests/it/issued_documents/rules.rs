//! The rules of issuing: a number given once per organisation and year
//! (the same report may carry it in both forms), bad numbers and dates
//! refused, and only coordinators and admins issue and read issued documents.

use super::{app, consolidated, get};
use crate::helpers::{TestDb, on_both_engines};
use axum::http::StatusCode;
use dozor::db::entity::control::issued_document;
use sea_orm::{EntityTrait, PaginatorTrait};

on_both_engines!(
    a_number_is_given_once,
    only_coordinators_and_admins_issue_and_read_issued_documents,
    a_request_that_lost_the_race_gets_the_kept_issue,
);

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
    let other_report =
        "/api/v1/reports/consolidated?period=2020-Q2&number=15-02/2020&date=2020-10-15";
    let (status, err) = api.api("GET", other_report, &token, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "conflict");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("№ 15-02/2020 уже присвоен в 2020 году другому документу"),
        "{message}"
    );
    // The same report on another day: the number names the first issue.
    let other_day = consolidated("number=15-02/2020&date=2020-10-20");
    let (status, err) = api.api("GET", &other_day, &token, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("уже присвоен этому отчёту 15.10.2020"),
        "{message}"
    );
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

/// Two requests for one issue at once both find nothing kept; the later
/// insert meets the unique index and answers with the earlier's document,
/// while another document under the number is still refused.
async fn a_request_that_lost_the_race_gets_the_kept_issue(t: &TestDb) {
    use dozor::control::documents::{keep, store::Issuing};
    let app = app(t).await;
    let who = dozor::actor::Actor::named("test");
    let wanted = Issuing {
        plan_id: app.plan_id,
        period: "2020-Q3".into(),
        kind: "consolidated_docx".into(),
        number: "15-02/2020".into(),
        organisation: "Прокуратура округа".into(),
        issued_on: chrono::NaiveDate::from_ymd_opt(2020, 10, 15).unwrap(),
    };
    let now = crate::helpers::now();
    let keep_bytes = |bytes: &'static [u8], wanted: Issuing| {
        let (db, who) = (t.db.clone(), who.clone());
        async move { keep(&db, &who, &wanted, "a.docx", "x/y", bytes.to_vec(), now).await }
    };
    let first = keep_bytes(b"first", wanted.clone()).await.unwrap();
    let second = keep_bytes(b"second", wanted.clone()).await.unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.bytes, b"first");
    let other = Issuing {
        period: "2020-Q2".into(),
        ..wanted
    };
    let err = keep_bytes(b"other", other).await.unwrap_err();
    assert!(matches!(err, dozor::error::Error::Conflict(_)), "{err:?}");
    assert_eq!(
        issued_document::Entity::find().count(&t.db).await.unwrap(),
        1
    );
}
