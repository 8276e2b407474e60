//! All SQL of execution control: the obligations of a period with their
//! reports and extensions, saving and submitting reports, accepting and
//! returning them. Every user action is one transaction with its audit entry.

use super::model::{ExtensionState, ReportState, Rules, obligations};
use super::status::{Facts, Status};
use crate::accounts::audit;
use crate::accounts::model::CurrentUser;
use crate::db::entity::control::{extension, measure_metric, period_lock, report};
use crate::error::{Error, FieldErrors, Result};
use crate::plan::store::{self as plans, StoredPlan};
use crate::time::calendar::Calendar;
use crate::time::period::Period;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TryIntoModel,
};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// Which obligation: a measure, an agency, a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub measure_id: i32,
    pub agency_id: i32,
    pub period: Period,
}

/// One obligation with everything its pages show.
#[derive(Clone, Debug)]
pub struct ObligationView {
    pub key: Key,
    pub measure_index: usize,
    pub number: String,
    pub measure_title: String,
    /// The executor as the plan writes it.
    pub agency_name: String,
    pub facts: Facts,
    pub status: Status,
    /// The report in full; `None` when there is none, and always from `statuses_for`.
    pub report: Option<report::Model>,
}

pub fn rules(p: &StoredPlan) -> Rules {
    Rules {
        reporting: p.settings.reporting,
        valid_from: p.settings.valid_from,
        valid_to: p.settings.valid_to,
        shift: p.settings.due_shift,
        paid: p.settings.paid_non_working,
        timezone: p.settings.timezone,
    }
}

