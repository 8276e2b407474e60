//! The web app through its real router: sign-in, CSRF, the role × route
//! matrix, and a report's whole life.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::{App, PASSWORD};
use axum::http::StatusCode;

on_both_engines!(
    health_and_sign_in,
    failed_logins_are_rate_limited,
    forms_need_the_csrf_token,
    role_route_matrix,
    report_lifecycle,
    api_tokens_are_shown_once_and_revocable,
);

async fn health_and_sign_in(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.client();
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    let r = c.get("/dashboard?period=2020-Q3").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location.as_deref(),
        Some("/login?next=/dashboard%3Fperiod%3D2020-Q3")
    );
    let r = c.login("coord", "wrong password").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Неверный логин или пароль"));
    let r = c.login("coord", PASSWORD).await;
    assert_eq!(r.location.as_deref(), Some("/"));
    let r = c.get("/").await;
    assert_eq!(r.location.as_deref(), Some("/dashboard"));
    let r = c.get("/dashboard?period=2020-Q3").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("III квартал 2020 г."));
    // Signing out ends the session on the server.
    c.post("/logout", &[]).await;
    assert_eq!(c.get("/dashboard").await.status, StatusCode::SEE_OTHER);
    // The login form never redirects off-site.
    let mut e = app.client();
    e.get("/login").await;
    let r = e
        .post(
            "/login",
            &[
                ("login", "umvd"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/"));
}

async fn failed_logins_are_rate_limited(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.client();
    for _ in 0..5 {
        assert_eq!(
            c.login("prok", "nope").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let r = c.login("prok", PASSWORD).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password is refused too"
    );
    // It backs off (see login_backoff.rs): a second later it may try again.
    app.at("2026-11-28T10:00:01Z");
    assert_eq!(
        c.login("prok", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // Any account backs off after 20 failures from one address.
    let mut other = app.client();
    for i in 0..20 {
        let login = format!("ghost{i}");
        assert_eq!(
            other.login(&login, "x").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        other.login("umvd", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn forms_need_the_csrf_token(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("prok").await;
    let m = app.measure_id("1").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    c.get(&path).await;
    let r = c
        .post_raw(&path, &[("body", "x"), ("action", "draft")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("Форма устарела"),
        "a Russian page: {}",
        r.body
    );
    let r = c
        .post_raw(
            &path,
            &[("csrf", "0000"), ("body", "x"), ("action", "draft")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c.post(&path, &[("body", "x"), ("action", "draft")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

async fn role_route_matrix(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("1").await;
    let own = app.agency("Прокуратура округа").await;
    let other = app.agency("УМВД").await;
    let own_report = format!("/reports/{m}/{own}/2020-Q3");
    let other_report = format!("/reports/{m}/{other}/2020-Q3");
    use StatusCode as S;
    // (route, admin, coordinator, viewer, executor of `own`, anonymous)
    let gets: Vec<(String, [S; 5])> = vec![
        (
            "/dashboard?period=2020-Q3".into(),
            [S::OK, S::OK, S::OK, S::FORBIDDEN, S::SEE_OTHER],
        ),
        (
            "/obligations?period=2020-Q3".into(),
            [
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::OK,
                S::SEE_OTHER,
            ],
        ),
        (
            own_report.clone(),
            [S::OK, S::OK, S::OK, S::OK, S::SEE_OTHER],
        ),
        (
            other_report.clone(),
            [S::OK, S::OK, S::OK, S::FORBIDDEN, S::SEE_OTHER],
        ),
        ("/tokens".into(), [S::OK, S::OK, S::OK, S::OK, S::SEE_OTHER]),
        (
            "/activities".into(),
            [S::OK, S::OK, S::OK, S::OK, S::SEE_OTHER],
        ),
        (
            "/activities/new".into(),
            [S::FORBIDDEN, S::OK, S::FORBIDDEN, S::OK, S::SEE_OTHER],
        ),
        (
            "/activities/export.xlsx".into(),
            [S::OK, S::OK, S::OK, S::OK, S::SEE_OTHER],
        ),
        ("/healthz".into(), [S::OK; 5]),
    ];
    type Post<'a> = (String, Vec<(&'a str, &'a str)>, [S; 5]);
    let posts: Vec<Post> = vec![
        // Anonymous posts go to the login form like anonymous pages do.
        (
            own_report.clone(),
            vec![("body", "t"), ("action", "draft")],
            [
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::SEE_OTHER,
                S::SEE_OTHER,
            ],
        ),
        (
            other_report.clone(),
            vec![("body", "t"), ("action", "draft")],
            [
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::SEE_OTHER,
            ],
        ),
        (
            format!("{other_report}/accept"),
            vec![],
            [
                S::FORBIDDEN,
                S::CONFLICT,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::SEE_OTHER,
            ],
        ),
        (
            format!("{other_report}/return"),
            vec![("comment", "c")],
            [
                S::FORBIDDEN,
                S::CONFLICT,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::SEE_OTHER,
            ],
        ),
    ];
    for (i, login) in ["admin", "coord", "viewer", "prok", ""].iter().enumerate() {
        let mut c = if login.is_empty() {
            let mut c = app.client();
            c.get("/login").await;
            c
        } else {
            app.login(login).await
        };
        for (route, expected) in &gets {
            assert_eq!(
                c.get(route).await.status,
                expected[i],
                "{login} GET {route}"
            );
        }
        for (route, fields, expected) in &posts {
            assert_eq!(
                c.post(route, fields).await.status,
                expected[i],
                "{login} POST {route}"
            );
        }
    }
}

async fn report_lifecycle(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("4").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    let page = e.get(&path).await;
    assert!(page.body.contains("ожидается"), "due, nothing submitted");
    assert!(
        page.body.contains("name=\"metric_events\""),
        "the measure's metrics are on the form"
    );
    let r = e.post(&path, &[("body", ""), ("action", "submit")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("заполните текст отчёта") && r.body.contains("Проведено мероприятий"),
        "{}",
        r.body
    );
    let r = e
        .post(
            &path,
            &[
                ("body", "Уроки в 12 школах"),
                ("metric_events", "abc"),
                ("action", "draft"),
            ],
        )
        .await;
    assert!(r.body.contains("нужно неотрицательное число"));
    e.post(
        &path,
        &[
            ("body", "Уроки в 12 школах"),
            ("metric_events", "12"),
            ("action", "draft"),
        ],
    )
    .await;
    assert!(e.get(&path).await.body.contains("Уроки в 12 школах"));
    let r = e
        .post(
            &path,
            &[
                ("body", "Уроки в 12 школах"),
                ("metric_events", "12"),
                ("metric_people_reached", "1 240"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = e.get(&path).await;
    assert!(page.body.contains("представлен в срок"));
    assert!(
        page.body.contains("05.10.2020 11:00"),
        "first submission in Yekaterinburg time"
    );
    let r = e
        .post(&path, &[("body", "правка"), ("action", "draft")])
        .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "a submitted report is frozen"
    );

    app.at("2020-10-07T06:00:00Z");
    let mut c = app.login("coord").await;
    c.get(&path).await;
    let r = c.post(&format!("{path}/return"), &[("comment", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    c.post(
        &format!("{path}/return"),
        &[("comment", "Укажите число учеников")],
    )
    .await;
    let page = e.get(&path).await;
    assert!(
        page.body.contains("возвращён на доработку")
            && page.body.contains("Укажите число учеников")
    );
    // Resubmitted after the due date: the submission that stands is late.
    app.at("2020-10-20T06:00:00Z");
    e.post(
        &path,
        &[
            ("body", "Уроки в 12 школах, 1 240 учеников"),
            ("metric_events", "12"),
            ("action", "submit"),
        ],
    )
    .await;
    let page = c.get(&path).await;
    assert!(page.body.contains("представлен с опозданием"));
    assert!(
        page.body.contains("05.10.2020 11:00"),
        "the first submission time never changes"
    );
    assert!(
        page.body
            .contains("Представлен повторно</dt><dd>20.10.2020 11:00"),
        "the submission that stands beside the first"
    );
    c.post(&format!("{path}/accept"), &[]).await;
    let dash = c.get("/dashboard?period=2020-Q3").await;
    assert!(
        dash.body
            .contains(&format!("href=\"{path}\" title=\"принят\"")),
        "the dashboard cell is accepted"
    );
    let r = e.post(&path, &[("body", "x"), ("action", "draft")]).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "an accepted report is final"
    );
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let actions: Vec<String> = dozor::db::entity::audit_log::Entity::find()
        .filter(dozor::db::entity::audit_log::Column::Entity.eq("report"))
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "report.save_draft",
            "report.submit",
            "report.return",
            "report.submit",
            "report.accept"
        ]
    );
}

async fn api_tokens_are_shown_once_and_revocable(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("viewer").await;
    c.get("/tokens").await;
    let r = c.post("/tokens", &[("name", "СЭД")]).await;
    let token = r
        .body
        .split("<code class=\"token\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(token.starts_with("dzr_"));
    let page = c.get("/tokens").await;
    assert!(!page.body.contains(&token), "shown once");
    let mut api = app.client();
    assert_eq!(
        api.get_with_token("/dashboard?period=2020-Q3", &token)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        api.get_with_token("/dashboard", "dzr_forged").await.status,
        StatusCode::SEE_OTHER
    );
    let id = page
        .body
        .split("/tokens/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    c.post(&format!("/tokens/{id}/revoke"), &[]).await;
    assert_ne!(
        api.get_with_token("/dashboard?period=2020-Q3", &token)
            .await
            .status,
        StatusCode::OK
    );
}
