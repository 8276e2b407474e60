//! A plan's page: its validity and its measures, each linking to its page.

use super::model::activity::Activity;
use super::store;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::Result;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use tower_sessions::Session;

pub struct MeasureLink {
    pub id: i32,
    /// The section heading shown above its first measure.
    pub heading: Option<String>,
    pub number: String,
    pub title: String,
    pub schedule_text: String,
    pub executors: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan/show.html")]
pub struct PlanPage {
    chrome: Chrome,
    id: i32,
    validity: String,
    /// The coordinator's override and whether the plan is active now.
    activity: Activity,
    active: bool,
    can_set_activity: bool,
    choices: [Activity; 3],
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
    let headings = super::model::section_headings(&p.measures);
    let row = store::row(&s.db, id).await?;
    let activity = store::activity_of(&row);
    let active = store::active_at(&row, s.now());
    let can_set_activity = matches!(user.role, Role::Coordinator | Role::Admin);
    let measures = p
        .measures
        .iter()
        .zip(&p.measure_ids)
        .zip(headings)
        .map(|((m, id), heading)| MeasureLink {
            id: *id,
            heading,
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
        id,
        activity,
        active,
        can_set_activity,
        choices: Activity::ALL,
        validity: format!(
            "{} – {}",
            crate::ru::date(p.settings.valid_from),
            crate::ru::date(p.settings.valid_to)
        ),
        measures,
    })
}
