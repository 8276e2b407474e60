//! The `/municipalities` page: the list with kind, aliases and population
//! by year for the coordinator, the admin and viewers; adding a
//! municipality, a spelling or a year's population, and uploading a
//! population or crime-statistics table, for the coordinator and the admin.

use super::store;
use crate::accounts::auth::require;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::{Error, Result};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::response::Redirect;
use axum::routing::{get, post};
use serde::Deserialize;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/municipalities", get(page).post(add))
        .route("/municipalities/import", post(upload))
        .route("/municipalities/{id}/aliases", post(add_alias))
        .route("/municipalities/{id}/population", post(set_population))
}

/// Who may change municipalities and load their figures.
fn editor(user: &CurrentUser) -> Result<()> {
    require(user, &[Role::Coordinator, Role::Admin])
}

pub struct Card {
    pub id: i32,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    /// «≈ 350 000 (2020, оценка)», or «не указана».
    pub latest: String,
    /// The earlier years, the same way.
    pub earlier: Vec<String>,
}

/// One period's totals over the okrug.
pub struct CrimeLine {
    pub period: String,
    pub municipalities: usize,
    pub registered: i64,
    pub solved: i64,
    pub damage: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "municipality/list.html")]
pub struct Page {
    chrome: Chrome,
    cards: Vec<Card>,
    crimes: Vec<CrimeLine>,
    can_edit: bool,
    kinds: &'static [&'static str],
    /// The last upload's report, and whether it stored anything.
    report: Option<(bool, Vec<String>)>,
}

fn figure((year, population, approximate): (i32, i64, bool)) -> String {
    let n = crate::ru::number(population as f64);
    match approximate {
        true => format!("≈ {n} ({year}, оценка)"),
        false => format!("{n} ({year})"),
    }
}

/// Kopecks as «1 234 567,89 ₽».
pub fn roubles(kopecks: i64) -> String {
    let whole = crate::ru::number((kopecks / 100) as f64);
    format!("{whole},{:02} ₽", kopecks % 100)
}

async fn build(
    s: &AppState,
    session: &Session,
    user: CurrentUser,
    report: Option<(bool, Vec<String>)>,
) -> Result<Page> {
    let cards = store::list(&s.db)
        .await?
        .into_iter()
        .map(|m| Card {
            latest: m.latest().map_or_else(|| "не указана".into(), figure),
            earlier: m.population.iter().skip(1).copied().map(figure).collect(),
            id: m.id,
            name: m.name,
            kind: m.kind,
            aliases: m.aliases,
        })
        .collect();
    Ok(Page {
        can_edit: editor(&user).is_ok(),
        chrome: Chrome::new(
            "Муниципальные образования",
            Some(user),
            csrf::token(session).await?,
        ),
        cards,
        crimes: crimes(s).await?,
        kinds: super::model::KINDS,
        report,
    })
}

async fn crimes(s: &AppState) -> Result<Vec<CrimeLine>> {
    let mut out: Vec<CrimeLine> = Vec::new();
    let mut damage = Vec::new();
    for c in store::crime_stats(&s.db).await? {
        if out.last().is_none_or(|l| l.period != c.period) {
            out.push(CrimeLine {
                period: c.period.clone(),
                municipalities: 0,
                registered: 0,
                solved: 0,
                damage: String::new(),
            });
            damage.push(0i64);
        }
        if let (Some(l), Some(d)) = (out.last_mut(), damage.last_mut()) {
            l.municipalities += 1;
            l.registered += c.registered;
            l.solved += c.solved;
            *d += c.damage_kopecks;
        }
    }
    for (l, d) in out.iter_mut().zip(damage) {
        l.damage = roubles(d);
        if let Ok(p) = crate::time::period::Period::parse(&l.period) {
            l.period = crate::time::period::russian(p);
        }
    }
    Ok(out)
}

pub async fn page(State(s): State<AppState>, session: Session, user: CurrentUser) -> Result<Page> {
    require(&user, &[Role::Coordinator, Role::Admin, Role::Viewer])?;
    build(&s, &session, user, None).await
}

#[derive(Deserialize)]
pub struct NewForm {
    name: String,
    kind: String,
}

pub async fn add(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(f): Form<NewForm>,
) -> Result<Redirect> {
    editor(&user)?;
    super::admin::add(&s.db, &f.name, &f.kind, &user.actor(), s.now()).await?;
    Ok(Redirect::to("/municipalities"))
}

#[derive(Deserialize)]
pub struct AliasForm {
    alias: String,
}

pub async fn add_alias(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<AliasForm>,
) -> Result<Redirect> {
    editor(&user)?;
    super::admin::add_alias(&s.db, id, &f.alias, &user.actor(), s.now()).await?;
    Ok(Redirect::to("/municipalities"))
}

#[derive(Deserialize)]
pub struct PopulationForm {
    year: String,
    population: String,
    #[serde(default)]
    approximate: Option<String>,
}

pub async fn set_population(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<PopulationForm>,
) -> Result<Redirect> {
    editor(&user)?;
    let cell = crate::office::sheet::cell::count;
    let year = cell(&f.year)
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(|| Error::Invalid("Год — число от 1990 до 2100".into()))?;
    let population = cell(&f.population)
        .ok_or_else(|| Error::Invalid("Численность — целое неотрицательное число".into()))?;
    let value = (year as i32, population, f.approximate.is_some());
    super::admin::set_population(&s.db, id, value, &user.actor(), s.now()).await?;
    Ok(Redirect::to("/municipalities"))
}

mod upload;
pub use upload::upload;
