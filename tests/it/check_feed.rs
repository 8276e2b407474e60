//! The check index never misses a committed write: a transaction that took
//! its change id early and committed late, and two instances over one
//! database taking concurrent batch and single writes through the API.

use crate::helpers::{TestDb, now, on_both_engines};
use crate::registry::new;
use crate::web_client::{App, Client};
use axum::http::StatusCode;
use dozor::actor::Actor;
use dozor::check::service::{CheckService, spawn_sync_loop};
use dozor::registry::store::{add, add_within};
use sea_orm::TransactionTrait;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Waits up to 10 s for every value to be listed by every service.
async fn all_listed(services: &[&CheckService], values: &[String]) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let missing: Vec<String> = values
            .iter()
            .filter(|v| services.iter().any(|s| !s.check(v).listed))
            .cloned()
            .collect();
        if missing.is_empty() || Instant::now() > deadline {
            return missing;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
#[ignore = "PostgreSQL suite: cargo test -- --ignored, with DOZOR_TEST_POSTGRES_URL"]
async fn a_transaction_committed_late_is_listed_by_every_instance() {
    let Some(t) = crate::helpers::postgres().await else {
        return;
    };
    let a = CheckService::load(&t.db, None).await.unwrap();
    let b = CheckService::load(&t.db, None).await.unwrap();
    let held = t.db.begin().await.unwrap();
    add_within(
        &held,
        None,
        &new("held-open.ru"),
        &Actor::named("test"),
        now(),
    )
    .await
    .unwrap();
    let later: Vec<String> = (0..5).map(|i| format!("later-{i}.ru")).collect();
    for v in &later {
        add(&t.db, None, &new(v), &Actor::named("test"), now())
            .await
            .unwrap();
    }
    a.sync(&t.db).await.unwrap();
    b.sync(&t.db).await.unwrap();
    assert!(all_listed(&[&a, &b], &later).await.is_empty());
    assert!(!a.check("held-open.ru").listed, "not committed yet");
    held.commit().await.unwrap();
    a.sync(&t.db).await.unwrap();
    b.sync(&t.db).await.unwrap();
    for s in [&a, &b] {
        assert!(
            s.check("held-open.ru").listed,
            "committed after the later writes, still listed"
        );
    }
    t.close().await;
}

on_both_engines!(sqlite_file; two_instances_list_every_concurrent_write);

/// Another instance (`App::twin`: its own pool) with its own index and
/// sync loop.
async fn instance(t: &TestDb, app: &App) -> (Arc<CheckService>, axum::Router) {
    let twin = app.twin(t).await;
    let db = twin.state.db.clone();
    let service = Arc::new(CheckService::load(&db, None).await.unwrap());
    spawn_sync_loop(service.clone(), db, Duration::from_secs(1));
    let limiter = app.state.check.limiter.clone();
    let check = dozor::check::api::CheckState::new(service.clone(), limiter);
    (service, dozor::app::router(twin.state.with_check(check)))
}

async fn two_instances_list_every_concurrent_write(t: &TestDb) {
    let app = App::new(t).await;
    let token = app.login("coord").await.new_token().await;
    let (sa, ra) = instance(t, &app).await;
    let (sb, rb) = instance(t, &app).await;
    let batches = tokio::spawn({
        let (ra, token) = (ra.clone(), token.clone());
        async move {
            let mut c = Client::of(ra);
            let mut all = Vec::new();
            for batch in 0..3 {
                let values: Vec<String> = (0..300)
                    .map(|i| format!("https://batch{batch}-{i}.ru/login"))
                    .collect();
                let body = json!({"values": values, "category": "phishing"});
                let (status, out) = c
                    .api("POST", "/api/v1/indicators", &token, Some(body))
                    .await;
                assert_eq!(status, StatusCode::OK, "{out}");
                all.extend(values);
            }
            all
        }
    });
    let singles = tokio::spawn({
        let (rb, token) = (rb.clone(), token.clone());
        async move {
            let mut c = Client::of(rb);
            let mut all = Vec::new();
            for i in 0..60 {
                let v = format!("single-{i}.ru");
                let body = json!({"values": [v], "category": "phishing"});
                let (status, out) = c
                    .api("POST", "/api/v1/indicators", &token, Some(body))
                    .await;
                assert_eq!(status, StatusCode::OK, "{out}");
                all.push(v);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            all
        }
    });
    let mut values = batches.await.unwrap();
    values.extend(singles.await.unwrap());
    let missing = all_listed(&[&sa, &sb], &values).await;
    assert!(
        missing.is_empty(),
        "{} of {} not listed by both instances after 10 s, e.g. {:?}",
        missing.len(),
        values.len(),
        missing.first()
    );
}
