//! Who is asking: the `CurrentUser` extractor (session cookie or
//! `Authorization: Bearer` API token) and the role checks handlers call.

use super::model::{CurrentUser, Role};
use super::store;
use crate::error::Error;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use tower_sessions::Session;

pub const USER_KEY: &str = "user_id";

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        if let Some(super::csrf::TokenUser(user)) = parts.extensions.get() {
            return Ok(user.clone());
        }
        if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
            return token_user(state, auth).await?.ok_or(Error::Unauthorized);
        }
        let session = parts
            .extensions
            .get::<Session>()
            .ok_or(Error::Unauthorized)?;
        let id: Option<i32> = session.get(USER_KEY).await?;
        let id = id.ok_or(Error::Unauthorized)?;
        store::active_user(&state.db, id)
            .await?
            .ok_or(Error::Unauthorized)
    }
}

/// The user of an `Authorization: Bearer` API token; `None` for any other
/// header or a token unknown, revoked or of a disabled user.
pub async fn token_user(
    state: &AppState,
    auth: &axum::http::HeaderValue,
) -> Result<Option<CurrentUser>, Error> {
    let Some(token) = auth.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")) else {
        return Ok(None);
    };
    store::user_by_token(&state.db, token.trim(), state.now()).await
}

impl axum::extract::OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Error> {
        match <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(u) => Ok(Some(u)),
            Err(Error::Unauthorized) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Fails with 403 unless the user has one of `roles`.
pub fn require(user: &CurrentUser, roles: &[Role]) -> Result<(), Error> {
    if roles.contains(&user.role) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
