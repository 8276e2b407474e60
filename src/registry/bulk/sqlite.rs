//! The bulk path on SQLite: multi-row `INSERT … ON CONFLICT (kind,
//! canonical) DO UPDATE SET last_seen`, so a value already stored (or
//! stored by an earlier batch of the same file) is merged by the unique
//! index itself. The statements and their arguments are built on the
//! normalising thread ([`statements`]): the writer thread, the bottleneck,
//! only runs them. SQLite has one writer at a time and gives a new row an
//! id above every id before it, so the rows a batch added are those above
//! the largest id before it: one cheap range count per batch.

use super::Stamp;
use super::rows::Row;
use super::tx::{SqlxTx, exec_err};
use crate::error::Result;
use sea_orm::DbErr;
use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::sqlite::SqliteArguments;
use sea_orm::sqlx::{self, Arguments, Row as _, Sqlite};

/// Values bound per row, and those shared by every row (bound first).
const PER_ROW: usize = 6;
/// Rows per statement: within SQLite's 32,766 bound parameters.
const ROWS: usize = 30_000 / PER_ROW;
/// The import connection's page cache, in KiB: the new rows' index pages
/// stay in memory instead of being written out and read back mid-import.
/// Set for the import only; [`restore_cache`] puts the setting back.
const CACHE_KIB: i64 = 128 * 1024;

/// One statement ready to run.
pub(super) type Insert = (String, SqliteArguments);

pub(super) struct SqliteSink<'c> {
    pub(super) tx: SqlxTx<'c, Sqlite>,
    /// The largest indicator id so far.
    top: i64,
}

impl<'c> SqliteSink<'c> {
    pub(super) async fn begin(conn: &'c mut PoolConnection<Sqlite>) -> Result<SqliteSink<'c>> {
        let cache = format!("PRAGMA cache_size = -{CACHE_KIB}");
        sqlx::raw_sql(sqlx::AssertSqlSafe(cache))
            .execute(&mut **conn)
            .await
            .map_err(exec_err)?;
        let tx = SqlxTx::begin(conn, Some("BEGIN IMMEDIATE")).await?;
        let top = tx
            .with(async |c| {
                let row = sqlx::query("SELECT coalesce(max(id), 0) FROM indicators")
                    .fetch_one(c)
                    .await
                    .map_err(exec_err)?;
                row.try_get::<i64, _>(0).map_err(exec_err)
            })
            .await?;
        Ok(SqliteSink { tx, top })
    }

    /// Runs a batch's statements; how many rows were new.
    pub(super) async fn write(&mut self, inserts: Vec<Insert>) -> Result<usize> {
        let top = self.top;
        let (added, top) = self
            .tx
            .with(async |c| {
                for (sql, args) in inserts {
                    sqlx::query_with(sqlx::AssertSqlSafe(sql), args)
                        .execute(&mut *c)
                        .await
                        .map_err(exec_err)?;
                }
                let row = sqlx::query(
                    "SELECT count(*), coalesce(max(id), ?1) FROM indicators WHERE id > ?1",
                )
                .bind(top)
                .fetch_one(&mut *c)
                .await
                .map_err(exec_err)?;
                Ok::<_, DbErr>((
                    row.try_get::<i64, _>(0).map_err(exec_err)?,
                    row.try_get::<i64, _>(1).map_err(exec_err)?,
                ))
            })
            .await?;
        self.top = top.max(self.top);
        Ok(usize::try_from(added).unwrap_or(0))
    }
}

/// The connection's page cache setting (pages, or KiB when negative).
pub(super) async fn cache_size(conn: &mut PoolConnection<Sqlite>) -> Result<i64> {
    let row = sqlx::query("PRAGMA cache_size")
        .fetch_one(&mut **conn)
        .await
        .map_err(exec_err)?;
    Ok(row.try_get::<i64, _>(0).map_err(exec_err)?)
}

/// Puts the connection's page cache setting back before it returns to the
/// pool (the pages an import cached are let go with it).
pub(super) async fn restore_cache(conn: &mut PoolConnection<Sqlite>, cache: i64) {
    let sql = format!("PRAGMA cache_size = {cache}");
    let reset = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut **conn)
        .await;
    if let Err(e) = reset {
        tracing::warn!(error = %e, "import: could not reset the page cache");
    }
}

/// `rows` as statements of up to [`ROWS`] rows each; the strings move
/// into the arguments rather than being copied.
pub(super) fn statements(rows: Vec<Row>, stamp: &Stamp) -> std::result::Result<Vec<Insert>, DbErr> {
    let mut out = Vec::with_capacity(rows.len().div_ceil(ROWS));
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Row> = rows.by_ref().take(ROWS).collect();
        let mut args = SqliteArguments::default();
        let bad = |e: sqlx::error::BoxDynError| DbErr::Custom(format!("import: {e}"));
        args.add(stamp.status).map_err(bad)?;
        args.add(stamp.source.clone()).map_err(bad)?;
        args.add(stamp.now).map_err(bad)?;
        args.add(stamp.user_id).map_err(bad)?;
        let sql = insert_sql(chunk.len());
        for r in chunk {
            args.add(r.kind.as_str()).map_err(bad)?;
            args.add(r.canonical).map_err(bad)?;
            args.add(r.display).map_err(bad)?;
            args.add(r.raw).map_err(bad)?;
            args.add(r.category.as_str()).map_err(bad)?;
            args.add(r.first_seen).map_err(bad)?;
        }
        out.push((sql, args));
    }
    Ok(out)
}

/// The shared values come in once, through a one-row CTE. Numbered
/// parameters (`?1`) would do too, but SQLite looks each name up with a
/// linear scan, which makes binding a statement of thousands quadratic.
fn insert_sql(rows: usize) -> String {
    let mut sql = String::with_capacity(400 + rows * 14);
    sql.push_str(
        "WITH shared (status, source, last_seen, created_by) AS (SELECT ?, ?, ?, ?) \
         INSERT INTO indicators (kind, canonical, display, raw, category, first_seen, \
         status, source, last_seen, created_by, owner) \
         SELECT v.*, shared.*, NULL FROM shared, (VALUES ",
    );
    for i in 0..rows {
        sql.push_str(if i == 0 {
            "(?,?,?,?,?,?)"
        } else {
            ",(?,?,?,?,?,?)"
        });
    }
    // `WHERE true` tells SQLite's parser the ON CONFLICT is the upsert's.
    sql.push_str(
        ") AS v WHERE true \
         ON CONFLICT (kind, canonical) DO UPDATE SET last_seen = excluded.last_seen",
    );
    sql
}

#[cfg(test)]
mod tests {
    #[test]
    fn shared_values_come_once() {
        let sql = super::insert_sql(2);
        assert_eq!(sql.matches('?').count(), 4 + 2 * super::PER_ROW);
        assert!(sql.contains("(VALUES (?,?,?,?,?,?),(?,?,?,?,?,?)) AS v WHERE true ON CONFLICT"));
    }
}
