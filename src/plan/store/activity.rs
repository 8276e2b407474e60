//! Which plans are active, and the coordinator's override of it (see
//! `model::activity`): one small read of the plans table per page.

use super::*;
use crate::plan::model::activity::{Activity, is_active};

/// A plan's override as stored; an unknown value reads as `auto`.
pub fn activity_of(p: &plan::Model) -> Activity {
    Activity::parse(&p.activity).unwrap_or(Activity::Auto)
}

/// Is the stored plan active at `now`, judged on the day in its own zone?
pub fn active_at(p: &plan::Model, now: DateTime<Utc>) -> bool {
    let today = p.timezone.parse::<Tz>().map_or_else(
        |_| now.date_naive(),
        |tz| now.with_timezone(&tz).date_naive(),
    );
    is_active(activity_of(p), p.valid_from, p.valid_to, today)
}

/// The plan's row, without its measures.
pub async fn row(db: &impl ConnectionTrait, id: i32) -> Result<plan::Model> {
    plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound(format!("План {id} не найден")))
}

/// Is plan `id` active at `now` by its own dates and override?
pub async fn active_now(db: &impl ConnectionTrait, id: i32, now: DateTime<Utc>) -> Result<bool> {
    Ok(active_at(&row(db, id).await?, now))
}

/// The plans active at `now`, earliest validity first. When none is (every
/// plan past its validity or closed), the plan imported last, as before
/// plans had an activity: a store between plans never goes blank.
pub async fn active_plans(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<i32>> {
    let rows = plan::Entity::find()
        .order_by_asc(plan::Column::ValidFrom)
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?;
    let active: Vec<i32> = rows
        .iter()
        .filter(|p| active_at(p, now))
        .map(|p| p.id)
        .collect();
    if !active.is_empty() {
        return Ok(active);
    }
    latest_id(db).await.map(|id| id.into_iter().collect())
}

/// Sets a plan's override, audited, in one transaction. The caller has
/// checked the user may (`plan::activity::change`).
pub async fn set_activity(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i32,
    to: Activity,
    now: DateTime<Utc>,
) -> Result<Activity> {
    let txn = crate::db::begin(db).await?;
    let row = plan::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound(format!("План {id} не найден")))?;
    let before = activity_of(&row);
    if before != to {
        let mut active: plan::ActiveModel = row.into();
        active.activity = Set(to.as_str().to_string());
        active.update(&txn).await?;
        let entry = audit::Entry::change(
            &actor.login,
            "plan.activity",
            "plan",
            id,
            Some(json!({"activity": before.as_str()})),
            Some(json!({"activity": to.as_str()})),
        );
        audit::record(&txn, now, entry).await?;
    }
    txn.commit().await?;
    Ok(to)
}
