//! The JSON API of execution control: obligations with their status, and
//! reports (read; save and submit for executors). The coordinator's
//! decisions are in `api_review`.

use super::current::period_of;
use super::model::ReportState;
use super::status::Status;
use super::store::{self, Key, ReportInput};
use crate::accounts::model::{CurrentUser, Role};
use crate::error::ErrorBody;
use crate::error::{Error, Result};
use crate::plan::current::plans_in_scope;
use crate::state::AppState;
use crate::time::period::Period;
use crate::web::{ApiPath, ApiQuery};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Control's API routes and their OpenAPI paths, from one list.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(obligations))
        .routes(routes!(report, save))
        .merge(super::api_review::router())
        .merge(super::api_rates::router())
        .merge(super::documents::api::router())
}

/// The address of one obligation's report, as the document describes it.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // read from the path as a tuple; this only documents it
pub struct ReportPath {
    /// measure id
    measure: i32,
    /// agency id
    agency: i32,
    #[param(
        example = "2020-Q3",
        pattern = r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"
    )]
    period: String,
}

/// The address of a reporting period, as the document describes it.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // read from the path as a string; this only documents it
pub struct PeriodPath {
    #[param(
        example = "2020-Q3",
        pattern = r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"
    )]
    period: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ObligationQuery {
    /// A period of the plan's reporting type, e.g. `2020-Q3`; default (absent
    /// or empty): today's. Over several plans, a plan reporting by another
    /// type of period shows today's.
    #[param(pattern = r"^([1-9][0-9]{3}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?)?$")]
    pub period: Option<String>,
    /// Only this agency's obligations (executors always get only their own).
    pub agency: Option<i32>,
    /// Only this plan's obligations; default: every active plan's (a plan
    /// is active while today is within its validity, or while the
    /// coordinator keeps it so; with none active, the plan imported last).
    pub plan: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct ObligationOut {
    /// The plan the measure belongs to.
    pub plan_id: i32,
    pub measure_id: i32,
    pub measure: String,
    pub agency_id: i32,
    pub agency: String,
    pub period: String,
    pub due: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    #[schema(value_type = String, example = "submitted_on_time")]
    pub status: Status,
    pub first_submitted_at: Option<DateTime<Utc>>,
    /// The submission that stands (the last one): timeliness goes by it.
    pub submitted_at: Option<DateTime<Utc>>,
    /// A report stands submitted or accepted (a returned one does not).
    pub complete: bool,
    /// The consolidated report's mark, e.g. «на доработке».
    #[schema(example = "исполнено в срок")]
    pub mark: String,
}

#[utoipa::path(get, path = "/api/v1/obligations", tag = "control", operation_id = "list_obligations",
    params(ObligationQuery),
    responses((status = 200, description = "Обязательства периода со статусами, по всем действующим планам или по одному", body = Vec<ObligationOut>),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 404, description = "План ещё не загружен, или нет плана plan", body = ErrorBody),
        (status = 422, description = "Неверный период или ведомство", body = ErrorBody)))]
pub async fn obligations(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ObligationQuery>,
) -> Result<Json<Vec<ObligationOut>>> {
    let scope = plans_in_scope(&s, q.plan).await?;
    let agency = match user.role {
        Role::Executor => user.agency_id,
        _ => q.agency,
    };
    let now = s.now();
    let mut out = Vec::new();
    for plan in &scope {
        let period = period_of(plan, q.period.as_deref(), scope.len() == 1, &s)?;
        let tz = plan.settings.timezone;
        let obs = store::statuses_for(&s.db, plan, &s.calendar, period, agency, now).await?;
        out.extend(obs.into_iter().map(|o| {
            let a = o.facts.assess(now, tz);
            ObligationOut {
                plan_id: plan.id,
                measure_id: o.key.measure_id,
                measure: o.number,
                agency_id: o.key.agency_id,
                agency: o.agency_name,
                period: o.key.period.to_string(),
                due: o.facts.due,
                extended_to: o.facts.extended_to,
                status: a.status,
                first_submitted_at: o.facts.first_submitted_at,
                submitted_at: o.facts.submitted_at,
                complete: a.complete,
                mark: a.mark.text().to_owned(),
            }
        }));
    }
    Ok(Json(out))
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub measure_id: i32,
    pub agency_id: i32,
    pub period: String,
    #[schema(value_type = String, example = "overdue")]
    pub status: Status,
    /// draft, submitted, returned or accepted; absent when nothing is saved.
    #[schema(value_type = Option<String>)]
    pub report_state: Option<ReportState>,
    pub body: String,
    pub metrics: BTreeMap<String, f64>,
    pub first_submitted_at: Option<DateTime<Utc>>,
    /// The submission that stands (the last one): timeliness goes by it.
    pub submitted_at: Option<DateTime<Utc>>,
    pub coordinator_comment: Option<String>,
}

