//! The store side of a bulk import: the pooled connection it runs on, its
//! transaction on the engine's fast path, the batch in that engine's form,
//! and closing with the audit entry and the change row.

use super::rows::{self, Row};
use super::{ImportReport, Source, Stamp, cases, pg, sqlite, tx};
use crate::accounts::audit;
use crate::error::{Error, Result};
use crate::registry::formats::{Record, Reject};
use crate::registry::store::record_change;
use chrono::{DateTime, Utc};
use dozor_indicator::model::CardKey;
use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::{Postgres, Sqlite};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use serde_json::json;

/// A batch ready for the store: what it says, and its rows already in the
/// engine's form.
pub(super) struct Ready {
    /// Distinct values in the batch.
    rows: usize,
    /// The rows that name cases, kept for linking them.
    linked: Vec<Row>,
    repeats: usize,
    rejects: Vec<Reject>,
    pub(super) taken: usize,
    payload: Payload,
}

enum Payload {
    Sqlite(Vec<sqlite::Insert>),
    Postgres(Vec<u8>),
}

#[derive(Clone, Copy)]
pub(super) enum Engine {
    Sqlite,
    Postgres,
}

/// Normalises up to a batch of the feed and puts it in the engine's form.
pub(super) fn ready(
    items: impl Iterator<Item = Result<Record, Reject>>,
    key: Option<&CardKey>,
    engine: Engine,
    stamp: &Stamp,
) -> Result<Ready> {
    let batch = rows::prepare(items, key, stamp.now);
    let linked: Vec<Row> = batch
        .rows
        .iter()
        .filter(|r| !r.cases.is_empty())
        .cloned()
        .collect();
    let rows = batch.rows.len();
    let payload = match engine {
        Engine::Sqlite => Payload::Sqlite(sqlite::statements(batch.rows, stamp)?),
        Engine::Postgres => Payload::Postgres(pg::copy_text(&batch.rows)),
    };
    Ok(Ready {
        rows,
        linked,
        repeats: batch.repeats,
        rejects: batch.rejects,
        taken: batch.taken,
        payload,
    })
}

/// The pooled connection an import runs on: its own, so that the engine's
/// fast paths (COPY, arguments built ahead) can reach it.
pub(super) enum Conn {
    /// With the page cache size it had, to put back.
    Sqlite(PoolConnection<Sqlite>, i64),
    Postgres(PoolConnection<Postgres>),
}

impl Conn {
    pub(super) async fn acquire(db: &DatabaseConnection) -> Result<Conn> {
        let busy = |e| Error::Db(tx::exec_err(e));
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                let mut c = db
                    .get_sqlite_connection_pool()
                    .acquire()
                    .await
                    .map_err(busy)?;
                let cache = sqlite::cache_size(&mut c).await?;
                Ok(Conn::Sqlite(c, cache))
            }
            DbBackend::Postgres => Ok(Conn::Postgres(
                db.get_postgres_connection_pool()
                    .acquire()
                    .await
                    .map_err(busy)?,
            )),
            other => Err(Error::Internal(format!(
                "bulk import: {other:?} is not supported"
            ))),
        }
    }

    /// Undoes the import's connection settings before it goes back.
    pub(super) async fn release(&mut self) {
        if let Conn::Sqlite(c, cache) = self {
            sqlite::restore_cache(c, *cache).await;
        }
    }
}

/// The import's transaction, on the engine's fast path.
pub(super) enum Sink<'c> {
    Sqlite(sqlite::SqliteSink<'c>),
    Postgres(pg::PgSink<'c>),
}

impl<'c> Sink<'c> {
    pub(super) async fn begin(conn: &'c mut Conn) -> Result<Sink<'c>> {
        Ok(match conn {
            Conn::Sqlite(c, _) => Sink::Sqlite(sqlite::SqliteSink::begin(c).await?),
            Conn::Postgres(c) => Sink::Postgres(pg::PgSink::begin(c).await?),
        })
    }

    pub(super) fn engine(&self) -> Engine {
        match self {
            Sink::Sqlite(_) => Engine::Sqlite,
            Sink::Postgres(_) => Engine::Postgres,
        }
    }

    /// Stores one batch and links its cases.
    pub(super) async fn write(
        &mut self,
        batch: Ready,
        stamp: &Stamp,
        report: &mut ImportReport,
    ) -> Result<()> {
        for r in batch.rejects {
            report.reject(r);
        }
        let added = match (&mut *self, batch.payload) {
            (Sink::Sqlite(s), Payload::Sqlite(inserts)) => s.write(inserts).await?,
            (Sink::Postgres(p), Payload::Postgres(copy)) => {
                p.write(copy, batch.rows, stamp).await?
            }
            _ => {
                return Err(Error::Internal(
                    "import: batch built for the other engine".into(),
                ));
            }
        };
        report.added += added;
        report.merged += batch.repeats + batch.rows.saturating_sub(added);
        if batch.linked.is_empty() {
            return Ok(());
        }
        match self {
            Sink::Sqlite(s) => cases::link_cases(&s.tx, &batch.linked, stamp).await,
            Sink::Postgres(p) => cases::link_cases(&p.tx, &batch.linked, stamp).await,
        }
    }

    /// The audit entry and the change row, then commit.
    pub(super) async fn finish(
        self,
        src: &Source<'_>,
        report: &ImportReport,
        now: DateTime<Utc>,
    ) -> Result<()> {
        match self {
            Sink::Sqlite(s) => {
                close(&s.tx, src, report, now).await?;
                s.tx.commit().await?;
            }
            Sink::Postgres(p) => {
                close(&p.tx, src, report, now).await?;
                p.tx.commit().await?;
            }
        }
        Ok(())
    }
}

async fn close(
    db: &impl ConnectionTrait,
    src: &Source<'_>,
    report: &ImportReport,
    now: DateTime<Utc>,
) -> Result<()> {
    let after = json!({"file": src.name, "format": src.format, "sha256": src.sha256,
        "added": report.added, "merged": report.merged, "rejected": report.rejected});
    let entry = audit::Entry::change(
        &src.actor.login,
        "registry.import",
        "registry",
        src.name,
        None,
        Some(after),
    );
    audit::record(db, now, entry).await?;
    record_change(db, None, now).await
}
