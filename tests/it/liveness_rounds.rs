//! Liveness rounds on both engines: the per-host and global caps, the
//! history written, which indicators fall due, and the background loop.

use super::server;
use super::{checker, config};
use crate::helpers::{TestDb, now, on_both_engines};
use chrono::{DateTime, TimeDelta, Utc};
use dozor::actor::Actor;
use dozor::config::registry::LivenessConfig;
use dozor::db::entity::registry::indicator;
use dozor::registry::liveness::run::{RoundReport, run_once, spawn_liveness_loop};
use dozor::registry::liveness::store::{NewCheck, due, history, insert, last_check};
use dozor::registry::model::NewIndicator;
use dozor::registry::store;
use dozor_indicator::model::Category;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use std::time::Duration;

async fn add(t: &TestDb, raw: &str, at: DateTime<Utc>) -> i32 {
    let new = NewIndicator {
        raw,
        kind: None,
        category: Category::Phishing,
        case: None,
        scope: dozor::registry::model::CaseScope::Any,
    };
    store::add(&t.db, None, &new, &Actor::named("test"), at)
        .await
        .unwrap()
        .id()
}

async fn round(t: &TestDb, cfg: &LivenessConfig, at: DateTime<Utc>) -> RoundReport {
    run_once(&t.db, &checker(cfg), cfg, at).await.unwrap()
}

on_both_engines!(
    one_host_gets_one_request_at_a_time,
    the_global_cap_holds_across_hosts,
    a_refused_private_url_is_recorded,
    history_is_kept_and_recent_checks_are_not_due,
    due_skips_final_statuses_and_goes_oldest_first,
    the_loop_checks_on_its_own,
);

async fn one_host_gets_one_request_at_a_time(t: &TestDb) {
    let s = server::start().await;
    for i in 0..5 {
        add(t, &s.url(&format!("/busy/{i}")), now()).await;
    }
    let cfg = config(4);
    let c = checker(&cfg);
    let r = run_once(&t.db, &c, &cfg, now()).await.unwrap();
    assert_eq!((r.due, r.online, r.not_saved), (5, 5, 0), "{r:?}");
    assert_eq!(s.peak_per_host(), 1);
    assert_eq!(c.busy_hosts(), 0, "host locks are cleaned up");
}

async fn the_global_cap_holds_across_hosts(t: &TestDb) {
    let s = server::start().await;
    for i in 0..3 {
        add(t, &s.url(&format!("/busy/a{i}")), now()).await;
        add(t, &s.localhost_url(&format!("/busy/b{i}")), now()).await;
    }
    // Two hosts, one slot: never two requests at once.
    let r = round(t, &config(1), now()).await;
    assert_eq!((r.due, r.online), (6, 6), "{r:?}");
    assert_eq!(s.peak_total(), 1);
    // Two slots: the hosts are served side by side, each alone.
    let later = now() + TimeDelta::days(1);
    let r = round(t, &config(2), later).await;
    assert_eq!((r.due, r.online), (6, 6), "{r:?}");
    assert_eq!((s.peak_total(), s.peak_per_host()), (2, 1));
}

async fn a_refused_private_url_is_recorded(t: &TestDb) {
    let s = server::start().await;
    let id = add(t, &s.url("/ok"), now()).await;
    let cfg = LivenessConfig::default();
    let r = round(t, &cfg, now()).await;
    assert_eq!((r.due, r.offline, r.not_saved), (1, 1, 0));
    let last = last_check(&t.db, id).await.unwrap().unwrap();
    assert!(!last.online);
    assert_eq!(last.http_status, None);
    assert_eq!(last.error.as_deref(), Some("private_address"));
    assert!(s.requests().is_empty());
}

async fn history_is_kept_and_recent_checks_are_not_due(t: &TestDb) {
    let s = server::start().await;
    let up = add(t, &s.url("/ok"), now()).await;
    let down = add(t, &s.url("/gone"), now()).await;
    let cfg = config(4);
    let r = round(t, &cfg, now()).await;
    assert_eq!((r.due, r.online, r.offline), (2, 1, 1));
    let r = round(t, &cfg, now() + TimeDelta::minutes(10)).await;
    assert_eq!(r.due, 0, "checked ten minutes ago");
    let fresh = add(t, &s.url("/redirect/1"), now()).await;
    let r = round(t, &cfg, now() + TimeDelta::minutes(20)).await;
    assert_eq!((r.due, r.online), (1, 1), "only the new one");
    let after_interval = now() + TimeDelta::minutes(361);
    let r = round(t, &cfg, after_interval).await;
    assert_eq!(
        r.due, 2,
        "the first two again, not the one checked at +20 min"
    );
    let h = history(&t.db, down, 10).await.unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].checked_at, after_interval, "newest first");
    assert!(h.iter().all(|c| !c.online && c.http_status == Some(404)));
    let h = history(&t.db, up, 10).await.unwrap();
    assert!(
        h.iter()
            .all(|c| c.online && c.http_status == Some(200) && c.error.is_none())
    );
    assert_eq!(history(&t.db, fresh, 10).await.unwrap().len(), 1);
    assert_eq!(history(&t.db, up, 1).await.unwrap().len(), 1);
}

async fn due_skips_final_statuses_and_goes_oldest_first(t: &TestDb) {
    let never = add(t, "http://never.example/", now()).await;
    let older = add(t, "http://older.example/", now()).await;
    let newer = add(t, "http://newer.example/", now()).await;
    let gone = add(t, "http://gone.example/", now()).await;
    add(t, "ftp://files.example/x", now()).await;
    add(t, "+7 912 345-67-89", now()).await;
    let mut row: indicator::ActiveModel = indicator::Entity::find_by_id(gone)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    row.status = Set("inaccessible".into());
    row.update(&t.db).await.unwrap();
    for (id, at) in [(newer, now()), (older, now() - TimeDelta::hours(1))] {
        let check = NewCheck {
            indicator_id: id,
            checked_at: at,
            online: false,
            http_status: None,
            error: Some("dns".into()),
        };
        insert(&t.db, check).await.unwrap();
    }
    let ids = |rows: Vec<indicator::Model>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    let all = due(&t.db, now() + TimeDelta::minutes(1), 10).await.unwrap();
    assert_eq!(ids(all), [never, older, newer]);
    let some = due(&t.db, now() + TimeDelta::minutes(1), 2).await.unwrap();
    assert_eq!(ids(some), [never, older], "a bounded batch");
    let only_stale = due(&t.db, now() - TimeDelta::minutes(30), 10)
        .await
        .unwrap();
    assert_eq!(ids(only_stale), [never, older]);
}

async fn the_loop_checks_on_its_own(t: &TestDb) {
    let s = server::start().await;
    let id = add(t, &s.url("/ok"), now()).await;
    let clock = dozor::time::clock::Clock::fixed(now());
    let handle = spawn_liveness_loop(t.db.clone(), config(2), clock);
    let mut last = None;
    for _ in 0..100 {
        last = last_check(&t.db, id).await.unwrap();
        if last.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    handle.abort();
    let last = last.expect("the loop wrote a check");
    assert!(last.online);
    assert_eq!(last.checked_at, now(), "time comes from the clock");
    let disabled = LivenessConfig {
        enabled: false,
        ..config(2)
    };
    let ended = spawn_liveness_loop(
        t.db.clone(),
        disabled,
        dozor::time::clock::Clock::fixed(now()),
    );
    tokio::time::timeout(Duration::from_secs(1), ended)
        .await
        .unwrap()
        .unwrap();
}
