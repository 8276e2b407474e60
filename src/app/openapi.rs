//! The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`, and
//! the API's router.

use crate::error::{ErrorBody, ErrorDetail};
use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Dozor API", description = "Plans, obligations, reports, the registry and the check service. Authenticate with `Authorization: Bearer <token>` (tokens are created on the «API-токены» page or with `dozor token add LOGIN --name NAME`) or a session cookie plus the `X-CSRF-Token` header for writes."),
    paths(
        crate::plan::api::list,
        crate::plan::api::show,
        crate::control::api::obligations,
        crate::control::api::report,
        crate::control::api::save,
        crate::check::api::check_one,
        crate::check::api::check_many,
        crate::registry::api::list,
        crate::registry::api::show,
        crate::registry::api::add,
        crate::registry::api::step,
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&BearerAuth),
    security(("token" = [])),
)]
pub struct ApiDoc;

async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/plans", get(crate::plan::api::list))
        .route("/api/v1/plans/{id}", get(crate::plan::api::show))
        .route("/api/v1/obligations", get(crate::control::api::obligations))
        .route(
            "/api/v1/reports/{measure}/{agency}/{period}",
            get(crate::control::api::report).put(crate::control::api::save),
        )
}
