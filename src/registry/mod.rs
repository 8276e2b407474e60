//! The registry of resources used in crimes (measures 9 and 10): indicator
//! kinds and their canonical forms.

pub mod blocking;
pub mod bulk;
pub mod cli;
pub mod commands;
pub mod detect;
pub mod entity;
pub mod formats;
pub mod model;
pub mod others;
pub mod store;
pub mod url_canon;
