//! The web application: the router of every domain, and `serve`. Only the
//! face (main, cli, serve, demo) imports it.

use crate::accounts::session_store::DbSessionStore;
use crate::state::AppState;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub mod listen;
pub mod openapi;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("dozor_session")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    let pages = Router::new()
        .merge(crate::accounts::router())
        .merge(crate::control::router())
        .merge(crate::municipality::router())
        .merge(crate::plan::router())
        .merge(crate::registry::router())
        .merge(crate::activity::router())
        .merge(openapi::api().split_for_parts().0)
        .merge(openapi::router(openapi::document()))
        // Inside the session layer, so a missing page keeps the menu.
        .fallback(crate::web::not_found)
        .method_not_allowed_fallback(crate::web::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::accounts::csrf::verify,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::accounts::chrome::menu_on_errors,
        ))
        .layer(sessions)
        // What a signed-in person sees stays out of shared and browser caches.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let site = Router::new()
        .route("/healthz", get(healthz))
        .route("/static/{file}", get(crate::web::static_file))
        .merge(pages)
        // Inside `error_pages`, so a page's refusal is rendered in Russian.
        .layer(axum::middleware::from_fn(crate::web::nul::guard))
        .layer(axum::middleware::from_fn(crate::web::error_pages))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            crate::web::MAX_BODY,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(crate::web::trace::span),
        )
        // Outermost: the client is known to every layer and handler, and
        // the session layer's cookie passes through it on the way out.
        .layer(axum::middleware::from_fn_with_state(
            crate::web::client::ClientSettings {
                proxies: crate::web::client::TrustedProxies::new(&state.config.trusted_proxies),
                always_https: state.secure_cookies,
            },
            crate::web::client::middleware,
        ));
    // Public, free of CSRF and sessions, and of the site's heavier layers:
    // the check API answers anyone from memory, is the hot path, resolves
    // its client itself, and passes nothing it is given to the database
    // (so no NUL guard either).
    let check = crate::check::api::router(state.check.clone())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            crate::web::MAX_TEXT_BODY,
        ))
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(crate::web::trace::span),
        );
    secured(Router::new().merge(check).merge(site)).with_state(state)
}

/// The headers every answer carries: no framing, no sniffing, and a
/// content security policy of this site only.
fn secured(router: Router<AppState>) -> Router<AppState> {
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"),
        ))
}

async fn healthz(axum::extract::State(s): axum::extract::State<AppState>) -> impl IntoResponse {
    match s.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Serves the app on `listener` until Ctrl-C or SIGTERM, then finishes
/// the requests in flight (see [`listen`]).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    listen::serve_until(
        listener,
        router(state),
        listen::Limits::default(),
        listen::shutdown_signal(),
    )
    .await
}
