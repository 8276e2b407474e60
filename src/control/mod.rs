//! Execution control: periods, the working-day calendar, obligations and
//! their status, reports, and the pages where agencies report and the
//! coordinator controls.

pub mod calendar;
pub mod dashboard;
pub mod entity;
pub mod metrics;
pub mod model;
pub mod pages;
pub mod period;
pub mod status;
pub mod store;
pub mod trend;

use crate::app::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/obligations", get(pages::obligations))
        .route("/dashboard", get(dashboard::dashboard))
        .route(
            "/reports/{measure}/{agency}/{period}",
            get(pages::report).post(pages::save),
        )
        .route(
            "/reports/{measure}/{agency}/{period}/accept",
            post(pages::accept),
        )
        .route(
            "/reports/{measure}/{agency}/{period}/return",
            post(pages::return_report),
        )
}
