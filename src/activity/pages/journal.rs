//! The journal: the GET filter form (works without a script), a page of
//! activities newest first with the totals of the whole filtered set, and
//! its export to CSV and XLSX under the same filter and role scope.

use super::{Choice, Names, agencies, kinds, measures, municipalities, strings};
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::activity::export::{self, Line};
use crate::activity::filter::Filter;
use crate::activity::kind::Kind;
use crate::activity::{rules, store};
use crate::db::entity::activity::activity;
use crate::error::{Error, Result};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use tower_sessions::Session;

pub struct Row {
    pub id: i32,
    pub date: String,
    pub kind: &'static str,
    pub title: String,
    pub measure: String,
    pub agency: String,
    pub place: String,
    pub audience: String,
    pub reached: String,
}

pub fn dates_text(a: &activity::Model) -> String {
    match a.ends_on {
        Some(e) if e != a.starts_on => {
            format!("{} – {}", crate::ru::date(a.starts_on), crate::ru::date(e))
        }
        _ => crate::ru::date(a.starts_on),
    }
}

fn kind_label(code: &str) -> &'static str {
    Kind::parse(code).map_or("", Kind::label)
}

#[derive(Template, WebTemplate)]
#[template(path = "activity/journal.html")]
pub struct JournalPage {
    chrome: Chrome,
    filter: Filter,
    rows: Vec<Row>,
    count: String,
    reached: String,
    prev: Option<String>,
    next: Option<String>,
    query: String,
    can_write: bool,
    deleted: bool,
    kinds: Vec<Choice>,
    agencies: Vec<Choice>,
    measures: Vec<Choice>,
    municipalities: Vec<Choice>,
}

#[derive(serde::Deserialize)]
pub struct JournalQuery {
    #[serde(flatten)]
    filter: Filter,
    #[serde(default)]
    deleted: String,
}

pub async fn list(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(q): Query<JournalQuery>,
) -> Result<JournalPage> {
    let scope = rules::scope(&user)?;
    let f = q.filter;
    let parsed = f.parse()?;
    let (models, more) = store::page(&s.db, &parsed, scope).await?;
    let (count, reached) = store::totals(&s.db, &parsed, scope).await?;
    let names = Names::load(&s.db, &models).await?;
    let query = f.query_string();
    let link = |page: u64| format!("/activities?{query}&page={page}");
    Ok(JournalPage {
        rows: models
            .iter()
            .map(|a| Row {
                id: a.id,
                date: dates_text(a),
                kind: kind_label(&a.kind),
                title: a.title.clone(),
                measure: names.measure(a.measure_id),
                agency: names.agency(a.agency_id),
                place: names.place(a.municipality_id),
                audience: a.audience.clone(),
                reached: crate::ru::number(a.reached as f64),
            })
            .collect(),
        count: crate::ru::number(count as f64),
        reached: crate::ru::number(reached as f64),
        prev: (parsed.page > 1).then(|| link(parsed.page - 1)),
        next: more.then(|| link(parsed.page + 1)),
        can_write: rules::writer(&user).is_ok(),
        deleted: !q.deleted.is_empty(),
        kinds: kinds(),
        agencies: agencies(&s.db).await?,
        measures: measures(&s.db, None).await?,
        municipalities: municipalities(&s.db).await?,
        chrome: Chrome::new(
            "Журнал мероприятий",
            Some(user),
            csrf::token(&session).await?,
        ),
        filter: f,
        query,
    })
}

/// The filtered set as export lines.
async fn lines(s: &AppState, user: &CurrentUser, f: &Filter) -> Result<Vec<Line>> {
    let scope = rules::scope(user)?;
    let rows = store::export_rows(&s.db, &f.parse()?, scope).await?;
    let names = Names::load(&s.db, &rows).await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let co = store::co_agencies_of(&s.db, &ids).await?;
    Ok(rows
        .iter()
        .map(|a| {
            let co_names: Vec<String> = co
                .iter()
                .filter(|(id, _)| *id == a.id)
                .map(|(_, ag)| names.agency(*ag))
                .collect();
            Line {
                cells: [
                    a.id.to_string(),
                    crate::ru::date(a.starts_on),
                    a.ends_on.map(crate::ru::date).unwrap_or_default(),
                    crate::time::period::Period::parse(&a.period)
                        .map_or_else(|_| a.period.clone(), crate::time::period::russian),
                    names.measure(a.measure_id),
                    names.agency(a.agency_id),
                    co_names.join("; "),
                    kind_label(&a.kind).to_string(),
                    names.place(a.municipality_id),
                    a.venue.clone(),
                    a.audience.clone(),
                    a.reached.to_string(),
                    a.title.clone(),
                    a.description.clone(),
                    strings(&a.partners).join("; "),
                    strings(&a.links).join(" "),
                    super::show::details_text(a).join("; "),
                ],
                reached: a.reached,
            }
        })
        .collect())
}

fn file_name(s: &AppState, ext: &str) -> String {
    format!("dozor-activities-{}.{ext}", s.now().format("%Y%m%d"))
}

pub async fn export_csv(
    State(s): State<AppState>,
    user: CurrentUser,
    Query(f): Query<Filter>,
) -> Result<Response> {
    let body = export::csv(&lines(&s, &user, &f).await?).map_err(Error::Internal)?;
    let mime = "text/csv; charset=utf-8";
    Ok(crate::registry::web::download(
        mime,
        &file_name(&s, "csv"),
        body,
    ))
}

pub async fn export_xlsx(
    State(s): State<AppState>,
    user: CurrentUser,
    Query(f): Query<Filter>,
) -> Result<Response> {
    let body = export::xlsx(&lines(&s, &user, &f).await?).map_err(Error::Internal)?;
    let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(crate::registry::web::download(
        mime,
        &file_name(&s, "xlsx"),
        body,
    ))
}
