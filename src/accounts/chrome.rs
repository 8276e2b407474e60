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
