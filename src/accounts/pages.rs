//! Sign-in and sign-out, and the API tokens page.

use super::auth::USER_KEY;
use super::local_path::local_path;
use super::model::{CurrentUser, Role, new_api_token};
use super::{csrf, store};
use crate::accounts::chrome::Chrome;
use crate::error::Result;
use crate::state::AppState;
use crate::web::client::ClientAddr;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/tokens", get(tokens).post(create_token))
        .route("/tokens/{id}/revoke", post(revoke_token))
        .route("/audit", get(super::audit_page::audit))
        .route(
            "/admin/users",
            get(super::admin::users).post(super::admin::create_user),
        )
        .route("/admin/users/{login}/disable", post(super::admin::disable))
        .route("/admin/users/{login}/enable", post(super::admin::enable))
        .route(
            "/admin/agencies",
            get(super::admin::agencies).post(super::admin::create_agency),
        )
        .route("/admin/agencies/{id}", post(super::admin::update_agency))
        .route(
            "/admin/agencies/{id}/aliases",
            post(super::admin::add_alias),
        )
}

async fn home(user: Option<CurrentUser>) -> Redirect {
    match user.map(|u| u.role) {
        None => Redirect::to("/login"),
        Some(Role::Executor) => Redirect::to("/obligations"),
        Some(_) => Redirect::to("/dashboard"),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    login: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// The login form. It stores nothing: its CSRF token is a double-submit
/// cookie, and the session starts at sign-in.
async fn login_form(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    let (token, cookie) = csrf::anonymous_token(&headers, s.secure_cookies);
    let page = LoginPage {
        chrome: Chrome::new("Вход", None, token),
        next: local_path(q.next.as_deref()),
        login: String::new(),
        error: None,
    };
    let mut res = page.into_response();
    if let Some(cookie) = cookie {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    res
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(s): State<AppState>,
    session: Session,
    headers: HeaderMap,
    client: ClientAddr,
    Form(f): Form<LoginForm>,
) -> Result<Response> {
    let outcome = store::login(&s.db, &f.login, &f.password, client.ip, s.now()).await?;
    let mut retry_after = None;
    let (status, error) = match outcome {
        Ok(user) => {
            session.cycle_id().await?;
            session.insert(USER_KEY, user.id).await?;
            csrf::rotate(&session).await?;
            return Ok(Redirect::to(&local_path(f.next.as_deref())).into_response());
        }
        Err(store::LoginError::BadCredentials) => (
            StatusCode::UNAUTHORIZED,
            "Неверный логин или пароль".to_string(),
        ),
        Err(store::LoginError::TooManyAttempts(wait)) => {
            tracing::info!(%client, "login backing off");
            retry_after = Some(super::backoff::whole_seconds(wait).to_string());
            (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Слишком много неудачных попыток входа. {}",
                    super::backoff::wait_text(wait)
                ),
            )
        }
    };
    // The form was sent with the double-submit cookie (CSRF checked it).
    let (token, _) = csrf::anonymous_token(&headers, s.secure_cookies);
    let page = LoginPage {
        chrome: Chrome::new("Вход", None, token),
        next: local_path(f.next.as_deref()),
        login: f.login,
        error: Some(error),
    };
    let mut res = (status, page).into_response();
    if let Some(v) = retry_after.and_then(|v| axum::http::HeaderValue::from_str(&v).ok()) {
        res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
    }
    Ok(res)
}

async fn logout(session: Session) -> Result<Redirect> {
    session.flush().await?;
    Ok(Redirect::to("/login"))
}

struct TokenRow {
    id: i32,
    name: String,
    prefix: String,
    created: String,
    last_used: String,
    revoked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/tokens.html")]
struct TokensPage {
    chrome: Chrome,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
}

async fn tokens_page(
    s: &AppState,
    session: &Session,
    user: CurrentUser,
    new_token: Option<String>,
) -> Result<TokensPage> {
    let tz = crate::config::DEFAULT_TIMEZONE;
    let tokens = store::tokens_of(&s.db, user.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created: crate::ru::datetime(t.created_at, tz),
            last_used: t
                .last_used_at
                .map_or("—".into(), |d| crate::ru::datetime(d, tz)),
            revoked: t.revoked,
        })
        .collect();
    Ok(TokensPage {
        chrome: Chrome::new("API-токены", Some(user), csrf::token(session).await?),
        tokens,
        new_token,
    })
}

async fn tokens(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<TokensPage> {
    tokens_page(&s, &session, user, None).await
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn create_token(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Form(f): Form<TokenForm>,
) -> Result<TokensPage> {
    let token = new_api_token();
    store::create_token(&s.db, user.id, &f.name, &token, s.now(), &user.actor()).await?;
    tokens_page(&s, &session, user, Some(token)).await
}

async fn revoke_token(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    store::revoke_token(&s.db, user.id, id, s.now(), &user.actor()).await?;
    Ok(Redirect::to("/tokens"))
}
