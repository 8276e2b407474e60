//! The change counter of a plan's definition (its measures' revisions and
//! metrics), one row of the data_version table (see migration m0003) beside
//! control's per-period counters, and the per-instance cache of stored plans
//! it keeps honest.

use super::store::StoredPlan;
use crate::db::entity::control::data_version;
use crate::error::Result;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The counter of the plan's own definition (its measures' revisions).
const PLAN_KEY: &str = "plan";

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

/// Bumps one counter of a plan, inside the caller's transaction: its
/// definition's here, a period's for control.
pub async fn bump_key(db: &impl ConnectionTrait, plan_id: i32, key: &str) -> Result<()> {
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

/// Stored plans kept per instance (in `AppState.caches`), each valid for
/// one value of its definition's counter: until its measures are edited.
#[derive(Debug, Default)]
pub struct PlanCache {
    plans: Mutex<HashMap<i32, (i64, Arc<StoredPlan>)>>,
}

impl PlanCache {
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
}
