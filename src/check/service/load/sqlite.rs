//! Reading indicators from SQLite for the check index. sqlx hands SQLite
//! rows over one at a time, copying each value and passing the row through
//! a channel between threads, and for a million small rows that costs
//! several times the reading itself. So a range of ids comes back as ONE
//! row: each column's values joined by `group_concat` (the canonical value
//! with the record separator, which canonical forms never contain since
//! they escape control characters; the other columns with commas, which
//! none of their values contain). A range whose columns do not split into
//! the same number of values (a separator in the data after all) is read
//! again row by row, so a surprise costs speed, never a wrong entry.

use super::{day_of, db_err, entry};
use crate::check::index::Index;
use crate::error::Result;
use sea_orm::sqlx::sqlite::{SqlitePool, SqliteRow};
use sea_orm::sqlx::{self, Row};

/// Ids per query.
pub(super) const CHUNK: i64 = 16_384;

/// `group_concat` skips NULLs, which would shift the columns against each
/// other: every column read here is NOT NULL.
const PACKED: &str = "SELECT group_concat(id), group_concat(kind), group_concat(category), \
    group_concat(status), group_concat(first_seen), group_concat(canonical, char(30)) \
    FROM indicators WHERE id >= ? AND id < ?";

const ROWS: &str = "SELECT id, kind, category, status, first_seen, canonical \
    FROM indicators WHERE id >= ? AND id < ? ORDER BY id";

/// The separators of [`PACKED`]'s columns, in order.
const SEPARATORS: [char; 6] = [',', ',', ',', ',', ',', '\u{1e}'];

/// One range of ids as read.
pub(super) enum Chunk {
    Packed(SqliteRow),
    Rows(Vec<SqliteRow>),
}

pub(super) async fn fetch(pool: SqlitePool, from: i64) -> Result<Chunk, sqlx::Error> {
    let to = from.saturating_add(CHUNK);
    let row = sqlx::query(PACKED)
        .bind(from)
        .bind(to)
        .fetch_one(&pool)
        .await?;
    if aligned(&row)? {
        return Ok(Chunk::Packed(row));
    }
    let rows = sqlx::query(ROWS)
        .bind(from)
        .bind(to)
        .fetch_all(&pool)
        .await?;
    Ok(Chunk::Rows(rows))
}

/// Whether every packed column holds as many values as the ids do (none
/// at all for a range without indicators).
fn aligned(row: &SqliteRow) -> Result<bool, sqlx::Error> {
    let mut count = None;
    for (i, sep) in SEPARATORS.iter().enumerate() {
        let column: Option<&str> = row.try_get(i)?;
        let n = column.map(|c| c.matches(*sep).count());
        if *count.get_or_insert(n) != n {
            return Ok(false);
        }
    }
    Ok(true)
}

/// id, kind, category, status, first_seen, canonical.
type Fields<'r> = (i32, &'r str, &'r str, &'r str, &'r str, &'r str);

/// The chunk's indicators into the index, in id order (the order a rowid
/// range is read in anyway; sorted here so it never rests on that).
pub(super) fn add_chunk(index: &mut Index, chunk: &Chunk) -> Result<()> {
    let mut rows = match chunk {
        Chunk::Packed(row) => unpack(row)?,
        Chunk::Rows(all) => all.iter().map(fields).collect::<Result<Vec<_>>>()?,
    };
    if !rows.is_sorted_by_key(|r| r.0) {
        rows.sort_by_key(|r| r.0);
    }
    for (id, kind, category, status, first_seen, canonical) in rows {
        let Some(day) = day_of(first_seen) else {
            tracing::warn!(
                id,
                first_seen,
                "check index: skipping an unreadable indicator"
            );
            continue;
        };
        if let Some((key, entry)) = entry(id, kind, canonical, category, status, day) {
            index.insert(key, entry);
        }
    }
    Ok(())
}

fn unpack(row: &SqliteRow) -> Result<Vec<Fields<'_>>> {
    let column = |i: usize| -> Result<&str> {
        let text: Option<&str> = row.try_get(i).map_err(db_err)?;
        Ok(text.unwrap_or_default())
    };
    let ids = column(0)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut kinds = column(1)?.split(SEPARATORS[1]);
    let mut categories = column(2)?.split(SEPARATORS[2]);
    let mut statuses = column(3)?.split(SEPARATORS[3]);
    let mut times = column(4)?.split(SEPARATORS[4]);
    let mut canonicals = column(5)?.split(SEPARATORS[5]);
    let mut out = Vec::with_capacity(usize::try_from(CHUNK).unwrap_or(0));
    for id in ids.split(SEPARATORS[0]) {
        let next = (
            kinds.next(),
            categories.next(),
            statuses.next(),
            times.next(),
            canonicals.next(),
        );
        let (Some(kind), Some(category), Some(status), Some(time), Some(canonical)) = next else {
            break;
        };
        match id.parse::<i32>() {
            Ok(id) => out.push((id, kind, category, status, time, canonical)),
            Err(_) => tracing::warn!(id, "check index: skipping an unreadable indicator"),
        }
    }
    Ok(out)
}

fn fields(row: &SqliteRow) -> Result<Fields<'_>> {
    let text = |i: usize| -> Result<&str> { row.try_get(i).map_err(db_err) };
    Ok((
        row.try_get(0).map_err(db_err)?,
        text(1)?,
        text(2)?,
        text(3)?,
        text(4)?,
        text(5)?,
    ))
}
