//! `GET /api/v1/check?q=…` and `POST /api/v1/check` (a JSON array of up to
//! 1,000 values): public, no session, no CSRF token, rate-limited per
//! client address (behind a trusted proxy, the client it names).

use super::limit::RateLimiter;
use super::service::{Answer, CheckService};
use crate::error::Error;
use crate::web::JsonBody;
use crate::web::client::{ClientAddr, TrustedProxies};
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use dozor_indicator::model::Kind;
use serde::Deserialize;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Most values in one POST.
pub const MAX_BATCH: usize = 1_000;

/// What the check routes need; part of `AppState`, or a router of its own.
#[derive(Clone, Debug)]
pub struct CheckState {
    pub service: Arc<CheckService>,
    pub limiter: Arc<RateLimiter>,
    /// Whose forwarding headers name the client. The check routes resolve
    /// the client themselves instead of through the site's middleware:
    /// they are the hot path, and keep their layers few.
    pub proxies: TrustedProxies,
}

impl CheckState {
    /// A state trusting no proxy (`AppState::with_check` sets the configured ones).
    pub fn new(service: Arc<CheckService>, limiter: Arc<RateLimiter>) -> CheckState {
        CheckState {
            service,
            limiter,
            proxies: TrustedProxies::default(),
        }
    }
}

/// The check routes and their OpenAPI paths, from one list.
pub fn routes() -> OpenApiRouter<CheckState> {
    OpenApiRouter::new().routes(routes!(check_one, check_many))
}

/// The check routes with their state supplied, mergeable into a router of
/// any state. Mount it outside the CSRF layer: its POST carries no token.
pub fn router<S: Clone + Send + Sync + 'static>(state: CheckState) -> Router<S> {
    routes().with_state(state).split_for_parts().0
}

#[derive(Deserialize)]
pub struct CheckQuery {
    q: Option<String>,
}

/// Check one value.
#[utoipa::path(
    get,
    path = "/api/v1/check",
    tag = "check",
    operation_id = "check_one",
    params(("q" = String, Query, description = "A link, domain, phone, card, account, profile, @name or listing. Send card numbers with POST instead: an address ends up in logs and browser history")),
    responses(
        (status = 200, description = "Есть ли значение в реестре", body = Answer),
        (status = 422, description = "Нет значения ?q=", body = crate::error::ErrorBody),
        (status = 429, body = crate::error::ErrorBody, description = "Rate limited; see Retry-After"),
    ),
    security(()),
)]
pub async fn check_one(
    State(s): State<CheckState>,
    parts: Parts,
    query: Result<Query<CheckQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Answer>, Response> {
    limit(&s, &parts).map_err(IntoResponse::into_response)?;
    let q = query
        .ok()
        .and_then(|Query(q)| q.q)
        .ok_or_else(|| Error::Invalid("Укажите значение: ?q=…".into()).into_response())?;
    refuse_nul(std::slice::from_ref(&q)).map_err(IntoResponse::into_response)?;
    Ok(Json(s.service.check(&q)))
}

/// Check up to 1,000 values; answers in the order sent.
#[utoipa::path(
    post,
    path = "/api/v1/check",
    tag = "check",
    operation_id = "check_many",
    request_body = Vec<String>,
    responses(
        (status = 200, description = "Ответы в порядке значений", body = Vec<Answer>),
        (status = 422, body = crate::error::ErrorBody, description = "Not a JSON array of strings, or more than 1,000"),
        (status = 429, body = crate::error::ErrorBody, description = "Rate limited; see Retry-After. A batch counts as one request, plus one for each card number after the first"),
    ),
    security(()),
)]
pub async fn check_many(
    State(s): State<CheckState>,
    req: Request,
) -> Result<Json<Vec<Answer>>, Response> {
    // The limit first: a client over it does not get its body parsed.
    let (parts, body) = req.into_parts();
    limit(&s, &parts).map_err(IntoResponse::into_response)?;
    let addr = address(&s, &parts);
    let JsonBody(values) =
        JsonBody::<Vec<String>>::from_request(Request::from_parts(parts, body), &())
            .await
            .map_err(IntoResponse::into_response)?;
    if values.len() > MAX_BATCH {
        let message = format!("Не больше {MAX_BATCH} значений за запрос");
        return Err(Error::Invalid(message).into_response());
    }
    refuse_nul(&values).map_err(IntoResponse::into_response)?;
    let answers: Vec<Answer> = values.iter().map(|v| s.service.check(v)).collect();
    // Each card past the first costs a request of its own: a batch of
    // guesses at a card's hidden digits must not go at 1,000 a request.
    let cards = answers
        .iter()
        .filter(|a| a.kind == Some(Kind::Card))
        .count();
    let extra = u32::try_from(cards.saturating_sub(1)).unwrap_or(u32::MAX);
    s.limiter
        .hit_n(addr, Instant::now(), extra)
        .map_err(|wait| RateLimited(wait).into_response())?;
    Ok(Json(answers))
}

/// The site's NUL guard does not wrap these routes (see `app::router`);
/// the same refusal, on the values alone.
fn refuse_nul(values: &[String]) -> Result<(), Error> {
    if values.iter().any(|v| v.contains('\0')) {
        return Err(Error::Invalid(crate::web::nul::MESSAGE.into()));
    }
    Ok(())
}

/// One request against the caller's budget; a batch counts as one (plus
/// its cards, see [`check_many`]).
fn limit(s: &CheckState, parts: &Parts) -> Result<(), RateLimited> {
    s.limiter
        .hit(address(s, parts), Instant::now())
        .map_err(RateLimited)
}

/// The caller's address: the peer, or the client a trusted proxy names.
/// Without a socket address (in-process tests) all callers share one budget.
fn address(s: &CheckState, parts: &Parts) -> IpAddr {
    ClientAddr::resolve_in(parts, &s.proxies).ip
}

/// Over the limit: 429 `rate_limited` with `Retry-After` in whole seconds.
struct RateLimited(Duration);

impl IntoResponse for RateLimited {
    fn into_response(self) -> Response {
        let mut res = Error::TooManyRequests.into_response();
        let secs = self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0);
        if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}
