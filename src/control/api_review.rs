//! The coordinator's half of the control API: accept or return a report,
//! extensions (request, grant, refuse), period locks, the consolidated
//! report. The stores check who may do what, as they do for the pages.

use super::api::{PeriodPath, ReportOut, ReportPath, key, report_out};
use super::model::ExtensionState;
use super::{store, store_admin};
use crate::accounts::model::CurrentUser;
use crate::db::entity::control::extension;
use crate::error::{ErrorBody, Result};
use crate::plan::current::chosen_plan;
use crate::state::AppState;
use crate::time::period::Period;
use crate::web::{ApiPath, ApiQuery, JsonBody};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The coordinator's routes and their OpenAPI paths, from one list.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(accept))
        .routes(routes!(return_report))
        .routes(routes!(request_extension))
        .routes(routes!(grant))
        .routes(routes!(refuse))
        .routes(routes!(lock))
        .routes(routes!(unlock))
        .routes(routes!(consolidated))
}

/// A coordinator's comment on a decision.
#[derive(Deserialize, ToSchema)]
pub struct DecisionIn {
    #[serde(default)]
    pub comment: String,
}

#[utoipa::path(post, path = "/api/v1/reports/{measure}/{agency}/{period}/accept", tag = "control",
    operation_id = "accept_report",
    params(ReportPath),
    responses((status = 200, description = "Принятый отчёт", body = ReportOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "Нет такого обязательства", body = ErrorBody),
        (status = 409, description = "Отчёт не представлен, уже решён, или период закрыт", body = ErrorBody),
        (status = 422, description = "Неверный параметр адреса", body = ErrorBody)))]
pub async fn accept(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath((m, a, p)): ApiPath<(i32, i32, String)>,
) -> Result<Json<ReportOut>> {
    let k = key(m, a, &p)?;
    store::decide(&s.db, &s.calendar, &user, k, true, "", s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    Ok(Json(report_out(&s, k).await?))
}

#[utoipa::path(post, path = "/api/v1/reports/{measure}/{agency}/{period}/return", tag = "control",
    operation_id = "return_report",
    params(ReportPath),
    request_body = DecisionIn,
    responses((status = 200, description = "Отчёт, возвращённый на доработку", body = ReportOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "Нет такого обязательства", body = ErrorBody),
        (status = 409, description = "Отчёт не представлен, уже решён, или период закрыт", body = ErrorBody),
        (status = 422, description = "Нет комментария, неверный параметр адреса или тело", body = ErrorBody)))]
pub async fn return_report(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath((m, a, p)): ApiPath<(i32, i32, String)>,
    JsonBody(d): JsonBody<DecisionIn>,
) -> Result<Json<ReportOut>> {
    let k = key(m, a, &p)?;
    store::decide(&s.db, &s.calendar, &user, k, false, &d.comment, s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    Ok(Json(report_out(&s, k).await?))
}

/// An executor's request to move a due date.
#[derive(Deserialize, ToSchema)]
pub struct ExtensionIn {
    pub new_due: NaiveDate,
    #[serde(default)]
    pub reason: String,
}

/// A request to extend a due date, and what was decided.
#[derive(Serialize, ToSchema)]
pub struct ExtensionOut {
    pub id: i32,
    pub measure_id: i32,
    pub agency_id: i32,
    pub period: String,
    pub requested_due: NaiveDate,
    pub reason: String,
    #[schema(value_type = Option<String>, example = "requested")]
    pub state: Option<ExtensionState>,
    pub decision_comment: Option<String>,
}

impl From<extension::Model> for ExtensionOut {
    fn from(e: extension::Model) -> Self {
        ExtensionOut {
            id: e.id,
            measure_id: e.measure_id,
            agency_id: e.agency_id,
            state: ExtensionState::parse(&e.status),
            period: e.period,
            requested_due: e.requested_due,
            reason: e.reason,
            decision_comment: e.decision_comment,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/reports/{measure}/{agency}/{period}/extension", tag = "control",
    operation_id = "request_extension",
    params(ReportPath),
    request_body = ExtensionIn,
    responses((status = 200, description = "Запрос продления срока", body = ExtensionOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не своё ведомство, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "Нет такого обязательства", body = ErrorBody),
        (status = 409, description = "Запрос уже ждёт решения, отчёт представлен, или период закрыт", body = ErrorBody),
        (status = 422, description = "Неверный срок, параметр адреса или тело", body = ErrorBody)))]
pub async fn request_extension(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath((m, a, p)): ApiPath<(i32, i32, String)>,
    JsonBody(e): JsonBody<ExtensionIn>,
) -> Result<Json<ExtensionOut>> {
    let k = key(m, a, &p)?;
    let now = s.now();
    let e = store_admin::request_extension(&s.db, &s.calendar, &user, k, e.new_due, &e.reason, now)
        .await?;
    Ok(Json(e.into()))
}

#[utoipa::path(post, path = "/api/v1/extensions/{id}/grant", tag = "control", operation_id = "grant_extension",
    params(("id" = i32, Path, description = "extension id")),
    request_body = DecisionIn,
    responses((status = 200, description = "Срок продлён", body = ExtensionOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "Нет такого запроса", body = ErrorBody),
        (status = 409, description = "Запрос уже решён, или период закрыт", body = ErrorBody),
        (status = 422, description = "Неверный параметр адреса или тело", body = ErrorBody)))]
