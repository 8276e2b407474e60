//! The check service: the index loaded from the store, kept current from
//! `registry_changes` (after each local write, on PostgreSQL's NOTIFY and by
//! a background poll, so instances over one database agree), and the answer
//! to one query. The change feed itself is gap-safe: see [`super::feed`].

use super::feed::{self, Change, Feed};
use super::index::{Entry, Index};
use crate::db::entity::registry::indicator;
use crate::error::Result;
use chrono::{DateTime, NaiveDate, Utc};
use dozor_indicator::detect::normalize;
use dozor_indicator::model::CardKey;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::RwLock;
use std::sync::atomic::{AtomicI64, Ordering};

mod answer;
mod load;
mod wake;
pub use answer::{Answer, MatchOut};
pub use wake::spawn_sync_loop;

type Row = (i32, String, String, String, String, DateTime<Utc>);

pub struct CheckService {
    /// Readers hold the lock for one lookup; a full reload builds the new
    /// index outside it and only swaps under it.
    index: RwLock<Index>,
    last_change: AtomicI64,
    card_key: Option<CardKey>,
    /// The change feed; its lock also keeps syncs one at a time, since two
    /// interleaved ones could apply an older read of a row after a newer one.
    feed: tokio::sync::Mutex<Feed>,
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
        let horizon = feed::horizon(db).await?;
        let (index, last) = build(db).await?;
        Ok(CheckService {
            index: RwLock::new(index),
            last_change: AtomicI64::new(last),
            card_key,
            feed: tokio::sync::Mutex::new(Feed::new(last, horizon)),
        })
    }

    /// An empty service, for tests and a registry not yet loaded.
    pub fn empty(card_key: Option<CardKey>) -> CheckService {
        CheckService {
            index: RwLock::new(Index::new()),
            last_change: AtomicI64::new(0),
            card_key,
            feed: tokio::sync::Mutex::new(Feed::default()),
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

    /// Applies the registry changes not yet seen: those committed late
    /// below the watermark, then those above it.
    pub async fn sync(&self, db: &DatabaseConnection) -> Result<()> {
        let mut feed = self.feed.lock().await;
        // Taken before reading: every transaction below it has ended.
        let horizon = feed::horizon(db).await?;
        let late = feed.late(db).await?;
        self.apply(db, &mut feed, &late, horizon).await?;
        loop {
            let newer = feed.newer(db).await?;
            self.apply(db, &mut feed, &newer, horizon).await?;
            if (newer.len() as u64) < feed::PAGE {
                break;
            }
        }
        feed.settle(horizon);
        self.last_change.store(feed.last(), Ordering::Release);
        Ok(())
    }

    async fn apply(
        &self,
        db: &DatabaseConnection,
        feed: &mut Feed,
        changes: &[Change],
        horizon: Option<i64>,
    ) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        if changes.iter().any(|c| c.indicator_id.is_none()) {
            let (fresh, at) = build(db).await?;
            // Freeing a million keys takes a while: not under the lock.
            drop(self.swap(fresh));
            feed.reloaded(at);
            feed.applied(changes, horizon);
            return Ok(());
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
        feed.applied(changes, horizon);
        Ok(())
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
    let last = feed::max_id(db).await?;
    let index = load::load_all(db).await?;
    Ok((index, last))
}

/// A row as key and entry (see [`load::entry`]).
fn to_entry(row: &Row) -> Option<(String, Entry)> {
    let (id, kind, canonical, category, status, first_seen) = row;
    let day: NaiveDate = first_seen.date_naive();
    load::entry(*id, kind, canonical, category, status, day)
}
