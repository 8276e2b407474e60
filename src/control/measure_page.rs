//! A measure's page: text, schedule, executors, partners, metrics, and
//! every report on it over time; the coordinator edits the measure there
//! (its schedule and executors from an open period on, its metrics, its
//! section and partners, whether it feeds the registry).

use super::current::Row;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::{Error, Result};
use crate::plan::store;
use crate::state::AppState;
use crate::time::period::Period;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "control/measure.html")]
pub struct MeasurePage {
    chrome: Chrome,
    plan_id: i32,
    title: String,
    schedule_text: String,
    executors: Vec<(String, bool)>,
    section: Option<String>,
    partners: Vec<String>,
    partner_lines: String,
    metrics: Vec<String>,
    reports: Vec<Row>,
    revisions: Vec<String>,
    can_edit: bool,
    edit_periods: Vec<(String, String)>,
    executor_lines: String,
    metric_rows: Vec<(String, String, bool)>,
    measure_id: i32,
    feeds_registry: bool,
}

pub async fn measure(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<MeasurePage> {
    let plan = store::plan_of(&s.db, id).await?;
    let i = plan
        .measure_ids
        .iter()
        .position(|m| *m == id)
        .ok_or_else(|| Error::NotFound("Нет такого мероприятия".into()))?;
    let last = Period::containing(plan.settings.reporting, plan.settings.valid_to);
    let latest = plan.as_of(last);
    let m = &latest.measures[i];
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
        let obs = super::store::statuses_for(&s.db, &plan, &s.calendar, p, agency, s.now()).await?;
        reports.extend(obs.iter().filter(|o| o.key.measure_id == id).map(Row::from));
    }
    let defs = store::metrics_of(&s.db, id).await?;
    let metric_rows = defs
        .iter()
        .map(|d| (d.key.clone(), d.label.clone(), d.required))
        .collect();
    let metrics = defs
        .into_iter()
        .map(|d| {
            if d.required {
                format!("{} (обязательный)", d.label)
            } else {
                d.label
            }
        })
        .collect();
    let revisions = plan
        .revisions
        .iter()
        .filter(|r| r.measure_index == i)
        .map(|r| {
            let names: Vec<&str> = r.executors.iter().map(|e| e.name.as_str()).collect();
            format!(
                "с периода «{}»: срок «{}», исполнители: {}",
                crate::time::period::russian(r.from),
                r.schedule_text,
                names.join(", ")
            )
        })
        .collect();
    let can_edit = user.is_coordinator();
    let edit_periods = if can_edit {
        super::measure_edit::editable_periods(&s.db, &plan, s.now())
            .await?
            .into_iter()
            .map(|p| (p.to_string(), crate::time::period::russian(p)))
            .collect()
    } else {
        Vec::new()
    };
    let executor_lines = crate::plan::executors::executors_text(m);
    Ok(MeasurePage {
        revisions,
        can_edit,
        edit_periods,
        executor_lines,
        metric_rows,
        measure_id: id,
        feeds_registry: plan.feeds_registry[i],
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
        section: m.section.clone(),
        partners: m.partners.clone(),
        partner_lines: m.partners.join("\n"),
        metrics,
        reports,
    })
}

#[derive(serde::Deserialize)]
pub struct EditForm {
    schedule_text: String,
    executors: String,
    from: String,
}

pub async fn edit(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    axum::extract::Form(f): axum::extract::Form<EditForm>,
) -> Result<axum::response::Redirect> {
    let from = Period::parse(&f.from).map_err(|e| Error::Invalid(e.to_string()))?;
    let lines: Vec<String> = f.executors.lines().map(str::to_string).collect();
    let edit = crate::plan::edit::MeasureEdit {
        schedule_text: &f.schedule_text,
        executor_lines: &lines,
        from,
    };
    super::measure_edit::edit_measure(&s.db, &user, id, &edit, s.now()).await?;
    Ok(axum::response::Redirect::to(&format!("/measures/{id}")))
}

#[derive(serde::Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    section: String,
    #[serde(default)]
    partners: String,
}

/// The measure's section and partners; coordinator only.
pub async fn details(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    axum::extract::Form(f): axum::extract::Form<DetailsForm>,
) -> Result<axum::response::Redirect> {
    let edit = crate::plan::details::DetailsEdit {
        section: &f.section,
        partners: &f.partners,
    };
    crate::plan::details::set_details(&s.db, &user, id, &edit, s.now()).await?;
    Ok(axum::response::Redirect::to(&format!("/measures/{id}")))
}

#[derive(serde::Deserialize)]
pub struct RegistryForm {
    /// Present when the box is ticked.
    feeds_registry: Option<String>,
}

/// Whether the measure's executors write the registry; coordinator only.
pub async fn registry(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    axum::extract::Form(f): axum::extract::Form<RegistryForm>,
) -> Result<axum::response::Redirect> {
    let feeds = f.feeds_registry.is_some();
    crate::plan::edit::set_feeds_registry(&s.db, &user, id, feeds, s.now()).await?;
    Ok(axum::response::Redirect::to(&format!("/measures/{id}")))
}

/// `label_N`, `key_N`, `required_N` for each metric, `label_new`/`required_new` for one more.
pub async fn metrics(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    axum::extract::Form(fields): axum::extract::Form<Vec<(String, String)>>,
) -> Result<axum::response::Redirect> {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut edits = Vec::new();
    for i in 0.. {
        let Some(key) = get(&format!("key_{i}")) else {
            break;
        };
        if get(&format!("remove_{i}")).is_some() {
            continue;
        }
        edits.push(crate::plan::edit::MetricEdit {
            key: Some(key),
            label: get(&format!("label_{i}")).unwrap_or_default(),
            required: get(&format!("required_{i}")).is_some(),
        });
    }
    if let Some(label) = get("label_new").filter(|l| !l.trim().is_empty()) {
        edits.push(crate::plan::edit::MetricEdit {
            key: None,
            label,
            required: get("required_new").is_some(),
        });
    }
    crate::plan::edit::set_metrics(&s.db, &user, id, &edits, s.now()).await?;
    Ok(axum::response::Redirect::to(&format!("/measures/{id}")))
}
