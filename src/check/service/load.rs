//! Loading the whole check index from the store: a million indicators in
//! well under the three seconds allowed. Rows are read with raw sqlx by id
//! range, two ranges in flight while the one before goes into the index,
//! text borrowed from the row rather than copied, so the only allocation
//! per indicator is its lookup key; `first_seen` is read only to the day.
//! SQLite's rows come packed many to a row (see `service_load_sqlite.rs`).

use crate::check::index::{Entry, Index, key_from};
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use dozor_indicator::model::{Category, Kind, Status};
use sea_orm::sqlx::postgres::PgRow;
use sea_orm::sqlx::{self, Row};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, RuntimeErr, Statement};
use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;

mod sqlite;

/// Ids per PostgreSQL query: bounds the rows held at once (a page being
/// indexed and [`AHEAD`] being read).
const PAGE: i64 = 65_536;
/// Pages read at once, each on its own pooled connection (SQLite in WAL
/// mode has any number of readers): the driver's work per row, not the
/// database's, is what takes the time, and it spreads over the cores.
const AHEAD: usize = 2;

const POSTGRES: &str = "SELECT id, kind, canonical, category, status, first_seen \
    FROM indicators WHERE id >= $1 AND id < $2 ORDER BY id";

pub(super) fn db_err(e: sqlx::Error) -> Error {
    Error::Db(DbErr::Query(RuntimeErr::SqlxError(Arc::new(e))))
}

/// Every indicator into a new index.
pub(super) async fn load_all(db: &DatabaseConnection) -> Result<Index> {
    let (low, high, total) = bounds(db).await?;
    let mut index = Index::with_capacity(total);
    if total == 0 {
        return Ok(index);
    }
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool().clone();
            let fetch = move |from: i64| sqlite::fetch(pool.clone(), from);
            pages(low, high, sqlite::CHUNK, fetch, |chunk| {
                sqlite::add_chunk(&mut index, &chunk)
            })
            .await?;
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool().clone();
            let fetch = move |from: i64| {
                let pool = pool.clone();
                async move {
                    sqlx::query(POSTGRES)
                        .bind(i32::try_from(from).unwrap_or(i32::MAX))
                        .bind(i32::try_from(from.saturating_add(PAGE)).unwrap_or(i32::MAX))
                        .fetch_all(&pool)
                        .await
                }
            };
            pages(low, high, PAGE, fetch, |rows: Vec<PgRow>| {
                for row in &rows {
                    add_pg(&mut index, row)?;
                }
                Ok(())
            })
            .await?;
        }
        other => {
            return Err(Error::Internal(format!(
                "check index: {other:?} is not supported"
            )));
        }
    }
    Ok(index)
}

/// The smallest and largest id, and the number of indicators.
async fn bounds(db: &DatabaseConnection) -> Result<(i64, i64, usize)> {
    let stmt = Statement::from_string(
        db.get_database_backend(),
        "SELECT coalesce(min(id), 0) AS low, coalesce(max(id), 0) AS high, count(*) AS n \
         FROM indicators",
    );
    let Some(row) = db.query_one_raw(stmt).await? else {
        return Ok((0, 0, 0));
    };
    // PostgreSQL's min/max of an integer column is an integer, SQLite's any.
    let wide = |col: &str| {
        row.try_get::<i64>("", col)
            .or_else(|_| row.try_get::<i32>("", col).map(i64::from))
    };
    let (low, high, n) = (wide("low")?, wide("high")?, wide("n")?);
    Ok((low, high, usize::try_from(n).unwrap_or(0)))
}

