//! Accounts: users and roles, sessions, API tokens, the audit log, and the
//! admin's changes to agencies.

pub mod admin;
pub mod agencies;
pub mod agency_commands;
pub mod audit;
pub mod audit_objects;
pub mod audit_page;
pub mod audit_text;
pub mod auth;
pub mod backoff;
pub mod chrome;
pub mod csrf;
pub mod local_path;
pub mod model;
pub mod pages;
pub mod session_store;
pub mod store;
pub mod token_commands;

pub use pages::router;
pub mod commands;
