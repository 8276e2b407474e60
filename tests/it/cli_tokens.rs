//! `dozor token add|list|revoke` end to end: the real binary on a database
//! file, and the token it prints tried against the API in-process.

use crate::cli::dozor;
use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_engines!(sqlite_file;
    token_add_prints_a_working_token_that_revoke_stops,
    token_add_refuses_unknown_and_disabled_logins,
);

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn token_add_prints_a_working_token_that_revoke_stops(t: &TestDb) {
    let app = App::new(t).await;
    let out = dozor(t, &["token", "add", "coord", "--name", "ci script"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let token = stdout.trim_end_matches('\n');
    assert!(
        token.starts_with("dzr_") && token.len() == 44 && !token.contains(char::is_whitespace),
        "stdout holds the token alone: {stdout:?}"
    );
    assert!(text(&out.stderr).contains("not shown again"));
    let mut api = app.client();
    let (status, plans) = api.api("GET", "/api/v1/plans", token, None).await;
    assert_eq!(status, StatusCode::OK, "{plans}");
    // Stored hashed, audited like the page's.
    let stored = dozor::accounts::store::all_tokens(&t.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token);
    assert_eq!(stored[0].name, "ci script");
    let created = dozor::db::entity::audit_log::Entity::find()
        .filter(dozor::db::entity::audit_log::Column::Entity.eq("api_token"))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(created.len(), 1);
    assert!(created[0].actor.starts_with("cli:"), "{:?}", created[0]);
    // `list` shows it (never the token), for everyone and for its login.
    let id = stored[0].id.to_string();
    for args in [&["token", "list"][..], &["token", "list", "coord"][..]] {
        let out = dozor(t, args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let listed = text(&out.stdout);
        assert!(
            listed.contains("ci script") && listed.contains("coord") && listed.contains("active"),
            "{listed}"
        );
        assert!(listed.starts_with(&id), "{listed}");
        assert!(!listed.contains(token), "the token itself is never listed");
    }
    let out = dozor(t, &["token", "list", "umvd"]);
    assert!(out.status.success() && out.stdout.is_empty());
    let out = dozor(t, &["token", "revoke", &id]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (status, err) = api.api("GET", "/api/v1/plans", token, None).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    assert!(text(&dozor(t, &["token", "list"]).stdout).contains("revoked"));
    let revoked = dozor::db::entity::audit_log::Entity::find()
        .filter(dozor::db::entity::audit_log::Column::Action.eq("api_token.revoke"))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(revoked.len(), 1);
    let out = dozor(t, &["token", "revoke", "999"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no token 999"));
}

async fn token_add_refuses_unknown_and_disabled_logins(t: &TestDb) {
    App::new(t).await;
    let fails = |args: &[&str]| {
        let out = dozor(t, args);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
        text(&out.stderr)
    };
    let err = fails(&["token", "add", "coord"]);
    assert!(err.contains("--name"), "{err}");
    let err = fails(&["token", "add", "nobody", "--name", "x"]);
    assert!(err.contains("no user «nobody»"), "{err}");
    let err = fails(&["token", "add", "coord", "--name", "  "]);
    assert!(err.contains("укажите название"), "{err}");
    let out = dozor(t, &["user", "disable", "viewer"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = fails(&["token", "add", "viewer", "--name", "x"]);
    assert!(err.contains("«viewer» is disabled"), "{err}");
    let err = fails(&["token", "list", "nobody"]);
    assert!(err.contains("no user «nobody»"), "{err}");
    assert!(
        dozor::accounts::store::all_tokens(&t.db)
            .await
            .unwrap()
            .is_empty()
    );
}
