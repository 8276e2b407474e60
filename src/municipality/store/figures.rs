//! The upserts of population and crime figures, keyed by municipality and
//! year or period, saying what each did; and the stored crime figures.

use crate::db::entity::municipality::{crime_stat, municipality_population as population};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// What an upsert did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome<T> {
    Added,
    /// The stored values before.
    Updated(T),
    Unchanged,
}

/// Stores one year's population of one municipality.
pub async fn upsert_population(
    conn: &impl ConnectionTrait,
    municipality_id: i32,
    year: i32,
    value: i64,
    approximate: bool,
) -> Result<Outcome<(i64, bool)>, DbErr> {
    let old = population::Entity::find()
        .filter(population::Column::MunicipalityId.eq(municipality_id))
        .filter(population::Column::Year.eq(year))
        .one(conn)
        .await?;
    let Some(old) = old else {
        population::ActiveModel {
            municipality_id: Set(municipality_id),
            year: Set(year),
            population: Set(value),
            approximate: Set(approximate),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        return Ok(Outcome::Added);
    };
    if (old.population, old.approximate) == (value, approximate) {
        return Ok(Outcome::Unchanged);
    }
    let before = (old.population, old.approximate);
    let mut row: population::ActiveModel = old.into();
    row.population = Set(value);
    row.approximate = Set(approximate);
    row.update(conn).await?;
    Ok(Outcome::Updated(before))
}

/// One period's figures: registered, solved, damage in kopecks.
pub type Figures = (i64, i64, i64);

/// Stores one period's crime figures of one municipality.
pub async fn upsert_crime(
    conn: &impl ConnectionTrait,
    municipality_id: i32,
    period: &str,
    (registered, solved, damage): Figures,
) -> Result<Outcome<Figures>, DbErr> {
    let old = crime_stat::Entity::find()
        .filter(crime_stat::Column::MunicipalityId.eq(municipality_id))
        .filter(crime_stat::Column::Period.eq(period))
        .one(conn)
        .await?;
    let Some(old) = old else {
        crime_stat::ActiveModel {
            municipality_id: Set(municipality_id),
            period: Set(period.to_string()),
            registered: Set(registered),
            solved: Set(solved),
            damage_kopecks: Set(damage),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        return Ok(Outcome::Added);
    };
    let before = (old.registered, old.solved, old.damage_kopecks);
    if before == (registered, solved, damage) {
        return Ok(Outcome::Unchanged);
    }
    let mut row: crime_stat::ActiveModel = old.into();
    row.registered = Set(registered);
    row.solved = Set(solved);
    row.damage_kopecks = Set(damage);
    row.update(conn).await?;
    Ok(Outcome::Updated(before))
}

/// Every stored crime figure, for the page's summary and for analysis.
pub async fn crime_stats(conn: &impl ConnectionTrait) -> Result<Vec<crime_stat::Model>, DbErr> {
    crime_stat::Entity::find()
        .order_by_asc(crime_stat::Column::Period)
        .order_by_asc(crime_stat::Column::MunicipalityId)
        .all(conn)
        .await
}
