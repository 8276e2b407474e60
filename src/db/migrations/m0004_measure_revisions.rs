//! Measure revisions: a coordinator's edit of a measure's schedule and
//! executors, in force from one period on, so that earlier (and locked)
//! periods keep the obligations they had.

use super::m0001_plans::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("measure_revisions")
                .col(pk_auto("id"))
                .col(integer("measure_id"))
                .col(string("effective_from"))
                .col(text("schedule_text"))
                .col(text("schedule"))
                .col(text("executors"))
                .col(integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("measure_revisions", "measure_id", "measures"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "measure_revisions",
            "measure_revisions_measure",
            &["measure_id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("measure_revisions").take())
            .await
    }
}
