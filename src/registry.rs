//! The registry of resources used in crimes (measures 9 and 10): indicators
//! (their canonical forms come from the `dozor-indicator` crate), the cases they came
//! from, their blocking; its pages, API, imports, liveness checks and owner
//! look-ups, and the router that serves them.

pub mod access;
pub mod api;
pub mod blocking;
pub mod bulk;
pub mod cli;
pub mod commands;
pub mod formats;
pub mod liveness;
pub mod lookup;
pub mod model;
pub mod query;
pub mod selection;
pub mod store;
pub mod web;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registry", get(web::list::list))
        .route("/registry/export", get(web::list::export))
        .route("/registry/selected", post(web::list::selected))
        .route("/registry/new", get(web::add::form).post(web::add::save))
        .route("/registry/new/preview", post(web::add::preview))
        .route(
            "/registry/import",
            get(web::bulk::form)
                .post(web::bulk::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_BODY)),
        )
        .route("/registry/{id}", get(web::indicator::show))
        .route("/registry/{id}/steps", post(web::indicator::add_step))
        .route(
            "/registry/{id}/category",
            post(web::indicator::set_category),
        )
        .route("/registry/{id}/cases", post(web::indicator::link_case))
        .route(
            "/registry/{id}/owner",
            post(web::indicator::owner_liveness::look_up_owner),
        )
}
