//! Bulk import: a feed into the registry in one transaction, a batch at a
//! time so that a file of millions of rows needs only a batch's memory.
//! Values are normalised first (rejects keep their reasons, the first
//! [`KEPT_REJECTS`] of them word for word); a value repeated within a batch
//! is folded there, and one stored before (or by an earlier batch) is merged
//! by the unique index on (kind, canonical), never duplicated. SQLite takes
//! multi-row upserts, PostgreSQL COPY into a staging table. One audit entry
//! for the whole file (who, file, its hash, counts) and one "reload" in the
//! change log; a failure anywhere rolls all of it back.
//!
//! [`import`] takes a file already parsed (uploads); [`import_file`] reads
//! one as it goes (the CLI), taking its hash on the way.

#[path = "bulk_cases.rs"]
mod cases;
#[path = "bulk_pg.rs"]
mod pg;
#[path = "bulk_rows.rs"]
mod rows;
#[path = "bulk_sqlite.rs"]
mod sqlite;
#[path = "bulk_tx.rs"]
mod tx;

use super::formats::{self, CsvRows, Format, Parsed, Record, Reject};
use super::model::{CardKey, Status};
use super::store::record_change;
use crate::accounts::audit;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rows::Row;
use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::{Postgres, Sqlite};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::sync::Arc;

/// Rejects whose place and reason the report keeps; the rest are counted.
pub const KEPT_REJECTS: usize = 1_000;

/// Records normalised and written per batch.
const BATCH: usize = 10_000;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub merged: usize,
    /// Every record rejected.
    pub rejected: usize,
    /// The place in the file and the reason, for the first
    /// [`KEPT_REJECTS`] rejects.
    pub rejects: Vec<(String, String)>,
}

impl ImportReport {
    fn reject(&mut self, r: Reject) {
        self.rejected += 1;
        if self.rejects.len() < KEPT_REJECTS {
            self.rejects.push((r.at, r.reason));
        }
    }
}

/// Who imports, and what: for the audit entry.
pub struct Source<'a> {
    pub name: &'a str,
    pub format: &'a str,
    pub sha256: &'a str,
    pub actor: &'a str,
    pub user_id: Option<i32>,
}

/// Who imports which file; its hash is taken while it is read.
pub struct FileSource<'a> {
    pub name: &'a str,
    pub actor: &'a str,
    pub user_id: Option<i32>,
}

/// Imports a parsed file (an upload held in memory).
pub async fn import(
    db: &DatabaseConnection,
    key: Option<&CardKey>,
    parsed: Parsed,
    src: &Source<'_>,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let stamp = Arc::new(Stamp::new(src.format, src.user_id, now));
    let mut conn = Conn::acquire(db).await?;
    let mut report = ImportReport::default();
    let done = async {
        let mut sink = Sink::begin(&mut conn).await?;
        let _spent = pump(&mut sink, feed_of(parsed), key, &stamp, &mut report).await?;
        sink.finish(src, &report, now).await
    }
    .await;
    conn.release().await;
    done.map(|()| report)
}

/// Imports `input` in `format`. Our CSV is streamed a batch at a time; the
/// other formats (JSON documents and the feeds' dumps) are read whole.
pub async fn import_file<R: Read + Send + 'static>(
    db: &DatabaseConnection,
    key: Option<&CardKey>,
    format: Format,
    input: R,
    src: &FileSource<'_>,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let unreadable = |e: &dyn std::fmt::Display| Error::Invalid(format!("{}: {e}", src.name));
    let stamp = Arc::new(Stamp::new(format.as_str(), src.user_id, now));
    let mut report = ImportReport::default();
    // Read (and for our CSV, checked to have its header) before the
    // transaction starts.
    let (csv, parsed, sha) = if format == Format::Csv {
        let rows = CsvRows::new(Hashing::new(input)).map_err(|e| unreadable(&e))?;
        (Some(CsvFeed::new(rows)), None, String::new())
    } else {
        let mut bytes = Vec::new();
        let mut input = input;
        input.read_to_end(&mut bytes).map_err(|e| unreadable(&e))?;
        let parsed = formats::parse(format, &bytes).map_err(|e| unreadable(&e))?;
        (None, Some(parsed), hex(&Sha256::digest(&bytes)))
    };
    let mut conn = Conn::acquire(db).await?;
    let done = async {
        let mut sink = Sink::begin(&mut conn).await?;
        let sha = match (csv, parsed) {
            (Some(feed), _) => {
                let feed = pump(&mut sink, feed, key, &stamp, &mut report).await?;
                let hashing = feed.rows.finish().map_err(|e| unreadable(&e))?;
                hashing.hex()
            }
            (None, Some(parsed)) => {
                let _spent = pump(&mut sink, feed_of(parsed), key, &stamp, &mut report).await?;
                sha
            }
            (None, None) => sha,
        };
        let full = Source {
            name: src.name,
            format: format.as_str(),
            sha256: &sha,
            actor: src.actor,
            user_id: src.user_id,
        };
        sink.finish(&full, &report, now).await
    }
    .await;
    conn.release().await;
    done.map(|()| report)
}

/// A parsed file as a feed: the parser's rejects, then its records.
fn feed_of(parsed: Parsed) -> impl Iterator<Item = Result<Record, Reject>> + Send + 'static {
    parsed
        .rejects
        .into_iter()
        .map(Err)
        .chain(parsed.records.into_iter().map(Ok))
}

