//! The coordinator's edit of a measure's schedule and executors from a
//! period on, never reaching into a locked period: the periods an edit may
//! start from, and the edit in one transaction (plan writes the revision).

use crate::accounts::model::CurrentUser;
use crate::db::entity::control::period_lock;
use crate::error::{Error, Result};
use crate::plan::edit::{MeasureEdit, revise_measure};
use crate::plan::store::{StoredPlan, plan_of};
use crate::time::period::Period;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// The periods an edit may start from: from today's period (or the plan's
/// start) on, after the last locked period, within the plan's validity.
pub async fn editable_periods(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    now: DateTime<Utc>,
) -> Result<Vec<Period>> {
    let kind = plan.settings.reporting;
    let today = now.with_timezone(&plan.settings.timezone).date_naive();
    let current = Period::containing(kind, today.max(plan.settings.valid_from));
    let locked: Vec<Period> = period_lock::Entity::find()
        .filter(period_lock::Column::PlanId.eq(plan.id))
        .all(db)
        .await?
        .iter()
        .filter_map(|l| Period::parse(&l.period).ok())
        .collect();
    let last_locked = locked.into_iter().max();
    Ok(
        Period::covering(kind, plan.settings.valid_from, plan.settings.valid_to)
            .into_iter()
            .filter(|p| *p >= current && last_locked.is_none_or(|l| *p > l))
            .collect(),
    )
}

/// Revises a measure from `e.from` on; returns the executors that created
/// new agencies.
pub async fn edit_measure(
    db: &DatabaseConnection,
    user: &CurrentUser,
    measure_id: i32,
    e: &MeasureEdit<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    if !user.is_coordinator() {
        return Err(Error::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    let plan = plan_of(&txn, measure_id).await?;
    if !editable_periods(&txn, &plan, now).await?.contains(&e.from) {
        return Err(Error::Invalid(format!(
            "С периода «{}» изменить мероприятие нельзя: он прошёл, закрыт или вне срока плана",
            crate::time::period::russian(e.from)
        )));
    }
    let created = revise_measure(&txn, user, &plan, measure_id, e, now).await?;
    txn.commit().await?;
    Ok(created)
}
