//! A plan's activity override, set by the coordinator: `auto` (active while
//! today is within its validity), `kept` (active past it) or `closed` (ended
//! early). Stores made before it keep their plans on `auto`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("plans")
                .add_column(string("activity").default("auto"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("plans").drop_column("activity").take())
            .await
    }
}
