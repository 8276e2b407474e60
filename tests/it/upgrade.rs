//! A store made by an earlier build opens under this one. SeaORM names a
//! migration after its file: a migration moved or renamed would look new and
//! run again on every existing store. `store-2b0ac9b.sql` is the dump of a
//! SQLite store made by main at 2b0ac9b (`plan import` of the seed plan, a
//! coordinator, an API token, two indicators).

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use sea_orm_migration::MigratorTrait;

const DUMP: &str = include_str!("../data/store-2b0ac9b.sql");

async fn migrations(db: &DatabaseConnection) -> Vec<(String, i64)> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version, applied_at FROM seaql_migrations ORDER BY version",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get::<String>("", "version").unwrap(),
                r.try_get::<i64>("", "applied_at").unwrap(),
            )
        })
        .collect()
}

async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

#[tokio::test]
async fn a_store_made_by_an_earlier_main_opens_without_rerunning_a_migration() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("dozor.db").display());
    let old = dozor::db::connect(&url).await.unwrap();
    old.execute_unprepared(DUMP).await.unwrap();
    let before = migrations(&old).await;
    assert_eq!(before.len(), 7, "{before:?}");
    old.close().await.unwrap();

    let db = dozor::db::open(&url)
        .await
        .expect("the old store opens and migrates");
    let after = migrations(&db).await;
    assert_eq!(after[..before.len()], before[..], "a migration ran again");
    let names: Vec<String> = dozor::db::migrations::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let stored: Vec<String> = after.iter().map(|(v, _)| v.clone()).collect();
    assert_eq!(stored, names, "the store's migrations are the migrator's");
    assert_eq!(count(&db, "plans").await, 1);
    assert_eq!(count(&db, "measures").await, 15);
    assert_eq!(count(&db, "users").await, 1);
    assert_eq!(count(&db, "api_tokens").await, 1);
    assert_eq!(count(&db, "indicators").await, 2);
    assert_eq!(
        count(&db, "municipalities").await,
        22,
        "m0016 seeds the okrug's 22"
    );
    // The store keeps the registry's writers it had: measures 9 and 10.
    let feeding = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT number FROM measures WHERE feeds_registry ORDER BY position",
        ))
        .await
        .unwrap();
    let numbers: Vec<String> = feeding
        .iter()
        .map(|r| r.try_get::<String>("", "number").unwrap())
        .collect();
    assert_eq!(numbers, ["9", "10"]);
}
