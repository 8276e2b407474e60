//! SeaORM entities of the registry.

use crate::db::simple_entity as entity;

entity!(indicator, "indicators", {
    /// `model::Kind::as_str()`.
    kind: String,
    /// Unique with `kind`. For a URL: its Safe Browsing canonical form.
    canonical: String,
    display: String,
    /// The first raw value seen (never a full card number).
    raw: String,
    /// `model::Category`.
    category: String,
    /// `model::Status`.
    status: String,
    /// manual, csv, urlhaus, phishtank, misp, stix.
    source: String,
    first_seen: DateTimeUtc,
    last_seen: DateTimeUtc,
    created_by: Option<i32>,
    /// Owner or administrator data from RDAP/WHOIS, as JSON.
    owner: Option<String>,
    owner_checked_at: Option<DateTimeUtc>,
});

entity!(indicator_value, "indicator_values", {
    indicator_id: i32, raw: String, added_at: DateTimeUtc,
});

entity!(case, "cases", {
    /// The crime report (КУСП) or criminal case number.
    number: String,
    registered_on: Option<Date>,
    agency_id: Option<i32>,
    /// The article of the Criminal Code, e.g. "159 ч. 3".
    article: Option<String>,
    /// Damage in roubles.
    damage: Option<i64>,
    created_by: Option<i32>,
    created_at: DateTimeUtc,
});

entity!(indicator_case, "indicator_cases", {
    indicator_id: i32, case_id: i32,
});

entity!(blocking_step, "blocking_steps", {
    indicator_id: i32,
    /// judicial or extrajudicial.
    track: String,
    step: String,
    on_date: Date,
    note: Option<String>,
    /// The appeal's deadline.
    deadline: Option<Date>,
    created_by: Option<i32>,
    created_at: DateTimeUtc,
});

entity!(liveness_check, "liveness_checks", {
    indicator_id: i32, checked_at: DateTimeUtc, online: bool, http_status: Option<i32>,
    error: Option<String>,
});

/// One write to the registry, for the other instances' check indexes;
/// `indicator_id` none means "reload everything" (after a bulk import).
pub mod registry_change {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "registry_changes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub indicator_id: Option<i32>,
        pub at: DateTimeUtc,
        /// The writing transaction's id on PostgreSQL (a column default),
        /// none on SQLite: see `check::feed`.
        pub xid: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
