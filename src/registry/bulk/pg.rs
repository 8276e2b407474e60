//! The bulk path on PostgreSQL: each batch is COPYed into a temporary
//! staging table, then the values not stored yet are moved into
//! `indicators` with one `INSERT … SELECT`; its row count is the number
//! added, and when some rows were already there one UPDATE marks them seen
//! again. The staging table lives and dies with the
//! import's transaction. The COPY text is built on the normalising thread
//! ([`copy_text`]).

use super::Stamp;
use super::rows::Row;
use super::tx::{SqlxTx, exec_err};
use crate::error::Result;
use chrono::{DateTime, Utc};
use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::{self, Postgres};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::io::Write as _;

const STAGING: &str = "CREATE TEMPORARY TABLE dozor_import_rows (\
    kind text NOT NULL, canonical text NOT NULL, display text NOT NULL, raw text NOT NULL, \
    category text NOT NULL, first_seen timestamptz NOT NULL) ON COMMIT DROP";

/// The planner's statistics know nothing of the rows this transaction has
/// added, so against a table it thinks small it hashes a full scan of
/// `indicators` into every batch's join: quadratic in the file. Index
/// look-ups it is, for this transaction only (and no JIT, which the
/// disabled plans' costs would otherwise trigger for every statement).
const PLANNER: &str = "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; \
    SET LOCAL enable_seqscan = off; SET LOCAL jit = off";

const COPY: &str = "COPY dozor_import_rows (kind, canonical, display, raw, category, first_seen) \
    FROM STDIN (FORMAT text)";

/// A plain INSERT of the staged values not stored yet. Not `ON CONFLICT DO
/// NOTHING`: PostgreSQL's speculative insertion makes that half again as
/// slow for a million rows. The batch holds each value once, and earlier
/// batches' rows are visible to the anti-join; only a value added by
/// another transaction during this very statement can still collide, and
/// then the unique index fails the import as a whole (nothing written),
/// for the user to run again.
const MOVE: &str = "INSERT INTO indicators \
    (kind, canonical, display, raw, category, status, source, first_seen, last_seen, created_by, owner) \
    SELECT s.kind, s.canonical, s.display, s.raw, s.category, $1, $2, s.first_seen, $3, $4, NULL \
    FROM dozor_import_rows AS s WHERE NOT EXISTS (SELECT 1 FROM indicators AS i \
    WHERE i.kind = s.kind AND i.canonical = s.canonical)";

const TOUCH: &str = "UPDATE indicators AS i SET last_seen = $1 FROM dozor_import_rows AS s \
    WHERE i.kind = s.kind AND i.canonical = s.canonical AND i.last_seen <> $1";

pub(super) struct PgSink<'c> {
    pub(super) tx: SqlxTx<'c, Postgres>,
}

impl<'c> PgSink<'c> {
    pub(super) async fn begin(conn: &'c mut PoolConnection<Postgres>) -> Result<PgSink<'c>> {
        let tx = SqlxTx::begin(conn, None).await?;
        tx.execute_unprepared(PLANNER).await?;
        tx.execute_unprepared(STAGING).await?;
        Ok(PgSink { tx })
    }

    /// Stores a batch of `rows` distinct values, given as COPY text; how
    /// many were new.
    pub(super) async fn write(
        &mut self,
        copy: Vec<u8>,
        rows: usize,
        stamp: &Stamp,
    ) -> Result<usize> {
        if rows == 0 {
            return Ok(0);
        }
        self.tx
            .with(async |c| {
                let mut copy_in = c.copy_in_raw(COPY).await.map_err(exec_err)?;
                copy_in.send(copy).await.map_err(exec_err)?;
                copy_in.finish().await.map_err(exec_err)
            })
            .await?;
        let moved = Statement::from_sql_and_values(
            DbBackend::Postgres,
            MOVE,
            [
                stamp.status.into(),
                stamp.source.as_str().into(),
                stamp.now.into(),
                stamp.user_id.into(),
            ],
        );
        let added = self.tx.execute_raw(moved).await?.rows_affected();
        let added = usize::try_from(added).unwrap_or(usize::MAX).min(rows);
        if added < rows {
            let touch =
                Statement::from_sql_and_values(DbBackend::Postgres, TOUCH, [stamp.now.into()]);
            self.tx.execute_raw(touch).await?;
        }
        self.tx
            .with(async |c| {
                sqlx::raw_sql("TRUNCATE dozor_import_rows")
                    .execute(c)
                    .await
                    .map_err(exec_err)
            })
            .await?;
        Ok(added)
    }
}

/// The batch in COPY's text format.
pub(super) fn copy_text(rows: &[Row]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() * 256);
    for r in rows {
        copy_line(&mut out, r);
    }
    out
}

/// One row in COPY's text format: tab-separated, with backslash escapes.
fn copy_line(out: &mut Vec<u8>, r: &Row) {
    for field in [
        r.kind.as_str(),
        &r.canonical,
        &r.display,
        &r.raw,
        r.category.as_str(),
    ] {
        escape(out, field);
        out.push(b'\t');
    }
    time(out, r.first_seen);
    out.push(b'\n');
}

fn escape(out: &mut Vec<u8>, s: &str) {
    for &b in s.as_bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// RFC 3339 with microseconds, which is all `timestamptz` keeps.
fn time(out: &mut Vec<u8>, t: DateTime<Utc>) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{}", t.format("%Y-%m-%dT%H:%M:%S%.6fZ"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use dozor_indicator::model::{Category, Kind};

    #[test]
    fn copy_text_escapes_what_copy_reads_specially() {
        let row = Row {
            kind: Kind::Url,
            canonical: "http://a.example/".into(),
            display: "a.example".into(),
            raw: "http://a.example/\t\\x\r\n".into(),
            category: Category::Phishing,
            first_seen: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single().unwrap(),
            cases: vec![],
        };
        let mut out = Vec::new();
        copy_line(&mut out, &row);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "url\thttp://a.example/\ta.example\thttp://a.example/\\t\\\\x\\r\\n\tphishing\t\
             2026-01-02T03:04:05.000000Z\n"
        );
    }
}
