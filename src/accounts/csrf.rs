//! CSRF protection: every state-changing request made with the session
//! cookie must carry the session's token, in the `csrf` form field, the
//! `X-CSRF-Token` header (htmx) or, for multipart forms, the `csrf` query
//! parameter. Requests authenticated by an API token carry no cookie and
//! need none.

use crate::app::AppState;
use crate::error::Error;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

const KEY: &str = "csrf";
/// Forms without files are small; this bounds what is buffered to find the token.
const MAX_FORM: usize = 2 * 1024 * 1024;

/// The session's CSRF token, created on first use.
pub async fn token(session: &Session) -> Result<String, Error> {
    if let Some(t) = session.get::<String>(KEY).await.map_err(internal)? {
        return Ok(t);
    }
    let t = super::model::random_hex(32);
    session.insert(KEY, &t).await.map_err(internal)?;
    Ok(t)
}

/// Replaces the token, at login, so a token seen before login is useless after.
pub async fn rotate(session: &Session) -> Result<String, Error> {
    let t = super::model::random_hex(32);
    session.insert(KEY, &t).await.map_err(internal)?;
    Ok(t)
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("session: {e}"))
}

pub async fn verify(State(_): State<AppState>, req: Request, next: Next) -> Response {
    match check(req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn check(req: Request) -> Result<Request, Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.headers().contains_key(header::AUTHORIZATION)
    {
        return Ok(req);
    }
    let session = req
        .extensions()
        .get::<Session>()
        .cloned()
        .ok_or(Error::Csrf)?;
    let expected = session
        .get::<String>(KEY)
        .await
        .map_err(internal)?
        .ok_or(Error::Csrf)?;
    let from_header = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_query = req
        .uri()
        .query()
        .and_then(|q| form_field(q.as_bytes(), KEY));
    let (req, provided) = match from_header.or(from_query) {
        Some(t) => (req, t),
        None => from_form(req).await?,
    };
    if bool::from(provided.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(req)
    } else {
        Err(Error::Csrf)
    }
}

/// Reads an urlencoded body to find the token, then puts the body back.
async fn from_form(req: Request) -> Result<(Request, String), Error> {
    let urlencoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !urlencoded {
        return Err(Error::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM)
        .await
        .map_err(|_| Error::Invalid("форма слишком велика".into()))?;
    let token = form_field(&bytes, KEY).ok_or(Error::Csrf)?;
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}
