//! CSRF protection: every state-changing request made with the session
//! cookie must carry the session's token, in the `csrf` form field (of an
//! urlencoded or a multipart form) or the `X-CSRF-Token` header (htmx).
//! Never in the address: an address ends up in logs and browser history.
//! Before sign-in there is no session (an anonymous visit stores
//! nothing): the login form's token is a double-submit cookie instead.
//! Only a valid API token stands in for the token; any other
//! `Authorization` header gets 401, and so does an API write that carries
//! no credentials at all.

use super::model::CurrentUser;
use crate::error::Error;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

const KEY: &str = "csrf";
/// The double-submit cookie of forms shown before sign-in.
const COOKIE: &str = "dozor_csrf";
/// Forms without files are small; this bounds what is buffered to find the token.
const MAX_FORM: usize = 2 * 1024 * 1024;

/// The session's CSRF token, created on first use.
pub async fn token(session: &Session) -> Result<String, Error> {
    if let Some(t) = session.get::<String>(KEY).await? {
        return Ok(t);
    }
    let t = super::model::random_hex(32);
    session.insert(KEY, &t).await?;
    Ok(t)
}

/// Replaces the token, at login, so a token seen before login is useless after.
pub async fn rotate(session: &Session) -> Result<String, Error> {
    let t = super::model::random_hex(32);
    session.insert(KEY, &t).await?;
    Ok(t)
}

/// The token of a form shown before sign-in: the visitor's double-submit
/// cookie, or a new one with the `Set-Cookie` that hands it out.
pub fn anonymous_token(headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    if let Some(t) = cookie_token(headers) {
        return (t, None);
    }
    let t = super::model::random_hex(32);
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict{secure}");
    (t.clone(), HeaderValue::from_str(&cookie).ok())
}

/// The double-submit cookie, when it looks like one of ours.
fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The user of a request authenticated by its API token, found once by
/// [`verify`] and reused by the `CurrentUser` extractor.
#[derive(Clone, Debug)]
pub struct TokenUser(pub CurrentUser);

pub async fn verify(State(s): State<AppState>, req: Request, next: Next) -> Response {
    match check(&s, req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn check(s: &AppState, mut req: Request) -> Result<Request, Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(req);
    }
    if let Some(auth) = req.headers().get(header::AUTHORIZATION) {
        let user = super::auth::token_user(s, auth)
            .await?
            .ok_or(Error::Unauthorized)?;
        req.extensions_mut().insert(TokenUser(user));
        return Ok(req);
    }
    let session = req.extensions().get::<Session>().cloned();
    let expected = match &session {
        Some(session) => session.get::<String>(KEY).await?,
        None => None,
    };
    let signed_in = match &session {
        Some(session) => session.get::<i32>(super::auth::USER_KEY).await?.is_some(),
        None => false,
    };
    if !signed_in && req.uri().path().starts_with("/api/") {
        return Err(Error::Unauthorized);
    }
    let expected = expected
        .or_else(|| cookie_token(req.headers()))
        .ok_or(Error::Csrf)?;
    let from_header = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (req, provided) = match from_header {
        Some(t) => (req, t),
        None => from_form(req).await?,
    };
    if bool::from(provided.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(req)
    } else {
        Err(Error::Csrf)
    }
}

/// Reads a form's body to find the token, then puts the body back.
async fn from_form(req: Request) -> Result<(Request, String), Error> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let boundary = if content_type.starts_with("application/x-www-form-urlencoded") {
        None
    } else if content_type.starts_with("multipart/form-data") {
        Some(multer::parse_boundary(&content_type).map_err(|_| Error::Csrf)?)
    } else {
        return Err(Error::Csrf);
    };
    // An upload is held whole anyway (the NUL guard reads it before us).
    let limit = if boundary.is_some() {
        crate::web::MAX_BODY
    } else {
        MAX_FORM
    };
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Error::Invalid("форма слишком велика".into()))?;
    let token = match boundary {
        None => form_field(&bytes, KEY),
        Some(b) => multipart_field(bytes.clone(), b, KEY).await,
    };
    Ok((
        Request::from_parts(parts, Body::from(bytes)),
        token.ok_or(Error::Csrf)?,
    ))
}

/// The text of the multipart field `name`. Our forms put the token first,
/// so a file after it is not read; a token after a file is still found.
async fn multipart_field(bytes: axum::body::Bytes, boundary: String, name: &str) -> Option<String> {
    let stream = Body::from(bytes).into_data_stream();
    let mut form = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(name) && field.file_name().is_none() {
            return field.text().await.ok();
        }
    }
    None
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}
