//! Changing a stored plan's settings after import: today what the decree's
//! paid non-working days count as for its due dates. One transaction with
//! its audit entry; the plan's cached copies are dropped.

use crate::accounts::audit;
use crate::actor::Actor;
use crate::db::entity::plan::plan;
use crate::error::{Error, Result};
use crate::time::calendar::PaidNonWorking;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use serde_json::json;

/// Sets what plan `id` counts the paid non-working days as; returns
/// whether anything changed. The caller checks who may (the CLI is the
/// operator's).
pub async fn set_paid_non_working(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i32,
    paid: PaidNonWorking,
    now: DateTime<Utc>,
) -> Result<bool> {
    let txn = crate::db::begin(db).await?;
    let row = plan::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound(format!("План {id} не найден")))?;
    let before = row.paid_non_working.clone();
    if before == paid.as_str() {
        return Ok(false);
    }
    let mut active: plan::ActiveModel = row.into();
    active.paid_non_working = Set(paid.as_str().to_string());
    active.update(&txn).await?;
    super::version::bump_plan(&txn, id).await?;
    let entry = audit::Entry::change(
        &actor.login,
        "plan.settings",
        "plan",
        id.to_string(),
        Some(json!({"paid_non_working": before})),
        Some(json!({"paid_non_working": paid.as_str()})),
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(true)
}
