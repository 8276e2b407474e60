//! Execution control: periods, the working-day calendar, obligations and
//! their status, reports, and the pages where agencies report and the
//! coordinator controls.

pub mod api;
pub mod api_rates;
pub mod api_review;
pub mod attachments;
pub mod commands;
pub mod consolidated;
pub mod current;
pub mod dashboard;
pub mod decisions;
pub mod documents;
pub mod history;
pub mod measure_edit;
pub mod measure_page;
pub mod model;
pub mod notifications;
pub mod notify;
pub mod obligations;
pub mod pages;
pub mod pages_admin;
pub mod reminders;
pub mod status;
pub mod store;
pub mod store_admin;
pub mod trend;
pub mod versions;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/obligations", get(obligations::obligations))
        .route("/dashboard", get(dashboard::dashboard))
        .route("/measures/{id}", get(measure_page::measure))
        .route("/measures/{id}/edit", post(measure_page::edit))
        .route("/measures/{id}/metrics", post(measure_page::metrics))
        .route("/measures/{id}/registry", post(measure_page::registry))
        .route("/measures/{id}/details", post(measure_page::details))
        .route("/notifications", get(notifications::list))
        .route("/notifications/{id}/read", post(notifications::read))
        .route("/notifications/mail", post(notifications::mail))
        .route(
            "/reports/consolidated",
            get(consolidated::download).post(consolidated::issue),
        )
        .route("/documents", get(documents::pages::list))
        .route("/documents/{id}", get(documents::pages::download))
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
        .route(
            "/reports/{measure}/{agency}/{period}/extension",
            post(pages_admin::request_extension),
        )
        .route("/extensions/{id}/grant", post(pages_admin::grant))
        .route("/extensions/{id}/refuse", post(pages_admin::refuse))
        .route(
            "/reports/{measure}/{agency}/{period}/attachments",
            post(attachments::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_BODY)),
        )
        .route("/attachments/{id}", get(attachments::download))
        .route("/periods/{period}/lock", post(pages_admin::lock))
        .route("/periods/{period}/unlock", post(pages_admin::unlock))
}
