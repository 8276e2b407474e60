//! What a plan counts the decree's paid non-working days as, for its due
//! dates: working days (the default, which plans stored before keep) or
//! days off.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("plans")
                .add_column(string("paid_non_working").default("working"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("plans")
                .drop_column("paid_non_working")
                .take(),
        )
        .await
    }
}
