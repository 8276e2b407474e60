//! Notifications of events (a report returned or accepted, an extension
//! decided, a period locked or unlocked) beside the daily reminder digest:
//! an event key and a link. The digest keeps one row per user and day, now
//! as the rows with an empty key; events may come many a day.

use super::m0001_plans::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table("notifications")
                .add_column(string("event_key").default(""))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("notifications")
                .add_column(text_null("link"))
                .take(),
        )
        .await?;
        m.drop_index(drop("notifications_user_day")).await?;
        m.create_index(index(
            "notifications",
            "notifications_user_day_event",
            &["user_id", "day", "event_key"],
            true,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(drop("notifications_user_day_event")).await?;
        // Only the digests fit the old index.
        m.get_connection()
            .execute_unprepared("DELETE FROM notifications WHERE event_key <> ''")
            .await?;
        m.create_index(index(
            "notifications",
            "notifications_user_day",
            &["user_id", "day"],
            true,
        ))
        .await?;
        for column in ["link", "event_key"] {
            m.alter_table(
                Table::alter()
                    .table("notifications")
                    .drop_column(column)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}

fn drop(name: &str) -> IndexDropStatement {
    let mut d = Index::drop();
    d.name(name).table("notifications");
    d
}
