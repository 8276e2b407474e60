//! Plans in the browser: the list, upload with a preview where unrecognised
//! schedules and unknown agencies stand out and can be fixed in place, and
//! the confirmation that stores the plan. Nothing is stored before it.

use super::import;
use super::model::{ParsedMeasure, ParsedPlan, Schedule};
use super::store::{self, Imported, Settings};
use crate::accounts::auth::require;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::{Error, Result};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Multipart, State};
use axum::response::Redirect;
use chrono::NaiveDate;
use tower_sessions::Session;

pub struct PlanRow {
    pub id: i32,
    pub title: String,
    pub validity: String,
    pub imported: String,
    /// Active now, or not (see `model::activity`).
    pub state: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan/list.html")]
pub struct PlansPage {
    chrome: Chrome,
    plans: Vec<PlanRow>,
    can_upload: bool,
}

pub async fn list(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<PlansPage> {
    require(&user, &[Role::Coordinator, Role::Admin, Role::Viewer])?;
    let tz = crate::config::DEFAULT_TIMEZONE;
    let plans = store::list(&s.db)
        .await?
        .into_iter()
        .map(|p| PlanRow {
            id: p.id,
            validity: format!(
                "{} – {}",
                crate::ru::date(p.valid_from),
                crate::ru::date(p.valid_to)
            ),
            imported: crate::ru::datetime(p.imported_at, tz),
            state: if store::active_at(&p, s.now()) {
                "действует"
            } else {
                "не действует"
            },
            title: p.title,
        })
        .collect();
    Ok(PlansPage {
        can_upload: user.is_coordinator(),
        chrome: Chrome::new("Планы", Some(user), csrf::token(&session).await?),
        plans,
    })
}

pub struct PreviewMeasure {
    pub number: String,
    pub section: String,
    /// The section's heading where it begins.
    pub heading: Option<String>,
    pub title: String,
    pub schedule_text: String,
    pub unrecognized: bool,
    pub schedule_kind: String,
    pub executors: String,
    pub unknown: Vec<String>,
    /// Proposed from the text; the coordinator changes it on the measure's page.
    pub feeds_registry: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan/preview.html")]
pub struct PreviewPage {
    chrome: Chrome,
    title: String,
    valid_from: String,
    valid_to: String,
    measures: Vec<PreviewMeasure>,
    warnings: usize,
}

fn kind(s: &Schedule) -> String {
    match s {
        Schedule::Continuous { .. } => "постоянно".into(),
        Schedule::Recurring { every, .. } => every.adverb().to_string(),
        Schedule::Once { due } => format!("однократно, {}", crate::ru::date(*due)),
        Schedule::OnDemand => "по мере необходимости".into(),
        Schedule::Unrecognized => "не распознан".into(),
    }
}

async fn preview_page(
    s: &AppState,
    session: &Session,
    user: CurrentUser,
    plan: &ParsedPlan,
) -> Result<PreviewPage> {
    let mut measures = Vec::new();
    let mut warnings = 0;
    let headings = super::model::section_headings(&plan.measures);
    for (m, heading) in plan.measures.iter().zip(headings) {
        let mut unknown = Vec::new();
        for e in &m.executors {
            if crate::agency::store::agency_by_alias(&s.db, &e.name)
                .await?
                .is_none()
            {
                unknown.push(e.name.clone());
            }
        }
        let unrecognized = m.schedule == Schedule::Unrecognized;
        warnings += unknown.len() + usize::from(unrecognized);
        measures.push(PreviewMeasure {
            number: m.number.clone(),
            section: m.section.clone().unwrap_or_default(),
            heading,
            title: m.title.clone(),
            schedule_text: m.schedule_text.clone(),
            unrecognized,
            schedule_kind: kind(&m.schedule),
            executors: super::executors::executors_text(m),
            unknown,
            feeds_registry: super::model::proposes_registry(&m.title),
        });
    }
    let (from, to) = import::validity(plan).map_or((String::new(), String::new()), |(f, t)| {
        (f.to_string(), t.to_string())
    });
    Ok(PreviewPage {
        chrome: Chrome::new(
            "Проверка плана перед загрузкой",
            Some(user),
            csrf::token(session).await?,
        ),
        title: plan.title.clone(),
        valid_from: from,
        valid_to: to,
        measures,
        warnings,
    })
}

pub async fn preview(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    mut multipart: Multipart,
) -> Result<PreviewPage> {
    require(&user, &[Role::Coordinator])?;
    let file = crate::web::upload(&mut multipart)
        .await?
        .ok_or_else(|| Error::Invalid("Выберите файл плана".into()))?;
    let name = crate::web::file_name::clean(&file.file_name, "план");
    let bytes = file.bytes;
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    let (_, out) = import::parse(&bytes, stem, None).map_err(|e| Error::Invalid(e.ru()))?;
    preview_page(&s, &session, user, &out.plan).await
}

/// Rebuilds the plan from the preview form, with the coordinator's fixes.
fn plan_from_form(
    fields: &[(String, String)],
) -> Result<(ParsedPlan, Option<(NaiveDate, NaiveDate)>)> {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let mut measures = Vec::new();
    for i in 0.. {
        let Some(number) = get(&format!("number_{i}")) else {
            break;
        };
        let title = crate::ru::squash(get(&format!("title_{i}")).unwrap_or(""));
        let section = crate::ru::squash(get(&format!("section_{i}")).unwrap_or(""));
        let schedule_text = crate::ru::squash(get(&format!("schedule_{i}")).unwrap_or(""));
        let lines: Vec<String> = get(&format!("executors_{i}"))
            .unwrap_or("")
            .lines()
            .map(str::to_string)
            .collect();
        let number = crate::plan::text::measure_number(number)
            .ok_or_else(|| Error::Invalid(format!("«{number}» — не номер мероприятия")))?;
        if title.is_empty() {
            return Err(Error::Invalid(format!(
                "У мероприятия {number} нет наименования"
            )));
        }
        measures.push(ParsedMeasure {
            partners: super::executors::partners(&title),
            schedule: super::schedule::parse(&schedule_text),
            executors: super::executors::split_executors(&lines),
            number,
            title,
            schedule_text,
            section: (!section.is_empty()).then_some(section),
        });
    }
    if measures.is_empty() {
        return Err(Error::Invalid("В плане нет мероприятий".into()));
    }
    let plan = ParsedPlan {
        title: crate::ru::squash(get("title").unwrap_or("")),
        measures,
    };
    let date = |k: &str| get(k).and_then(|v| NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok());
    let validity = match (date("valid_from"), date("valid_to")) {
        (Some(f), Some(t)) if f <= t => Some((f, t)),
        (Some(_), Some(_)) => {
            return Err(Error::Invalid(
                "Начало действия плана позже окончания".into(),
            ));
        }
        _ => import::validity(&plan),
    };
    Ok((plan, validity))
}

pub async fn confirm(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Redirect> {
    require(&user, &[Role::Coordinator])?;
    let (plan, validity) = plan_from_form(&fields)?;
    let (valid_from, valid_to) = validity.ok_or_else(|| {
        Error::Invalid("План не называет ни одного года: укажите срок его действия".into())
    })?;
    let settings = Settings {
        timezone: crate::config::DEFAULT_TIMEZONE,
        due_shift: crate::time::calendar::DueShift::Next,
        paid_non_working: crate::time::calendar::PaidNonWorking::Working,
        reporting: crate::time::period::Every::Quarter,
        valid_from,
        valid_to,
    };
    let (Imported::New { id, .. } | Imported::Existing { id }) = store::import(
        &s.db,
        &plan,
        &settings,
        "загружен в браузере",
        s.now(),
        &user.actor(),
    )
    .await?;
    Ok(Redirect::to(&format!("/plans/{id}")))
}
