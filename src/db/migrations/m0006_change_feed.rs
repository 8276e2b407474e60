//! A gap-safe change feed for the check index, and sessions that know their
//! user.
//!
//! On PostgreSQL a change's id is taken at insert, not at commit, so a
//! change with a lower id can become visible after a higher one. Each
//! change therefore records the id of the transaction that wrote it (a
//! column default, so COPY and `INSERT … SELECT` fill it too), and a
//! statement-level trigger sends `NOTIFY dozor_registry`, which PostgreSQL
//! delivers at commit. SQLite serialises writers, so ids there follow
//! commit order and the column stays empty.
//!
//! Sessions get the user id they belong to, so disabling a user can end
//! every session it has (existing sessions are dropped: they name no user).

use super::m0001_plans::index;
use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &[&str] = &[
    "ALTER TABLE registry_changes ADD COLUMN xid bigint \
     DEFAULT (pg_current_xact_id()::text::bigint)",
    "CREATE INDEX registry_changes_xid ON registry_changes (xid)",
    "CREATE FUNCTION dozor_registry_notify() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN PERFORM pg_notify('dozor_registry', ''); RETURN NULL; END $$",
    "CREATE TRIGGER registry_changes_notify AFTER INSERT ON registry_changes \
     FOR EACH STATEMENT EXECUTE FUNCTION dozor_registry_notify()",
];

const PG_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS registry_changes_notify ON registry_changes",
    "DROP FUNCTION IF EXISTS dozor_registry_notify()",
    "ALTER TABLE registry_changes DROP COLUMN IF EXISTS xid",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            for sql in PG_UP {
                db.execute_unprepared(sql).await?;
            }
        } else {
            m.alter_table(
                Table::alter()
                    .table("registry_changes")
                    .add_column(big_integer_null("xid"))
                    .take(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table("sessions")
                .add_column(integer_null("user_id"))
                .take(),
        )
        .await?;
        m.create_index(index("sessions", "sessions_user", &["user_id"], false))
            .await?;
        // Older rows name no user and could not be ended: sign everyone in again.
        db.execute_unprepared("DELETE FROM sessions").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        m.drop_index(
            Index::drop()
                .name("sessions_user")
                .table("sessions")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("sessions")
                .drop_column("user_id")
                .take(),
        )
        .await?;
        if db.get_database_backend() == DbBackend::Postgres {
            for sql in PG_DOWN {
                db.execute_unprepared(sql).await?;
            }
            return Ok(());
        }
        m.alter_table(
            Table::alter()
                .table("registry_changes")
                .drop_column("xid")
                .take(),
        )
        .await
    }
}
