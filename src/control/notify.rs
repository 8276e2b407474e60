//! Delivers the day's reminders: stores each executor's digest as a
//! notification (one per user per day, by the table's unique index) and
//! mails it over SMTP; mails the head contacts their copies of the overdue
//! items. Safe to run every hour: what was stored or sent is not repeated,
//! what failed to send is retried.

use super::reminders::{self, Day};
use super::store::{ObligationView, statuses_for};
use crate::accounts::audit;
use crate::config::Config;
use crate::db::entity::accounts::user;
use crate::db::entity::control::notification;
use crate::db::entity::plan::agency;
use crate::error::Result;
use crate::plan::store::{self as plans, StoredPlan};
use crate::time::calendar::Calendar;
use crate::time::period::Period;
use chrono::{DateTime, Days, NaiveDate, Timelike, Utc};
use mail::Mailer;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DigestReport {
    /// Notifications stored by this run (not those stored earlier today).
    pub stored: usize,
    pub emailed: usize,
    pub head_copies: usize,
    /// Mails that failed; they are tried again on the next run.
    pub failed: usize,
    pub mail_off: bool,
}

/// Head copies sent are remembered in the audit log: a head contact is an
/// address, not a user, so it has no notification row.
const HEAD_COPY: &str = "reminder.head_copy";

/// Where a digest sends its reader: their obligations.
const DIGEST_LINK: &str = "/obligations";

/// The hourly loop waits for the working morning in the plan's zone.
const SEND_FROM_HOUR: u32 = 8;

/// Stores and sends the reminders of `today` (a day in the plan's zone)
/// over every plan active at `now`.
pub async fn run_day(
    db: &DatabaseConnection,
    cal: &Calendar,
    cfg: &Config,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DigestReport> {
    let mut report = DigestReport::default();
    // Every active plan's obligations go into one digest per executor.
    let mut open = Vec::new();
    for id in plans::active_plans(db, now).await? {
        let plan = plans::load(db, id).await?;
        open.push((
            plan.title.clone(),
            open_until(db, &plan, cal, today, cfg, now).await?,
        ));
    }
    if open.is_empty() {
        return Ok(report);
    }
    let open: Vec<(&str, &[ObligationView])> = open
        .iter()
        .map(|(t, o)| (t.as_str(), o.as_slice()))
        .collect();
    let users = user::Entity::find().all(db).await?;
    let agencies = agency::Entity::find().all(db).await?;
    let sent = sent_before(db, today).await?;
    let day = reminders::plans_day(&open, &users, &agencies, today, &cfg.reminders, &sent);
    for d in &day.digests {
        let row = notification::ActiveModel {
            user_id: Set(d.user_id),
            day: Set(today),
            body: Set(d.body.clone()),
            created_at: Set(now),
            emailed: Set(false),
            read_at: Set(None),
            event_key: Set(String::new()),
            link: Set(Some(DIGEST_LINK.to_string())),
            ..Default::default()
        };
        // The unique (user_id, day) index makes a rerun a no-op, even when
        // two servers run at once.
        let inserted = notification::Entity::insert(row)
            .on_conflict_do_nothing_on([
                notification::Column::UserId,
                notification::Column::Day,
                notification::Column::EventKey,
            ])
            .exec_without_returning(db)
            .await?;
        if matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
            report.stored += 1;
        }
    }
    let Some(smtp) = &cfg.smtp else {
        tracing::info!(stored = report.stored, %today, "reminders stored; mail is off (no [smtp] configured)");
        report.mail_off = true;
        return Ok(report);
    };
    let mailer = match Mailer::new(smtp) {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "reminders: the SMTP settings are unusable; nothing mailed");
            report.failed = day.digests.len() + day.heads.len();
            return Ok(report);
        }
    };
    mail_digests(db, &mailer, cfg, &users, today, &mut report).await?;
    mail_heads(db, &mailer, &day, today, now, &mut report).await?;
    tracing::info!(?report, %today, "reminders done");
    Ok(report)
}

/// The last day before `today` each executor got a digest and each head
/// address a copy: the reminder days since then are owed, even those the
/// server was down on.
async fn sent_before(db: &DatabaseConnection, today: NaiveDate) -> Result<reminders::Sent> {
    use crate::db::entity::audit_log;
    use sea_orm::QuerySelect;
    let users: Vec<(i32, Option<NaiveDate>)> = notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .column_as(notification::Column::Day.max(), "last")
        .filter(notification::Column::EventKey.eq(""))
        .filter(notification::Column::Day.lt(today))
        .group_by(notification::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    let mut sent = reminders::Sent {
        users: users
            .into_iter()
            .filter_map(|(u, d)| Some((u, d?)))
            .collect(),
        ..Default::default()
    };
    // Head copies are keyed "<day> <address>" in the audit log.
    let heads: Vec<Option<String>> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::EntityId)
        .filter(audit_log::Column::Action.eq(HEAD_COPY))
        .into_tuple()
        .all(db)
        .await?;
    for key in heads.into_iter().flatten() {
        let Some((day, email)) = key.split_once(' ') else {
            continue;
        };
        let Ok(day) = day.parse::<NaiveDate>() else {
            continue;
        };
        if day < today {
            let last = sent.heads.entry(email.to_lowercase()).or_insert(day);
            *last = (*last).max(day);
        }
    }
    Ok(sent)
}

