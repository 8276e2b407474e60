//! The owner look-up (measure 10) end to end: local WHOIS and RDAP servers
//! (`lookup_servers.rs`) answer, the result is stored with the look-up time
//! and an audit entry, on both engines; failures write nothing.

use crate::helpers::{TestDb, now, on_both_engines};
use chrono::Duration;
use dozor::actor::Actor;
use dozor::db::entity::registry::indicator;
use dozor::error::Error;
use dozor::registry::lookup;
use dozor::registry::lookup::owner::Source;
use dozor::registry::model::NewIndicator;
use dozor::registry::store;
use dozor_indicator::model::Category;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[path = "lookup_servers.rs"]
pub mod servers;

use servers::{TCI_ANSWER, TCI_FREE, closed_port, config, rdap_server, whois_server};

on_both_engines!(
    whois_owner_is_stored_with_the_look_up_time,
    rdap_owner_is_stored_after_a_redirect,
    rdap_not_found_writes_nothing,
    unsupported_kinds_are_refused,
    server_down_writes_nothing,
);

on_both_engines!(sqlite_file; cli_owner_looks_up_and_stores);

/// `dozor registry owner ID --json` against a local WHOIS server.
async fn cli_owner_looks_up_and_stores(t: &TestDb) {
    let id = add(t, "пример.рф").await;
    let (addr, query) = whois_server(TCI_ANSWER).await;
    let run = |args: Vec<String>, whois: String| {
        let url = t.url.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_dozor"))
                .args(["--database-url", &url])
                .args(&args)
                .env("DOZOR_WHOIS_SERVER", whois)
                .env_remove("DOZOR_CONFIG")
                .output()
                .unwrap()
        })
    };
    let args = |id: i32| {
        vec![
            "registry".into(),
            "owner".into(),
            id.to_string(),
            "--json".into(),
        ]
    };
    let out = run(args(id), addr).await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["registrar"], "RU-CENTER-RF");
    assert_eq!(query.await.unwrap(), "xn--e1afmkfd.xn--p1ai\r\n");
    assert!(reload(t, id).await.owner_checked_at.is_some());
    // A server that is down: a message on stderr, a non-zero exit.
    let out = run(args(id), closed_port().await).await.unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("WHOIS"));
    let out = run(args(999_999), "127.0.0.1:9".into()).await.unwrap();
    assert!(!out.status.success());
}

async fn add(t: &TestDb, raw: &str) -> i32 {
    let new = NewIndicator {
        raw,
        kind: None,
        category: Category::Phishing,
        case: None,
        scope: dozor::registry::model::CaseScope::Any,
    };
    store::add(&t.db, None, &new, &Actor::named("test"), now())
        .await
        .unwrap()
        .id()
}

async fn reload(t: &TestDb, id: i32) -> indicator::Model {
    indicator::Entity::find_by_id(id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap()
}

async fn owner_audits(t: &TestDb) -> Vec<dozor::db::entity::audit_log::Model> {
    dozor::db::entity::audit_log::Entity::find()
        .filter(dozor::db::entity::audit_log::Column::Action.eq("indicator.owner"))
        .all(&t.db)
        .await
        .unwrap()
}

async fn whois_owner_is_stored_with_the_look_up_time(t: &TestDb) {
    let id = add(t, "https://shop.пример.рф/login").await;
    let (addr, query) = whois_server(TCI_ANSWER).await;
    let at = now() + Duration::hours(2);
    let cfg = config(&addr, "http://127.0.0.1:9");
    let owner = lookup::lookup_indicator(&t.db, &cfg, id, &Actor::named("investigator"), at)
        .await
        .unwrap();
    assert_eq!(
        query.await.unwrap(),
        "xn--e1afmkfd.xn--p1ai\r\n",
        "punycode, one line"
    );
    assert_eq!(owner.source, Source::Whois);
    assert_eq!(owner.server, addr);
    assert!(owner.registered);
    assert_eq!(owner.domain, "xn--e1afmkfd.xn--p1ai");
    assert_eq!(owner.org.as_deref(), Some("OOO \"ROMASHKA\""));
    assert_eq!(owner.taxpayer_id.as_deref(), Some("7700000000"));
    assert_eq!(owner.registrar.as_deref(), Some("RU-CENTER-RF"));
    assert_eq!(owner.paid_till.as_deref(), Some("2027-02-01T21:00:00Z"));
    assert_eq!(owner.name_servers, ["ns1.hoster.ru", "ns2.hoster.ru"]);

    let row = reload(t, id).await;
    assert_eq!(row.owner_checked_at, Some(at));
    assert_eq!(lookup::owner_of(&row), Some(owner));
    let audits = owner_audits(t).await;
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].actor, "investigator");
    assert_eq!(
        audits[0].entity_id.as_deref(),
        Some(id.to_string().as_str())
    );
    assert_eq!(audits[0].at, at);
    assert!(audits[0].after.as_deref().unwrap().contains("RU-CENTER-RF"));

    // A second look-up finds the name lapsed: stored too, the old data in "before".
    let (addr, _) = whois_server(TCI_FREE).await;
    let later = at + Duration::days(400);
    let owner = lookup::lookup_indicator(
        &t.db,
        &config(&addr, ""),
        id,
        &Actor::named("investigator"),
        later,
    )
    .await
    .unwrap();
    assert!(!owner.registered);
    assert_eq!(owner.domain, "xn--e1afmkfd.xn--p1ai");
    assert!(
        owner.summary().contains("не зарегистрирован"),
        "{}",
        owner.summary()
    );
    let row = reload(t, id).await;
    assert_eq!(row.owner_checked_at, Some(later));
    let audits = owner_audits(t).await;
    assert_eq!(audits.len(), 2);
    assert!(
        audits[1]
            .before
            .as_deref()
            .unwrap()
            .contains("RU-CENTER-RF")
    );
}

