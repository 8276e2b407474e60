//! Every SeaORM entity, below every domain: a domain's SQL lives in its own
//! store, but the tables' shapes are shared (the check reads the registry's,
//! control reads the plan's).

pub mod accounts;
pub mod activity;
pub mod audit_log;
pub mod control;
pub mod municipality;
pub mod plan;
pub mod registry;
