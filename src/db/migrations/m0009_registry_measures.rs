//! Which measures feed the registry becomes a property of a measure the
//! coordinator sets. Stores made before it keep their behaviour: measures
//! numbered 9 and 10 (what the registry's access hard-coded) feed it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("measures")
                .add_column(boolean("feeds_registry").default(false))
                .take(),
        )
        .await?;
        let backfill = Query::update()
            .table("measures")
            .value("feeds_registry", true)
            .and_where(Expr::col("number").is_in(["9", "10"]))
            .take();
        m.exec_stmt(backfill).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("measures")
                .drop_column("feeds_registry")
                .take(),
        )
        .await
    }
}
