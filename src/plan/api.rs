//! The JSON API of plans: list, one plan with its measures.

use super::store;
use crate::accounts::model::CurrentUser;
use crate::error::ErrorBody;
use crate::error::Result;
use crate::state::AppState;
use crate::web::ApiPath;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The plans' API routes and their OpenAPI paths, from one list.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(super::activity::put))
}

/// A plan in a list.
#[derive(Serialize, ToSchema)]
pub struct PlanSummary {
    pub id: i32,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub reporting: String,
    pub timezone: String,
}

/// One measure of a plan.
#[derive(Serialize, ToSchema)]
pub struct MeasureOut {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub schedule_text: String,
    /// `{"kind": "continuous" | "recurring" | "once" | "on_demand" | "unrecognized", …}`.
    #[schema(value_type = Object)]
    pub schedule: serde_json::Value,
    pub executors: Vec<ExecutorOut>,
    pub partners: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ExecutorOut {
    pub agency_id: i32,
    pub name: String,
    pub by_agreement: bool,
}

#[derive(Serialize, ToSchema)]
pub struct PlanOut {
    #[serde(flatten)]
    pub plan: PlanSummary,
    pub measures: Vec<MeasureOut>,
}

#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", operation_id = "list_plans",
    responses((status = 200, description = "Планы, новые первыми", body = Vec<PlanSummary>),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody)))]
pub async fn list(State(s): State<AppState>, _user: CurrentUser) -> Result<Json<Vec<PlanSummary>>> {
    let plans = store::list(&s.db).await?;
    Ok(Json(
        plans
            .into_iter()
            .map(|p| PlanSummary {
                id: p.id,
                title: p.title,
                valid_from: p.valid_from,
                valid_to: p.valid_to,
                reporting: p.reporting,
                timezone: p.timezone,
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans", operation_id = "show_plan",
    params(("id" = i32, Path, description = "plan id")),
    responses((status = 200, description = "План с мероприятиями", body = PlanOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 404, description = "Нет такого плана", body = ErrorBody),
        (status = 422, description = "id — не целое число", body = ErrorBody)))]
pub async fn show(
    State(s): State<AppState>,
    _user: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<PlanOut>> {
    let p = store::load(&s.db, id).await?;
    let measures = p
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| MeasureOut {
            id: p.measure_ids[i],
            number: m.number.clone(),
            title: m.title.clone(),
            schedule_text: m.schedule_text.clone(),
            schedule: serde_json::to_value(m.schedule).unwrap_or_default(),
            executors: m
                .executors
                .iter()
                .zip(&p.agency_ids[i])
                .map(|(e, a)| ExecutorOut {
                    agency_id: *a,
                    name: e.name.clone(),
                    by_agreement: e.by_agreement,
                })
                .collect(),
            partners: m.partners.clone(),
        })
        .collect();
    Ok(Json(PlanOut {
        plan: PlanSummary {
            id: p.id,
            title: p.title.clone(),
            valid_from: p.settings.valid_from,
            valid_to: p.settings.valid_to,
            reporting: p.settings.reporting.as_str().to_string(),
            timezone: p.settings.timezone.name().to_string(),
        },
        measures,
    }))
}
