//! The error page every failed page request renders. The chrome of the
//! other pages knows the signed-in user, so it lives in `accounts::chrome`.

use askama::Template;

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
