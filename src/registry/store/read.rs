//! The registry's reads for an indicator's page, and the small edits made
//! there (category, a case linked later), each one transaction with its
//! audit entry.

use super::cases::upsert_case;
use super::{link, record_change};
use crate::accounts::audit;
use crate::actor::Actor;
use crate::db::entity::registry::{case, indicator, indicator_case, indicator_value};
use crate::error::{Error, Result};
use crate::registry::model::{CaseInput, CaseScope};
use chrono::{DateTime, Utc};
use dozor_indicator::model::Category;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

pub async fn indicator(db: &impl ConnectionTrait, id: i32) -> Result<indicator::Model> {
    indicator::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого ресурса в реестре".into()))
}

/// Every raw spelling seen, oldest first.
pub async fn values_of(db: &impl ConnectionTrait, id: i32) -> Result<Vec<indicator_value::Model>> {
    Ok(indicator_value::Entity::find()
        .filter(indicator_value::Column::IndicatorId.eq(id))
        .order_by_asc(indicator_value::Column::Id)
        .all(db)
        .await?)
}

/// The cases an indicator is tied to, in the order they were linked.
pub async fn cases_of(db: &impl ConnectionTrait, id: i32) -> Result<Vec<case::Model>> {
    let ids: Vec<i32> = indicator_case::Entity::find()
        .filter(indicator_case::Column::IndicatorId.eq(id))
        .order_by_asc(indicator_case::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.case_id)
        .collect();
    let mut cases = case::Entity::find()
        .filter(case::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    cases.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    Ok(cases)
}

pub async fn set_category(
    db: &DatabaseConnection,
    id: i32,
    category: Category,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let ind = indicator(&txn, id).await?;
    if ind.category == category.as_str() {
        return Ok(());
    }
    let before = json!({"category": ind.category});
    let mut a: indicator::ActiveModel = ind.into();
    a.category = Set(category.as_str().into());
    a.update(&txn).await?;
    let after = json!({"category": category});
    let entry = audit::Entry::change(
        &actor.login,
        "indicator.category",
        "indicator",
        id,
        Some(before),
        Some(after),
    );
    audit::record(&txn, now, entry).await?;
    record_change(&txn, Some(id), now).await?;
    txn.commit().await?;
    Ok(())
}

/// Ties an indicator to a case (created when new).
pub async fn link_case(
    db: &DatabaseConnection,
    id: i32,
    c: &CaseInput,
    scope: CaseScope,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    indicator(&txn, id).await?;
    let case_id = upsert_case(&txn, c, scope, actor.id, now).await?;
    link(&txn, id, case_id).await?;
    let after = json!({"case": c.number.trim(), "case_id": case_id});
    let entry = audit::Entry::change(
        &actor.login,
        "indicator.case",
        "indicator",
        id,
        None,
        Some(after),
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(())
}
