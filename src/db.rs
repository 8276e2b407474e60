//! Connecting to SQLite or PostgreSQL from one URL, and migrating.

pub mod entity;
pub mod migrations;

/// The PostgreSQL channel on which every registry write is announced at
/// commit (a trigger of migration m0006).
pub const REGISTRY_CHANNEL: &str = "dozor_registry";

/// A SeaORM entity of one table with an `i32` primary key `id` and no
/// relations, from its columns: the shape most of our tables have.
macro_rules! simple_entity {
    ($module:ident, $table:literal, { $($(#[$meta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: i32,
                $($(#[$meta])* pub $field: $ty,)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}
pub(crate) use simple_entity;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// Connects to `sqlite://FILE` (created when missing, in WAL mode),
/// `sqlite::memory:` or `postgres://…`.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let memory = url.contains(":memory:") || url.contains("mode=memory");
    let url = if url.starts_with("sqlite:") && !url.contains("mode=") && !memory {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    } else {
        url.to_string()
    };
    let mut opts = ConnectOptions::new(url);
    opts.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10));
    if memory {
        // Each connection to an in-memory SQLite database is a new database.
        opts.max_connections(1).min_connections(1);
    }
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        if !memory {
            db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        }
        db.execute_unprepared("PRAGMA foreign_keys=ON").await?;
    }
    Ok(db)
}

/// Brings the schema up to date.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    migrations::Migrator::up(db, None).await
}

/// Begins a write transaction. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), waiting its turn behind the busy timeout: a
/// deferred transaction that reads first and writes later fails with
/// "database is locked" when another writer committed in between, which
/// concurrent requests do all the time.
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return TransactionTrait::begin(db).await;
    }
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// `connect` and `migrate` in one step.
pub async fn open(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    migrate(&db).await?;
    Ok(db)
}
