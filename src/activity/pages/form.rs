//! Quick add and edit: the few fields that matter first (measure, date,
//! kind, municipality, reached, title), the rest below, each kind's own
//! fields in its fieldset (a no-JS form posts them all; the script only
//! hides the other kinds'). A refused form comes back as typed, with every
//! bad field listed in Russian and marked on the field itself.

use super::{Choice, agencies, measures, municipalities, partner_suggestions};
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::activity::model::{AUDIENCES, Draft, Errors};
use crate::activity::rules;
use crate::activity::{store, write};
use crate::db::entity::activity::activity;
use crate::error::{Error, Result};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use tower_sessions::Session;

mod fields;
pub use fields::{DetailField, Field, KindBlock};
use fields::{blocks, error_of};

#[derive(Template)]
#[template(path = "activity/form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub action: String,
    pub button: &'static str,
    pub errors: Errors,
    pub measure: Field,
    pub agency: Field,
    pub kind: Field,
    pub starts_on: Field,
    pub ends_on: Field,
    pub municipality: Field,
    pub venue: Field,
    pub audience: Field,
    pub reached: Field,
    pub title: Field,
    pub description: Field,
    pub links: Field,
    pub partners: Vec<String>,
    pub partners_error: Option<String>,
    pub co_agencies: Vec<(Choice, bool)>,
    pub co_error: Option<String>,
    pub measures: Vec<Choice>,
    pub agencies: Vec<Choice>,
    pub choose_agency: bool,
    pub kinds: Vec<KindBlock>,
    pub kind_choices: Vec<Choice>,
    pub municipalities: Vec<Choice>,
    pub audiences: &'static [&'static str],
    pub suggestions: Vec<String>,
}

/// Where a form is: its title, where it posts, its button.
type At = (&'static str, String, &'static str);

async fn page(
    s: &AppState,
    session: &Session,
    user: &CurrentUser,
    at: At,
    d: &Draft,
    errors: Errors,
) -> Result<FormPage> {
    let f = |name: &'static str, value: &str| Field {
        name,
        value: value.to_string(),
        error: error_of(&errors, name),
    };
    let choose_agency = user.role != Role::Executor;
    let all_agencies = agencies(&s.db).await?;
    let own = user.agency_id.map(|x| x.to_string()).unwrap_or_default();
    let co_agencies = all_agencies
        .iter()
        .filter(|a| a.value != own)
        .map(|a| (a.clone(), d.co_agencies.contains(&a.value)))
        .collect();
    let mut partners: Vec<String> = d
        .partners
        .iter()
        .filter(|p| !p.trim().is_empty())
        .cloned()
        .collect();
    partners.extend([String::new(), String::new()]);
    let executor_agency = user.agency_id.filter(|_| !choose_agency);
    Ok(FormPage {
        action: at.1,
        button: at.2,
        measure: f("measure", &d.measure),
        agency: f("agency", &d.agency),
        kind: f("kind", &d.kind),
        starts_on: f("starts_on", &d.starts_on),
        ends_on: f("ends_on", &d.ends_on),
        municipality: f("municipality", &d.municipality),
        venue: f("venue", &d.venue),
        audience: f("audience", &d.audience),
        reached: f("reached", &d.reached),
        title: f("title", &d.title),
        description: f("description", &d.description),
        links: f("links", &d.links),
        partners,
        partners_error: error_of(&errors, "partners"),
        co_agencies,
        co_error: error_of(&errors, "co_agencies"),
        measures: measures(&s.db, executor_agency).await?,
        agencies: all_agencies,
        choose_agency,
        kinds: blocks(d, &errors),
        kind_choices: super::kinds(),
        municipalities: municipalities(&s.db).await?,
        audiences: AUDIENCES,
        suggestions: partner_suggestions(&s.db).await?,
        errors,
        chrome: Chrome::new(at.0, Some(user.clone()), csrf::token(session).await?),
    })
}

fn html(p: FormPage, status: StatusCode) -> Result<Response> {
    let body = p
        .render()
        .map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    Ok((status, Html(body)).into_response())
}

fn new_at() -> At {
    ("Новое мероприятие", "/activities/new".into(), "Записать")
}

fn edit_at(id: i32) -> At {
    (
        "Изменить мероприятие",
        format!("/activities/{id}/edit"),
        "Сохранить",
    )
}

pub async fn new_form(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<Response> {
    rules::writer(&user)?;
    let d = Draft {
        starts_on: write::today(s.now()).to_string(),
        ..Default::default()
    };
    let p = page(
        &s,
        &session,
        &user,
        new_at(),
        &d,
        Errors::new(crate::activity::model::NOT_RECORDED),
    )
    .await?;
    html(p, StatusCode::OK)
}

/// The form again with its errors (422), or the refusal itself.
async fn refused(
    s: &AppState,
    session: &Session,
    user: &CurrentUser,
    at: At,
    d: &Draft,
    r: Error,
) -> Result<Response> {
    match r {
        Error::Fields(errors) => {
            let p = page(s, session, user, at, d, errors).await?;
            html(p, StatusCode::UNPROCESSABLE_ENTITY)
        }
        e => Err(e),
    }
}

pub async fn create(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let d = Draft::from_pairs(&pairs);
    match write::create(&s.db, &user, &d, s.now()).await {
        Ok(id) => Ok(Redirect::to(&format!("/activities/{id}?saved=1")).into_response()),
        Err(r) => refused(&s, &session, &user, new_at(), &d, r).await,
    }
}

/// The stored activity as the form shows it.
pub fn draft_of(a: &activity::Model, co: &[i32]) -> Draft {
    let details: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&a.details).unwrap_or_default();
    Draft {
        measure: a.measure_id.to_string(),
        agency: a.agency_id.to_string(),
        kind: a.kind.clone(),
        starts_on: a.starts_on.to_string(),
        ends_on: a.ends_on.map(|d| d.to_string()).unwrap_or_default(),
        municipality: a.municipality_id.map(|m| m.to_string()).unwrap_or_default(),
        venue: a.venue.clone(),
        audience: a.audience.clone(),
        reached: a.reached.to_string(),
        title: a.title.clone(),
        description: a.description.clone(),
        links: super::strings(&a.links).join("\n"),
        partners: super::strings(&a.partners),
        co_agencies: co.iter().map(i32::to_string).collect(),
        details: details
            .into_iter()
            .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect(),
    }
}

pub async fn edit_form(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response> {
    let a = rules::writable(&s.db, &user, id).await?;
    let d = draft_of(&a, &store::co_agencies(&s.db, id).await?);
    let p = page(
        &s,
        &session,
        &user,
        edit_at(id),
        &d,
        Errors::new(crate::activity::model::NOT_RECORDED),
    )
    .await?;
    html(p, StatusCode::OK)
}

pub async fn update(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let d = Draft::from_pairs(&pairs);
    match write::edit(&s.db, &user, id, &d, s.now()).await {
        Ok(()) => Ok(Redirect::to(&format!("/activities/{id}?saved=1")).into_response()),
        Err(r) => refused(&s, &session, &user, edit_at(id), &d, r).await,
    }
}
