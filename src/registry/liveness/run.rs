//! The liveness checker: asks each due URL indicator's site whether it is
//! still up and records the answer. HEAD first, GET when HEAD is not
//! enough; redirects followed by hand (at most five) so that every hop
//! passes the SSRF guard and waits for its own host. At most
//! `concurrency` requests are in flight, and at most one per host, so a
//! batch of pages on one site never hammers it.

use super::store::{self, NewCheck};
use super::{Outcome, fetch_url};
use crate::config::registry::LivenessConfig;
use crate::db::entity::registry::indicator;
use crate::error::Result;
use crate::time::clock::Clock;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::DatabaseConnection;
use std::time::Duration;
use tokio::task::{JoinHandle, JoinSet};

mod client;

pub use client::Checker;

/// Between rounds when nothing more is due; checks fall due one by one.
const IDLE_PAUSE: Duration = Duration::from_secs(60);
/// Between rounds when the last one was a full batch: more is waiting.
const BUSY_PAUSE: Duration = Duration::from_secs(1);

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub due: usize,
    pub online: usize,
    pub offline: usize,
    /// Checks whose row could not be written (logged).
    pub not_saved: usize,
}

/// Checks the due URL indicators (at most `cfg.batch`), all at once under
/// the checker's caps, and writes one row per check stamped `now`.
pub async fn run_once(
    db: &DatabaseConnection,
    checker: &Checker,
    cfg: &LivenessConfig,
    now: DateTime<Utc>,
) -> Result<RoundReport> {
    // Capped at a century so that the cutoff stays a date both engines store.
    let minutes = cfg.interval_minutes.min(100 * 366 * 24 * 60);
    let cutoff = i64::try_from(minutes)
        .ok()
        .and_then(TimeDelta::try_minutes)
        .and_then(|interval| now.checked_sub_signed(interval))
        .unwrap_or(now);
    let due = store::due(db, cutoff, cfg.batch).await?;
    let mut report = RoundReport {
        due: due.len(),
        ..RoundReport::default()
    };
    let mut tasks = JoinSet::new();
    for ind in due {
        let (db, checker) = (db.clone(), checker.clone());
        tasks.spawn(async move { check_and_save(&db, &checker, &ind, now).await });
    }
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((online, saved)) => {
                if online {
                    report.online += 1;
                } else {
                    report.offline += 1;
                }
                if !saved {
                    report.not_saved += 1;
                }
            }
            Err(e) => {
                tracing::error!("liveness check task failed: {e}");
                report.not_saved += 1;
            }
        }
    }
    Ok(report)
}

/// (online, saved).
async fn check_and_save(
    db: &DatabaseConnection,
    checker: &Checker,
    ind: &indicator::Model,
    now: DateTime<Utc>,
) -> (bool, bool) {
    let outcome = match fetch_url(&ind.canonical, &ind.raw) {
        Ok(url) => checker.check(url).await,
        Err(f) => Outcome::failed(f, None, 0),
    };
    let row = NewCheck {
        indicator_id: ind.id,
        checked_at: now,
        online: outcome.online,
        http_status: outcome.http_status.map(i32::from),
        error: outcome.failure.map(|f| f.code().to_owned()),
    };
    let saved = store::insert(db, row).await;
    if let Err(e) = &saved {
        tracing::warn!(indicator = ind.id, "liveness check not saved: {e}");
    }
    (outcome.online, saved.is_ok())
}

/// Runs rounds for as long as the server lives; times come from `clock`.
/// Disabled in the config, the task ends at once.
pub fn spawn_liveness_loop(
    db: DatabaseConnection,
    cfg: LivenessConfig,
    clock: Clock,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        if !cfg.enabled {
            return;
        }
        let checker = match Checker::new(&cfg) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!("liveness checks are off: {e}");
                return;
            }
        };
        loop {
            let pause = match run_once(&db, &checker, &cfg, clock.now()).await {
                Ok(r) => {
                    if r.due > 0 {
                        tracing::info!(
                            due = r.due,
                            online = r.online,
                            offline = r.offline,
                            not_saved = r.not_saved,
                            "liveness round"
                        );
                    }
                    let full = u64::try_from(r.due).is_ok_and(|n| n >= cfg.batch.max(1));
                    if full { BUSY_PAUSE } else { IDLE_PAUSE }
                }
                Err(e) => {
                    tracing::warn!("liveness round failed: {e}");
                    IDLE_PAUSE
                }
            };
            tokio::time::sleep(pause).await;
        }
    })
}
