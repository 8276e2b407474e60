//! Notices of what happened to people's work: a report returned or
//! accepted, an extension granted or refused, a period locked or unlocked.
//! The action stores one notification per recipient in its own
//! transaction; `outbox` mails it after the commit.

use crate::control::reminders;
use crate::control::store::Key;
use crate::db::entity::accounts::user;
use crate::db::entity::control::{extension, notification};
use crate::db::entity::plan::{agency, measure, measure_executor};
use crate::error::{Error, Result};
use crate::plan::store::StoredPlan;
use crate::ru;
use crate::time::period::{self, Period};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::BTreeSet;

/// One event's notice: the audit action it comes from, its text (the first
/// line a heading, the mail's subject too) and the page it speaks of.
pub struct Notice {
    pub action: &'static str,
    pub entity_id: String,
    pub body: String,
    pub link: String,
}

/// Stores the notice for each user in `to` (once each), on `db` — the
/// action's transaction.
pub async fn store(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    to: &BTreeSet<i32>,
    n: &Notice,
    now: DateTime<Utc>,
) -> Result<()> {
    let day = now.with_timezone(&plan.settings.timezone).date_naive();
    let key = format!("{}:{}:{}", n.action, n.entity_id, nonce(now));
    for user_id in to {
        let row = notification::ActiveModel {
            user_id: Set(*user_id),
            day: Set(day),
            body: Set(n.body.clone()),
            created_at: Set(now),
            emailed: Set(false),
            read_at: Set(None),
            event_key: Set(key.clone()),
            link: Set(Some(n.link.clone())),
            ..Default::default()
        };
        notification::Entity::insert(row)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// What tells one event from another of the same action on the same thing
/// (a period locked, unlocked and locked again, under a frozen test clock
/// too): the time and random bits, the time alone should randomness fail.
fn nonce(now: DateTime<Utc>) -> String {
    let mut buf = [0u8; 8];
    let random = getrandom::fill(&mut buf).map_or(0, |()| u64::from_le_bytes(buf));
    format!("{}.{random:016x}", now.timestamp_micros())
}

/// The enabled executor users of these agencies.
pub async fn executors_of(
    db: &impl ConnectionTrait,
    agencies: impl IntoIterator<Item = i32>,
) -> Result<BTreeSet<i32>> {
    let agencies: Vec<i32> = agencies.into_iter().collect();
    if agencies.is_empty() {
        return Ok(BTreeSet::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(crate::accounts::model::Role::Executor.as_str()))
        .filter(user::Column::AgencyId.is_in(agencies))
        .filter(user::Column::Disabled.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

/// The executors of every agency that owes reports in the plan.
pub async fn executors_of_plan(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
) -> Result<BTreeSet<i32>> {
    let agencies: BTreeSet<i32> = measure_executor::Entity::find()
        .filter(measure_executor::Column::MeasureId.is_in(plan.measure_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.agency_id)
        .collect();
    executors_of(db, agencies).await
}

/// "Мероприятие № 2 «…»\nУМВД России по ХМАО-Югре, III квартал 2020 г."
pub async fn obligation_words(
    db: &impl ConnectionTrait,
    measure_id: i32,
    agency_id: i32,
    p: Period,
) -> Result<String> {
    let m = measure::Entity::find_by_id(measure_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого мероприятия".into()))?;
    let a = agency::Entity::find_by_id(agency_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого ведомства".into()))?;
    Ok(format!(
        "Мероприятие № {} «{}»\n{}, {}",
        m.number,
        reminders::short(&m.title),
        a.name,
        period::russian(p)
    ))
}

/// A report accepted, or returned with the coordinator's comment: told to
/// the reporting agency's executors.
pub async fn report_decided(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    key: Key,
    report_id: i32,
    accept: bool,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let about = obligation_words(db, key.measure_id, key.agency_id, key.period).await?;
    let body = if accept {
        format!("Отчёт принят координатором\n{about}")
    } else {
        format!("Отчёт возвращён на доработку\n{about}\nЗамечание координатора: {comment}")
    };
    let n = Notice {
        action: if accept {
            "report.accept"
        } else {
            "report.return"
        },
        entity_id: report_id.to_string(),
        body,
        link: report_link(key.measure_id, key.agency_id, key.period),
    };
    store(db, plan, &executors_of(db, [key.agency_id]).await?, &n, now).await
}

/// An extension granted or refused: told to the asking agency's executors.
pub async fn extension_decided(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    e: &extension::Model,
    p: Period,
    grant: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let about = obligation_words(db, e.measure_id, e.agency_id, p).await?;
    let due = ru::date(e.requested_due);
    let mut body = if grant {
        format!("Срок отчёта продлён до {due}\n{about}")
    } else {
        format!("В продлении срока отчёта до {due} отказано\n{about}")
    };
    if let Some(c) = &e.decision_comment {
        body.push_str(&format!("\nКомментарий координатора: {c}"));
    }
    let n = Notice {
        action: if grant {
            "extension.grant"
        } else {
            "extension.refuse"
        },
        entity_id: e.id.to_string(),
        body,
        link: report_link(e.measure_id, e.agency_id, p),
    };
    store(db, plan, &executors_of(db, [e.agency_id]).await?, &n, now).await
}

/// A period locked or unlocked (with the reason): told to the executors of
/// every agency that owes reports in the plan.
pub async fn period_changed(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    p: Period,
    unlock_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let about = format!(
        "План «{}», {}",
        reminders::short(&plan.title),
        period::russian(p)
    );
    let (action, body) = match unlock_reason {
        None => (
            "period.lock",
            format!("Период закрыт координатором\n{about}\nОтчёты за период больше не изменяются."),
        ),
        Some(r) => (
            "period.unlock",
            format!("Период открыт координатором\n{about}\nПричина: {r}"),
        ),
    };
    let n = Notice {
        action,
        entity_id: format!("{}/{p}", plan.id),
        body,
        link: period_link(plan.id, p),
    };
    store(db, plan, &executors_of_plan(db, plan).await?, &n, now).await
}

/// The page of one obligation's report.
pub fn report_link(measure_id: i32, agency_id: i32, p: Period) -> String {
    format!("/reports/{measure_id}/{agency_id}/{p}")
}

/// The executor's obligations of one plan's period.
pub fn period_link(plan_id: i32, p: Period) -> String {
    format!("/obligations?plan={plan_id}&period={p}")
}
