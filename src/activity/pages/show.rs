//! One activity's page: what was done, where, whom it reached, the kind's
//! own fields, links, partners, co-organisers and the evidence files; and
//! its deletion, asked for on a page of its own (works without a script).

use super::{Names, strings};
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::activity::kind::{self, Kind};
use crate::activity::{rules, store, write};
use crate::db::entity::activity::activity;
use crate::error::Result;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use tower_sessions::Session;

/// The kind's own fields in words: «Канал: радио».
pub fn details_text(a: &activity::Model) -> Vec<String> {
    let details: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&a.details).unwrap_or_default();
    let Some(k) = Kind::parse(&a.kind) else {
        return Vec::new();
    };
    k.fields()
        .iter()
        .filter_map(|f| {
            Some(format!(
                "{}: {}",
                f.label,
                kind::value_text(f, details.get(f.key)?)
            ))
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "activity/show.html")]
pub struct ShowPage {
    chrome: Chrome,
    id: i32,
    saved: bool,
    facts: Vec<(&'static str, String)>,
    details: Vec<String>,
    description: String,
    links: Vec<String>,
    files: Vec<(i32, String, String)>,
    can_write: bool,
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    saved: String,
}

fn facts(a: &activity::Model, names: &Names, co: &[String]) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("Дата", super::journal::dates_text(a)),
        (
            "Вид",
            Kind::parse(&a.kind).map_or("", Kind::label).to_string(),
        ),
        ("Мероприятие плана", names.measure(a.measure_id)),
        ("Ведомство", names.agency(a.agency_id)),
        ("Муниципальное образование", names.place(a.municipality_id)),
        ("Охвачено человек", crate::ru::number(a.reached as f64)),
    ];
    let optional = [
        ("Место", a.venue.clone()),
        ("Аудитория", a.audience.clone()),
        ("Партнёры", strings(&a.partners).join("; ")),
        ("Соорганизаторы", co.join("; ")),
    ];
    out.extend(optional.into_iter().filter(|(_, v)| !v.is_empty()));
    out
}

pub async fn show(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i32>,
    Query(q): Query<ShowQuery>,
) -> Result<ShowPage> {
    let a = rules::readable(&s.db, &user, id).await?;
    let names = Names::load(&s.db, std::slice::from_ref(&a)).await?;
    let co: Vec<String> = store::co_agencies(&s.db, id)
        .await?
        .into_iter()
        .map(|ag| names.agency(ag))
        .collect();
    let can_write = rules::writable(&s.db, &user, id).await.is_ok();
    Ok(ShowPage {
        id,
        saved: !q.saved.is_empty(),
        facts: facts(&a, &names, &co),
        details: details_text(&a),
        description: a.description.clone(),
        links: strings(&a.links),
        files: super::evidence::rows(&s.db, id).await?,
        can_write,
        chrome: Chrome::new(a.title.clone(), Some(user), csrf::token(&session).await?),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "activity/delete.html")]
pub struct DeletePage {
    chrome: Chrome,
    id: i32,
}

pub async fn confirm_delete(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<DeletePage> {
    let a = rules::writable(&s.db, &user, id).await?;
    let title = format!("Удалить «{}»?", a.title);
    Ok(DeletePage {
        id,
        chrome: Chrome::new(title, Some(user), csrf::token(&session).await?),
    })
}

pub async fn delete(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    write::delete(&s.db, &user, id, s.now()).await?;
    Ok(Redirect::to("/activities?deleted=1"))
}
