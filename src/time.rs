//! The region's calendar: reporting periods, the working-day calendar that
//! moves deadlines, and the clock. Below every domain; uses only `ru` and
//! `error`.

pub mod calendar;
pub mod clock;
pub mod period;
pub mod period_words;
