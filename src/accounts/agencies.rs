//! The admin's changes to agencies, from the pages or the CLI: creating
//! one, renaming it and setting its head contact, mapping one more spelling
//! to it. Each is one transaction with its audit entry.

use super::audit;
use crate::actor::Actor;
use crate::agency::model::alias_key;
use crate::agency::store::{agency_by_alias, create_agency, insert_alias};
use crate::db::entity::plan::agency;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use serde_json::json;

/// Maps one more spelling to the agency that `agency` names.
pub async fn add_alias(
    db: &DatabaseConnection,
    agency: &str,
    alias: &str,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<i32> {
    if alias_key(alias).is_empty() {
        return Err(Error::Invalid("the alias is empty".into()));
    }
    let txn = crate::db::begin(db).await?;
    let id = agency_by_alias(&txn, agency)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no agency is called «{agency}»")))?;
    match agency_by_alias(&txn, alias).await? {
        Some(other) if other == id => return Ok(id),
        Some(other) => {
            return Err(Error::Conflict(format!(
                "«{alias}» already names agency {other}"
            )));
        }
        None => insert_alias(&txn, id, alias).await?,
    }
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor: &actor.login,
            action: "agency.alias_add",
            entity: "agency",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({"alias": alias})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Creates an agency that no plan has named yet.
pub async fn add_agency(
    db: &DatabaseConnection,
    name: &str,
    short_name: Option<&str>,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<i32> {
    let name = crate::ru::squash(name);
    if name.is_empty() {
        return Err(Error::Invalid("the agency name is empty".into()));
    }
    let txn = crate::db::begin(db).await?;
    if let Some(other) = agency_by_alias(&txn, &name).await? {
        return Err(Error::Conflict(format!(
            "«{name}» already names agency {other}"
        )));
    }
    let id = create_agency(&txn, &name, short_name, now).await?;
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor: &actor.login,
            action: "agency.create",
            entity: "agency",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({"name": name, "short_name": short_name})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes an agency's names and head contact; the old state goes to the audit log.
pub async fn update_agency(
    db: &DatabaseConnection,
    id: i32,
    name: &str,
    short_name: Option<&str>,
    head_email: Option<&str>,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<()> {
    let name = crate::ru::squash(name);
    if name.is_empty() {
        return Err(Error::Invalid("Укажите наименование ведомства".into()));
    }
    if let Some(e) = head_email
        && (!e.contains('@') || e.contains(char::is_whitespace))
    {
        return Err(Error::Invalid(format!(
            "«{e}» — не адрес электронной почты"
        )));
    }
    let txn = crate::db::begin(db).await?;
    let a = agency::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого ведомства".into()))?;
    if let Some(other) = agency_by_alias(&txn, &name).await?
        && other != id
    {
        return Err(Error::Conflict(format!(
            "«{name}» уже называет другое ведомство"
        )));
    }
    let before = json!({"name": a.name, "short_name": a.short_name, "head_email": a.head_email});
    let mut row: agency::ActiveModel = a.into();
    row.name = Set(name.clone());
    row.short_name = Set(short_name
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty()));
    row.head_email = Set(head_email
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty()));
    let saved = row.update(&txn).await?;
    if agency_by_alias(&txn, &name).await?.is_none() {
        insert_alias(&txn, id, &name).await?;
    }
    audit::record(&txn, now, audit::Entry {
        actor: &actor.login,
        action: "agency.update",
        entity: "agency",
        entity_id: Some(id.to_string()),
        before: Some(before),
        after: Some(json!({"name": saved.name, "short_name": saved.short_name, "head_email": saved.head_email})),
    })
    .await?;
    txn.commit().await?;
    Ok(())
}
