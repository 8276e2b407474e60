//! The change counter of a plan's periods (see migration m0003) and the
//! in-memory caches it keeps honest: stored plans, and the completeness and
//! timeliness of periods whose every due date has passed.

use super::status::Rates;
use crate::db::entity::control::data_version;
use crate::error::Result;
use crate::plan::store::StoredPlan;
use crate::time::period::Period;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The counter of the plan's own definition (its measures' revisions).
const PLAN_KEY: &str = "plan";

/// Bumps the counter of one period, inside the caller's transaction.
pub async fn bump(db: &impl ConnectionTrait, plan_id: i32, period: Period) -> Result<()> {
    bump_key(db, plan_id, &period.to_string()).await
}

/// Bumps the counter of the plan's definition: cached copies are stale.
pub async fn bump_plan(db: &impl ConnectionTrait, plan_id: i32) -> Result<()> {
    bump_key(db, plan_id, PLAN_KEY).await
}

/// The counter of the plan's definition.
pub async fn plan_version(db: &impl ConnectionTrait, plan_id: i32) -> Result<i64> {
    Ok(data_version::Entity::find()
        .filter(data_version::Column::PlanId.eq(plan_id))
        .filter(data_version::Column::Period.eq(PLAN_KEY))
        .one(db)
        .await?
        .map_or(0, |v| v.version))
}

async fn bump_key(db: &impl ConnectionTrait, plan_id: i32, key: &str) -> Result<()> {
    let row = data_version::ActiveModel {
        plan_id: Set(plan_id),
        period: Set(key.to_string()),
        version: Set(1),
        ..Default::default()
    };
    data_version::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([data_version::Column::PlanId, data_version::Column::Period])
                .value(
                    data_version::Column::Version,
                    Expr::col((data_version::Entity, data_version::Column::Version)).add(1),
                )
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Every period's counter of a plan; a period never written is at 0.
pub async fn all(db: &impl ConnectionTrait, plan_id: i32) -> Result<HashMap<String, i64>> {
    Ok(data_version::Entity::find()
        .filter(data_version::Column::PlanId.eq(plan_id))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.period, v.version))
        .collect())
}

/// Per-instance caches, each entry valid for one counter value: a plan
/// until its measures are edited, a settled period's rates until a write in it.
#[derive(Debug, Default)]
pub struct Caches {
    plans: Mutex<HashMap<i32, (i64, Arc<StoredPlan>)>>,
    rates: Mutex<HashMap<(i32, Period), (i64, Rates)>>,
}

impl Caches {
    pub fn plan(&self, id: i32, version: i64) -> Option<Arc<StoredPlan>> {
        let m = self.plans.lock().ok()?;
        m.get(&id)
            .filter(|(v, _)| *v == version)
            .map(|(_, p)| p.clone())
    }

    pub fn put_plan(&self, version: i64, p: Arc<StoredPlan>) {
        if let Ok(mut m) = self.plans.lock() {
            m.insert(p.id, (version, p));
        }
    }

    /// The rates of a settled period, if computed at this version.
    pub fn rates(&self, plan: i32, period: Period, version: i64) -> Option<Rates> {
        let m = self.rates.lock().ok()?;
        m.get(&(plan, period))
            .filter(|(v, _)| *v == version)
            .map(|(_, r)| *r)
    }

    pub fn put_rates(&self, plan: i32, period: Period, version: i64, rates: Rates) {
        if let Ok(mut m) = self.rates.lock() {
            m.insert((plan, period), (version, rates));
        }
    }
}
