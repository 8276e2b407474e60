//! All SQL of agencies: finding one by any spelling, creating one with its
//! first alias, seeding the built-in ones, and listing them. The audited
//! changes an admin makes are in `accounts::agencies`.

use super::model::{BUILTIN, alias_key};
use crate::db::entity::plan::{agency, agency_alias};
use crate::error::Result;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

/// The agency a spelling names; an unknown spelling creates an agency.
pub async fn resolve_agency(
    conn: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(i32, bool), DbErr> {
    if let Some(id) = agency_by_alias(conn, name).await? {
        return Ok((id, false));
    }
    let id = create_agency(conn, name, None, now).await?;
    Ok((id, true))
}

pub async fn agency_by_alias(
    conn: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<i32>, DbErr> {
    Ok(agency_alias::Entity::find()
        .filter(agency_alias::Column::Key.eq(alias_key(name)))
        .one(conn)
        .await?
        .map(|a| a.agency_id))
}

/// A new agency, its name its first alias.
pub async fn create_agency(
    conn: &impl ConnectionTrait,
    name: &str,
    short_name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let a = agency::ActiveModel {
        name: Set(name.to_string()),
        short_name: Set(short_name.map(str::to_string)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    insert_alias(conn, a.id, name).await?;
    Ok(a.id)
}

/// Maps one more spelling to `agency_id`; the caller checks it is free.
pub async fn insert_alias(
    conn: &impl ConnectionTrait,
    agency_id: i32,
    alias: &str,
) -> Result<(), DbErr> {
    agency_alias::ActiveModel {
        agency_id: Set(agency_id),
        alias: Set(alias.to_string()),
        key: Set(alias_key(alias)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Creates the okrug's main agencies and their aliases where missing.
pub async fn seed_builtin_agencies(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::db::begin(db).await?;
    for b in BUILTIN {
        let id = match agency_by_alias(&txn, b.name).await? {
            Some(id) => id,
            None => create_agency(&txn, b.name, Some(b.short_name), now).await?,
        };
        for alias in std::iter::once(&b.short_name).chain(b.aliases) {
            if agency_by_alias(&txn, alias).await?.is_none() {
                insert_alias(&txn, id, alias).await?;
            }
        }
    }
    txn.commit().await
}

/// An agency with every spelling that maps to it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct AgencyView {
    pub id: i32,
    pub name: String,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
}

pub async fn agencies(db: &impl ConnectionTrait) -> Result<Vec<AgencyView>> {
    let all = agency::Entity::find()
        .order_by_asc(agency::Column::Id)
        .all(db)
        .await?;
    let aliases = agency_alias::Entity::find()
        .order_by_asc(agency_alias::Column::Id)
        .all(db)
        .await?;
    Ok(all
        .into_iter()
        .map(|a| AgencyView {
            aliases: aliases
                .iter()
                .filter(|x| x.agency_id == a.id && x.alias != a.name)
                .map(|x| x.alias.clone())
                .collect(),
            id: a.id,
            name: a.name,
            short_name: a.short_name,
        })
        .collect())
}

/// Agencies with their head contacts, for the admin page.
pub async fn agency_rows(db: &impl ConnectionTrait) -> Result<Vec<agency::Model>> {
    Ok(agency::Entity::find()
        .order_by_asc(agency::Column::Id)
        .all(db)
        .await?)
}
