//! The API of issued documents: the list and one document as issued.

use super::{ROLES, send, store};
use crate::accounts::auth::require;
use crate::accounts::model::CurrentUser;
use crate::error::{ErrorBody, Result};
use crate::state::AppState;
use crate::web::ApiPath;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get_one))
}

/// An issued document, without its bytes.
#[derive(Serialize, ToSchema)]
pub struct DocumentOut {
    pub id: i32,
    /// The registration number, e.g. `15-02/2020`.
    pub number: String,
    pub issued_on: NaiveDate,
    /// The reporting period, e.g. `2020-Q3`.
    pub period: String,
    /// `consolidated_docx` or `consolidated_xlsx`.
    pub kind: String,
    /// The login of who issued it (`cli:…` for the command line).
    pub issued_by: String,
    pub file_name: String,
    /// Where the document is downloaded as issued.
    pub href: String,
}

#[utoipa::path(get, path = "/api/v1/documents", tag = "control", operation_id = "issued_documents",
    responses((status = 200, description = "Выданные документы, новые первыми", body = Vec<DocumentOut>),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор и не администратор", body = ErrorBody)))]
pub async fn list(State(s): State<AppState>, user: CurrentUser) -> Result<Json<Vec<DocumentOut>>> {
    require(&user, &ROLES)?;
    let out = store::list(&s.db)
        .await?
        .into_iter()
        .map(|d| DocumentOut {
            href: format!("/api/v1/documents/{}", d.id),
            id: d.id,
            number: d.number,
            issued_on: d.issued_on,
            period: d.period,
            kind: d.kind,
            issued_by: d.issued_by_login,
            file_name: d.file_name,
        })
        .collect();
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "control", operation_id = "issued_document",
    params(("id" = i32, Path, description = "document id")),
    responses((status = 200, description = "Документ, как он выдан",
            content(("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор и не администратор", body = ErrorBody),
        (status = 404, description = "Нет такого документа", body = ErrorBody),
        (status = 422, description = "Неверный параметр адреса", body = ErrorBody)))]
pub async fn get_one(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> Result<Response> {
    require(&user, &ROLES)?;
    Ok(send(&store::get(&s.db, id).await?))
}
