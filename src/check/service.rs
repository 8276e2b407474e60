//! The check service: the index loaded from the store, kept current from
//! `registry_changes` (after each local write and by a background loop, so
//! instances over one PostgreSQL agree), and the answer to one query.

use super::index::{Entry, Index};
use crate::error::Result;
use crate::registry::detect::normalize;
use crate::registry::entity::{indicator, registry_change};
use crate::registry::model::CardKey;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

#[path = "answer.rs"]
mod answer;
#[path = "service_load.rs"]
mod load;
pub use answer::{Answer, MatchOut};

/// Changes read per query at sync.
const CHANGES_PAGE: u64 = 10_000;

type Row = (i32, String, String, String, String, DateTime<Utc>);

pub struct CheckService {
    /// Readers hold the lock for one lookup; a full reload builds the new
    /// index outside it and only swaps under it.
    index: RwLock<Index>,
    last_change: AtomicI64,
    card_key: Option<CardKey>,
    /// One sync at a time: two interleaved ones could apply an older read
    /// of a row after a newer one.
    syncing: AtomicBool,
}

impl std::fmt::Debug for CheckService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckService")
            .field("indicators", &self.len())
            .field("last_change", &self.last_change())
            .finish_non_exhaustive()
    }
}

impl CheckService {
    /// Builds the index from every indicator.
    pub async fn load(db: &DatabaseConnection, card_key: Option<CardKey>) -> Result<CheckService> {
        let (index, last) = build(db).await?;
        Ok(CheckService {
            index: RwLock::new(index),
            last_change: AtomicI64::new(last),
            card_key,
            syncing: AtomicBool::new(false),
        })
    }

    /// An empty service, for tests and a registry not yet loaded.
    pub fn empty(card_key: Option<CardKey>) -> CheckService {
        CheckService {
            index: RwLock::new(Index::new()),
            last_change: AtomicI64::new(0),
            card_key,
            syncing: AtomicBool::new(false),
        }
    }

    pub fn len(&self) -> usize {
        self.index.read().map_or(0, |i| i.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The last registry change applied.
    pub fn last_change(&self) -> i64 {
        self.last_change.load(Ordering::Acquire)
    }

    /// Applies the registry changes since the last one seen.
    pub async fn sync(&self, db: &DatabaseConnection) -> Result<()> {
        let _guard = SyncGuard::acquire(&self.syncing).await;
        loop {
            let last = self.last_change();
            let changes = registry_change::Entity::find()
                .filter(registry_change::Column::Id.gt(last))
                .order_by_asc(registry_change::Column::Id)
                .limit(CHANGES_PAGE)
                .all(db)
                .await?;
            let Some(max) = changes.last().map(|c| c.id) else {
                return Ok(());
            };
            if changes.iter().any(|c| c.indicator_id.is_none()) {
                let (fresh, at) = build(db).await?;
                let old = self.swap(fresh);
                // Freeing a million keys takes a while: not under the lock.
                drop(old);
                self.last_change.store(at.max(max), Ordering::Release);
                continue;
            }
            let mut ids: Vec<i32> = changes.iter().filter_map(|c| c.indicator_id).collect();
            ids.sort_unstable();
            ids.dedup();
            let rows = rows_query()
                .filter(indicator::Column::Id.is_in(ids.iter().copied()))
                .into_tuple::<Row>()
                .all(db)
                .await?;
            let entries: Vec<(String, Entry)> = rows.iter().filter_map(to_entry).collect();
            if let Ok(mut index) = self.index.write() {
                for id in &ids {
                    index.remove(*id);
                }
                for (key, entry) in entries {
                    index.insert(key, entry);
                }
            }
            self.last_change.store(max, Ordering::Release);
            if (changes.len() as u64) < CHANGES_PAGE {
                return Ok(());
            }
        }
    }

    fn swap(&self, fresh: Index) -> Index {
        match self.index.write() {
            Ok(mut index) => std::mem::replace(&mut *index, fresh),
            Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), fresh),
        }
    }

    /// The answer for one value; never touches the database.
    pub fn check(&self, raw: &str) -> Answer {
        match normalize(raw, None, self.card_key.as_ref()) {
            Ok(n) => {
                let found = self.index.read().ok().and_then(|i| i.lookup(&n));
                Answer::found(raw, n, found)
            }
            Err(e) => Answer::unrecognised(raw, &e),
        }
    }
}

/// Calls `sync` every `every` for as long as the process runs.
pub fn spawn_sync_loop(
    service: Arc<CheckService>,
    db: DatabaseConnection,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = service.sync(&db).await {
                tracing::warn!(error = %e, "check index: sync failed, retrying");
            }
        }
    })
}

/// Held while a sync runs. A spin with sleeps rather than an async mutex:
/// syncs are short and rare, and this needs no extra tokio feature.
struct SyncGuard<'a>(&'a AtomicBool);

impl<'a> SyncGuard<'a> {
    async fn acquire(flag: &'a AtomicBool) -> SyncGuard<'a> {
        while flag
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        SyncGuard(flag)
    }
}

impl Drop for SyncGuard<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

fn rows_query() -> sea_orm::Select<indicator::Entity> {
    indicator::Entity::find()
        .select_only()
        .columns([
            indicator::Column::Id,
            indicator::Column::Kind,
            indicator::Column::Canonical,
            indicator::Column::Category,
            indicator::Column::Status,
            indicator::Column::FirstSeen,
        ])
        .order_by_asc(indicator::Column::Id)
}

/// The whole index, and the last change it includes. The change counter is
/// read first: a write during the load is replayed by the next sync, which
/// is harmless since applying a change re-reads the row.
async fn build(db: &DatabaseConnection) -> Result<(Index, i64)> {
    let last = registry_change::Entity::find()
        .select_only()
        .column_as(registry_change::Column::Id.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0);
    let index = load::load_all(db).await?;
    Ok((index, last))
}

/// A row as key and entry (see [`load::entry`]).
fn to_entry(row: &Row) -> Option<(String, Entry)> {
    let (id, kind, canonical, category, status, first_seen) = row;
    let day: NaiveDate = first_seen.date_naive();
    load::entry(*id, kind, canonical, category, status, day)
}