pub(super) fn key(m: i32, a: i32, p: &str) -> Result<Key> {
    let period = Period::parse(p)?;
    Ok(Key {
        measure_id: m,
        agency_id: a,
        period,
    })
}

pub(super) async fn report_out(s: &AppState, k: Key) -> Result<ReportOut> {
    let (_, ob) = store::find(&s.db, &s.calendar, k, s.now()).await?;
    let r = ob.report.as_ref();
    Ok(ReportOut {
        measure_id: k.measure_id,
        agency_id: k.agency_id,
        period: k.period.to_string(),
        status: ob.status,
        report_state: r.and_then(|r| ReportState::parse(&r.status)),
        body: r.map(|r| r.body.clone()).unwrap_or_default(),
        metrics: r
            .and_then(|r| serde_json::from_str(&r.metrics).ok())
            .unwrap_or_default(),
        first_submitted_at: r.and_then(|r| r.first_submitted_at),
        submitted_at: ob.facts.submitted_at,
        coordinator_comment: r.and_then(|r| r.coordinator_comment.clone()),
    })
}

#[utoipa::path(get, path = "/api/v1/reports/{measure}/{agency}/{period}", tag = "control",
    operation_id = "show_report",
    params(ReportPath),
    responses((status = 200, description = "Отчёт и статус обязательства", body = ReportOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Отчёт чужого ведомства", body = ErrorBody),
        (status = 404, description = "Нет такого обязательства", body = ErrorBody),
        (status = 422, description = "Неверный параметр адреса", body = ErrorBody)))]
pub async fn report(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath((m, a, p)): ApiPath<(i32, i32, String)>,
) -> Result<Json<ReportOut>> {
    if !user.can_read_agency(a) {
        return Err(Error::Forbidden);
    }
    Ok(Json(report_out(&s, key(m, a, &p)?).await?))
}

/// A report as an executor's system sends it.
#[derive(Deserialize, ToSchema)]
pub struct ReportIn {
    pub body: String,
    #[serde(default)]
    pub metrics: BTreeMap<String, f64>,
    /// Submit (true) or keep as a draft (false).
    #[serde(default)]
    pub submit: bool,
}

#[utoipa::path(put, path = "/api/v1/reports/{measure}/{agency}/{period}", tag = "control",
    operation_id = "save_report",
    params(ReportPath),
    request_body = ReportIn,
    responses((status = 200, description = "Сохранённый отчёт", body = ReportOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не своё ведомство, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "Нет такого обязательства", body = ErrorBody),
        (status = 409, description = "Отчёт принят или период закрыт", body = ErrorBody),
        (status = 422, description = "Неверный параметр адреса или тело", body = ErrorBody)))]
pub async fn save(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath((m, a, p)): ApiPath<(i32, i32, String)>,
    crate::web::JsonBody(r): crate::web::JsonBody<ReportIn>,
) -> Result<Json<ReportOut>> {
    let k = key(m, a, &p)?;
    let input = ReportInput {
        body: r.body,
        metrics: r
            .metrics
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect(),
        submit: r.submit,
    };
    store::save_report(&s.db, &s.calendar, &user, k, &input, s.now()).await?;
    Ok(Json(report_out(&s, k).await?))
}
