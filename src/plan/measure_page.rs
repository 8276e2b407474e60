//! A plan's page (its measures) and a measure's page: text, schedule,
//! executors, partners, metrics, and every report on it over time.

use super::store;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::app::AppState;
use crate::control::pages::Row;
use crate::control::period::Period;
use crate::error::{Error, Result};
use crate::web_pages::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use tower_sessions::Session;

pub struct MeasureLink {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub schedule_text: String,
    pub executors: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan/show.html")]
pub struct PlanPage {
    chrome: Chrome,
    validity: String,
    measures: Vec<MeasureLink>,
}

pub async fn show(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<PlanPage> {
    crate::accounts::auth::require(&user, &[Role::Coordinator, Role::Admin, Role::Viewer])?;
    let p = store::load(&s.db, id).await?;
    let measures = p
        .measures
        .iter()
        .zip(&p.measure_ids)
        .map(|(m, id)| MeasureLink {
            id: *id,
            number: m.number.clone(),
            title: m.title.clone(),
            schedule_text: m.schedule_text.clone(),
            executors: m
                .executors
                .iter()
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    Ok(PlanPage {
        chrome: Chrome::new(p.title.clone(), Some(user), csrf::token(&session).await?),
        validity: format!(
            "{} – {}",
            crate::ru::date(p.settings.valid_from),
            crate::ru::date(p.settings.valid_to)
        ),
        measures,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plan/measure.html")]
pub struct MeasurePage {
    chrome: Chrome,
    plan_id: i32,
    title: String,
    schedule_text: String,
    executors: Vec<(String, bool)>,
    partners: Vec<String>,
    metrics: Vec<String>,
    reports: Vec<Row>,
}

pub async fn measure(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<MeasurePage> {
    let plan = crate::control::store::plan_of(&s.db, id).await?;
    let i = plan
        .measure_ids
        .iter()
        .position(|m| *m == id)
        .ok_or_else(|| Error::NotFound("Нет такого мероприятия".into()))?;
    let m = &plan.measures[i];
    let agency = match user.role {
        Role::Executor => Some(user.agency_id.ok_or(Error::Forbidden)?),
        _ => None,
    };
    let mut reports = Vec::new();
    let periods = Period::covering(
        plan.settings.reporting,
        plan.settings.valid_from,
        plan.settings.valid_to,
    );
    for p in periods.into_iter().rev() {
        let obs =
            crate::control::store::statuses_for(&s.db, &plan, &s.calendar, p, agency, s.now())
                .await?;
        reports.extend(obs.iter().filter(|o| o.key.measure_id == id).map(Row::from));
    }
    let metrics = crate::control::store::metrics_of(&s.db, id)
        .await?
        .into_iter()
        .map(|d| {
            if d.required {
                format!("{} (обязательный)", d.label)
            } else {
                d.label
            }
        })
        .collect();
    Ok(MeasurePage {
        chrome: Chrome::new(
            format!("Мероприятие {}", m.number),
            Some(user),
            csrf::token(&session).await?,
        ),
        plan_id: plan.id,
        title: m.title.clone(),
        schedule_text: m.schedule_text.clone(),
        executors: m
            .executors
            .iter()
            .map(|e| (e.name.clone(), e.by_agreement))
            .collect(),
        partners: m.partners.clone(),
        metrics,
        reports,
    })
}
