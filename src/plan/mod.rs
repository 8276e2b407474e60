//! Plans, measures, schedules and agencies: import from the signed table
//! (text, .docx, CSV) and storage.

pub mod agencies;
pub mod api;
pub mod commands;
pub mod csv;
pub mod docx;
pub mod entity;
pub mod executors;
pub mod import;
pub mod model;
pub mod schedule;
pub mod store;
pub mod table;
pub mod text;
pub mod txt;
