//! The coordinator's switch of a plan's activity (auto, kept, closed): a
//! form on the plan's page and `PUT /api/v1/plans/{id}/activity`, both
//! through `change`, which holds the authorisation.

use super::model::activity::Activity;
use super::store;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::{Error, ErrorBody, Result};
use crate::state::AppState;
use crate::web::{ApiPath, JsonBody};
use axum::Json;
use axum::extract::{Form, Path, State};
use axum::response::Redirect;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Sets the plan's activity: coordinators and admins only, audited.
pub async fn change(s: &AppState, user: &CurrentUser, id: i32, to: Activity) -> Result<Activity> {
    crate::accounts::auth::require(user, &[Role::Coordinator, Role::Admin])?;
    store::set_activity(&s.db, &user.actor(), id, to, s.now()).await
}

#[derive(Deserialize)]
pub struct ActivityForm {
    #[serde(default)]
    activity: String,
}

/// The plan page's form; back to the page.
pub async fn post(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<ActivityForm>,
) -> Result<Redirect> {
    let to = Activity::parse(&f.activity)
        .ok_or_else(|| Error::Invalid("Неизвестное состояние плана".into()))?;
    change(&s, &user, id, to).await?;
    Ok(Redirect::to(&format!("/plans/{id}")))
}

/// A plan's activity override, and whether that makes it active now.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct ActivityIn {
    /// `auto`: active while today is within its validity; `kept`: active
    /// past it; `closed`: not active, ended early.
    pub activity: Activity,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityOut {
    pub id: i32,
    pub activity: Activity,
    /// Active now: its obligations are on the dashboard, the lists and the reminders.
    pub active: bool,
}

#[utoipa::path(put, path = "/api/v1/plans/{id}/activity", tag = "plans",
    operation_id = "set_plan_activity",
    params(("id" = i32, Path, description = "plan id")),
    request_body = ActivityIn,
    responses((status = 200, description = "Состояние плана", body = ActivityOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "Нет такого плана", body = ErrorBody),
        (status = 422, description = "Неверный id или тело", body = ErrorBody)))]
pub async fn put(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    JsonBody(b): JsonBody<ActivityIn>,
) -> Result<Json<ActivityOut>> {
    let activity = change(&s, &user, id, b.activity).await?;
    let active = store::active_now(&s.db, id, s.now()).await?;
    Ok(Json(ActivityOut {
        id,
        activity,
        active,
    }))
}
