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

mod cases;
mod feed;
mod pg;
mod rows;
mod sink;
mod sqlite;
mod tx;

use super::formats::{self, CsvRows, Format, Parsed, Record, Reject};
use super::model::CaseScope;
use crate::actor::Actor;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use dozor_indicator::hex;
use dozor_indicator::model::{CardKey, Status};
use feed::{CsvFeed, Hashing, feed_of};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};
use sink::{Conn, Sink, ready};
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
    pub actor: Actor,
    /// Whose cases the rows may link.
    pub scope: CaseScope,
}

/// Who imports which file; its hash is taken while it is read.
pub struct FileSource<'a> {
    pub name: &'a str,
    pub actor: Actor,
}

/// Imports a parsed file (an upload held in memory).
pub async fn import(
    db: &DatabaseConnection,
    key: Option<&CardKey>,
    parsed: Parsed,
    src: &Source<'_>,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let stamp = Arc::new(Stamp::new(src.format, src.actor.id, src.scope, now));
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
    let stamp = Arc::new(Stamp::new(
        format.as_str(),
        src.actor.id,
        CaseScope::Any,
        now,
    ));
    let mut report = ImportReport::default();
    // Read (our CSV: up to its header) before the transaction starts, so
    // that a file not of the format never opens one.
    let input = if format == Format::Csv {
        let rows = CsvRows::new(Hashing::new(input)).map_err(|e| unreadable(&e))?;
        Input::Csv(Box::new(CsvFeed::new(rows)))
    } else {
        let mut bytes = Vec::new();
        let mut input = input;
        input.read_to_end(&mut bytes).map_err(|e| unreadable(&e))?;
        let parsed = formats::parse(format, &bytes).map_err(|e| unreadable(&e))?;
        Input::Whole(parsed, hex(&Sha256::digest(&bytes)))
    };
    let mut conn = Conn::acquire(db).await?;
    let done = async {
        let mut sink = Sink::begin(&mut conn).await?;
        let sha = match input {
            Input::Csv(feed) => {
                let feed = pump(&mut sink, *feed, key, &stamp, &mut report).await?;
                feed.rows.finish().map_err(|e| unreadable(&e))?.hex()
            }
            Input::Whole(parsed, sha) => {
                let _spent = pump(&mut sink, feed_of(parsed), key, &stamp, &mut report).await?;
                sha
            }
        };
        let full = Source {
            name: src.name,
            format: format.as_str(),
            sha256: &sha,
            actor: src.actor.clone(),
            scope: CaseScope::Any,
        };
        sink.finish(&full, &report, now).await
    }
    .await;
    conn.release().await;
    done.map(|()| report)
}

/// A file to import: our CSV as it streams, or another format parsed whole
/// (with its hash).
enum Input<R> {
    Csv(Box<CsvFeed<Hashing<R>>>),
    Whole(Parsed, String),
}

/// What every row of one import is stored with.
pub(super) struct Stamp {
    pub(super) status: &'static str,
    pub(super) source: String,
    pub(super) now: DateTime<Utc>,
    pub(super) user_id: Option<i32>,
    pub(super) scope: CaseScope,
}

impl Stamp {
    fn new(source: &str, user_id: Option<i32>, scope: CaseScope, now: DateTime<Utc>) -> Stamp {
        Stamp {
            status: Status::Active.as_str(),
            source: source.to_owned(),
            now,
            user_id,
            scope,
        }
    }
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
    let spawn = |mut feed: F| {
        let (key, stamp) = (key.clone(), Arc::clone(stamp));
        tokio::task::spawn_blocking(move || {
            let batch = ready(feed.by_ref().take(BATCH), key.as_deref(), engine, &stamp);
            (feed, batch)
        })
    };
    let mut next = spawn(feed);
    loop {
        let (feed, batch) = next
            .await
            .map_err(|e| Error::Internal(format!("import: normalising failed: {e}")))?;
        let batch = batch?;
        if batch.taken < BATCH {
            sink.write(batch, stamp, report).await?;
            return Ok(feed);
        }
        next = spawn(feed);
        sink.write(batch, stamp, report).await?;
    }
}
