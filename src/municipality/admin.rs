//! The coordinator's and admin's changes to municipalities, from the page
//! or the CLI: adding a municipality, mapping one more spelling to one,
//! setting a year's population. Each is one transaction with its audit entry.

use super::store::{self, Outcome};
use crate::accounts::audit;
use crate::actor::Actor;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use serde_json::json;

/// A municipality that is not built in; its name becomes its first alias.
pub async fn add(
    db: &DatabaseConnection,
    name: &str,
    kind: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<i32> {
    let name = crate::ru::squash(name);
    if super::model::name_key(&name).is_empty() {
        return Err(Error::Invalid(
            "Укажите название муниципального образования".into(),
        ));
    }
    if !super::model::KINDS.contains(&kind) {
        return Err(Error::Invalid(
            "Вид — «городской округ» или «муниципальный район»".into(),
        ));
    }
    let txn = crate::db::begin(db).await?;
    let id = store::insert(&txn, &name, kind).await?;
    let after = json!({"name": name, "kind": kind});
    audit::record(
        &txn,
        now,
        audit::Entry::created(&actor.login, "municipality", id, after),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Maps `alias` to municipality `id`.
pub async fn add_alias(
    db: &DatabaseConnection,
    id: i32,
    alias: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let alias = crate::ru::squash(alias);
    let txn = crate::db::begin(db).await?;
    store::find(&txn, id).await?;
    if store::insert_alias(&txn, id, &alias).await? {
        audit::record(
            &txn,
            now,
            audit::Entry::change(
                &actor.login,
                "municipality.alias_add",
                "municipality",
                id,
                None,
                Some(json!({"alias": alias})),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sets municipality `id`'s population for a year: `(year, population, approximate)`.
pub async fn set_population(
    db: &DatabaseConnection,
    id: i32,
    (year, population, approximate): (i32, i64, bool),
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    store::find(&txn, id).await?;
    let outcome = store::upsert_population(&txn, id, year, population, approximate).await?;
    let before = match outcome {
        Outcome::Unchanged => return Ok(()),
        Outcome::Added => None,
        Outcome::Updated((p, a)) => Some(json!({"year": year, "population": p, "approximate": a})),
    };
    let after = json!({"year": year, "population": population, "approximate": approximate});
    let entry = audit::Entry::change(
        &actor.login,
        "municipality.population",
        "municipality",
        id,
        before,
        Some(after),
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(())
}
