//! Agencies: the organisations that execute a plan's measures and that
//! executors work for. Below accounts and plan, which both name them: the
//! built-in agencies, the alias key every spelling maps through, and their
//! storage. It knows no domain above the frame.

pub mod model;
pub mod store;
