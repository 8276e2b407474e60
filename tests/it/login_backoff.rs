//! The login back-off, with the clock fixed: keyed on (login, client) and
//! on the client alone, doubling to a cap, never extended by refusals, and
//! never slowing the same login from elsewhere.

use crate::helpers::{TestDb, now, on_both_engines};
use crate::web_client::{App, Client, PASSWORD};
use axum::http::StatusCode;
use chrono::Duration;

on_both_engines!(
    five_failures_then_a_second_of_waiting,
    the_wait_doubles_up_to_fifteen_minutes,
    refused_attempts_do_not_extend_the_wait,
    the_same_login_from_another_client_is_not_slowed,
    a_client_failing_across_logins_backs_off_for_all,
    a_success_clears_the_record,
    behind_a_trusted_proxy_each_client_backs_off_alone,
    concurrent_attempts_get_no_more_tries_than_sequential_ones,
);

fn at(app: &App, ms: i64) {
    app.state.clock.set(now() + Duration::milliseconds(ms));
}

async fn fail(c: &mut Client, login: &str) {
    let r = c.login(login, "wrong password").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
}

fn retry_after(r: &crate::web_client::Response) -> Option<&str> {
    r.headers.get("retry-after").map(|v| v.to_str().unwrap())
}

async fn five_failures_then_a_second_of_waiting(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.client_from("198.51.100.1:5000");
    for _ in 0..5 {
        fail(&mut c, "coord").await;
    }
    at(&app, 999);
    let r = c.login("coord", PASSWORD).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password"
    );
    assert!(r.body.contains("Повторите через 1 с"), "{}", r.body);
    assert_eq!(retry_after(&r), Some("1"));
    at(&app, 1_000);
    assert_eq!(
        c.login("coord", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn the_wait_doubles_up_to_fifteen_minutes(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.client_from("198.51.100.1:5000");
    for _ in 0..5 {
        fail(&mut c, "coord").await;
    }
    let mut latest = 0;
    for failures in 5..17 {
        let wait = (1_000i64 << (failures - 5)).min(900_000);
        at(&app, latest + wait - 1);
        let r = c.login("coord", PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "after {failures}");
        assert_eq!(retry_after(&r), Some("1"), "after {failures}");
        at(&app, latest);
        let r = c.login("coord", PASSWORD).await;
        let whole = (wait / 1000).to_string();
        assert_eq!(retry_after(&r), Some(whole.as_str()), "after {failures}");
        latest += wait;
        at(&app, latest);
        fail(&mut c, "coord").await;
    }
    let r = c.login("coord", PASSWORD).await;
    assert_eq!(retry_after(&r), Some("900"), "the cap");
    assert!(r.body.contains("Повторите через 15 мин"), "{}", r.body);
}

async fn refused_attempts_do_not_extend_the_wait(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.client_from("198.51.100.1:5000");
    for _ in 0..5 {
        fail(&mut c, "coord").await;
    }
    for ms in [100, 500, 900, 999] {
        at(&app, ms);
        let r = c.login("coord", "still wrong").await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }
    at(&app, 1_000);
    assert_eq!(
        c.login("coord", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

/// Guessing at the coordinator's login does not lock the coordinator out.
async fn the_same_login_from_another_client_is_not_slowed(t: &TestDb) {
    let app = App::new(t).await;
    let mut attacker = app.client_from("203.0.113.66:4000");
    for _ in 0..5 {
        fail(&mut attacker, "coord").await;
    }
    assert_eq!(
        attacker.login("coord", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let mut coord = app.client_from("198.51.100.1:5000");
    assert_eq!(
        coord.login("coord", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // An IPv6 attacker's whole /64 is one client.
    let mut v6 = app.client_from("[2001:db8:1:2::1]:4000");
    for _ in 0..5 {
        fail(&mut v6, "coord").await;
    }
    let mut next_door = app.client_from("[2001:db8:1:2::ffff]:4000");
    assert_eq!(
        next_door.login("coord", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let mut elsewhere = app.client_from("[2001:db8:1:3::1]:4000");
    assert_eq!(
        elsewhere.login("coord", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn a_client_failing_across_logins_backs_off_for_all(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.client_from("203.0.113.66:4000");
    for i in 0..19 {
        fail(&mut c, &format!("ghost{i}")).await;
    }
    // Nineteen: still free.
    assert_eq!(
        c.login("umvd", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let mut c = app.client_from("203.0.113.66:4000");
    fail(&mut c, "ghost19").await;
    let r = c.login("umvd", PASSWORD).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "twenty across logins"
    );
    assert_eq!(retry_after(&r), Some("1"));
    let mut other = app.client_from("198.51.100.1:5000");
    assert_eq!(
        other.login("umvd", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    at(&app, 1_000);
    assert_eq!(
        c.login("umvd", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // The burst is forgotten after its window.
    at(&app, 1_000);
    fail(&mut c, "ghost20").await;
    at(&app, 15 * 60 * 1000 + 1_000);
    assert_eq!(
        c.login("prok", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn a_success_clears_the_record(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.client_from("198.51.100.1:5000");
    for _ in 0..4 {
        fail(&mut c, "coord").await;
    }
    assert_eq!(
        c.login("coord", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    for _ in 0..4 {
        fail(&mut c, "coord").await;
    }
    assert_eq!(
        c.login("coord", PASSWORD).await.status,
        StatusCode::SEE_OTHER,
        "eight failures, but four since the success"
    );
}

/// Behind a trusted proxy the client it names is the key; an untrusted
/// peer's own header changes nothing.
async fn behind_a_trusted_proxy_each_client_backs_off_alone(t: &TestDb) {
    let app = App::with_config(t, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let via = |ip: &str| {
        app.client_from("127.0.0.1:40000")
            .with_header("x-forwarded-for", ip)
    };
    let mut a = via("203.0.113.5");
    for _ in 0..5 {
        fail(&mut a, "coord").await;
    }
    assert_eq!(
        a.login("coord", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let mut b = via("203.0.113.6");
    assert_eq!(
        b.login("coord", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // Not trusted: a fresh X-Forwarded-For per attempt does not help.
    for i in 0..5 {
        let mut s = app
            .client_from("198.51.100.7:1234")
            .with_header("x-forwarded-for", &format!("10.0.0.{i}"));
        fail(&mut s, "prok").await;
    }
    let mut s = app
        .client_from("198.51.100.7:1234")
        .with_header("x-forwarded-for", "10.0.0.99");
    assert_eq!(
        s.login("prok", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// Thirty wrong passwords at once from one client: each attempt is recorded
/// before it is judged, so no more than the five free ones are verified.
async fn concurrent_attempts_get_no_more_tries_than_sequential_ones(t: &TestDb) {
    use dozor::accounts::store::{LoginError, login};
    let _app = App::new(t).await;
    let client: std::net::IpAddr = [198, 51, 100, 7].into();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let db = t.db.clone();
        tasks.spawn(async move { login(&db, "coord", "wrong password", client, now()).await });
    }
    let mut verified = 0;
    while let Some(outcome) = tasks.join_next().await {
        match outcome.unwrap().unwrap() {
            Err(LoginError::BadCredentials) => verified += 1,
            Err(LoginError::TooManyAttempts(_)) => {}
            Ok(_) => panic!("a wrong password signed in"),
        }
    }
    assert!(
        verified <= 5,
        "{verified} of 30 concurrent attempts were verified"
    );
    // The refused ones left nothing behind: only real failures count on.
    use sea_orm::{EntityTrait, PaginatorTrait};
    let recorded = dozor::db::entity::accounts::login_failure::Entity::find()
        .count(&t.db)
        .await
        .unwrap();
    assert_eq!(recorded, verified);
}
