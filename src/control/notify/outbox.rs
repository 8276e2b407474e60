//! The mail of event notices, after the action committed, best effort: a
//! failure is logged and tried again on the next delivery (the next action
//! or the hourly tick, within a day), and never fails the action.

use super::mail::Mailer;
use crate::config::Config;
use crate::control::reminders;
use crate::db::entity::accounts::user;
use crate::db::entity::control::notification;
use crate::error::Result;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};

/// Undelivered notices older than this are not mailed any more: news of a
/// day ago read in the app is enough.
const MAIL_WITHIN_HOURS: i64 = 24;

/// Mails the stored notices not mailed yet, after the actions committed;
/// spawned, so that a slow or dead relay never holds up the response.
pub fn deliver_soon(s: &AppState) {
    if s.config.smtp.is_none() {
        return;
    }
    let (db, cfg, now) = (s.db.clone(), s.config.clone(), s.now());
    tokio::spawn(async move {
        if let Err(e) = deliver(&db, &cfg, now).await {
            tracing::warn!(error = %e, "event notices not mailed; the next delivery tries again");
        }
    });
}

/// Mails every event notice of the last day not mailed yet, to users who
/// take mail; returns how many went out. Each row is claimed before it is
/// sent, so two deliveries at once never mail it twice.
pub async fn deliver(db: &DatabaseConnection, cfg: &Config, now: DateTime<Utc>) -> Result<usize> {
    let Some(smtp) = &cfg.smtp else {
        return Ok(0);
    };
    let pending = notification::Entity::find()
        .filter(notification::Column::EventKey.ne(""))
        .filter(notification::Column::Emailed.eq(false))
        .filter(notification::Column::CreatedAt.gte(now - Duration::hours(MAIL_WITHIN_HOURS)))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let ids: BTreeSet<i32> = pending.iter().map(|n| n.user_id).collect();
    let users: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mailer = Mailer::new(smtp)?;
    let mut sent = 0;
    for n in pending {
        let Some(to) = users.get(&n.user_id).and_then(reminders::mail_to) else {
            continue;
        };
        if !super::set_emailed(db, n.id, false, true).await? {
            continue;
        }
        let subject = format!("Дозор: {}", n.body.lines().next().unwrap_or_default());
        let text = super::with_link(&n.body, cfg, n.link.as_deref());
        match mailer.send(&to, &subject, &text).await {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::warn!(error = %e, user_id = n.user_id, "event notice not mailed; will retry");
                super::set_emailed(db, n.id, true, false).await?;
            }
        }
    }
    Ok(sent)
}
