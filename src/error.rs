//! The one error type of Dozor's library code.

use crate::plan::table::PlanError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
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
