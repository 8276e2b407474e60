//! Execution control: periods, the working-day calendar and obligations.

pub mod calendar;
pub mod model;
pub mod period;
