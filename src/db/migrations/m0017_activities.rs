//! The activity journal: one row per thing done (a lesson, a broadcast, a
//! leaflet run), its co-organiser agencies and its evidence files. The
//! indexes are the ones the journal's filters and the later statistics by
//! period, agency, municipality and measure read through.

use super::m0001_plans::{create_all, drop_all, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn activities() -> TableCreateStatement {
    Table::create()
        .table("activities")
        .col(pk_auto("id"))
        .col(integer("plan_id"))
        .col(integer("measure_id"))
        .col(integer("agency_id"))
        .col(string("kind"))
        .col(date("starts_on"))
        .col(date_null("ends_on"))
        // The quarter of `starts_on` (`2020-Q3`): an activity counts there.
        .col(string("period"))
        // NULL: the okrug as a whole.
        .col(integer_null("municipality_id"))
        .col(text("venue"))
        .col(text("audience"))
        .col(big_integer("reached"))
        .col(text("title"))
        .col(text("description"))
        .col(text("links"))
        .col(text("partners"))
        .col(text("details"))
        .col(string_uniq("fingerprint"))
        .col(integer_null("created_by"))
        .col(timestamp_with_time_zone("created_at"))
        .col(integer_null("updated_by"))
        .col(timestamp_with_time_zone("updated_at"))
        .foreign_key(&mut fk("activities", "plan_id", "plans"))
        .foreign_key(&mut fk("activities", "measure_id", "measures"))
        .foreign_key(&mut fk("activities", "agency_id", "agencies"))
        .foreign_key(&mut fk("activities", "municipality_id", "municipalities"))
        .take()
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        activities(),
        Table::create()
            .table("activity_agencies")
            .col(pk_auto("id"))
            .col(integer("activity_id"))
            .col(integer("agency_id"))
            .foreign_key(&mut fk("activity_agencies", "activity_id", "activities"))
            .foreign_key(&mut fk("activity_agencies", "agency_id", "agencies"))
            .take(),
        Table::create()
            .table("activity_attachments")
            .col(pk_auto("id"))
            .col(integer("activity_id"))
            .col(string("file_name"))
            .col(string("content_type"))
            .col(big_integer("size"))
            .col(string("sha256"))
            .col(blob("content"))
            .col(integer("uploaded_by"))
            .col(timestamp_with_time_zone("uploaded_at"))
            .foreign_key(&mut fk("activity_attachments", "activity_id", "activities"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("activities", "activities_period", &["period"], false),
        index(
            "activities",
            "activities_agency_period",
            &["agency_id", "period"],
            false,
        ),
        index(
            "activities",
            "activities_municipality_period",
            &["municipality_id", "period"],
            false,
        ),
        index("activities", "activities_measure", &["measure_id"], false),
        index(
            "activities",
            "activities_starts_on",
            &["starts_on", "id"],
            false,
        ),
        index(
            "activity_agencies",
            "activity_agencies_pair",
            &["activity_id", "agency_id"],
            true,
        ),
        index(
            "activity_agencies",
            "activity_agencies_agency",
            &["agency_id"],
            false,
        ),
        index(
            "activity_attachments",
            "activity_attachments_activity",
            &["activity_id"],
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
