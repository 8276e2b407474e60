//! Refuses a NUL character in any text a request carries: its path, its
//! query string, an urlencoded or JSON body, and a multipart form's field
//! names, text fields and file names. PostgreSQL cannot store U+0000 in
//! `text` and fails the whole statement, which would otherwise surface as a
//! 500 from whatever handler first writes the value; one guard in front of
//! every route keeps that out. Multipart file *contents* are binary and pass.

use crate::error::Error;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The message shown for a NUL anywhere in a request's text.
pub const MESSAGE: &str = "Текст содержит недопустимый символ (NUL)";

/// True when percent-decoding `s` (a path, a query, an urlencoded body)
/// yields a NUL byte: a raw 0 byte or `%00`.
pub fn urlencoded_has_nul(s: &[u8]) -> bool {
    s.contains(&0) || s.windows(3).any(|w| w == b"%00")
}

/// True when a JSON text holds a NUL in a string: a raw 0 byte (never
/// valid JSON, but refused all the same) or the escape `\u0000`. Outside
/// strings valid JSON has no backslash, so skipping each escape's second
/// byte is enough to tell `\\u0000` (a backslash, then text) from `\u0000`.
pub fn json_has_nul(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            0 => return true,
            b'\\' => {
                if s.get(i + 1) == Some(&b'u') && s.get(i + 2..i + 6) == Some(b"0000") {
                    return true;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    false
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Urlencoded,
    Json,
    Multipart,
    Other,
}

fn body_kind(req: &Request) -> BodyKind {
    let Some(ct) = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return BodyKind::Other;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime == "application/x-www-form-urlencoded" {
        BodyKind::Urlencoded
    } else if mime == "application/json" || mime.ends_with("+json") {
        BodyKind::Json
    } else if mime == "multipart/form-data" {
        BodyKind::Multipart
    } else {
        BodyKind::Other
    }
}

fn refused() -> Response {
    Error::Invalid(MESSAGE.into()).into_response()
}

/// The middleware: a 422 with [`MESSAGE`] before any handler runs.
pub async fn guard(req: Request, next: Next) -> Response {
    let uri = req.uri();
    let in_uri = urlencoded_has_nul(uri.path().as_bytes())
        || uri
            .query()
            .is_some_and(|q| urlencoded_has_nul(q.as_bytes()));
    if in_uri {
        return refused();
    }
    let kind = body_kind(&req);
    if kind == BodyKind::Other {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    // Only uploads (multipart) may be large; a form or JSON body is held
    // to the 2 MB its extractor would allow anyway, so nobody makes every
    // route buffer 21 MB. A body that fails to arrive whole is answered as
    // too large, as the body limit layer outside would.
    let limit = if kind == BodyKind::Multipart {
        super::MAX_BODY
    } else {
        super::MAX_TEXT_BODY
    };
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return Error::TooLarge("Запрос слишком велик или оборван".into()).into_response();
    };
    let bad = match kind {
        BodyKind::Urlencoded => urlencoded_has_nul(&bytes),
        BodyKind::Json => json_has_nul(&bytes),
        BodyKind::Multipart => multipart_has_nul(&parts, bytes.clone()).await,
        BodyKind::Other => false,
    };
    if bad {
        return refused();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Walks a buffered multipart body: names, file names and text fields are
/// checked, file contents are read past without being kept. multer is used
/// directly, without axum's 2 MB default limit, which the routes raise only
/// below this guard. A malformed body is left for the handler to refuse in
/// its own words.
async fn multipart_has_nul(parts: &axum::http::request::Parts, bytes: Bytes) -> bool {
    let Some(boundary) = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok())
    else {
        return false;
    };
    let mut form = multer::Multipart::new(Body::from(bytes).into_data_stream(), boundary);
    while let Ok(Some(mut field)) = form.next_field().await {
        let named_nul = |s: Option<&str>| s.is_some_and(|s| s.contains('\0'));
        if named_nul(field.name()) || named_nul(field.file_name()) {
            return true;
        }
        if field.file_name().is_some() {
            while let Ok(Some(_)) = field.chunk().await {}
        } else {
            match field.bytes().await {
                Ok(b) if b.contains(&0) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    }
    false
}

#[cfg(test)]
mod tests;
