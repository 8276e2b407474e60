//! An indicator's page: its values and cases, the owner data with the
//! look-up time, the liveness history, and the blocking track as a dated
//! timeline with the next step's form; and the actions taken there.

use super::{CaseFields, Choice, agencies, categories, date_field, status_class};
use crate::registry::access::{Access, access, writer};
use crate::registry::blocking::{self, Done, Track};
use crate::registry::model::{CaseScope, NewStep};
use crate::registry::store;
pub mod owner_liveness;

use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::response::Redirect;
use dozor_indicator::model::{Category, Kind, Status};
use tower_sessions::Session;

pub struct CaseRow {
    pub number: String,
    pub registered_on: String,
    pub agency: String,
    pub article: String,
    pub damage: String,
}

pub struct StepRow {
    pub on: String,
    pub track: &'static str,
    pub label: &'static str,
    pub note: String,
    pub deadline: String,
}

/// A step that may come next: `track:step` as the form's value.
pub struct NextStep {
    pub value: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "registry/indicator.html")]
pub struct IndicatorPage {
    chrome: Chrome,
    /// The case form's fields: empty, this page does not refill them.
    case: super::CaseFields,
    errors: crate::error::FieldErrors,
    id: i32,
    kind: &'static str,
    canonical: Option<String>,
    category: String,
    category_label: &'static str,
    status: &'static str,
    status_class: &'static str,
    source: String,
    first_seen: String,
    last_seen: String,
    values: Vec<String>,
    cases: Vec<CaseRow>,
    steps: Vec<StepRow>,
    next_steps: Vec<NextStep>,
    owner: Option<owner_liveness::OwnerView>,
    can_look_up: bool,
    liveness: Vec<owner_liveness::LivenessRow>,
    can_write: bool,
    categories: Vec<Choice>,
    agencies: Vec<Choice>,
    today: String,
}

fn track_label(t: &str) -> &'static str {
    match Track::parse(t) {
        Some(Track::Judicial) => "судебный порядок",
        Some(Track::Extrajudicial) => "внесудебный порядок",
        None => "",
    }
}

fn roubles(d: Option<i64>) -> String {
    d.map(|d| format!("{} руб.", crate::ru::number(d as f64)))
        .unwrap_or_default()
}

pub async fn show(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<IndicatorPage> {
    let acc = access(&s, &user).await?;
    let ind = store::read::indicator(&s.db, id).await?;
    let kind = Kind::parse(&ind.kind).unwrap_or(Kind::Url);
    let status = Status::parse(&ind.status).unwrap_or(Status::Active);
    let agency_choices = agencies(&s).await?;
    let agency_name = |a: Option<i32>| {
        a.and_then(|a| agency_choices.iter().find(|c| c.value == a.to_string()))
            .map(|c| c.label.clone())
            .unwrap_or_default()
    };
    let cases = store::read::cases_of(&s.db, id)
        .await?
        .into_iter()
        .map(|c| CaseRow {
            registered_on: c.registered_on.map(crate::ru::date).unwrap_or_default(),
            agency: agency_name(c.agency_id),
            article: c.article.unwrap_or_default(),
            damage: roubles(c.damage),
            number: c.number,
        })
        .collect();
    let history = store::steps_of(&s.db, id).await?;
    let done: Vec<Done> = history
        .iter()
        .filter_map(|h| {
            Some(Done {
                track: Track::parse(&h.track)?,
                step: h.step.clone(),
                on: h.on_date,
            })
        })
        .collect();
    let next_steps = blocking::next_steps(&done)
        .into_iter()
        .map(|(t, step)| NextStep {
            value: format!("{}:{step}", t.as_str()),
            label: if blocking::END_STEPS.contains(&step) {
                blocking::step_label(step).to_string()
            } else {
                format!(
                    "{} ({})",
                    blocking::step_label(step),
                    track_label(t.as_str())
                )
            },
        })
        .collect();
    let steps = history
        .iter()
        .map(|h| StepRow {
            on: crate::ru::date(h.on_date),
            track: track_label(&h.track),
            label: blocking::step_label(&h.step),
            note: h.note.clone().unwrap_or_default(),
            deadline: h.deadline.map(crate::ru::date).unwrap_or_default(),
        })
        .collect();
    let values = store::read::values_of(&s.db, id).await?;
    let (owner, liveness) = owner_liveness::owner_and_liveness(&s, &ind).await?;
    Ok(IndicatorPage {
        case: super::CaseFields::default(),
        errors: crate::error::FieldErrors::default(),
        id,
        kind: kind.label(),
        // A card's canonical value is its keyed hash: no use to a reader.
        canonical: (kind != Kind::Card && ind.canonical != ind.display)
            .then(|| ind.canonical.clone()),
        category_label: Category::parse(&ind.category).map_or("", Category::label),
        category: ind.category.clone(),
        status: status.label(),
        status_class: status_class(status),
        source: crate::registry::formats::source_label(&ind.source),
        first_seen: crate::ru::date(ind.first_seen.date_naive()),
        last_seen: crate::ru::date(ind.last_seen.date_naive()),
        values: values.into_iter().map(|v| v.raw).collect(),
        cases,
        steps,
        next_steps,
        owner,
        can_look_up: matches!(kind, Kind::Url | Kind::Domain),
        liveness,
        can_write: acc == Access::Write,
        categories: categories(),
        agencies: agency_choices,
        today: s.now().date_naive().to_string(),
        chrome: Chrome::new(
            ind.display.clone(),
            Some(user),
            csrf::token(&session).await?,
        ),
    })
}

fn back(id: i32) -> Redirect {
    Redirect::to(&format!("/registry/{id}"))
}

#[derive(serde::Deserialize)]
pub struct StepForm {
    step: String,
    on: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    note: String,
}

pub async fn add_step(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<StepForm>,
) -> Result<Redirect> {
    writer(&s, &user).await?;
    let (track, step) = f
        .step
        .split_once(':')
        .and_then(|(t, st)| Some((Track::parse(t)?, st)))
        .ok_or_else(|| Error::Invalid("Выберите шаг блокировки".into()))?;
    let on = date_field(&f.on, "Дата шага")?
        .ok_or_else(|| Error::Invalid("Укажите дату шага".into()))?;
    let deadline = date_field(&f.deadline, "Срок обжалования")?;
    let now = s.now();
    store::add_step(
        &s.db,
        id,
        &NewStep {
            track,
            step,
            on,
            deadline,
            note: Some(f.note.as_str()),
        },
        &user.actor(),
        now,
    )
    .await?;
    s.refresh_check().await;
    Ok(back(id))
}

#[derive(serde::Deserialize)]
pub struct CategoryForm {
    category: String,
}

pub async fn set_category(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<CategoryForm>,
) -> Result<Redirect> {
    writer(&s, &user).await?;
    let c =
        Category::parse(&f.category).ok_or_else(|| Error::Invalid("Выберите категорию".into()))?;
    store::read::set_category(&s.db, id, c, &user.actor(), s.now()).await?;
    s.refresh_check().await;
    Ok(back(id))
}

pub async fn link_case(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<CaseFields>,
) -> Result<Redirect> {
    writer(&s, &user).await?;
    let c = f
        .input()?
        .ok_or_else(|| Error::Invalid("Укажите номер КУСП или уголовного дела".into()))?;
    let scope = CaseScope::of(&user)?;
    store::read::link_case(&s.db, id, &c, scope, &user.actor(), s.now()).await?;
    Ok(back(id))
}
