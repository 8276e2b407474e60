//! All SQL of municipalities: finding one by any spelling, the list with
//! population by year, adding a municipality or a spelling, and the
//! upserts of population and crime figures. The audited actions that use
//! these are in `import` and `pages`; each takes the caller's transaction.

use super::model::name_key;
use crate::db::entity::municipality::{
    municipality, municipality_alias, municipality_population as population,
};
use crate::error::{Error, Result};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::HashMap;

/// Every alias key and the municipality it names.
pub async fn keys(conn: &impl ConnectionTrait) -> Result<HashMap<String, i32>, DbErr> {
    Ok(municipality_alias::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.key, a.municipality_id))
        .collect())
}

/// The municipality a spelling names, if any: unknown names are not created.
pub async fn resolve(conn: &impl ConnectionTrait, name: &str) -> Result<Option<i32>, DbErr> {
    Ok(municipality_alias::Entity::find()
        .filter(municipality_alias::Column::Key.eq(name_key(name)))
        .one(conn)
        .await?
        .map(|a| a.municipality_id))
}

/// A municipality with its other spellings and its population, latest year first.
#[derive(Clone, Debug, serde::Serialize)]
pub struct MunicipalityView {
    pub id: i32,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    /// `(year, population, approximate)`, latest first.
    pub population: Vec<(i32, i64, bool)>,
}

impl MunicipalityView {
    /// The latest year's figure.
    pub fn latest(&self) -> Option<(i32, i64, bool)> {
        self.population.first().copied()
    }
}

pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<MunicipalityView>, DbErr> {
    let all = municipality::Entity::find()
        .order_by_asc(municipality::Column::Id)
        .all(conn)
        .await?;
    let aliases = municipality_alias::Entity::find()
        .order_by_asc(municipality_alias::Column::Id)
        .all(conn)
        .await?;
    let figures = population::Entity::find()
        .order_by_desc(population::Column::Year)
        .all(conn)
        .await?;
    Ok(all
        .into_iter()
        .map(|m| MunicipalityView {
            aliases: aliases
                .iter()
                .filter(|a| a.municipality_id == m.id && a.alias != m.name)
                .map(|a| a.alias.clone())
                .collect(),
            population: figures
                .iter()
                .filter(|p| p.municipality_id == m.id)
                .map(|p| (p.year, p.population, p.approximate))
                .collect(),
            id: m.id,
            name: m.name,
            kind: m.kind,
        })
        .collect())
}

/// The population to divide by for `year`: that year's, else the latest
/// before it, else the earliest after it.
pub async fn population_for(
    conn: &impl ConnectionTrait,
    municipality_id: i32,
    year: i32,
) -> Result<Option<(i32, i64, bool)>, DbErr> {
    let rows = population::Entity::find()
        .filter(population::Column::MunicipalityId.eq(municipality_id))
        .order_by_asc(population::Column::Year)
        .all(conn)
        .await?;
    let before = rows.iter().rev().find(|p| p.year <= year);
    Ok(before
        .or(rows.first())
        .map(|p| (p.year, p.population, p.approximate)))
}

/// A new municipality whose name is its first alias; a name another
/// municipality already answers to is a conflict.
pub async fn insert(conn: &impl ConnectionTrait, name: &str, kind: &str) -> Result<i32> {
    if let Some(other) = resolve(conn, name).await? {
        return Err(Error::Conflict(format!(
            "«{name}» уже называет муниципальное образование № {other}"
        )));
    }
    let m = municipality::ActiveModel {
        name: Set(name.to_string()),
        kind: Set(kind.to_string()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    insert_alias(conn, m.id, name).await?;
    Ok(m.id)
}

/// Maps one more spelling to `municipality_id`: `false` when it already
/// did, a conflict when it names another one.
pub async fn insert_alias(
    conn: &impl ConnectionTrait,
    municipality_id: i32,
    alias: &str,
) -> Result<bool> {
    let key = name_key(alias);
    if key.is_empty() {
        return Err(Error::Invalid(
            "Написание пусто: в нём нет ни одного слова названия".into(),
        ));
    }
    match resolve(conn, alias).await? {
        Some(id) if id == municipality_id => return Ok(false),
        Some(other) => {
            return Err(Error::Conflict(format!(
                "«{alias}» уже называет муниципальное образование № {other}"
            )));
        }
        None => {}
    }
    municipality_alias::ActiveModel {
        municipality_id: Set(municipality_id),
        alias: Set(alias.to_string()),
        key: Set(key),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(true)
}

pub async fn find(conn: &impl ConnectionTrait, id: i32) -> Result<municipality::Model> {
    municipality::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Нет муниципального образования № {id}")))
}

mod figures;
pub use figures::{Figures, Outcome, crime_stats, upsert_crime, upsert_population};
