//! The registry's list: search, filters and keyset paging; exports of a
//! filter or of the ticked rows, or the rows handed to their blocking
//! document.

use super::{Choice, agencies, categories, download, kinds, status_class, statuses};
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::db::entity::registry::indicator;
use crate::error::{Error, Result};
use crate::registry::access::{Access, access};
use crate::registry::formats;
use crate::registry::query::{self, Filter};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use dozor_indicator::model::{Category, Kind, Status};
use tower_sessions::Session;

/// A row of the list.
pub struct Row {
    pub id: i32,
    pub kind: &'static str,
    pub display: String,
    pub category: &'static str,
    pub status: &'static str,
    pub status_class: &'static str,
    pub first_seen: String,
    pub last_seen: String,
}

impl Row {
    pub fn from_model(m: &indicator::Model) -> Row {
        let status = Status::parse(&m.status).unwrap_or(Status::Active);
        Row {
            id: m.id,
            kind: Kind::parse(&m.kind).map_or("", Kind::label),
            display: m.display.clone(),
            category: Category::parse(&m.category).map_or("", Category::label),
            status: status.label(),
            status_class: status_class(status),
            first_seen: crate::ru::date(m.first_seen.date_naive()),
            last_seen: crate::ru::date(m.last_seen.date_naive()),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "registry/list.html")]
pub struct ListPage {
    chrome: Chrome,
    filter: Filter,
    agency: String,
    rows: Vec<Row>,
    next: Option<String>,
    first: Option<String>,
    can_write: bool,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    statuses: Vec<Choice>,
    agencies: Vec<Choice>,
    query: String,
}

pub async fn list(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(f): Query<Filter>,
) -> Result<Response> {
    let acc = access(&s, &user).await?;
    if let Some(f) = f.without_card_number(s.card_key()) {
        return Ok(Redirect::to(&format!("/registry?{}", f.query_string())).into_response());
    }
    let (models, more) = query::page(&s.db, &f, s.card_key()).await?;
    let query = f.query_string();
    let next = more
        .then(|| models.last().map(|m| format!("?{query}&before={}", m.id)))
        .flatten();
    let first = f.before.map(|_| format!("?{query}"));
    Ok(ListPage {
        rows: models.iter().map(Row::from_model).collect(),
        agency: f.agency.map(|a| a.to_string()).unwrap_or_default(),
        next,
        first,
        can_write: acc == Access::Write,
        kinds: kinds(),
        categories: categories(),
        statuses: statuses(),
        agencies: agencies(&s).await?,
        chrome: Chrome::new("Реестр ресурсов", Some(user), csrf::token(&session).await?),
        filter: f,
        query,
    }
    .into_response())
}

#[derive(serde::Deserialize)]
pub struct ExportQuery {
    format: String,
    #[serde(flatten)]
    filter: Filter,
}

/// The list's filter, exported as csv, json or stix.
pub async fn export(
    State(s): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ExportQuery>,
) -> Result<Response> {
    access(&s, &user).await?;
    if let Some(f) = q.filter.without_card_number(s.card_key()) {
        let format = serde_urlencoded::to_string([("format", &q.format)]).unwrap_or_default();
        let to = format!("/registry/export?{format}&{}", f.query_string());
        return Ok(Redirect::to(&to).into_response());
    }
    let rows = query::export_rows(&s.db, &q.filter, None, s.card_key()).await?;
    export_response(&q.format, &rows, &s)
}

fn export_response(format: &str, rows: &[formats::ExportRow], s: &AppState) -> Result<Response> {
    let (body, mime, ext) = match format {
        "csv" => (formats::to_csv(rows), "text/csv; charset=utf-8", "csv"),
        "json" => (formats::to_json(rows), "application/json", "json"),
        "stix" => (
            formats::to_stix(rows, s.now()),
            "application/stix+json",
            "json",
        ),
        _ => return Err(Error::Invalid("Формат выгрузки: csv, json или stix".into())),
    };
    let body = body.map_err(|e| Error::Internal(format!("registry export: {e}")))?;
    let name = format!("dozor-registry-{}.{ext}", s.now().format("%Y%m%d"));
    Ok(download(mime, &name, body.into_bytes()))
}

/// The ids ticked in the list, and what to do with them.
fn selection(fields: &[(String, String)]) -> Result<(Vec<i32>, String)> {
    let ids: Vec<i32> = fields
        .iter()
        .filter(|(k, _)| k == "id")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    if ids.is_empty() {
        return Err(Error::Invalid("Выберите хотя бы один ресурс".into()));
    }
    // The list shows a page at a time; more than this is not a selection
    // but a crafted form (and would overflow the database's bound values).
    let max = crate::registry::selection::MAX_SELECTED;
    if ids.len() > max {
        let message = format!("Выберите не более {max} ресурсов, выбрано {}", ids.len());
        return Err(Error::Invalid(message));
    }
    let action = fields
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    Ok((ids, action))
}

/// Export of the ticked rows, or their blocking document.
pub async fn selected(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    access(&s, &user).await?;
    let (ids, action) = selection(&fields)?;
    match action.as_str() {
        "judicial" | "extrajudicial" => super::doc::blocking_doc(&s, &user, &ids, &action).await,
        format => {
            let rows =
                query::export_rows(&s.db, &Filter::default(), Some(&ids), s.card_key()).await?;
            export_response(format, &rows, &s)
        }
    }
}
