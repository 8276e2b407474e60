//! The registry: indicators (unique by kind and canonical value), their raw
//! values, cases and the link between them, the blocking track, liveness
//! checks, and a change log that keeps every instance's check index current.

use super::m0001_plans::{create_all, drop_all, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("indicators")
            .col(pk_auto("id"))
            .col(string("kind"))
            .col(text("canonical"))
            .col(text("display"))
            .col(text("raw"))
            .col(string("category"))
            .col(string("status"))
            .col(string("source"))
            .col(timestamp_with_time_zone("first_seen"))
            .col(timestamp_with_time_zone("last_seen"))
            .col(integer_null("created_by"))
            .col(text_null("owner"))
            .col(timestamp_with_time_zone_null("owner_checked_at"))
            .take(),
        Table::create()
            .table("indicator_values")
            .col(pk_auto("id"))
            .col(integer("indicator_id"))
            .col(text("raw"))
            .col(timestamp_with_time_zone("added_at"))
            .foreign_key(&mut fk("indicator_values", "indicator_id", "indicators"))
            .take(),
        Table::create()
            .table("cases")
            .col(pk_auto("id"))
            .col(string_uniq("number"))
            .col(date_null("registered_on"))
            .col(integer_null("agency_id"))
            .col(string_null("article"))
            .col(big_integer_null("damage"))
            .col(integer_null("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("cases", "agency_id", "agencies"))
            .take(),
        Table::create()
            .table("indicator_cases")
            .col(pk_auto("id"))
            .col(integer("indicator_id"))
            .col(integer("case_id"))
            .foreign_key(&mut fk("indicator_cases", "indicator_id", "indicators"))
            .foreign_key(&mut fk("indicator_cases", "case_id", "cases"))
            .take(),
        Table::create()
            .table("blocking_steps")
            .col(pk_auto("id"))
            .col(integer("indicator_id"))
            .col(string("track"))
            .col(string("step"))
            .col(date("on_date"))
            .col(text_null("note"))
            .col(date_null("deadline"))
            .col(integer_null("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("blocking_steps", "indicator_id", "indicators"))
            .take(),
        Table::create()
            .table("liveness_checks")
            .col(pk_auto("id"))
            .col(integer("indicator_id"))
            .col(timestamp_with_time_zone("checked_at"))
            .col(boolean("online"))
            .col(integer_null("http_status"))
            .col(text_null("error"))
            .foreign_key(&mut fk("liveness_checks", "indicator_id", "indicators"))
            .take(),
        Table::create()
            .table("registry_changes")
            .col(big_pk_auto("id"))
            .col(integer_null("indicator_id"))
            .col(timestamp_with_time_zone("at"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "indicators",
            "indicators_kind_canonical",
            &["kind", "canonical"],
            true,
        ),
        index("indicators", "indicators_category", &["category"], false),
        index("indicators", "indicators_status", &["status"], false),
        index(
            "indicator_values",
            "indicator_values_indicator",
            &["indicator_id"],
            false,
        ),
        index(
            "indicator_cases",
            "indicator_cases_pair",
            &["indicator_id", "case_id"],
            true,
        ),
        index(
            "indicator_cases",
            "indicator_cases_case",
            &["case_id"],
            false,
        ),
        index(
            "blocking_steps",
            "blocking_steps_indicator",
            &["indicator_id"],
            false,
        ),
        index(
            "liveness_checks",
            "liveness_checks_indicator",
            &["indicator_id", "checked_at"],
            false,
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_all(m, tables(), indexes()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_all(m, tables()).await
    }
}