/// Reads ids `low..=high` a page of `page` ids at a time, [`AHEAD`] pages
/// being fetched while `each` takes the one before them, in id order.
async fn pages<T, F, Fut>(
    low: i64,
    high: i64,
    page: i64,
    fetch: F,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()>
where
    T: Send + 'static,
    F: Fn(i64) -> Fut,
    Fut: Future<Output = Result<T, sqlx::Error>> + Send + 'static,
{
    let mut from = low;
    let mut pending = VecDeque::with_capacity(AHEAD);
    loop {
        while pending.len() < AHEAD && from <= high {
            pending.push_back(tokio::spawn(fetch(from)));
            from = from.saturating_add(page);
        }
        let Some(next) = pending.pop_front() else {
            return Ok(());
        };
        let chunk = next
            .await
            .map_err(|e| Error::Internal(format!("check index: read failed: {e}")))?
            .map_err(db_err)?;
        each(chunk)?;
    }
}

fn add_pg(index: &mut Index, row: &PgRow) -> Result<()> {
    let first_seen: DateTime<Utc> = row.try_get(5).map_err(db_err)?;
    let found = entry(
        row.try_get(0).map_err(db_err)?,
        row.try_get(1).map_err(db_err)?,
        row.try_get(2).map_err(db_err)?,
        row.try_get(3).map_err(db_err)?,
        row.try_get(4).map_err(db_err)?,
        first_seen.date_naive(),
    );
    if let Some((key, entry)) = found {
        index.insert(key, entry);
    }
    Ok(())
}

/// A stored row as lookup key and entry; a row with an unknown kind,
/// category or status is skipped (and logged) rather than failing the whole
/// load.
pub(super) fn entry(
    id: i32,
    kind: &str,
    canonical: &str,
    category: &str,
    status: &str,
    day: NaiveDate,
) -> Option<(String, Entry)> {
    let parsed = (
        Kind::parse(kind),
        Category::parse(category),
        Status::parse(status),
    );
    let (Some(kind), Some(category), Some(status)) = parsed else {
        tracing::warn!(
            id,
            kind,
            category,
            status,
            "check index: skipping an unreadable indicator"
        );
        return None;
    };
    Some((
        key_from(kind, canonical),
        Entry::new(id, kind, category, status, day),
    ))
}

/// The UTC day of a stored `first_seen`. What sqlx writes for a
/// `DateTime<Utc>` (`2026-11-28T05:52:56.153933566+00:00`) is read
/// directly; anything else is parsed as a timestamp with an offset, or
/// without one (taken as UTC), or a bare date.
pub(super) fn day_of(text: &str) -> Option<NaiveDate> {
    if let Some(day) = utc_day(text) {
        return Some(day);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc).date_naive());
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f %:z"] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t.with_timezone(&Utc).date_naive());
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.date());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The fast path of [`day_of`]: a UTC timestamp's leading date.
fn utc_day(text: &str) -> Option<NaiveDate> {
    if !(text.ends_with("+00:00") || text.ends_with('Z')) {
        return None;
    }
    let b = text.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(r)?;
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::{day_of, utc_day};
    use chrono::NaiveDate;

    #[test]
    fn utc_day_reads_what_sqlx_writes_and_nothing_else() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28);
        assert_eq!(utc_day("2026-11-28T05:52:56.153933566+00:00"), d);
        assert_eq!(utc_day("2026-11-28T23:59:59Z"), d);
        assert_eq!(utc_day("2026-11-28 23:59:59+00:00"), d);
        assert_eq!(utc_day("2026-11-28T23:59:59+05:00"), None, "not UTC");
        assert_eq!(utc_day("2026-13-28T00:00:00+00:00"), None);
        assert_eq!(utc_day("26-11-28T00:00:00+00:00"), None);
        assert_eq!(utc_day("+00:00"), None);
    }

    #[test]
    fn other_timestamps_are_read_to_their_utc_day() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28);
        assert_eq!(day_of("2026-11-29T01:00:00+05:00"), d);
        assert_eq!(day_of("2026-11-29 01:00:00+05:00"), d);
        assert_eq!(day_of("2026-11-28 23:00:00"), d);
        assert_eq!(day_of("2026-11-28T23:00:00.5"), d);
        assert_eq!(day_of("2026-11-28"), d);
        assert_eq!(day_of("yesterday"), None);
    }
}
