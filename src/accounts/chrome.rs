//! The frame around every signed-in page: title, the user and their role's
//! navigation, the CSRF token. Every domain's pages build one.

use super::model::{CurrentUser, Role};

/// The frame around every page.
#[derive(Clone, Debug, Default)]
pub struct Chrome {
    pub title: String,
    pub user: Option<CurrentUser>,
    pub csrf: String,
}

impl Chrome {
    pub fn new(title: impl Into<String>, user: Option<CurrentUser>, csrf: String) -> Chrome {
        Chrome {
            title: title.into(),
            user,
            csrf,
        }
    }

    /// The signed-in user's role; none on the sign-in page.
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    pub fn is_coordinator(&self) -> bool {
        self.role() == Some(Role::Coordinator)
    }

    pub fn is_executor(&self) -> bool {
        self.role() == Some(Role::Executor)
    }

    pub fn role_label(&self) -> &'static str {
        self.user.as_ref().map_or("", |u| u.role.label())
    }
}

/// The header of every page, alone: the error page shows it too.
#[derive(askama::Template)]
#[template(path = "header_partial.html")]
struct HeaderPartial<'a> {
    chrome: &'a Chrome,
}

/// Leaves the signed-in person's header on a failed page response, so the
/// error page (rendered further out, where no session is known) keeps the
/// menu. Nothing is added for the API, for a 401, or for nobody signed in.
pub async fn menu_on_errors(
    axum::extract::State(s): axum::extract::State<crate::state::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let page = !req.uri().path().starts_with("/api/");
    let session = req.extensions().get::<tower_sessions::Session>().cloned();
    let mut res = next.run(req).await;
    let failed = res.status().is_client_error() || res.status().is_server_error();
    if !page || !failed || res.status() == axum::http::StatusCode::UNAUTHORIZED {
        return res;
    }
    if let Some(session) = session
        && let Some(header) = header_of(&s, &session).await
    {
        res.extensions_mut()
            .insert(crate::web_pages::PageHeader(header));
    }
    res
}

/// `None` when nobody is signed in or the session cannot be read: the
/// error page then shows the bare brand, as before.
async fn header_of(
    s: &crate::state::AppState,
    session: &tower_sessions::Session,
) -> Option<String> {
    use askama::Template;
    let id: i32 = session.get(super::auth::USER_KEY).await.ok()??;
    let user = super::store::active_user(&s.db, id).await.ok()??;
    let csrf = super::csrf::token(session).await.ok()?;
    let chrome = Chrome::new("", Some(user), csrf);
    HeaderPartial { chrome: &chrome }.render().ok()
}
