//! A change counter per plan and period: every write that can change a
//! period's completeness or timeliness bumps it, so every instance can keep
//! settled periods' figures in memory and still see other instances' writes.

use super::m0001_plans::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("data_versions")
                .col(pk_auto("id"))
                .col(integer("plan_id"))
                .col(string("period"))
                .col(big_integer("version"))
                .foreign_key(&mut fk("data_versions", "plan_id", "plans"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "data_versions",
            "data_versions_plan_period",
            &["plan_id", "period"],
            true,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("data_versions").take())
            .await
    }
}
