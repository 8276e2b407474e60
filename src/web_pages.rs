//! What every page shares: the chrome (title, signed-in user, CSRF token,
//! navigation) and the error page.

use crate::accounts::model::{CurrentUser, Role};
use askama::Template;

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

    pub fn is(&self, role: &str) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| Role::parse(role) == Some(u.role))
    }

    pub fn role_label(&self) -> &'static str {
        self.user.as_ref().map_or("", |u| u.role.label())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub message: String,
}

impl ErrorPage {
    pub fn render_html(&self) -> String {
        self.render()
            .unwrap_or_else(|_| format!("<h1>Ошибка {}</h1>", self.status))
    }
}
