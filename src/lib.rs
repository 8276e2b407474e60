//! Dozor: execution control of a regional plan of preventive measures
//! against IT-enabled crime.

pub mod accounts;
pub mod cli;
pub mod config;
pub mod control;
pub mod db;
pub mod error;
pub mod plan;
