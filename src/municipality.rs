//! Municipalities: the okrug's 22 municipal formations (built into every
//! store by its migration), the spellings that name them, their population
//! by year and the IT-crime statistics per period, imported from CSV or
//! XLSX tables by the CLI and the `/municipalities` page alike. Issue 13's
//! per-capita figures rest on these.

pub mod admin;
pub mod commands;
pub mod import;
pub mod model;
pub mod pages;
pub mod rows;
pub mod store;

pub use pages::router;
