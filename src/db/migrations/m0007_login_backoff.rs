//! The login back-off forgets failures older than a day on every new
//! failure: an index on their time keeps that from scanning the table
//! while someone is guessing.

use super::m0001_plans::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("login_failures", "login_failures_at", &["at"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut drop = Index::drop();
        drop.name("login_failures_at").table("login_failures");
        m.drop_index(drop).await
    }
}
