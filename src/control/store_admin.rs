//! Period locks and extensions of due dates: the coordinator's controls
//! over time. One transaction per action, each with its audit entry.

use super::model::ExtensionState;
use super::notify::events;
use super::store::{Key, find, is_locked};
use crate::accounts::audit;
use crate::accounts::model::CurrentUser;
use crate::db::entity::control::{extension, period_lock};
use crate::error::{Error, FieldErrors, Result};
use crate::time::calendar::Calendar;
use crate::time::period::Period;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

fn coordinator(user: &CurrentUser) -> Result<()> {
    if user.is_coordinator() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Locks a period of a plan: nothing in it changes until an audited unlock.
pub async fn lock(
    db: &DatabaseConnection,
    user: &CurrentUser,
    plan_id: i32,
    period: Period,
    now: DateTime<Utc>,
) -> Result<()> {
    coordinator(user)?;
    let txn = crate::db::begin(db).await?;
    if is_locked(&txn, plan_id, period).await? {
        return Err(Error::Conflict("Период уже закрыт".into()));
    }
    period_lock::ActiveModel {
        plan_id: Set(plan_id),
        period: Set(period.to_string()),
        locked_by: Set(user.id),
        locked_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        now,
        audit::Entry::change(
            &user.login,
            "period.lock",
            "period",
            format!("{plan_id}/{period}"),
            Some(json!({"locked": false})),
            Some(json!({"locked": true})),
        ),
    )
    .await?;
    let plan = crate::plan::store::load(&txn, plan_id).await?;
    events::period_changed(&txn, &plan, period, None, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Unlocks a period; the reason goes into the audit log.
pub async fn unlock(
    db: &DatabaseConnection,
    user: &CurrentUser,
    plan_id: i32,
    period: Period,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    coordinator(user)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::Invalid("Укажите причину открытия периода".into()));
    }
    let txn = crate::db::begin(db).await?;
    let deleted = period_lock::Entity::delete_many()
        .filter(period_lock::Column::PlanId.eq(plan_id))
        .filter(period_lock::Column::Period.eq(period.to_string()))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(Error::Conflict("Период не закрыт".into()));
    }
    audit::record(
        &txn,
        now,
        audit::Entry::change(
            &user.login,
            "period.unlock",
            "period",
            format!("{plan_id}/{period}"),
            Some(json!({"locked": true})),
            Some(json!({"locked": false, "reason": reason})),
        ),
    )
    .await?;
    let plan = crate::plan::store::load(&txn, plan_id).await?;
    events::period_changed(&txn, &plan, period, Some(reason), now).await?;
    txn.commit().await?;
    Ok(())
}

/// The extensions of one obligation, newest first.
pub async fn extensions_of(db: &impl ConnectionTrait, key: Key) -> Result<Vec<extension::Model>> {
    Ok(extension::Entity::find()
        .filter(extension::Column::MeasureId.eq(key.measure_id))
        .filter(extension::Column::AgencyId.eq(key.agency_id))
        .filter(extension::Column::Period.eq(key.period.to_string()))
        .order_by_desc(extension::Column::Id)
        .all(db)
        .await?)
}

/// An executor asks to move its obligation's due date.
/// What a refused request for an extension says first.
pub const EXTENSION_REFUSED: &str = "Продление не запрошено";

pub async fn request_extension(
    db: &DatabaseConnection,
    cal: &Calendar,
    user: &CurrentUser,
    key: Key,
    new_due: NaiveDate,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<extension::Model> {
    if !user.can_write_agency(key.agency_id) {
        return Err(Error::Forbidden);
    }
    let reason = reason.trim();
    let txn = crate::db::begin(db).await?;
    let (plan, ob) = find(&txn, cal, key, now).await?;
    if is_locked(&txn, plan.id, key.period).await? {
        return Err(Error::Locked("Период закрыт координатором".into()));
    }
    let mut bad = FieldErrors::new(EXTENSION_REFUSED);
    if new_due <= ob.facts.effective_due() {
        let due = crate::ru::date(ob.facts.effective_due());
        bad.push("new_due", format!("Новый срок должен быть позже {due}"));
    }
    if reason.is_empty() {
        bad.push("reason", "Укажите причину продления");
    }
    bad.into_result()?;
    if ob.facts.complete() {
        return Err(Error::Conflict(
            "Отчёт уже представлен: продлевать нечего".into(),
        ));
    }
    if extensions_of(&txn, key)
        .await?
        .iter()
        .any(|e| e.status == ExtensionState::Requested.as_str())
    {
        return Err(Error::Conflict(
            "Запрос о продлении уже ждёт решения".into(),
        ));
    }
    let e = extension::ActiveModel {
        measure_id: Set(key.measure_id),
        agency_id: Set(key.agency_id),
        period: Set(key.period.to_string()),
        requested_due: Set(new_due),
        reason: Set(reason.to_string()),
        status: Set(ExtensionState::Requested.as_str().into()),
        requested_by: Set(user.id),
        requested_at: Set(now),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_comment: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::versions::bump(&txn, plan.id, key.period).await?;
    let after = json!({"requested_due": new_due, "reason": reason,
        "status": ExtensionState::Requested.as_str()});
    audit::record(
        &txn,
        now,
        audit::Entry::created(&user.login, "extension", e.id, after),
    )
    .await?;
    txn.commit().await?;
    Ok(e)
}

/// The coordinator grants or refuses a requested extension.
pub async fn decide_extension(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    grant: bool,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<extension::Model> {
    coordinator(user)?;
    let txn = crate::db::begin(db).await?;
    let e = extension::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого запроса о продлении".into()))?;
    if e.status != ExtensionState::Requested.as_str() {
        return Err(Error::Conflict("Решение по запросу уже принято".into()));
    }
    let plan = crate::plan::store::plan_of(&txn, e.measure_id).await?;
    let period = Period::parse(&e.period).map_err(|err| Error::Internal(err.to_string()))?;
    if is_locked(&txn, plan.id, period).await? {
        return Err(Error::Locked("Период закрыт координатором".into()));
    }
    let mut a: extension::ActiveModel = e.into();
    let state = if grant {
        ExtensionState::Granted
    } else {
        ExtensionState::Refused
    };
    a.status = Set(state.as_str().into());
    a.decided_by = Set(Some(user.id));
    a.decided_at = Set(Some(now));
    a.decision_comment = Set((!comment.trim().is_empty()).then(|| comment.trim().to_string()));
    let saved = a.update(&txn).await?;
    super::versions::bump(&txn, plan.id, period).await?;
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor: &user.login,
            action: if grant {
                "extension.grant"
            } else {
                "extension.refuse"
            },
            entity: "extension",
            entity_id: Some(id.to_string()),
            before: Some(json!({"status": ExtensionState::Requested.as_str()})),
            after: Some(json!({"status": saved.status, "comment": saved.decision_comment})),
        },
    )
    .await?;
    events::extension_decided(&txn, &plan, &saved, period, grant, now).await?;
    txn.commit().await?;
    Ok(saved)
}
