//! Accounts (users, sessions, API tokens, failed logins), municipalities,
//! measure metrics, reports, attachments, extensions, period locks and
//! notifications: the tables of execution control.

use super::m0001_plans::{create_all, drop_all, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("users")
            .col(pk_auto("id"))
            .col(string_uniq("login"))
            .col(string("display_name"))
            .col(string("role"))
            .col(integer_null("agency_id"))
            .col(string_null("email"))
            .col(string("password_hash"))
            .col(boolean("disabled"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("users", "agency_id", "agencies"))
            .take(),
        Table::create()
            .table("sessions")
            .col(string("id").primary_key())
            .col(text("data"))
            .col(timestamp_with_time_zone("expires_at"))
            .take(),
        Table::create()
            .table("api_tokens")
            .col(pk_auto("id"))
            .col(integer("user_id"))
            .col(string("name"))
            .col(string("prefix"))
            .col(string_uniq("token_hash"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("last_used_at"))
            .col(boolean("revoked"))
            .foreign_key(&mut fk("api_tokens", "user_id", "users"))
            .take(),
        Table::create()
            .table("login_failures")
            .col(pk_auto("id"))
            .col(string("login"))
            .col(string("address"))
            .col(timestamp_with_time_zone("at"))
            .take(),
        Table::create()
            .table("municipalities")
            .col(pk_auto("id"))
            .col(string_uniq("name"))
            .col(string("kind"))
            .col(big_integer_null("population"))
            .take(),
        Table::create()
            .table("measure_metrics")
            .col(pk_auto("id"))
            .col(integer("measure_id"))
            .col(integer("position"))
            .col(string("key"))
            .col(string("label"))
            .col(boolean("required"))
            .foreign_key(&mut fk("measure_metrics", "measure_id", "measures"))
            .take(),
        Table::create()
            .table("reports")
            .col(pk_auto("id"))
            .col(integer("measure_id"))
            .col(integer("agency_id"))
            .col(string("period"))
            .col(string("status"))
            .col(text("body"))
            .col(text("metrics"))
            .col(timestamp_with_time_zone_null("first_submitted_at"))
            .col(timestamp_with_time_zone_null("submitted_at"))
            .col(timestamp_with_time_zone_null("decided_at"))
            .col(text_null("coordinator_comment"))
            .col(integer("updated_by"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut fk("reports", "measure_id", "measures"))
            .foreign_key(&mut fk("reports", "agency_id", "agencies"))
            .take(),
        Table::create()
            .table("attachments")
            .col(pk_auto("id"))
            .col(integer("report_id"))
            .col(string("file_name"))
            .col(string("content_type"))
            .col(big_integer("size"))
            .col(string("sha256"))
            .col(blob("content"))
            .col(integer("uploaded_by"))
            .col(timestamp_with_time_zone("uploaded_at"))
            .foreign_key(&mut fk("attachments", "report_id", "reports"))
            .take(),
        Table::create()
            .table("extensions")
            .col(pk_auto("id"))
            .col(integer("measure_id"))
            .col(integer("agency_id"))
            .col(string("period"))
            .col(date("requested_due"))
            .col(text("reason"))
            .col(string("status"))
            .col(integer("requested_by"))
            .col(timestamp_with_time_zone("requested_at"))
            .col(integer_null("decided_by"))
            .col(timestamp_with_time_zone_null("decided_at"))
            .col(text_null("decision_comment"))
            .foreign_key(&mut fk("extensions", "measure_id", "measures"))
            .foreign_key(&mut fk("extensions", "agency_id", "agencies"))
            .take(),
        Table::create()
            .table("period_locks")
            .col(pk_auto("id"))
            .col(integer("plan_id"))
            .col(string("period"))
            .col(integer("locked_by"))
            .col(timestamp_with_time_zone("locked_at"))
            .foreign_key(&mut fk("period_locks", "plan_id", "plans"))
            .take(),
        Table::create()
            .table("notifications")
            .col(pk_auto("id"))
            .col(integer("user_id"))
            .col(date("day"))
            .col(text("body"))
            .col(timestamp_with_time_zone("created_at"))
            .col(boolean("emailed"))
            .col(timestamp_with_time_zone_null("read_at"))
            .foreign_key(&mut fk("notifications", "user_id", "users"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index(
            "reports",
            "reports_obligation",
            &["measure_id", "agency_id", "period"],
            true,
        ),
        index("reports", "reports_period", &["period"], false),
        index(
            "extensions",
            "extensions_obligation",
            &["measure_id", "agency_id", "period"],
            false,
        ),
        index(
            "period_locks",
            "period_locks_plan_period",
            &["plan_id", "period"],
            true,
        ),
        index(
            "measure_metrics",
            "measure_metrics_key",
            &["measure_id", "key"],
            true,
        ),
        index(
            "login_failures",
            "login_failures_login",
            &["login", "at"],
            false,
        ),
        index(
            "login_failures",
            "login_failures_address",
            &["address", "at"],
            false,
        ),
        index(
            "notifications",
            "notifications_user_day",
            &["user_id", "day"],
            true,
        ),
        index("attachments", "attachments_report", &["report_id"], false),
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
