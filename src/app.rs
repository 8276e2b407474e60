//! The web application: `AppState`, the router of every domain, and `serve`.

use crate::accounts::session_store::DbSessionStore;
use crate::config::Config;
use crate::control::calendar::Calendar;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub mod listen;

/// Where "now" comes from: the system clock, or a fixed instant in tests.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Fixed(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a fixed clock; the system clock ignores it.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Clock::Fixed(t) = self {
            *t.lock().unwrap_or_else(|p| p.into_inner()) = at;
        }
    }
}

/// Everything a handler needs, cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub calendar: Arc<Calendar>,
    pub clock: Clock,
    /// Send the session cookie with `Secure` (behind TLS).
    pub secure_cookies: bool,
    pub caches: Arc<crate::control::versions::Caches>,
    /// The public check service: its in-memory index and rate limit.
    pub check: crate::check::api::CheckState,
    /// The card HMAC key (`DOZOR_CARD_KEY`); without it cards are refused.
    pub card_key: Option<Arc<crate::registry::model::CardKey>>,
}

impl AppState {
    pub fn new(
        db: DatabaseConnection,
        config: Config,
        calendar: Calendar,
        clock: Clock,
        secure_cookies: bool,
    ) -> AppState {
        let proxies = crate::web::client::TrustedProxies::new(&config.trusted_proxies);
        AppState {
            db,
            config: Arc::new(config),
            calendar: Arc::new(calendar),
            clock,
            secure_cookies,
            caches: Arc::default(),
            check: crate::check::api::CheckState {
                service: Arc::new(crate::check::service::CheckService::empty(None)),
                limiter: Arc::new(crate::check::limit::RateLimiter::new(60)),
                proxies,
            },
            card_key: None,
        }
    }

    /// The check service and its limit; the proxies trusted are the
    /// configured ones.
    pub fn with_check(mut self, check: crate::check::api::CheckState) -> AppState {
        self.check = crate::check::api::CheckState {
            proxies: crate::web::client::TrustedProxies::new(&self.config.trusted_proxies),
            ..check
        };
        self
    }

    pub fn with_card_key(mut self, key: Option<crate::registry::model::CardKey>) -> AppState {
        self.card_key = key.map(Arc::new);
        self
    }

    pub fn card_key(&self) -> Option<&crate::registry::model::CardKey> {
        self.card_key.as_deref()
    }

    /// Brings the check index up to date after a write of this instance, so
    /// the next check sees it; a failure only delays it to the sync loop.
    pub async fn refresh_check(&self) {
        if let Err(e) = self.check.service.sync(&self.db).await {
            tracing::warn!("check index sync after a write: {e}");
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

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
        .merge(crate::plan::router())
        .merge(crate::registry::router())
        .merge(crate::openapi::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::accounts::csrf::verify,
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
        .fallback(crate::web::not_found)
        .method_not_allowed_fallback(crate::web::method_not_allowed)
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
