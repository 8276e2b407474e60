//! Migration m0013 on a store that has duplicates: made in the shape the
//! store had before it (migrations up to m0009, rows the earlier normalisers
//! wrote), then migrated. Each resource ends as one indicator with every
//! child row of its duplicates, and the audit log says what was merged.

use crate::helpers::{new_postgres_database, postgres_url};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use sea_orm_migration::MigratorTrait;
use serde_json::Value;

use dozor::db::migrations::Migrator;

/// Migrations up to and including m0009_registry_measures.
const BEFORE: u32 = 9;

/// Indicator `kind canonical`, by its form.
fn id(kind: &str, canonical: &str) -> String {
    format!("(SELECT id FROM indicators WHERE kind = '{kind}' AND canonical = '{canonical}')")
}

fn indicator(
    kind: &str,
    canonical: &str,
    raw: &str,
    status: &str,
    first_seen: &str,
) -> Vec<String> {
    vec![
        format!(
            "INSERT INTO indicators (kind, canonical, display, raw, category, status, source, \
             first_seen, last_seen) VALUES ('{kind}', '{canonical}', '{canonical}', '{raw}', \
             'phishing', '{status}', 'manual', '{first_seen}', '2026-03-01T10:00:00+00:00')"
        ),
        format!(
            "INSERT INTO indicator_values (indicator_id, raw, added_at) \
             VALUES ({}, '{raw}', '{first_seen}')",
            id(kind, canonical)
        ),
        format!(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) \
             SELECT '{first_seen}', 'prok', 'create', 'indicator', CAST(id AS TEXT), NULL, \
             '{{\"kind\":\"{kind}\"}}' FROM indicators WHERE kind = '{kind}' \
             AND canonical = '{canonical}'"
        ),
        format!(
            "INSERT INTO registry_changes (indicator_id, at) VALUES ({}, '{first_seen}')",
            id(kind, canonical)
        ),
    ]
}

fn case_link(kind: &str, canonical: &str, number: &str) -> String {
    format!(
        "INSERT INTO indicator_cases (indicator_id, case_id) VALUES ({}, \
         (SELECT id FROM cases WHERE number = '{number}'))",
        id(kind, canonical)
    )
}

fn step(kind: &str, canonical: &str, track: &str, step: &str, on: &str) -> String {
    format!(
        "INSERT INTO blocking_steps (indicator_id, track, step, on_date, created_at) \
         VALUES ({}, '{track}', '{step}', '{on}', '{on}T09:00:00+00:00')",
        id(kind, canonical)
    )
}

const TG: &str = "t.me/scam_support";
const PAGE: &str = "https://pay.example.ru/card?order=7";
const PAGE_UTM: &str = "https://pay.example.ru/card?order=7&utm_source=vk";

