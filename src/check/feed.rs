//! Reading `registry_changes` without gaps.
//!
//! Reading `id > last seen` alone misses writes on PostgreSQL: an id is
//! taken at insert, not at commit, so a transaction holding id 5 may commit
//! after another one's id 6 was read, and 5 would be behind the watermark
//! for good. Each change therefore carries its transaction's id (`xid`,
//! migration m0006). Before every read the feed takes the *horizon*, the
//! oldest transaction still running (`pg_snapshot_xmin`): every transaction
//! below it has ended, so its changes are all visible. Changes of
//! transactions at or above the previous horizon may still appear below the
//! watermark; those are re-read ("late" changes) until the horizon passes
//! them. SQLite serialises writers, so there ids follow commit order and the
//! watermark alone is exact.

use crate::db::entity::registry::registry_change;
use crate::error::Result;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use std::collections::HashMap;

/// Changes read per query.
pub const PAGE: u64 = 10_000;

pub type Change = registry_change::Model;

#[derive(Debug, Default)]
pub struct Feed {
    /// The highest change id applied.
    last: i64,
    /// The horizon at the previous read (PostgreSQL): changes of
    /// transactions from here on may still commit below `last`.
    floor: Option<i64>,
    /// Changes already applied whose transaction is not yet below the
    /// horizon, so the late read need not apply them twice: id → xid.
    open: HashMap<i64, i64>,
}

/// The oldest transaction still running, on PostgreSQL; `None` on SQLite.
pub async fn horizon(db: &DatabaseConnection) -> Result<Option<i64>> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(None);
    }
    let sql = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS h";
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?;
    Ok(row.and_then(|r| r.try_get::<i64>("", "h").ok()))
}

/// The highest change id written so far.
pub async fn max_id(db: &DatabaseConnection) -> Result<i64> {
    Ok(registry_change::Entity::find()
        .select_only()
        .column_as(registry_change::Column::Id.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0))
}

impl Feed {
    /// A feed whose changes up to `last` are applied, read at `horizon`.
    pub fn new(last: i64, horizon: Option<i64>) -> Feed {
        Feed {
            last,
            floor: horizon,
            open: HashMap::new(),
        }
    }

    pub fn last(&self) -> i64 {
        self.last
    }

    /// Changes committed since the last read whose ids lie at or below
    /// the watermark, not yet applied.
    pub async fn late(&self, db: &DatabaseConnection) -> Result<Vec<Change>> {
        let Some(floor) = self.floor else {
            return Ok(Vec::new());
        };
        let mut late = registry_change::Entity::find()
            .filter(registry_change::Column::Xid.gte(floor))
            .filter(registry_change::Column::Id.lte(self.last))
            .order_by_asc(registry_change::Column::Id)
            .all(db)
            .await?;
        late.retain(|c| !self.open.contains_key(&c.id));
        Ok(late)
    }

    /// The next page of changes above the watermark.
    pub async fn newer(&self, db: &DatabaseConnection) -> Result<Vec<Change>> {
        Ok(registry_change::Entity::find()
            .filter(registry_change::Column::Id.gt(self.last))
            .order_by_asc(registry_change::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?)
    }

    /// Notes `changes` as applied at a read whose horizon was `horizon`.
    pub fn applied(&mut self, changes: &[Change], horizon: Option<i64>) {
        for c in changes {
            self.last = self.last.max(c.id);
            if let (Some(h), Some(xid)) = (horizon, c.xid)
                && xid >= h
            {
                self.open.insert(c.id, xid);
            }
        }
    }

    /// After a full reload that included every change up to `last`.
    pub fn reloaded(&mut self, last: i64) {
        self.last = self.last.max(last);
    }

    /// Ends a read at `horizon`: what lies below it is final.
    pub fn settle(&mut self, horizon: Option<i64>) {
        if let Some(h) = horizon {
            self.open.retain(|_, xid| *xid >= h);
        }
        self.floor = horizon;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn change(id: i64, xid: Option<i64>) -> Change {
        Change {
            id,
            indicator_id: Some(1),
            at: Utc::now(),
            xid,
        }
    }

    #[test]
    fn open_changes_are_kept_until_the_horizon_passes_them() {
        let mut f = Feed::new(0, Some(100));
        f.applied(
            &[
                change(1, Some(99)),
                change(2, Some(100)),
                change(3, Some(105)),
            ],
            Some(100),
        );
        assert_eq!(f.last(), 3);
        assert!(!f.open.contains_key(&1), "below the horizon: final");
        assert!(f.open.contains_key(&2) && f.open.contains_key(&3));
        f.settle(Some(101));
        assert_eq!(f.floor, Some(101));
        assert!(!f.open.contains_key(&2));
        assert!(f.open.contains_key(&3));
    }

    #[test]
    fn sqlite_keeps_no_open_set() {
        let mut f = Feed::new(5, None);
        f.applied(&[change(6, None), change(7, None)], None);
        f.settle(None);
        assert_eq!(f.last(), 7);
        assert!(f.open.is_empty());
        f.reloaded(4);
        assert_eq!(f.last(), 7, "a reload never moves the watermark back");
    }
}
