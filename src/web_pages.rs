//! The error page every failed page request renders. The chrome of the
//! other pages knows the signed-in user, so it lives in `accounts::chrome`.

use askama::Template;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub message: String,
    /// The page the request came from (same site only): the way back to
    /// the form, where the browser keeps what was typed.
    pub back: Option<String>,
    /// The signed-in person's header and menu, when the page's domain
    /// left one on the response ([`PageHeader`]).
    pub header: Option<String>,
}

/// The rendered header (brand, menu, who is signed in) of the person a
/// failed page request came from: put on an error response by the layer
/// that knows the session, so the error page keeps the menu.
#[derive(Clone, Debug)]
pub struct PageHeader(pub String);

impl ErrorPage {
    /// The page's heading: what happened, in words, not a status code.
    pub fn heading(&self) -> &'static str {
        match self.status {
            400 | 422 => "Проверьте введённые данные",
            401 => "Нужно войти",
            403 => "Нет доступа",
            404 => "Страница не найдена",
            405 => "Так эту страницу не открыть",
            408 => "Запрос не успел выполниться",
            409 => "Изменение не принято",
            413 => "Слишком большой запрос",
            415 => "Форма отправлена в неверном виде",
            429 => "Слишком много запросов",
            500..=599 => "Сбой на сервере",
            _ => "Запрос не выполнен",
        }
    }

    pub fn render_html(&self) -> String {
        self.render()
            .unwrap_or_else(|_| format!("<h1>{}</h1>", self.heading()))
    }
}
