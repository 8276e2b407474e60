//! Issued documents: a consolidated report given a registration number is
//! kept as issued, byte for byte, so that it can be downloaded again after
//! the period is locked or the data moved on. A number is unique per author
//! organisation, year and form (see `control::documents`).

use super::m0001_plans::{create_all, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let table = Table::create()
            .table("issued_documents")
            .col(pk_auto("id"))
            .col(integer("plan_id"))
            .col(string("period"))
            .col(string("kind"))
            .col(string("number"))
            // '' when no organisation is configured: NULLs would not collide
            // in the unique index.
            .col(string("organisation"))
            .col(date("issued_on"))
            .col(integer("year"))
            .col(integer_null("issued_by"))
            .col(string("issued_by_login"))
            .col(timestamp_with_time_zone("issued_at"))
            .col(string("file_name"))
            .col(string("content_type"))
            .col(blob("bytes"))
            .foreign_key(&mut fk("issued_documents", "plan_id", "plans"))
            .take();
        let unique = index(
            "issued_documents",
            "issued_documents_number",
            &["organisation", "year", "number", "kind"],
            true,
        );
        create_all(m, vec![table], vec![unique]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("issued_documents").take())
            .await
    }
}
