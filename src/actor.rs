//! Who makes a change: a signed-in user (id and login), or someone with no
//! account here (a command run on the server, `cli:USER`; a feed). Stores
//! write the id into the rows a user creates and the login into the audit
//! log; the two always travel together.

/// The author of one change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The user's id; none for a command or a feed.
    pub id: Option<i32>,
    /// What the audit log names.
    pub login: String,
}

impl Actor {
    /// A signed-in user.
    pub fn user(id: i32, login: impl Into<String>) -> Actor {
        Actor {
            id: Some(id),
            login: login.into(),
        }
    }

    /// Someone with no account: the audit log names them, no row points at them.
    pub fn named(login: impl Into<String>) -> Actor {
        Actor {
            id: None,
            login: login.into(),
        }
    }
}
