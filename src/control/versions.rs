//! The change counters of a plan's periods (see migration m0003; the plan's
//! own definition has its counter in `plan::version`) and the in-memory
//! cache they keep honest: the completeness and timeliness of periods whose
//! every due date has passed.

use super::status::Rates;
use crate::db::entity::control::data_version;
use crate::error::Result;
use crate::time::period::Period;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::Mutex;

/// Bumps the counter of one period, inside the caller's transaction.
pub async fn bump(db: &impl ConnectionTrait, plan_id: i32, period: Period) -> Result<()> {
    crate::plan::version::bump_key(db, plan_id, &period.to_string()).await
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

/// Per-instance cache (in `AppState.caches`), each entry valid for one
/// counter value: a settled period's rates until a write in it.
#[derive(Debug, Default)]
pub struct RatesCache {
    rates: Mutex<HashMap<(i32, Period), (i64, Rates)>>,
}

impl RatesCache {
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
