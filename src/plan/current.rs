//! The plan the pages show: the one imported last, kept in memory until
//! its definition's counter moves.

use super::store::{self, StoredPlan};
use super::version::{PlanCache, plan_version};
use crate::error::{Error, Result};
use crate::state::AppState;
use std::sync::Arc;

/// The plan the pages show: the one imported last, kept in memory until
/// its measures are edited.
pub async fn current_plan(s: &AppState) -> Result<Arc<StoredPlan>> {
    let id = store::latest_id(&s.db)
        .await?
        .ok_or_else(|| Error::NotFound("План ещё не загружен".into()))?;
    let version = plan_version(&s.db, id).await?;
    if let Some(p) = s.caches.get::<PlanCache>().plan(id, version) {
        return Ok(p);
    }
    let p = Arc::new(store::load(&s.db, id).await?);
    s.caches.get::<PlanCache>().put_plan(version, p.clone());
    Ok(p)
}
