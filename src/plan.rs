//! Plans, measures and schedules: import from the signed table
//! (text, .docx, CSV) and storage.

pub mod activity;
pub mod api;
pub mod commands;
pub mod csv;
pub mod current;
pub mod details;
pub mod docx;
pub mod edit;
pub mod executors;
pub mod import;
pub mod metrics;
pub mod model;
pub mod odt;
pub mod pages;
pub mod plan_page;
pub mod revisions;
pub mod schedule;
pub mod settings;
pub mod store;
pub mod table;
pub mod text;
pub mod txt;
pub mod version;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans", get(pages::list))
        .route(
            "/plans/preview",
            post(pages::preview).layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_BODY)),
        )
        .route("/plans/confirm", post(pages::confirm))
        .route("/plans/{id}", get(plan_page::show))
        .route("/plans/{id}/activity", post(activity::post))
}
