//! The registry's JSON API: list and search, one indicator with its cases
//! and blocking track, adding values (one transaction for the whole list),
//! and recording a blocking step. Same access rules as the pages.

pub mod names;

use super::access::{access, writer};
use super::blocking::Track;
use super::model::{Added, CaseInput, NewStep};
use super::query::{self, Filter};
use super::store;
use crate::accounts::model::CurrentUser;
use crate::error::ErrorBody;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::{ApiPath, ApiQuery, JsonBody};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use dozor_indicator::model::{Category, Kind};
use names::{CategoryName, KindName, StatusName, StepName, TrackName};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The registry's API routes and their OpenAPI paths, from one list.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, add))
        .routes(routes!(show))
        .routes(routes!(step))
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorOut {
    pub id: i32,
    #[schema(value_type = KindName)]
    pub kind: String,
    pub canonical: String,
    pub display: String,
    #[schema(value_type = CategoryName)]
    pub category: String,
    #[schema(value_type = StatusName)]
    pub status: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

impl IndicatorOut {
    fn from(m: crate::db::entity::registry::indicator::Model) -> IndicatorOut {
        IndicatorOut {
            id: m.id,
            kind: m.kind,
            canonical: m.canonical,
            display: m.display,
            category: m.category,
            status: m.status,
            first_seen: m.first_seen,
            last_seen: m.last_seen,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Page {
    pub items: Vec<IndicatorOut>,
    /// Pass as `before` for the next page; absent on the last one.
    pub next_before: Option<i32>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Any value, raw or canonical, or a fragment of one.
    pub q: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    /// The agency of a linked case.
    pub agency: Option<i32>,
    pub before: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/indicators", tag = "registry", operation_id = "list_indicators",
    params(ListQuery),
    responses((status = 200, description = "Страница реестра, новые первыми", body = Page),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Реестр недоступен этому ведомству", body = ErrorBody),
        (status = 422, description = "Неверный параметр запроса", body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page>> {
    access(&s, &user).await?;
    let f = Filter {
        q: q.q.unwrap_or_default(),
        kind: q.kind.unwrap_or_default(),
        category: q.category.unwrap_or_default(),
        status: q.status.unwrap_or_default(),
        agency: q.agency,
        before: q.before,
    };
    let (rows, more) = query::page(&s.db, &f, s.card_key()).await?;
    let next_before = more.then(|| rows.last().map(|r| r.id)).flatten();
    Ok(Json(Page {
        items: rows.into_iter().map(IndicatorOut::from).collect(),
        next_before,
    }))
}

/// A step of the blocking track, as read and as recorded.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct StepJson {
    /// judicial or extrajudicial.
    #[schema(value_type = TrackName)]
    pub track: String,
    /// claim_filed, decision, in_force, sent_to_regulator, request_sent,
    /// blocked, inaccessible, restored, appeal.
    #[schema(value_type = StepName)]
    pub step: String,
    pub on: NaiveDate,
    /// Required for an appeal.
    pub deadline: Option<NaiveDate>,
    /// At most MAX_NOTE characters.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorDetail {
    #[serde(flatten)]
    pub indicator: IndicatorOut,
    pub values: Vec<String>,
    pub cases: Vec<CaseInput>,
    pub steps: Vec<StepJson>,
    /// The RDAP/WHOIS answer as stored, and when it was looked up; null
    /// before the first look-up.
    #[schema(value_type = Option<Object>)]
    pub owner: Option<serde_json::Value>,
    pub owner_checked_at: Option<DateTime<Utc>>,
}

#[utoipa::path(get, path = "/api/v1/indicators/{id}", tag = "registry", operation_id = "show_indicator",
    params(("id" = i32, Path, description = "indicator id")),
    responses((status = 200, description = "Ресурс с сообщениями и шагами блокировки", body = IndicatorDetail),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Реестр недоступен этому ведомству", body = ErrorBody),
        (status = 404, description = "Нет такого ресурса", body = ErrorBody),
        (status = 422, description = "id — не целое число", body = ErrorBody)))]
pub async fn show(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<IndicatorDetail>> {
    access(&s, &user).await?;
    let ind = store::read::indicator(&s.db, id).await?;
    let values = store::read::values_of(&s.db, id).await?;
    let cases = store::read::cases_of(&s.db, id).await?;
    let steps = store::steps_of(&s.db, id).await?;
    Ok(Json(IndicatorDetail {
        owner: ind
            .owner
            .as_deref()
            .and_then(|o| serde_json::from_str(o).ok()),
        owner_checked_at: ind.owner_checked_at,
        indicator: IndicatorOut::from(ind),
        values: values.into_iter().map(|v| v.raw).collect(),
        cases: cases
            .into_iter()
            .map(|c| CaseInput {
                number: c.number,
                registered_on: c.registered_on,
                agency_id: c.agency_id,
                article: c.article,
                damage: c.damage,
            })
            .collect(),
        steps: steps
            .into_iter()
            .map(|st| StepJson {
                track: st.track,
                step: st.step,
                on: st.on_date,
                deadline: st.deadline,
                note: st.note,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct AddIn {
    /// Up to 1,000 values; all are added or, on the first bad one, none.
    #[schema(min_items = 1, max_items = 1000)]
    pub values: Vec<String>,
    /// Detected from each value when absent.
    #[schema(value_type = Option<KindName>)]
    pub kind: Option<String>,
    #[schema(value_type = CategoryName)]
    pub category: String,
    pub case: Option<CaseInput>,
}

#[derive(Serialize, ToSchema)]
pub struct AddedOut {
    pub id: i32,
    /// true when the value merged into a stored indicator.
    pub merged: bool,
}

#[utoipa::path(post, path = "/api/v1/indicators", tag = "registry", operation_id = "add_indicators",
    request_body = AddIn,
    responses((status = 200, description = "Добавленные или слитые ресурсы, в порядке значений", body = Vec<AddedOut>),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Нет права записи в реестр, или запись без токена CSRF", body = ErrorBody),
        (status = 422, description = "Неверное тело или значение", body = ErrorBody)))]
pub async fn add(
    State(s): State<AppState>,
    user: CurrentUser,
    JsonBody(a): JsonBody<AddIn>,
) -> Result<Json<Vec<AddedOut>>> {
    writer(&s, &user).await?;
    if a.values.is_empty() || a.values.len() > 1_000 {
        return Err(Error::Invalid("Передайте от 1 до 1000 значений".into()));
    }
    let kind = match a.kind.as_deref() {
        Some(k) => {
            Some(Kind::parse(k).ok_or_else(|| Error::Invalid(format!("Неизвестный вид «{k}»")))?)
        }
        None => None,
    };
    let category = Category::parse(&a.category)
        .ok_or_else(|| Error::Invalid(format!("Неизвестная категория «{}»", a.category)))?;
    let case = a.case;
    let raws: Vec<&str> = a.values.iter().map(String::as_str).collect();
    let added = super::web::add::add_values(&s, &user, &raws, kind, Some(category), case).await?;
    Ok(Json(
        added
            .into_iter()
            .map(|a| AddedOut {
                id: a.id(),
                merged: matches!(a, Added::Merged(_)),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct StatusOut {
    #[schema(value_type = StatusName)]
    pub status: String,
}

#[utoipa::path(post, path = "/api/v1/indicators/{id}/steps", tag = "registry", operation_id = "add_blocking_step",
    params(("id" = i32, Path, description = "indicator id")),
    request_body = StepJson,
    responses((status = 200, description = "Новый статус ресурса", body = StatusOut),
        (status = 401, description = "Нет токена или сессии", body = ErrorBody),
        (status = 403, description = "Нет права записи в реестр, или запись без токена CSRF", body = ErrorBody),
        (status = 404, description = "Нет такого ресурса", body = ErrorBody),
        (status = 422, description = "Неверный id, шаг или дата", body = ErrorBody)))]
pub async fn step(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    JsonBody(st): JsonBody<StepJson>,
) -> Result<Json<StatusOut>> {
    writer(&s, &user).await?;
    let track = Track::parse(&st.track)
        .ok_or_else(|| Error::Invalid("Порядок блокировки: judicial или extrajudicial".into()))?;
    let status = store::add_step(
        &s.db,
        id,
        &NewStep {
            track,
            step: &st.step,
            on: st.on,
            deadline: st.deadline,
            note: st.note.as_deref(),
        },
        &user.actor(),
        s.now(),
    )
    .await?;
    s.refresh_check().await;
    Ok(Json(StatusOut {
        status: status.as_str().into(),
    }))
}
