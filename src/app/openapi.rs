//! The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`, made
//! from the same route lists the API is served from.

use crate::error::{ErrorBody, ErrorDetail};
use crate::state::AppState;
use axum::Router;
use axum::http::header;
use axum::routing::get;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

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

/// The document's frame: what no route describes.
#[derive(OpenApi)]
#[openapi(
    info(title = "Dozor API", description = "Plans, obligations, reports, the registry and the check service. Authenticate with `Authorization: Bearer <token>` (tokens are created on the «API-токены» page or with `dozor token add LOGIN --name NAME`) or a session cookie plus the `X-CSRF-Token` header for writes."),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&BearerAuth),
    security(("token" = [])),
)]
struct ApiDoc;

/// Every documented route of the signed-in API, with its path in the
/// document: a route cannot be served undocumented, nor documented unserved.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::plan::api::router())
        .merge(crate::control::api::router())
        .merge(crate::registry::api::router())
}

/// The whole OpenAPI document: the signed-in API and the public check.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = api().into_openapi();
    doc.merge(crate::check::api::routes().into_openapi());
    doc
}

/// Serves the document at `/api/v1/openapi.json`.
pub fn router(doc: utoipa::openapi::OpenApi) -> Router<AppState> {
    // Serialised once: the document does not change while the app runs.
    let body = serde_json::to_vec(&doc)
        .map(axum::body::Bytes::from)
        .map_err(|e| e.to_string());
    Router::new().route(
        "/api/v1/openapi.json",
        get(move || {
            let body = body.clone();
            async move {
                let body =
                    body.map_err(|e| crate::error::Error::Internal(format!("openapi: {e}")))?;
                Ok::<_, crate::error::Error>(([(header::CONTENT_TYPE, "application/json")], body))
            }
        }),
    )
}
