//! The one error type of Dozor's library code, its HTTP status and stable
//! code, and the JSON body it answers with: the same `ErrorBody` the
//! OpenAPI document describes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

pub mod fields;
pub use fields::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A plan document that cannot be imported (`plan_invalid`).
    #[error("{0}")]
    PlanInvalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    /// A form's bad fields, each with its reason (`invalid`).
    #[error("{0}")]
    Fields(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Locked(String),
    #[error("Требуется вход в систему")]
    Unauthorized,
    #[error("Недостаточно прав")]
    Forbidden,
    #[error("Форма устарела: обновите страницу и повторите")]
    Csrf,
    #[error("Слишком много попыток, повторите позже")]
    TooManyRequests,
    #[error("Этот метод здесь не принимается")]
    MethodNotAllowed,
    #[error("{0}")]
    TooLarge(String),
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The session store failed: ours, so a 500.
impl From<tower_sessions::session::Error> for Error {
    fn from(e: tower_sessions::session::Error) -> Self {
        Error::Internal(format!("session: {e}"))
    }
}

/// An upload broken off or malformed: the person sends the file again.
impl From<axum::extract::multipart::MultipartError> for Error {
    fn from(e: axum::extract::multipart::MultipartError) -> Self {
        // The parser's own words are English: they go to the log only.
        tracing::info!(error = %e, "multipart upload refused");
        Error::Invalid(
            "Файл не принят: передача прервалась или форма повреждена; отправьте файл снова".into(),
        )
    }
}

/// A value that is not an indicator is the person's to fix: a 422.
impl From<dozor_indicator::model::NormalizeError> for Error {
    fn from(e: dozor_indicator::model::NormalizeError) -> Self {
        Error::Invalid(e.to_string())
    }
}

/// Serialising our own values failed. A client's JSON never lands here:
/// it comes through `web::JsonBody`, whose rejection is a 422.
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Internal(e.to_string())
    }
}

/// Every API error: `{"error": {"code": "…", "message": "…"}}`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable: not_found, invalid (also a bad path or query value),
    /// plan_invalid, conflict, period_locked, unauthorized, forbidden,
    /// csrf_failed, rate_limited, internal.
    pub code: String,
    /// For people, in Russian.
    pub message: String,
}

/// Stored on error responses so `error_pages` can render them for people.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub message: String,
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::PlanInvalid(_) | Error::Invalid(_) | Error::Fields(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Conflict(_) | Error::Locked(_) => StatusCode::CONFLICT,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::Forbidden | Error::Csrf => StatusCode::FORBIDDEN,
            Error::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Error::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Db(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code of the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            Error::PlanInvalid(_) => "plan_invalid",
            Error::Invalid(_) | Error::Fields(_) => "invalid",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Locked(_) => "period_locked",
            Error::Unauthorized => "unauthorized",
            Error::Forbidden => "forbidden",
            Error::Csrf => "csrf_failed",
            Error::TooManyRequests => "rate_limited",
            Error::MethodNotAllowed => "method_not_allowed",
            Error::TooLarge(_) => "too_large",
            Error::Db(_) | Error::Internal(_) => "internal",
        }
    }

    /// What the client may read: never the internals of a 5xx.
    pub fn public_message(&self) -> String {
        match self {
            Error::Db(_) | Error::Internal(_) => "Внутренняя ошибка сервера".into(),
            other => other.to_string(),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let message = self.public_message();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: message.clone(),
            },
        };
        let mut res = (status, axum::Json(body)).into_response();
        res.extensions_mut().insert(ErrorInfo { status, message });
        res
    }
}
