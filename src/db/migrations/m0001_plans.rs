//! Agencies and aliases, plans, measures, executors, partners, audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(super) fn fk(
    from: &'static str,
    col: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

pub(super) fn index(
    table: &'static str,
    name: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.take()
}

/// Creates the tables, then their indexes.
pub(super) async fn create_all(
    m: &SchemaManager<'_>,
    tables: Vec<TableCreateStatement>,
    indexes: Vec<IndexCreateStatement>,
) -> Result<(), DbErr> {
    for t in tables {
        m.create_table(t).await?;
    }
    for i in indexes {
        m.create_index(i).await?;
    }
    Ok(())
}

/// Drops the tables in reverse order of creation.
pub(super) async fn drop_all(
    m: &SchemaManager<'_>,
    tables: Vec<TableCreateStatement>,
) -> Result<(), DbErr> {
    for t in tables.into_iter().rev() {
        if let Some(name) = t.get_table_name().cloned() {
            m.drop_table(Table::drop().table(name).take()).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("agencies")
                .col(pk_auto("id"))
                .col(string_uniq("name"))
                .col(string_null("short_name"))
                .col(string_null("head_email"))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("agency_aliases")
                .col(pk_auto("id"))
                .col(integer("agency_id"))
                .col(string("alias"))
                .col(string_uniq("key"))
                .foreign_key(&mut fk("agency_aliases", "agency_id", "agencies"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("plans")
                .col(pk_auto("id"))
                .col(text("title"))
                .col(string_uniq("content_hash"))
                .col(string("timezone"))
                .col(string("due_shift"))
                .col(string("reporting"))
                .col(date("valid_from"))
                .col(date("valid_to"))
                .col(text("source_name"))
                .col(timestamp_with_time_zone("imported_at"))
                .col(timestamp_with_time_zone("last_imported_at"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("measures")
                .col(pk_auto("id"))
                .col(integer("plan_id"))
                .col(integer("position"))
                .col(string("number"))
                .col(text("title"))
                .col(text("schedule_text"))
                .col(text("schedule"))
                .foreign_key(&mut fk("measures", "plan_id", "plans"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "measures",
            "measures_plan_number",
            &["plan_id", "number"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("measure_executors")
                .col(pk_auto("id"))
                .col(integer("measure_id"))
                .col(integer("position"))
                .col(integer("agency_id"))
                .col(text("name"))
                .col(boolean("by_agreement"))
                .foreign_key(&mut fk("measure_executors", "measure_id", "measures"))
                .foreign_key(&mut fk("measure_executors", "agency_id", "agencies"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "measure_executors",
            "measure_executors_measure",
            &["measure_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("measure_partners")
                .col(pk_auto("id"))
                .col(integer("measure_id"))
                .col(integer("position"))
                .col(text("name"))
                .foreign_key(&mut fk("measure_partners", "measure_id", "measures"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(pk_auto("id"))
                .col(timestamp_with_time_zone("at"))
                .col(string("actor"))
                .col(string("action"))
                .col(string("entity"))
                .col(string_null("entity_id"))
                .col(text_null("before"))
                .col(text_null("after"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "audit_log",
            "audit_log_entity",
            &["entity", "entity_id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "audit_log",
            "measure_partners",
            "measure_executors",
            "measures",
            "plans",
            "agency_aliases",
            "agencies",
        ] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
