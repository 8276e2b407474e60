//! The check service (public): is a link, domain, phone, card, account,
//! profile, messenger account or listing in the registry? Answered from an
//! in-memory index kept in step with the database through `registry_changes`.

pub mod api;
pub mod feed;
pub mod index;
pub mod limit;
pub mod service;
