//! The coordinator's edits of a measure: a revision of its schedule and
//! executors from a chosen period on (written in control's transaction,
//! which checks the period is open), and its metrics. Each edit is one
//! transaction with its audit entry.

use super::executors::split_executors;
use super::revisions::StoredExecutor;
use super::store::StoredPlan;
use crate::accounts::audit;
use crate::accounts::model::CurrentUser;
use crate::agency::store::resolve_agency;
use crate::db::entity::control::measure_metric;
use crate::db::entity::plan::measure_revision;
use crate::error::{Error, Result};
use crate::time::period::Period;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde_json::json;

/// A new schedule and executors for a measure, in force from `from` on.
pub struct MeasureEdit<'a> {
    pub schedule_text: &'a str,
    pub executor_lines: &'a [String],
    pub from: Period,
}

/// Writes the revision `e` of a measure of `plan`, with its audit entry,
/// in the caller's transaction; returns the executors that created new
/// agencies. The caller checks that the user may edit and that `e.from` is
/// open (control's `measure_edit`, which knows the period locks).
pub async fn revise_measure(
    txn: &impl ConnectionTrait,
    user: &CurrentUser,
    plan: &StoredPlan,
    measure_id: i32,
    e: &MeasureEdit<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    let schedule_text = crate::ru::squash(e.schedule_text);
    let schedule = super::schedule::parse(&schedule_text);
    let executors = split_executors(e.executor_lines);
    if executors.is_empty() {
        return Err(Error::Invalid("Укажите хотя бы одного исполнителя".into()));
    }
    let mut stored = Vec::new();
    let mut created = Vec::new();
    for x in &executors {
        let (agency_id, new) = resolve_agency(txn, &x.name, now).await?;
        if new {
            created.push(x.name.clone());
        }
        stored.push(StoredExecutor {
            name: x.name.clone(),
            by_agreement: x.by_agreement,
            agency_id,
        });
    }
    let index = plan
        .measure_ids
        .iter()
        .position(|m| *m == measure_id)
        .unwrap_or(0);
    let before = &plan.as_of(e.from).measures[index];
    let before = json!({"schedule_text": before.schedule_text, "executors": before.executors});
    let to_json = |v: serde_json::Value| v.to_string();
    let row = measure_revision::ActiveModel {
        measure_id: Set(measure_id),
        effective_from: Set(e.from.to_string()),
        schedule_text: Set(schedule_text.clone()),
        schedule: Set(to_json(json!(schedule))),
        executors: Set(to_json(json!(stored))),
        created_by: Set(user.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    super::version::bump_plan(txn, plan.id).await?;
    let after = json!({"from": e.from.to_string(), "schedule_text": schedule_text,
        "executors": executors, "revision": row.id, "new_agencies": created});
    audit::record(
        txn,
        now,
        audit::Entry::change(
            &user.login,
            "measure.edit",
            "measure",
            measure_id.to_string(),
            Some(before),
            Some(after),
        ),
    )
    .await?;
    Ok(created)
}

/// A metric as the form sends it: an existing key, or none for a new one.
pub struct MetricEdit {
    pub key: Option<String>,
    pub label: String,
    pub required: bool,
}

/// Replaces a measure's metrics. Reports keep the values they hold.
pub async fn set_metrics(
    db: &DatabaseConnection,
    user: &CurrentUser,
    measure_id: i32,
    metrics: &[MetricEdit],
    now: DateTime<Utc>,
) -> Result<()> {
    if !user.is_coordinator() {
        return Err(Error::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    let plan = super::store::plan_of(&txn, measure_id).await?;
    let old = super::store::metrics_of(&txn, measure_id).await?;
    let before: Vec<_> = old
        .iter()
        .map(|m| json!({"key": m.key, "label": m.label, "required": m.required}))
        .collect();
    measure_metric::Entity::delete_many()
        .filter(measure_metric::Column::MeasureId.eq(measure_id))
        .exec(&txn)
        .await?;
    let mut after = Vec::new();
    for (i, m) in metrics.iter().enumerate() {
        let label = crate::ru::squash(&m.label);
        if label.is_empty() {
            continue;
        }
        let key = match &m.key {
            Some(k) if old.iter().any(|o| &o.key == k) => k.clone(),
            Some(_) => return Err(Error::Invalid("Неизвестный показатель".into())),
            None => format!("custom_{}", crate::accounts::model::random_hex(4)),
        };
        after.push(json!({"key": key, "label": label, "required": m.required}));
        measure_metric::ActiveModel {
            measure_id: Set(measure_id),
            position: Set(i as i32),
            key: Set(key),
            label: Set(label),
            required: Set(m.required),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    super::version::bump_plan(&txn, plan.id).await?;
    audit::record(
        &txn,
        now,
        audit::Entry::change(
            &user.login,
            "measure.metrics",
            "measure",
            measure_id.to_string(),
            Some(json!(before)),
            Some(json!(after)),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Marks whether a measure's executors write the registry. Coordinator
/// only; one transaction with its audit entry.
pub async fn set_feeds_registry(
    db: &DatabaseConnection,
    user: &CurrentUser,
    measure_id: i32,
    feeds: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    if !user.is_coordinator() {
        return Err(Error::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    let row = crate::db::entity::plan::measure::Entity::find_by_id(measure_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого мероприятия".into()))?;
    let before = row.feeds_registry;
    let plan_id = row.plan_id;
    if before != feeds {
        let mut active: crate::db::entity::plan::measure::ActiveModel = row.into();
        active.feeds_registry = Set(feeds);
        active.update(&txn).await?;
        super::version::bump_plan(&txn, plan_id).await?;
        audit::record(
            &txn,
            now,
            audit::Entry::change(
                &user.login,
                "measure.registry",
                "measure",
                measure_id.to_string(),
                Some(json!({"feeds_registry": before})),
                Some(json!({"feeds_registry": feeds})),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