/// What every row of one import is stored with.
struct Stamp {
    status: &'static str,
    source: String,
    now: DateTime<Utc>,
    user_id: Option<i32>,
}

impl Stamp {
    fn new(source: &str, user_id: Option<i32>, now: DateTime<Utc>) -> Stamp {
        Stamp {
            status: Status::Active.as_str(),
            source: source.to_owned(),
            now,
            user_id,
        }
    }
}

/// A batch ready for the store: what it says, and its rows already in the
/// engine's form.
struct Ready {
    /// Distinct values in the batch.
    rows: usize,
    /// The rows that name cases, kept for linking them.
    linked: Vec<Row>,
    repeats: usize,
    rejects: Vec<Reject>,
    taken: usize,
    payload: Payload,
}

enum Payload {
    Sqlite(Vec<sqlite::Insert>),
    Postgres(Vec<u8>),
}

#[derive(Clone, Copy)]
enum Engine {
    Sqlite,
    Postgres,
}

/// Normalises up to a batch of the feed and puts it in the engine's form.
fn ready(
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

/// Normalises the feed a batch at a time on a blocking thread while the
/// store writes the batch before (two cores: parsing and writing overlap),
/// and adds up the report. The feed is handed back, read to its end.
async fn pump<F>(
    sink: &mut Sink<'_>,
    feed: F,
    key: Option<&CardKey>,
    stamp: &Arc<Stamp>,
    report: &mut ImportReport,
) -> Result<F>
where
    F: Iterator<Item = Result<Record, Reject>> + Send + 'static,
{
    let key = key.cloned().map(Arc::new);
    let engine = sink.engine();
    let size: usize = std::env::var("DOZOR_IMPORT_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(BATCH);
    let spawn = |mut feed: F| {
        let (key, stamp) = (key.clone(), Arc::clone(stamp));
        tokio::task::spawn_blocking(move || {
            let batch = ready(feed.by_ref().take(size), key.as_deref(), engine, &stamp);
            (feed, batch)
        })
    };
    let mut next = spawn(feed);
    loop {
        let (feed, batch) = next
            .await
            .map_err(|e| Error::Internal(format!("import: normalising failed: {e}")))?;
        let batch = batch?;
        if batch.taken < size {
            sink.write(batch, stamp, report).await?;
            return Ok(feed);
        }
        next = spawn(feed);
        sink.write(batch, stamp, report).await?;
    }
}

/// The pooled connection an import runs on: its own, so that the engine's
/// fast paths (COPY, arguments built ahead) can reach it.
enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Conn {
    async fn acquire(db: &DatabaseConnection) -> Result<Conn> {
        let busy = |e| Error::Db(tx::exec_err(e));
        match db.get_database_backend() {
            DbBackend::Sqlite => Ok(Conn::Sqlite(
                db.get_sqlite_connection_pool()
                    .acquire()
                    .await
                    .map_err(busy)?,
            )),
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
    async fn release(&mut self) {
        if let Conn::Sqlite(c) = self {
            sqlite::restore_cache(c).await;
        }
    }
}

/// The import's transaction, on the engine's fast path.
enum Sink<'c> {
    Sqlite(sqlite::SqliteSink<'c>),
    Postgres(pg::PgSink<'c>),
}

impl<'c> Sink<'c> {
    async fn begin(conn: &'c mut Conn) -> Result<Sink<'c>> {
        Ok(match conn {
            Conn::Sqlite(c) => Sink::Sqlite(sqlite::SqliteSink::begin(c).await?),
            Conn::Postgres(c) => Sink::Postgres(pg::PgSink::begin(c).await?),
        })
    }

    fn engine(&self) -> Engine {
        match self {
            Sink::Sqlite(_) => Engine::Sqlite,
            Sink::Postgres(_) => Engine::Postgres,
        }
    }

    /// Stores one batch and links its cases.
    async fn write(
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
            Sink::Sqlite(s) => {
                cases::link_cases(&s.tx, &batch.linked, stamp.user_id, stamp.now).await
            }
            Sink::Postgres(p) => {
                cases::link_cases(&p.tx, &batch.linked, stamp.user_id, stamp.now).await
            }
        }
    }

    /// The audit entry and the change row, then commit.
    async fn finish(
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
        src.actor,
        "registry.import",
        "registry",
        src.name,
        None,
        Some(after),
    );
    audit::record(db, now, entry).await?;
    record_change(db, None, now).await
}

/// Our CSV's rows as a feed of records and rejects.
struct CsvFeed<R> {
    rows: CsvRows<R>,
    pending: std::vec::IntoIter<Record>,
}

impl<R> CsvFeed<R> {
    fn new(rows: CsvRows<R>) -> CsvFeed<R> {
        CsvFeed {
            rows,
            pending: Vec::new().into_iter(),
        }
    }
}

impl<R: Read> Iterator for CsvFeed<R> {
    type Item = Result<Record, Reject>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.pending.next() {
                return Some(Ok(r));
            }
            match self.rows.next_row()? {
                Ok(records) => self.pending = records.into_iter(),
                Err(reject) => return Some(Err(reject)),
            }
        }
    }
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    sha: Sha256,
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Hashing<R> {
        Hashing {
            inner,
            sha: Sha256::new(),
        }
    }

    fn hex(self) -> String {
        hex(&self.sha.finalize())
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
