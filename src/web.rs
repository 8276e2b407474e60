//! Web plumbing shared by every domain: error responses as Russian pages,
//! embedded static files; the client's address, NUL refusal, file names
//! and the request log in the modules below.

pub mod client;
pub mod extract;
pub mod file_name;
pub mod forwarded;
pub mod nul;
pub mod trace;

pub use extract::{ApiPath, ApiQuery};

use crate::error::{Error, ErrorInfo};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

/// The largest request body: a 20 MB attachment and its form around it.
pub const MAX_BODY: usize = 21 * 1024 * 1024;

/// The largest form or JSON body (axum's own default for its extractors).
pub const MAX_TEXT_BODY: usize = 2 * 1024 * 1024;

/// An address no route has: our error, JSON under `/api/`, a page elsewhere.
pub async fn not_found() -> Error {
    Error::NotFound("Такой страницы нет".into())
}

/// A known address asked with a method it does not take.
pub async fn method_not_allowed() -> Error {
    Error::MethodNotAllowed
}

/// Turns error responses of pages (not of `/api/`) into Russian HTML; an
/// unauthenticated page request goes to the login form.
pub async fn error_pages(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let htmx = req.headers().contains_key("hx-request");
    let back = same_site_referer(&req);
    let res = next.run(req).await;
    if path.starts_with("/api/") {
        return res;
    }
    let Some(info) = res
        .extensions()
        .get::<ErrorInfo>()
        .cloned()
        .or_else(|| rejection(&res))
    else {
        return res;
    };
    if info.status == StatusCode::UNAUTHORIZED {
        let back = match query {
            Some(q) => format!("{path}?{q}"),
            None => path,
        };
        let to = format!("/login?next={}", urlencode(&back));
        if htmx {
            return ([("hx-redirect", to)], StatusCode::UNAUTHORIZED).into_response();
        }
        return Redirect::to(&to).into_response();
    }
    let page = crate::web_pages::ErrorPage {
        status: info.status.as_u16(),
        message: info.message,
        back,
        header: res
            .extensions()
            .get::<crate::web_pages::PageHeader>()
            .map(|h| h.0.clone()),
    };
    (info.status, Html(page.render_html())).into_response()
}

/// An extractor's refusal (a form, query or path that does not parse):
/// axum answers it in English plain text, which a person must never see.
fn rejection(res: &Response) -> Option<ErrorInfo> {
    let status = res.status();
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !status.is_client_error() || !plain {
        return None;
    }
    let message = match status {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "Форма отправлена в неверном виде: обновите страницу и отправьте её снова"
        }
        StatusCode::PAYLOAD_TOO_LARGE => "Запрос слишком велик",
        _ => "Форма или адрес страницы заполнены неверно: проверьте введённое и отправьте снова",
    };
    Some(ErrorInfo {
        status,
        message: message.into(),
    })
}

/// The path (and query) of the page that sent the request, when it is
/// one of ours: the error page links back to it.
fn same_site_referer(req: &Request) -> Option<String> {
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    let host = req.headers().get(header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The vendored htmx, the stylesheet and the icon, embedded in the binary.
pub async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, mime): (&'static [u8], &str) = match file.as_str() {
        "htmx.min.js" => (include_bytes!("../static/htmx.min.js"), "text/javascript"),
        "dozor.js" => (include_bytes!("../static/dozor.js"), "text/javascript"),
        "dozor.css" => (include_bytes!("../static/dozor.css"), "text/css"),
        "favicon.svg" => (include_bytes!("../static/favicon.svg"), "image/svg+xml"),
        _ => return Error::NotFound("нет такого файла".into()).into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

/// `Json<T>` whose rejection is our JSON error with a stable code.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for JsonBody<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            // serde quotes the offending value, which may be a card number.
            Err(e) => {
                let text = e.body_text();
                let text = dozor_indicator::card::mask_card_numbers(&text);
                Err(Error::Invalid(format!("Неверный JSON: {text}")))
            }
        }
    }
}

/// The file of an upload form, read whole (the body limit bounds it).
pub struct Upload {
    pub file_name: String,
    pub content_type: Option<String>,
    pub bytes: axum::body::Bytes,
}

/// The form's `file` field; the fields before it (the form's token) are
/// passed over. `None` when the form holds no file.
pub async fn upload(m: &mut axum::extract::Multipart) -> Result<Option<Upload>, Error> {
    while let Some(field) = m.next_field().await? {
        if field.name() == Some("file") {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let content_type = field.content_type().map(str::to_string);
            let bytes = field.bytes().await?;
            return Ok(Some(Upload {
                file_name,
                content_type,
                bytes,
            }));
        }
    }
    Ok(None)
}