/// The obligations of `period`, optionally of one agency, in plan order,
/// with their reports in full.
pub async fn obligations_for(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    cal: &Calendar,
    period: Period,
    agency: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Vec<ObligationView>> {
    let reports: Vec<report::Model> = report::Entity::find()
        .filter(report::Column::Period.eq(period.to_string()))
        .filter(report::Column::MeasureId.is_in(plan.measure_ids.clone()))
        .all(db)
        .await?;
    let heads = reports
        .iter()
        .map(|r| {
            (
                (r.measure_id, r.agency_id),
                Head {
                    state: ReportState::parse(&r.status),
                    first_submitted_at: r.first_submitted_at,
                    submitted_at: r.submitted_at,
                },
            )
        })
        .collect();
    let mut full: HashMap<(i32, i32), report::Model> = reports
        .into_iter()
        .map(|r| ((r.measure_id, r.agency_id), r))
        .collect();
    let mut out = assemble(db, plan, cal, period, agency, now, heads).await?;
    for o in &mut out {
        o.report = full.remove(&(o.key.measure_id, o.key.agency_id));
    }
    Ok(out)
}

/// The same obligations with their status only (`report` is `None`): what
/// lists, the dashboard and the trend need, without reading report texts.
pub async fn statuses_for(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    cal: &Calendar,
    period: Period,
    agency: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Vec<ObligationView>> {
    type Row = (
        i32,
        i32,
        String,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    );
    let heads: Vec<Row> = report::Entity::find()
        .select_only()
        .columns([
            report::Column::MeasureId,
            report::Column::AgencyId,
            report::Column::Status,
            report::Column::FirstSubmittedAt,
            report::Column::SubmittedAt,
        ])
        .filter(report::Column::Period.eq(period.to_string()))
        .filter(report::Column::MeasureId.is_in(plan.measure_ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let heads = heads
        .into_iter()
        .map(|(m, a, s, f, l)| {
            let head = Head {
                state: ReportState::parse(&s),
                first_submitted_at: f,
                submitted_at: l,
            };
            ((m, a), head)
        })
        .collect();
    assemble(db, plan, cal, period, agency, now, heads).await
}

/// What a report contributes to its obligation's status.
struct Head {
    state: Option<ReportState>,
    first_submitted_at: Option<DateTime<Utc>>,
    /// Overwritten by every submission: the one that stands.
    submitted_at: Option<DateTime<Utc>>,
}

type Heads = HashMap<(i32, i32), Head>;

async fn assemble(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    cal: &Calendar,
    period: Period,
    agency: Option<i32>,
    now: DateTime<Utc>,
    heads: Heads,
) -> Result<Vec<ObligationView>> {
    let plan = &*plan.as_of(period);
    let derived = obligations(&plan.measures, &rules(plan), cal, period);
    let granted = granted_extensions(db, plan, period).await?;
    let tz = plan.settings.timezone;
    let mut out = Vec::with_capacity(derived.len());
    for o in derived {
        let agency_id = plan.agency_ids[o.measure][o.executor];
        if agency.is_some_and(|a| a != agency_id) {
            continue;
        }
        let measure_id = plan.measure_ids[o.measure];
        let m = &plan.measures[o.measure];
        let head = heads.get(&(measure_id, agency_id));
        let facts = Facts {
            period,
            due: o.due,
            extended_to: granted.get(&(measure_id, agency_id)).copied(),
            report: head.and_then(|h| h.state),
            first_submitted_at: head.and_then(|h| h.first_submitted_at),
            // Every submission stamps both; a row written without the
            // latter by other means stands on its first submission.
            submitted_at: head.and_then(|h| h.submitted_at.or(h.first_submitted_at)),
        };
        out.push(ObligationView {
            key: Key {
                measure_id,
                agency_id,
                period,
            },
            measure_index: o.measure,
            number: m.number.clone(),
            measure_title: m.title.clone(),
            agency_name: m.executors[o.executor].name.clone(),
            status: facts.status(now, tz),
            facts,
            report: None,
        });
    }
    Ok(out)
}

async fn granted_extensions(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    period: Period,
) -> Result<HashMap<(i32, i32), NaiveDate>> {
    Ok(extension::Entity::find()
        .filter(extension::Column::Period.eq(period.to_string()))
        .filter(extension::Column::Status.eq(ExtensionState::Granted.as_str()))
        .filter(extension::Column::MeasureId.is_in(plan.measure_ids.clone()))
        .order_by_asc(extension::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| ((e.measure_id, e.agency_id), e.requested_due))
        .collect())
}

/// One obligation, or 404 when the plan owes no such report.
pub async fn find(
    db: &impl ConnectionTrait,
    cal: &Calendar,
    key: Key,
    now: DateTime<Utc>,
) -> Result<(StoredPlan, ObligationView)> {
    let plan = plans::plan_of(db, key.measure_id).await?;
    if key.period.kind != plan.settings.reporting {
        return Err(Error::NotFound("Нет такого отчётного периода".into()));
    }
    let found = obligations_for(db, &plan, cal, key.period, Some(key.agency_id), now)
        .await?
        .into_iter()
        .find(|o| o.key == key)
        .ok_or_else(|| Error::NotFound("Такого обязательства в плане нет".into()))?;
    Ok((plan, found))
}

pub async fn is_locked(db: &impl ConnectionTrait, plan_id: i32, period: Period) -> Result<bool> {
    Ok(period_lock::Entity::find()
        .filter(period_lock::Column::PlanId.eq(plan_id))
        .filter(period_lock::Column::Period.eq(period.to_string()))
        .one(db)
        .await?
        .is_some())
}

async fn ensure_open(db: &impl ConnectionTrait, plan_id: i32, period: Period) -> Result<()> {
    if is_locked(db, plan_id, period).await? {
        return Err(Error::Locked(format!(
            "Период «{}» закрыт координатором: изменения невозможны",
            crate::time::period::russian(period)
        )));
    }
    Ok(())
}

/// What an executor typed into the report form.
#[derive(Clone, Debug, Default)]
pub struct ReportInput {
    pub body: String,
    /// Raw values by metric key, as typed ("12", "1 234", "").
    pub metrics: BTreeMap<String, String>,
    pub submit: bool,
}

fn parse_metrics(
    defs: &[measure_metric::Model],
    input: &ReportInput,
) -> Result<BTreeMap<String, f64>> {
    let mut out = BTreeMap::new();
    let mut problems = FieldErrors::new("Отчёт не сохранён");
    if let Some(key) = input
        .metrics
        .keys()
        .find(|k| !defs.iter().any(|d| &d.key == *k))
    {
        return Err(Error::Invalid(format!("Неизвестный показатель «{key}»")));
    }
    // In the form's order, so the list reads as the form does.
    for def in defs {
        let key = &def.key;
        let Some(raw) = input.metrics.get(key) else {
            continue;
        };
        let cleaned: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .replace(',', ".");
        if cleaned.is_empty() {
            continue;
        }
        match cleaned.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => {
                out.insert(key.clone(), v);
            }
            _ => problems.push(
                &format!("metric_{key}"),
                format!("«{}»: нужно неотрицательное число", def.label),
            ),
        }
    }
    if input.submit {
        if input.body.trim().is_empty() {
            problems.push("body", "заполните текст отчёта");
        }
        for d in defs {
            let field = format!("metric_{}", d.key);
            if d.required && !out.contains_key(&d.key) && problems.get(&field).is_none() {
                problems.push(&field, format!("заполните показатель «{}»", d.label));
            }
        }
    }
    problems.into_result()?;
    Ok(out)
}

fn snapshot(r: &report::Model) -> serde_json::Value {
    json!({"status": r.status, "body": r.body, "metrics": r.metrics,
        "first_submitted_at": r.first_submitted_at,
        "submitted_at": r.submitted_at, "comment": r.coordinator_comment})
}

/// Saves a draft or submits; the server stamps the first submission once,
/// and every submission as the one that stands.
pub async fn save_report(
    db: &DatabaseConnection,
    cal: &Calendar,
    user: &CurrentUser,
    key: Key,
    input: &ReportInput,
    now: DateTime<Utc>,
) -> Result<report::Model> {
    if !user.can_write_agency(key.agency_id) {
        return Err(Error::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    let (plan, ob) = find(&txn, cal, key, now).await?;
    ensure_open(&txn, plan.id, key.period).await?;
    let values = parse_metrics(&plans::metrics_of(&txn, key.measure_id).await?, input)?;
    let before = ob.report.as_ref().map(snapshot);
    let state = ob
        .report
        .as_ref()
        .and_then(|r| ReportState::parse(&r.status));
    match state {
        Some(ReportState::Accepted) => {
            return Err(Error::Conflict(
                "Отчёт принят и больше не изменяется".into(),
            ));
        }
        Some(ReportState::Submitted) => {
            return Err(Error::Conflict(
                "Отчёт уже представлен; изменить его можно после возврата координатором".into(),
            ));
        }
        _ => {}
    }
    let status = match (input.submit, state) {
        (true, _) => ReportState::Submitted,
        (false, Some(ReportState::Returned)) => ReportState::Returned,
        (false, _) => ReportState::Draft,
    };
    let first = ob.report.as_ref().and_then(|r| r.first_submitted_at);
    let mut row: report::ActiveModel = match ob.report {
        Some(r) => r.into(),
        None => report::ActiveModel {
            measure_id: Set(key.measure_id),
            agency_id: Set(key.agency_id),
            period: Set(key.period.to_string()),
            decided_at: Set(None),
            coordinator_comment: Set(None),
            submitted_at: Set(None),
            ..Default::default()
        },
    };
    row.status = Set(status.as_str().to_string());
    row.body = Set(input.body.trim().to_string());
    row.metrics = Set(serde_json::to_string(&values)?);
    row.first_submitted_at = Set(if input.submit {
        first.or(Some(now))
    } else {
        first
    });
    if input.submit {
        row.submitted_at = Set(Some(now));
    }
    row.updated_by = Set(user.id);
    row.updated_at = Set(now);
    let saved = row.save(&txn).await?.try_into_model()?;
    super::versions::bump(&txn, plan.id, key.period).await?;
    let action = if input.submit {
        "report.submit"
    } else {
        "report.save_draft"
    };
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor: &user.login,
            action,
            entity: "report",
            entity_id: Some(saved.id.to_string()),
            before,
            after: Some(snapshot(&saved)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The coordinator accepts a submitted report, or returns it with a comment.
pub async fn decide(
    db: &DatabaseConnection,
    cal: &Calendar,
    user: &CurrentUser,
    key: Key,
    accept: bool,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<report::Model> {
    if !user.is_coordinator() {
        return Err(Error::Forbidden);
    }
    let comment = comment.trim();
    if !accept && comment.is_empty() {
        return Err(Error::Invalid("Укажите, что нужно доработать".into()));
    }
    let txn = crate::db::begin(db).await?;
    let (plan, ob) = find(&txn, cal, key, now).await?;
    ensure_open(&txn, plan.id, key.period).await?;
    let Some(r) = ob
        .report
        .filter(|r| r.status == ReportState::Submitted.as_str())
    else {
        return Err(Error::Conflict(
            "Решение принимается только по представленному отчёту".into(),
        ));
    };
    let before = snapshot(&r);
    let mut row: report::ActiveModel = r.into();
    let status = if accept {
        ReportState::Accepted
    } else {
        ReportState::Returned
    };
    row.status = Set(status.as_str().to_string());
    row.decided_at = Set(Some(now));
    row.coordinator_comment = Set((!comment.is_empty()).then(|| comment.to_string()));
    let saved = row.update(&txn).await?;
    super::versions::bump(&txn, plan.id, key.period).await?;
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor: &user.login,
            action: if accept {
                "report.accept"
            } else {
                "report.return"
            },
            entity: "report",
            entity_id: Some(saved.id.to_string()),
            before: Some(before),
            after: Some(snapshot(&saved)),
        },
    )
    .await?;
    super::notify::events::report_decided(&txn, &plan, key, saved.id, accept, comment, now).await?;
    txn.commit().await?;
    Ok(saved)
}