async fn rdap_owner_is_stored_after_a_redirect(t: &TestDb) {
    let base = rdap_server().await;
    let id = add(t, "www.example.com").await;
    let cfg = config(&closed_port().await, &format!("{base}/bootstrap/"));
    let owner = lookup::lookup_indicator(&t.db, &cfg, id, &Actor::named("test"), now())
        .await
        .unwrap();
    assert_eq!(owner.source, Source::Rdap);
    assert_eq!(
        owner.server,
        format!("{base}/domain/example.com"),
        "who answered"
    );
    assert_eq!(owner.domain, "example.com");
    assert_eq!(owner.registrar.as_deref(), Some("MarkMonitor Inc."));
    assert_eq!(owner.created.as_deref(), Some("1995-08-14T04:00:00Z"));
    assert_eq!(
        owner.name_servers,
        ["a.iana-servers.net", "b.iana-servers.net"]
    );
    let row = reload(t, id).await;
    assert_eq!(row.owner_checked_at, Some(now()));
    assert_eq!(lookup::owner_of(&row), Some(owner));
    assert_eq!(owner_audits(t).await.len(), 1);
}

async fn rdap_not_found_writes_nothing(t: &TestDb) {
    let base = rdap_server().await;
    let id = add(t, "http://missing.com/pay").await;
    let cfg = config(&closed_port().await, &base);
    let err = lookup::lookup_indicator(&t.db, &cfg, id, &Actor::named("test"), now())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert!(err.to_string().contains("missing.com"), "{err}");
    assert_nothing_written(t, id).await;
}

async fn unsupported_kinds_are_refused(t: &TestDb) {
    let cfg = config(&closed_port().await, "http://127.0.0.1:9");
    for raw in ["+79123456789", "http://192.0.2.1/login", "@fraud_bot"] {
        let id = add(t, raw).await;
        let err = lookup::lookup_indicator(&t.db, &cfg, id, &Actor::named("test"), now())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{raw}: {err:?}");
        assert!(
            err.to_string()
                .starts_with("Владелец устанавливается только для сайтов и доменов"),
            "{raw}: {err}"
        );
        assert_nothing_written(t, id).await;
    }
    let err = lookup::lookup_indicator(&t.db, &cfg, 999_999, &Actor::named("test"), now())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}

async fn server_down_writes_nothing(t: &TestDb) {
    let down = closed_port().await;
    let cfg = config(&down, &format!("http://{}", closed_port().await));
    for raw in ["evil.example.ru", "evil.example.com"] {
        let id = add(t, raw).await;
        let err = lookup::lookup_indicator(&t.db, &cfg, id, &Actor::named("test"), now())
            .await
            .unwrap_err();
        let msg = err.public_message();
        assert!(msg.starts_with("Сервер "), "{raw}: {msg}");
        assert!(msg.contains("127.0.0.1:"), "names the server: {msg}");
        assert!(!msg.contains("os error"), "no internals: {msg}");
        assert_nothing_written(t, id).await;
    }
}

async fn assert_nothing_written(t: &TestDb, id: i32) {
    let row = reload(t, id).await;
    assert_eq!((row.owner, row.owner_checked_at), (None, None));
    assert_eq!(owner_audits(t).await.len(), 0);
}