pub async fn grant(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    JsonBody(d): JsonBody<DecisionIn>,
) -> Result<Json<ExtensionOut>> {
    let e = store_admin::decide_extension(&s.db, &user, id, true, &d.comment, s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    Ok(Json(e.into()))
}

#[utoipa::path(post, path = "/api/v1/extensions/{id}/refuse", tag = "control", operation_id = "refuse_extension",
    params(("id" = i32, Path, description = "extension id")),
    request_body = DecisionIn,
    responses((status = 200, description = "В продлении отказано", body = ExtensionOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "Нет такого запроса", body = ErrorBody),
        (status = 409, description = "Запрос уже решён, или период закрыт", body = ErrorBody),
        (status = 422, description = "Неверный параметр адреса или тело", body = ErrorBody)))]
pub async fn refuse(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    JsonBody(d): JsonBody<DecisionIn>,
) -> Result<Json<ExtensionOut>> {
    let e = store_admin::decide_extension(&s.db, &user, id, false, &d.comment, s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    Ok(Json(e.into()))
}

/// A period of the current plan, closed or open.
#[derive(Serialize, ToSchema)]
pub struct LockOut {
    pub period: String,
    pub locked: bool,
}

/// Why a closed period is opened again.
#[derive(Deserialize, ToSchema)]
pub struct UnlockIn {
    pub reason: String,
}

/// Whose period: several plans can be active at once.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// The plan; default: the plan imported last.
    pub plan: Option<i32>,
}

#[utoipa::path(post, path = "/api/v1/periods/{period}/lock", tag = "control", operation_id = "lock_period",
    params(PeriodPath, PlanQuery),
    responses((status = 200, description = "Период закрыт: отчёты не меняются", body = LockOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "План ещё не загружен, или нет плана plan", body = ErrorBody),
        (status = 409, description = "Период уже закрыт", body = ErrorBody),
        (status = 422, description = "Неверный параметр адреса", body = ErrorBody)))]
pub async fn lock(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath(p): ApiPath<String>,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Result<Json<LockOut>> {
    let period = Period::parse(&p)?;
    let plan = chosen_plan(&s, q.plan).await?;
    store_admin::lock(&s.db, &user, plan.id, period, s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    Ok(Json(LockOut {
        period: period.to_string(),
        locked: true,
    }))
}

#[utoipa::path(post, path = "/api/v1/periods/{period}/unlock", tag = "control", operation_id = "unlock_period",
    params(PeriodPath, PlanQuery),
    request_body = UnlockIn,
    responses((status = 200, description = "Период открыт снова", body = LockOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Не координатор, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "План ещё не загружен, или нет плана plan", body = ErrorBody),
        (status = 409, description = "Период не закрыт", body = ErrorBody),
        (status = 422, description = "Нет причины, неверный параметр адреса или тело", body = ErrorBody)))]
pub async fn unlock(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath(p): ApiPath<String>,
    ApiQuery(q): ApiQuery<PlanQuery>,
    JsonBody(u): JsonBody<UnlockIn>,
) -> Result<Json<LockOut>> {
    let period = Period::parse(&p)?;
    let plan = chosen_plan(&s, q.plan).await?;
    store_admin::unlock(&s.db, &user, plan.id, period, &u.reason, s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    Ok(Json(LockOut {
        period: period.to_string(),
        locked: false,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsolidatedQuery {
    /// A period of the plan's reporting type, e.g. `2020-Q3`; default: today's.
    #[param(pattern = r"^([1-9][0-9]{3}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?)?$")]
    pub period: Option<String>,
    /// The plan; default: the one imported last.
    #[param(minimum = 1)]
    pub plan: Option<i32>,
    /// `docx` (the default) or `xlsx`.
    #[param(pattern = r"^(docx|xlsx)?$")]
    pub format: Option<String>,
    /// The registration number, e.g. `15-02/2020`: issues the report and
    /// keeps it (the same number, period, format and date again gives the
    /// kept document back). Without it the report is a draft, kept nowhere.
    #[param(max_length = 40)]
    pub number: Option<String>,
    /// The document's date, `YYYY-MM-DD`; default: today in the plan's zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-10-15")]
    pub date: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/reports/consolidated", tag = "control", operation_id = "consolidated_report",
    params(ConsolidatedQuery),
    responses((status = 200, description = "Сводный отчёт за период",
            content(("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Отчёт не для исполнителя; номер присваивает только координатор или администратор", body = ErrorBody),
        (status = 404, description = "План ещё не загружен", body = ErrorBody),
        (status = 409, description = "Номер уже присвоен другому документу", body = ErrorBody),
        (status = 422, description = "Неверный период, формат, номер или дата", body = ErrorBody)))]
pub async fn consolidated(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ConsolidatedQuery>,
) -> Result<Response> {
    let ask = super::consolidated::Ask {
        plan: q.plan,
        period: q.period.as_deref(),
        format: q.format.as_deref(),
        number: q.number.as_deref(),
        date: q.date.as_deref(),
    };
    super::consolidated::respond(&s, &user, ask).await
}
