//! `Path` and `Query` extractors for the JSON API whose rejection is our
//! JSON error (422 `invalid`, a Russian message naming the parameter)
//! instead of axum's plain-text 400.

use crate::error::Error;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// `axum::extract::Path<T>` answering a bad segment with 422 `invalid`.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(e) => Err(path_error(parts, state, e).await),
        }
    }
}

async fn path_error<S: Send + Sync>(parts: &mut Parts, state: &S, e: PathRejection) -> Error {
    let PathRejection::FailedToDeserializePathParams(e) = e else {
        return Error::Invalid("Неверный адрес запроса".into());
    };
    let key = match e.kind() {
        ErrorKind::ParseErrorAtKey { key, .. }
        | ErrorKind::InvalidUtf8InPathParam { key }
        | ErrorKind::DeserializeError { key, .. } => Some(key.clone()),
        // A tuple names its segments by position, a lone value not at all:
        // take the route's names.
        ErrorKind::ParseErrorAtIndex { index, .. } => raw_key(parts, state, *index).await,
        ErrorKind::ParseError { .. } => raw_key(parts, state, 0).await,
        _ => None,
    };
    let expected = match e.kind() {
        ErrorKind::ParseErrorAtKey { expected_type, .. }
        | ErrorKind::ParseErrorAtIndex { expected_type, .. }
        | ErrorKind::ParseError { expected_type, .. } => expected_ru(expected_type),
        _ => "",
    };
    Error::Invalid(match key {
        Some(k) => format!("Неверное значение «{k}» в адресе запроса{expected}"),
        None => format!("Неверное значение в адресе запроса{expected}"),
    })
}

/// The name of the route's `index`-th path parameter.
async fn raw_key<S: Send + Sync>(parts: &mut Parts, state: &S, index: usize) -> Option<String> {
    let raw = RawPathParams::from_request_parts(parts, state).await.ok()?;
    raw.iter().nth(index).map(|(k, _)| k.to_string())
}

/// What a parameter of this Rust type must look like, for the message.
fn expected_ru(rust_type: &str) -> &'static str {
    match rust_type {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
            ": ожидается целое число"
        }
        _ => "",
    }
}

/// `axum::extract::Query<T>` answering a bad value with 422 `invalid`.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(query.as_bytes()));
        // The value itself stays out of the message: it may be a card number.
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let field = e.path().to_string();
                Error::Invalid(if field.is_empty() || field == "." {
                    "Неверные параметры запроса".into()
                } else {
                    format!("Неверное значение параметра «{field}» в строке запроса")
                })
            })
    }
}
