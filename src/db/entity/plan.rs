//! SeaORM entities of the plan domain: agencies and their aliases, plans,
//! measures, executors and partners.

pub mod agency {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "agencies")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub short_name: Option<String>,
        pub head_email: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod agency_alias {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "agency_aliases")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub agency_id: i32,
        pub alias: String,
        /// `agency::model::alias_key(alias)`, unique: one spelling, one agency.
        pub key: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// The table of plans, in the group of the plan domain's tables.
#[allow(clippy::module_inception)]
pub mod plan {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "plans")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        /// SHA-256 of the measures as written: a plan's identity is its content.
        pub content_hash: String,
        pub timezone: String,
        pub due_shift: String,
        /// `working` or `days_off`: what the paid non-working days are for due dates.
        pub paid_non_working: String,
        pub reporting: String,
        pub valid_from: Date,
        pub valid_to: Date,
        pub source_name: String,
        pub imported_at: DateTimeUtc,
        pub last_imported_at: DateTimeUtc,
        /// `plan::model::activity::Activity`: auto, kept or closed.
        pub activity: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod measure {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measures")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub plan_id: i32,
        pub position: i32,
        pub number: String,
        pub title: String,
        pub schedule_text: String,
        /// The parsed `Schedule` as JSON.
        pub schedule: String,
        /// Its executors write the registry (proposed from the text at
        /// import, set by the coordinator).
        pub feeds_registry: bool,
        /// The section heading the measure stands under, if the plan has any.
        pub section: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod measure_executor {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measure_executors")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub measure_id: i32,
        pub position: i32,
        pub agency_id: i32,
        /// The executor as the plan writes it.
        pub name: String,
        pub by_agreement: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod measure_partner {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measure_partners")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub measure_id: i32,
        pub position: i32,
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod measure_revision {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measure_revisions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub measure_id: i32,
        /// The first period it governs, e.g. `2021-Q1`.
        pub effective_from: String,
        pub schedule_text: String,
        /// The parsed `Schedule` as JSON.
        pub schedule: String,
        /// `[{"name", "by_agreement", "agency_id"}]` as JSON.
        pub executors: String,
        pub created_by: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
