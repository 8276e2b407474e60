//! `GET /api/v1/rates`: a period's completeness and timeliness, per agency
//! and overall, counted as the dashboard counts them.

use super::current::pick_period;
use super::dashboard::agency_rates;
use super::status::Rates;
use super::store;
use crate::accounts::auth::require;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::{ErrorBody, Result};
use crate::plan::current::chosen_plan;
use crate::state::AppState;
use crate::web::ApiQuery;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(rates))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatesQuery {
    /// A period of the plan's reporting type, e.g. `2020-Q3`; default: today's.
    #[param(pattern = r"^([1-9][0-9]{3}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?)?$")]
    pub period: Option<String>,
    /// Only this agency's line (the overall line stays the period's).
    pub agency: Option<i32>,
    /// The plan whose rates; default: the plan imported last (rates of
    /// different plans are not added up: each has its own obligations).
    pub plan: Option<i32>,
}

/// The figures of one agency, or of all of them.
#[derive(Serialize, ToSchema)]
pub struct RatesOut {
    /// None for the overall line.
    pub agency_id: Option<i32>,
    pub agency: String,
    /// Obligations whose due date has passed: the denominator of both rates.
    pub due: u32,
    /// Obligations whose granted (else original) due date has passed.
    pub due_extended: u32,
    pub complete: u32,
    pub on_time: u32,
    pub on_time_extended: u32,
    /// Percentages, none while nothing is due.
    pub completeness: Option<f64>,
    pub timeliness: Option<f64>,
    pub timeliness_extended: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct PeriodRatesOut {
    pub period: String,
    pub agencies: Vec<RatesOut>,
    pub overall: RatesOut,
}

fn out(agency_id: Option<i32>, agency: String, r: &Rates) -> RatesOut {
    RatesOut {
        agency_id,
        agency,
        due: r.due,
        due_extended: r.due_extended,
        complete: r.complete,
        on_time: r.on_time,
        on_time_extended: r.on_time_extended,
        completeness: r.completeness(),
        timeliness: r.timeliness(),
        timeliness_extended: r.timeliness_extended(),
    }
}

#[utoipa::path(get, path = "/api/v1/rates", tag = "control", operation_id = "period_rates",
    params(RatesQuery),
    responses((status = 200, description = "Полнота и своевременность за период", body = PeriodRatesOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не для исполнителя", body = ErrorBody),
        (status = 404, description = "План ещё не загружен, или нет плана plan", body = ErrorBody),
        (status = 422, description = "Неверный период", body = ErrorBody)))]
pub async fn rates(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<RatesQuery>,
) -> Result<Json<PeriodRatesOut>> {
    require(&user, &[Role::Coordinator, Role::Viewer, Role::Admin])?;
    let plan = chosen_plan(&s, q.plan).await?;
    let period = pick_period(&plan, q.period.as_deref(), &s)?;
    let now = s.now();
    let obs = store::statuses_for(&s.db, &plan, &s.calendar, period, None, now).await?;
    let (by_agency, overall) = agency_rates(&obs, now, plan.settings.timezone);
    let agencies = by_agency
        .into_iter()
        .filter(|(id, _, _)| q.agency.is_none_or(|a| a == *id))
        .map(|(id, name, r)| out(Some(id), name, &r))
        .collect();
    Ok(Json(PeriodRatesOut {
        period: period.to_string(),
        agencies,
        overall: out(None, "Всего".into(), &overall),
    }))
}