/// The rows the earlier normalisers wrote: the Telegram account three
/// times (a social page from its link, a messenger account from `@name`, a
/// URL named so by hand), a page with and without tracking parameters, a
/// page only with them, a phone and a card that stay as they are.
fn old_store() -> Vec<String> {
    let mut sql = Vec::new();
    sql.extend(indicator(
        "social",
        TG,
        "https://t.me/Scam_Support",
        "blocking",
        "2026-01-02T10:00:00+00:00",
    ));
    sql.extend(indicator(
        "messenger",
        TG,
        "@scam_support",
        "blocking",
        "2026-01-01T10:00:00+00:00",
    ));
    sql.extend(indicator(
        "url",
        "http://t.me/scam_support",
        "http://t.me/scam_support",
        "active",
        "2026-01-03T10:00:00+00:00",
    ));
    sql.extend(indicator(
        "url",
        PAGE_UTM,
        PAGE_UTM,
        "active",
        "2026-02-01T10:00:00+00:00",
    ));
    sql.extend(indicator(
        "url",
        PAGE,
        PAGE,
        "blocking",
        "2026-02-02T10:00:00+00:00",
    ));
    sql.extend(indicator(
        "url",
        "http://only.example.ru/?utm_source=x",
        "only.example.ru/?utm_source=x",
        "active",
        "2026-02-03T10:00:00+00:00",
    ));
    sql.extend(indicator(
        "phone",
        "+79123456789",
        "8 912 345-67-89",
        "active",
        "2026-02-04T10:00:00+00:00",
    ));
    sql.extend(indicator(
        "card",
        "ab12cd34",
        "2200 00•• •••• 1234",
        "active",
        "2026-02-05T10:00:00+00:00",
    ));
    for n in ["КУСП 1", "КУСП 2", "КУСП 3"] {
        sql.push(format!(
            "INSERT INTO cases (number, created_at) VALUES ('{n}', '2026-01-01T10:00:00+00:00')"
        ));
    }
    sql.push(case_link("social", TG, "КУСП 1"));
    sql.push(case_link("social", TG, "КУСП 2"));
    sql.push(case_link("messenger", TG, "КУСП 2"));
    sql.push(case_link("messenger", TG, "КУСП 3"));
    sql.push(case_link("url", PAGE_UTM, "КУСП 1"));
    sql.push(case_link("url", PAGE, "КУСП 1"));
    sql.push(step(
        "social",
        TG,
        "extrajudicial",
        "request_sent",
        "2026-01-05",
    ));
    sql.push(step(
        "messenger",
        TG,
        "extrajudicial",
        "request_sent",
        "2026-01-04",
    ));
    sql.push(step(
        "url",
        PAGE,
        "extrajudicial",
        "request_sent",
        "2026-02-05",
    ));
    sql.push(format!(
        "INSERT INTO liveness_checks (indicator_id, checked_at, online, http_status) \
         VALUES ({}, '2026-02-06T10:00:00+00:00', TRUE, 200)",
        id("url", PAGE_UTM)
    ));
    sql.push(format!(
        "UPDATE indicators SET owner = '{{\"registrar\":\"R\"}}', \
         owner_checked_at = '2026-02-07T10:00:00+00:00' WHERE id = {}",
        id("url", PAGE)
    ));
    sql
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn texts(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    rows(db, sql)
        .await
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    let r = rows(db, sql).await;
    // PostgreSQL counts in bigint and numbers rows in integer.
    r[0].try_get_by_index::<i64>(0)
        .or_else(|_| r[0].try_get_by_index::<i32>(0).map(i64::from))
        .unwrap()
}

/// Everything the store holds about the registry, to compare runs.
async fn snapshot(db: &DatabaseConnection) -> Vec<String> {
    let mut out = texts(
        db,
        "SELECT kind || ' ' || canonical || ' ' || status FROM indicators ORDER BY id",
    )
    .await;
    for table in [
        "indicator_values",
        "indicator_cases",
        "blocking_steps",
        "audit_log",
    ] {
        out.push(format!(
            "{table} {}",
            number(db, &format!("SELECT COUNT(*) FROM {table}")).await
        ));
    }
    out
}

async fn merges_the_duplicates(db: &DatabaseConnection) {
    Migrator::up(db, Some(BEFORE)).await.unwrap();
    for sql in old_store() {
        db.execute_unprepared(&sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let social = number(db, "SELECT id FROM indicators WHERE kind = 'social'").await;
    let messenger = number(db, "SELECT id FROM indicators WHERE kind = 'messenger'").await;
    let tg_url = number(
        db,
        "SELECT id FROM indicators WHERE canonical = 'http://t.me/scam_support'",
    )
    .await;
    let card_before = texts(
        db,
        "SELECT kind || canonical || display FROM indicators WHERE kind = 'card'",
    )
    .await;
    Migrator::up(db, None).await.unwrap();

    // One row per resource; the card as it was.
    let all = texts(
        db,
        "SELECT kind || ' ' || canonical FROM indicators ORDER BY id",
    )
    .await;
    assert_eq!(
        all,
        [
            "messenger t.me/scam_support",
            "url https://pay.example.ru/card?order=7",
            "url http://only.example.ru/",
            "phone +79123456789",
            "card ab12cd34",
        ]
    );
    assert_eq!(
        texts(
            db,
            "SELECT kind || canonical || display FROM indicators WHERE kind = 'card'"
        )
        .await,
        card_before
    );

    // The Telegram account: the oldest id, every child of the three.
    let tg = number(db, "SELECT id FROM indicators WHERE kind = 'messenger'").await;
    assert_eq!(tg, social.min(messenger).min(tg_url));
    let of = |table: &str, col: &str| {
        format!("SELECT {col} FROM {table} WHERE indicator_id = {tg} ORDER BY {col}")
    };
    assert_eq!(
        texts(db, &of("indicator_values", "raw")).await,
        [
            "@scam_support",
            "http://t.me/scam_support",
            "https://t.me/Scam_Support"
        ]
    );
    let cases = texts(
        db,
        &format!(
            "SELECT c.number FROM indicator_cases l JOIN cases c ON c.id = l.case_id \
             WHERE l.indicator_id = {tg} ORDER BY c.number"
        ),
    )
    .await;
    assert_eq!(cases, ["КУСП 1", "КУСП 2", "КУСП 3"], "each case once");
    assert_eq!(
        texts(db, &of("blocking_steps", "CAST(on_date AS TEXT)"))
            .await
            .len(),
        2
    );
    assert_eq!(
        number(
            db,
            &format!("SELECT COUNT(*) FROM registry_changes WHERE indicator_id = {tg}")
        )
        .await,
        3
    );
    let first_seen = texts(
        db,
        &format!("SELECT CAST(first_seen AS TEXT) FROM indicators WHERE id = {tg}"),
    )
    .await;
    assert!(first_seen[0].starts_with("2026-01-01"), "{first_seen:?}");
    // The status is that of the row with the latest step.
    assert_eq!(
        texts(
            db,
            &format!("SELECT status FROM indicators WHERE id = {tg}")
        )
        .await,
        ["blocking"]
    );
    // Every audit entry of the three is the survivor's now, and one more says what was merged.
    assert_eq!(
        number(
            db,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity_id = '{tg}'"
            )
        )
        .await,
        3
    );
    let merge = texts(
        db,
        &format!(
            "SELECT after FROM audit_log WHERE action = 'indicator.merge' AND entity_id = '{tg}'"
        ),
    )
    .await;
    assert_eq!(merge.len(), 1, "{merge:?}");
    let after: Value = serde_json::from_str(&merge[0]).unwrap();
    let mut merged: Vec<i64> = after["merged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    merged.sort_unstable();
    let mut want: Vec<i64> = [social, messenger, tg_url]
        .into_iter()
        .filter(|i| *i != tg)
        .collect();
    want.sort_unstable();
    assert_eq!(merged, want);
    assert_eq!(after["canonical"], TG);
    let before = texts(
        db,
        &format!(
            "SELECT before FROM audit_log WHERE action = 'indicator.merge' AND entity_id = '{tg}'"
        ),
    )
    .await;
    assert!(
        before[0].contains("\"social\"") && before[0].contains("http://t.me/scam_support"),
        "{before:?}"
    );

    // The page: with and without tracking is one; its step, case, check and owner kept.
    let page = number(
        db,
        &format!("SELECT id FROM indicators WHERE canonical = '{PAGE}'"),
    )
    .await;
    assert_eq!(
        number(
            db,
            &format!("SELECT COUNT(*) FROM indicator_cases WHERE indicator_id = {page}")
        )
        .await,
        1
    );
    assert_eq!(
        number(
            db,
            &format!("SELECT COUNT(*) FROM blocking_steps WHERE indicator_id = {page}")
        )
        .await,
        1
    );
    assert_eq!(
        number(
            db,
            &format!("SELECT COUNT(*) FROM liveness_checks WHERE indicator_id = {page}")
        )
        .await,
        1
    );
    assert_eq!(
        number(
            db,
            &format!("SELECT COUNT(*) FROM indicator_values WHERE indicator_id = {page}")
        )
        .await,
        2
    );
    assert_eq!(
        texts(
            db,
            &format!("SELECT owner FROM indicators WHERE id = {page}")
        )
        .await,
        ["{\"registrar\":\"R\"}"]
    );
    assert_eq!(
        texts(
            db,
            &format!("SELECT status FROM indicators WHERE id = {page}")
        )
        .await,
        ["blocking"]
    );
    // A rename alone is audited too.
    assert_eq!(
        number(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'indicator.normalize'"
        )
        .await,
        1
    );
    // Nothing dangles; every instance reloads its index.
    for table in [
        "indicator_values",
        "indicator_cases",
        "blocking_steps",
        "liveness_checks",
    ] {
        let orphans = format!(
            "SELECT COUNT(*) FROM {table} WHERE indicator_id NOT IN (SELECT id FROM indicators)"
        );
        assert_eq!(number(db, &orphans).await, 0, "{table}");
    }
    assert_eq!(
        number(
            db,
            "SELECT COUNT(*) FROM registry_changes WHERE indicator_id IS NULL"
        )
        .await,
        1
    );

    // Run again, it finds nothing to do.
    let once = snapshot(db).await;
    Migrator::down(db, Some(1)).await.unwrap();
    Migrator::up(db, None).await.unwrap();
    assert_eq!(snapshot(db).await, once);

    // The check service answers every spelling from the merged store.
    let service = dozor::check::service::CheckService::load(db, None)
        .await
        .unwrap();
    for q in [
        "@scam_support",
        "https://telegram.me/scam_support",
        "https://pay.example.ru/card?order=7&gclid=1",
    ] {
        assert!(service.check(q).listed, "{q}");
    }
}

#[tokio::test]
async fn m0013_merges_duplicates_on_sqlite() {
    let db = dozor::db::connect("sqlite::memory:").await.unwrap();
    merges_the_duplicates(&db).await;
}

#[tokio::test]
#[ignore = "PostgreSQL suite: cargo test -- --ignored, with DOZOR_TEST_POSTGRES_URL"]
async fn m0013_merges_duplicates_on_postgres() {
    let Some(admin) = postgres_url() else { return };
    let url = new_postgres_database(&admin).await;
    let db = dozor::db::connect(&url).await.unwrap();
    merges_the_duplicates(&db).await;
    db.close().await.unwrap();
    let name = url.rsplit('/').next().unwrap_or_default().to_string();
    let admin = sea_orm::Database::connect(admin.as_str()).await.unwrap();
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await;
}
