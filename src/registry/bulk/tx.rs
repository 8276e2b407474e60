//! A transaction on a raw sqlx connection that SeaORM code can use as a
//! connection. The bulk import needs what only raw sqlx offers (COPY on
//! PostgreSQL; on SQLite, arguments built on another thread while the
//! previous statement runs), and SeaORM's own transaction does not hand its
//! connection out; so the import opens its transaction here and runs the
//! rest (cases, the audit entry, the change row) through the usual SeaORM
//! calls on the same transaction.

use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::postgres::PgArguments;
use sea_orm::sqlx::sqlite::SqliteArguments;
use sea_orm::sqlx::{self, Arguments, Connection, Database, Postgres, Sqlite, Transaction};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr, Statement, Value,
};
use std::sync::{Arc, Mutex};

/// One open transaction. Each call takes the connection out for its
/// duration (the import is sequential, so calls never overlap); dropped
/// without [`SqlxTx::commit`], sqlx rolls the transaction back.
pub(super) struct SqlxTx<'c, DB: Database> {
    tx: Mutex<Option<Transaction<'c, DB>>>,
}

pub(super) fn query_err(e: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
}

pub(super) fn exec_err(e: sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)))
}

impl<'c, DB: Database> SqlxTx<'c, DB> {
    /// Begins with `statement` (`BEGIN IMMEDIATE` on SQLite: see
    /// `db::begin`), or the backend's plain `BEGIN`.
    pub(super) async fn begin(
        conn: &'c mut PoolConnection<DB>,
        statement: Option<&'static str>,
    ) -> Result<Self, DbErr> {
        let tx = match statement {
            Some(sql) => Connection::begin_with(&mut **conn, sqlx::AssertSqlSafe(sql)).await,
            None => Connection::begin(&mut **conn).await,
        }
        .map_err(exec_err)?;
        Ok(SqlxTx {
            tx: Mutex::new(Some(tx)),
        })
    }

    fn take(&self) -> Result<Transaction<'c, DB>, DbErr> {
        self.tx
            .lock()
            .map_err(|_| DbErr::Custom("import transaction: lock poisoned".into()))?
            .take()
            .ok_or_else(|| DbErr::Custom("import transaction: closed or busy".into()))
    }

    fn put(&self, tx: Transaction<'c, DB>) {
        if let Ok(mut slot) = self.tx.lock() {
            *slot = Some(tx);
        }
    }

    /// Runs `f` on the connection and puts it back, whatever the outcome.
    pub(super) async fn with<T>(
        &self,
        f: impl AsyncFnOnce(&mut DB::Connection) -> Result<T, DbErr>,
    ) -> Result<T, DbErr> {
        let mut tx = self.take()?;
        let out = f(&mut tx).await;
        self.put(tx);
        out
    }

    pub(super) async fn commit(self) -> Result<(), DbErr> {
        self.take()?.commit().await.map_err(exec_err)
    }
}

/// A statement's values as sqlx arguments, bound as SeaORM itself binds
/// them (its sea-query-sqlx mapping), for the value types our tables use.
macro_rules! arguments {
    ($name:ident, $args:ty) => {
        fn $name(stmt: &Statement) -> Result<$args, DbErr> {
            let mut args = <$args>::default();
            let unbindable = |e: &dyn std::fmt::Display| {
                DbErr::Custom(format!("import transaction: cannot bind: {e}"))
            };
            for v in stmt.values.iter().flat_map(|v| v.0.iter()) {
                let added = match v.clone() {
                    Value::Bool(b) => args.add(b),
                    Value::TinyInt(i) => args.add(i.map(i16::from)),
                    Value::SmallInt(i) => args.add(i),
                    Value::Int(i) => args.add(i),
                    Value::BigInt(i) => args.add(i),
                    Value::TinyUnsigned(i) => args.add(i.map(i16::from)),
                    Value::SmallUnsigned(i) => args.add(i.map(i32::from)),
                    Value::Unsigned(i) => args.add(i.map(i64::from)),
                    // SeaORM's LIMIT and OFFSET.
                    Value::BigUnsigned(i) => args.add(
                        i.map(i64::try_from)
                            .transpose()
                            .map_err(|e| unbindable(&e))?,
                    ),
                    Value::Float(f) => args.add(f),
                    Value::Double(d) => args.add(d),
                    Value::String(s) => args.add(s),
                    Value::Char(c) => args.add(c.map(String::from)),
                    Value::Bytes(b) => args.add(b),
                    Value::ChronoDate(d) => args.add(d),
                    Value::ChronoTime(t) => args.add(t),
                    Value::ChronoDateTime(t) => args.add(t),
                    Value::ChronoDateTimeUtc(t) => args.add(t),
                    Value::ChronoDateTimeWithTimeZone(t) => args.add(t),
                    other => return Err(unbindable(&format!("{other:?}"))),
                };
                added.map_err(|e| unbindable(&e))?;
            }
            Ok(args)
        }
    };
}

arguments!(pg_arguments, PgArguments);
arguments!(sqlite_arguments, SqliteArguments);

/// SeaORM's connection calls on one engine's transaction.
macro_rules! connection {
    ($db:ty, $backend:expr, $arguments:ident) => {
        #[async_trait::async_trait]
        impl ConnectionTrait for SqlxTx<'_, $db> {
            fn get_database_backend(&self) -> DbBackend {
                $backend
            }

            async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
                let args = $arguments(&stmt)?;
                self.with(async |conn| {
                    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), args)
                        .execute(conn)
                        .await
                        .map(ExecResult::from)
                        .map_err(exec_err)
                })
                .await
            }

            async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
                self.with(async |conn| {
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(conn)
                        .await
                        .map(ExecResult::from)
                        .map_err(exec_err)
                })
                .await
            }

            async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
                let args = $arguments(&stmt)?;
                self.with(async |conn| {
                    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), args)
                        .fetch_optional(conn)
                        .await
                        .map(|row| row.map(QueryResult::from))
                        .map_err(query_err)
                })
                .await
            }

            async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
                let args = $arguments(&stmt)?;
                self.with(async |conn| {
                    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), args)
                        .fetch_all(conn)
                        .await
                        .map(|rows| rows.into_iter().map(QueryResult::from).collect())
                        .map_err(query_err)
                })
                .await
            }
        }
    };
}

connection!(Postgres, DbBackend::Postgres, pg_arguments);
connection!(Sqlite, DbBackend::Sqlite, sqlite_arguments);
