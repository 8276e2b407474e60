//! The activity journal (issue 13): each concrete piece of prevention work
//! (a lesson, a broadcast, a leaflet run, a field visit) as data — its
//! measure, agency, date, kind with the kind's own fields, municipality,
//! audience and reach, partners, co-organisers and evidence — recorded and
//! edited under the role rules and control's period locks, audited, listed
//! with filters and exported. It reads plan, control and registry; none of
//! them imports it.

pub mod export;
pub mod filter;
pub mod kind;
pub mod model;
pub mod pages;
pub mod rules;
pub mod store;
pub mod write;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use pages::{evidence, form, journal, show};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/activities", get(journal::list))
        .route("/activities/export.csv", get(journal::export_csv))
        .route("/activities/export.xlsx", get(journal::export_xlsx))
        .route("/activities/new", get(form::new_form).post(form::create))
        .route("/activities/{id}", get(show::show))
        .route(
            "/activities/{id}/edit",
            get(form::edit_form).post(form::update),
        )
        .route(
            "/activities/{id}/delete",
            get(show::confirm_delete).post(show::delete),
        )
        .route(
            "/activities/{id}/files",
            post(evidence::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_BODY)),
        )
        .route("/activities/files/{id}", get(evidence::download))
}