/// The obligations of every period up to the last one that can owe a report
/// within the reminder horizon.
async fn open_until(
    db: &DatabaseConnection,
    plan: &StoredPlan,
    cal: &Calendar,
    today: NaiveDate,
    cfg: &Config,
    now: DateTime<Utc>,
) -> Result<Vec<ObligationView>> {
    let s = &plan.settings;
    let horizon = today
        .checked_add_days(Days::new(u64::from(cfg.reminders.days_before)))
        .unwrap_or(today)
        .min(s.valid_to);
    if horizon < s.valid_from {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for p in Period::covering(s.reporting, s.valid_from, horizon) {
        out.extend(statuses_for(db, plan, cal, p, None, now).await?);
    }
    Ok(out)
}

/// Today's stored digests not mailed yet, including those of earlier runs.
async fn mail_digests(
    db: &DatabaseConnection,
    mailer: &Mailer,
    cfg: &Config,
    users: &[user::Model],
    today: NaiveDate,
    report: &mut DigestReport,
) -> Result<()> {
    let users: HashMap<i32, &user::Model> = users.iter().map(|u| (u.id, u)).collect();
    let pending = notification::Entity::find()
        .filter(notification::Column::Day.eq(today))
        .filter(notification::Column::EventKey.eq(""))
        .filter(notification::Column::Emailed.eq(false))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await?;
    for n in pending {
        let Some(to) = users.get(&n.user_id).and_then(|u| reminders::mail_to(u)) else {
            continue;
        };
        // Claim the row first, so that two servers never mail the same digest.
        if !set_emailed(db, n.id, false, true).await? {
            continue;
        }
        let text = with_link(&n.body, cfg, n.link.as_deref());
        match mailer.send(&to, &reminders::subject(today), &text).await {
            Ok(()) => report.emailed += 1,
            Err(e) => {
                tracing::warn!(error = %e, user_id = n.user_id, "reminder not mailed; will retry");
                set_emailed(db, n.id, true, false).await?;
                report.failed += 1;
            }
        }
    }
    Ok(())
}

/// A mail's text: the notice, then the absolute link to its page.
pub(crate) fn with_link(body: &str, cfg: &Config, link: Option<&str>) -> String {
    match link {
        Some(l) => format!(
            "{}\n\nОткрыть в «Дозоре»: {}{l}\n",
            body.trim_end(),
            cfg.base_url
        ),
        None => body.to_string(),
    }
}

/// Flips `emailed` from `from` to `to`; false when another run got there first.
pub(crate) async fn set_emailed(
    db: &DatabaseConnection,
    id: i32,
    from: bool,
    to: bool,
) -> Result<bool> {
    let r = notification::Entity::update_many()
        .col_expr(notification::Column::Emailed, Expr::value(to))
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::Emailed.eq(from))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

async fn mail_heads(
    db: &DatabaseConnection,
    mailer: &Mailer,
    day: &Day,
    today: NaiveDate,
    now: DateTime<Utc>,
    report: &mut DigestReport,
) -> Result<()> {
    for h in &day.heads {
        let key = format!("{today} {}", h.email);
        let sent = crate::db::entity::audit_log::Entity::find()
            .filter(crate::db::entity::audit_log::Column::Action.eq(HEAD_COPY))
            .filter(crate::db::entity::audit_log::Column::EntityId.eq(key.as_str()))
            .one(db)
            .await?;
        if sent.is_some() {
            continue;
        }
        match mailer
            .send(&h.email, &reminders::head_subject(today), &h.body)
            .await
        {
            Ok(()) => {
                let after =
                    serde_json::json!({"to": h.email, "day": today, "items": h.items.len()});
                let entry =
                    audit::Entry::change("dozor", HEAD_COPY, "reminder", key, None, Some(after));
                audit::record(db, now, entry).await?;
                report.head_copies += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, "head copy not mailed; will retry");
                report.failed += 1;
            }
        }
    }
    Ok(())
}

/// One pass of the server's hourly loop; errors are logged, never raised,
/// so the loop keeps going.
pub async fn tick(db: &DatabaseConnection, cal: &Calendar, cfg: &Config, now: DateTime<Utc>) {
    let tz = match plans::latest_id(db).await {
        Ok(Some(id)) => match plans::load(db, id).await {
            Ok(p) => p.settings.timezone,
            Err(e) => return tracing::error!(error = %e, "reminders: cannot load the plan"),
        },
        Ok(None) => return,
        Err(e) => return tracing::error!(error = %e, "reminders: cannot read the plans"),
    };
    // Event notices whose mail failed are tried again at any hour.
    if let Err(e) = outbox::deliver(db, cfg, now).await {
        tracing::warn!(error = %e, "event notices not mailed; the next hour tries again");
    }
    let local = now.with_timezone(&tz);
    if local.hour() < SEND_FROM_HOUR {
        return;
    }
    if let Err(e) = run_day(db, cal, cfg, local.date_naive(), now).await {
        tracing::error!(error = %e, "reminders failed; the next hour tries again");
    }
}

pub mod events;
pub mod mail;
pub mod outbox;
