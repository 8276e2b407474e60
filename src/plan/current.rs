//! The plans the pages show, kept in memory until their definition's
//! counter moves: the one imported last by default, one chosen by id, or
//! every active one.

use super::store::{self, StoredPlan};
use super::version::{PlanCache, plan_version};
use crate::error::{Error, Result};
use crate::state::AppState;
use std::sync::Arc;

/// The plan the pages show by default: the one imported last.
pub async fn current_plan(s: &AppState) -> Result<Arc<StoredPlan>> {
    let id = store::latest_id(&s.db)
        .await?
        .ok_or_else(|| Error::NotFound("План ещё не загружен".into()))?;
    plan_by_id(s, id).await
}

/// The plan `id`, or the current one when none is chosen.
pub async fn chosen_plan(s: &AppState, id: Option<i32>) -> Result<Arc<StoredPlan>> {
    match id {
        Some(id) => plan_by_id(s, id).await,
        None => current_plan(s).await,
    }
}

/// The plan `id`, from the cache while its measures stay unedited.
pub async fn plan_by_id(s: &AppState, id: i32) -> Result<Arc<StoredPlan>> {
    let version = plan_version(&s.db, id).await?;
    if let Some(p) = s.caches.get::<PlanCache>().plan(id, version) {
        return Ok(p);
    }
    let p = Arc::new(store::load(&s.db, id).await?);
    s.caches.get::<PlanCache>().put_plan(version, p.clone());
    Ok(p)
}

/// Every active plan (see `store::active_plans`), earliest validity first.
pub async fn active_plans(s: &AppState) -> Result<Vec<Arc<StoredPlan>>> {
    let mut out = Vec::new();
    for id in store::active_plans(&s.db, s.now()).await? {
        out.push(plan_by_id(s, id).await?);
    }
    Ok(out)
}

/// The plans a page covers: the one chosen by `?plan=`, else every active one.
pub async fn plans_in_scope(s: &AppState, id: Option<i32>) -> Result<Vec<Arc<StoredPlan>>> {
    match id {
        Some(id) => Ok(vec![plan_by_id(s, id).await?]),
        None => active_plans(s).await,
    }
}
