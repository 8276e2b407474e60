//! One set of schema changes that runs on SQLite and PostgreSQL alike.

use sea_orm_migration::prelude::*;

mod m0001_plans;
mod m0002_control;
mod m0003_data_versions;
mod m0004_measure_revisions;
mod m0005_registry;
mod m0006_change_feed;
mod m0007_login_backoff;
mod m0008_measure_sections;
mod m0009_registry_measures;
mod m0010_issued_documents;
mod m0011_plan_activity;
mod m0012_plan_paid_days;
mod m0013_indicator_identity;
mod m0014_mail_opt_out;
mod m0015_event_notifications;
mod m0016_municipalities;
mod m0017_activities;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_plans::Migration),
            Box::new(m0002_control::Migration),
            Box::new(m0003_data_versions::Migration),
            Box::new(m0004_measure_revisions::Migration),
            Box::new(m0005_registry::Migration),
            Box::new(m0006_change_feed::Migration),
            Box::new(m0007_login_backoff::Migration),
            Box::new(m0008_measure_sections::Migration),
            Box::new(m0009_registry_measures::Migration),
            Box::new(m0010_issued_documents::Migration),
            Box::new(m0011_plan_activity::Migration),
            Box::new(m0012_plan_paid_days::Migration),
            Box::new(m0013_indicator_identity::Migration),
            Box::new(m0014_mail_opt_out::Migration),
            Box::new(m0015_event_notifications::Migration),
            Box::new(m0016_municipalities::Migration),
            Box::new(m0017_activities::Migration),
        ]
    }
}
