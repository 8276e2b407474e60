//! The registry of resources used in crimes (measures 9 and 10): indicators
//! (their canonical forms come from `crate::indicator`), the cases they came
//! from, their blocking; its pages, API, imports, liveness checks and owner
//! look-ups, and the router that serves them.

pub mod access;
pub mod api;
pub mod api_names;
pub mod blocking;
pub mod bulk;
pub mod cli;
pub mod commands;
pub mod formats;
pub mod liveness;
pub mod liveness_run;
pub mod liveness_store;
pub mod lookup;
pub mod net_guard;
pub mod owner;
pub mod pages;
pub mod pages_add;
pub mod pages_bulk;
pub mod pages_doc;
pub mod pages_extra;
pub mod pages_indicator;
pub mod query;
pub mod rdap;
pub mod selection;
pub mod store;
pub mod store_cases;
pub mod store_read;
pub mod whois;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registry", get(pages::list))
        .route("/registry/export", get(pages::export))
        .route("/registry/selected", post(pages::selected))
        .route("/registry/new", get(pages_add::form).post(pages_add::save))
        .route("/registry/new/preview", post(pages_add::preview))
        .route(
            "/registry/import",
            get(pages_bulk::form)
                .post(pages_bulk::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_BODY)),
        )
        .route("/registry/{id}", get(pages_indicator::show))
        .route("/registry/{id}/steps", post(pages_indicator::add_step))
        .route(
            "/registry/{id}/category",
            post(pages_indicator::set_category),
        )
        .route("/registry/{id}/cases", post(pages_indicator::link_case))
        .route("/registry/{id}/owner", post(pages_extra::look_up_owner))
        .route("/api/v1/indicators", get(api::list).post(api::add))
        .route("/api/v1/indicators/{id}", get(api::show))
        .route("/api/v1/indicators/{id}/steps", post(api::step))
}
