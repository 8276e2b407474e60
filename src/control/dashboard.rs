//! The coordinator's dashboard for a period: measures × agencies coloured by
//! status, completeness and timeliness per agency and overall, and their
//! trend over the plan's periods as a server-rendered SVG.

use super::current::{PeriodQuery, neighbours, pick_period, report_href};
use super::status::{Rates, Status};
use super::store::{self, ObligationView};
use super::versions::RatesCache;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::Result;
use crate::plan::current::current_plan;
use crate::ru;
use crate::state::AppState;
use crate::time::period::Period;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tower_sessions::Session;

pub struct Cell {
    pub href: String,
    pub status: Status,
}

pub struct MatrixRow {
    pub number: String,
    pub title: String,
    /// One per agency column; `None` where the agency owes nothing.
    pub cells: Vec<Option<Cell>>,
}

pub struct AgencyRates {
    pub name: String,
    pub completeness: String,
    pub timeliness: String,
    pub timeliness_extended: String,
    pub due: u32,
}

#[derive(Template, WebTemplate)]
#[template(path = "control/dashboard.html")]
pub struct DashboardPage {
    chrome: Chrome,
    period_label: String,
    prev: Option<String>,
    next: Option<String>,
    agencies: Vec<String>,
    rows: Vec<MatrixRow>,
    rates: Vec<AgencyRates>,
    overall: AgencyRates,
    progress: String,
    trend_svg: String,
    period: String,
    locked: bool,
    can_lock: bool,
}

fn rates_view(name: String, r: &Rates) -> AgencyRates {
    AgencyRates {
        name,
        completeness: ru::percent(r.completeness()),
        timeliness: ru::percent(r.timeliness()),
        timeliness_extended: ru::percent(r.timeliness_extended()),
        due: r.due,
    }
}

/// Each agency's rates (in the order the agencies first appear) and the
/// period's overall ones: the dashboard's table and the API's.
pub fn agency_rates(
    obs: &[ObligationView],
    now: DateTime<Utc>,
    tz: Tz,
) -> (Vec<(i32, String, Rates)>, Rates) {
    let mut overall = Rates::default();
    let by_agency = agency_columns(obs)
        .into_iter()
        .map(|(id, name)| {
            let mut r = Rates::default();
            for o in obs.iter().filter(|o| o.key.agency_id == id) {
                r.add(&o.facts, now, tz);
                overall.add(&o.facts, now, tz);
            }
            (id, name, r)
        })
        .collect();
    (by_agency, overall)
}

/// Agencies in the order they first appear among the obligations.
fn agency_columns(obs: &[ObligationView]) -> Vec<(i32, String)> {
    let mut cols: Vec<(i32, String)> = Vec::new();
    for o in obs {
        if !cols.iter().any(|(id, _)| *id == o.key.agency_id) {
            cols.push((o.key.agency_id, o.agency_name.clone()));
        }
    }
    cols
}

pub async fn dashboard(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(q): Query<PeriodQuery>,
) -> Result<DashboardPage> {
    crate::accounts::auth::require(&user, &[Role::Coordinator, Role::Viewer, Role::Admin])?;
    let plan = current_plan(&s).await?;
    let period = pick_period(&plan, q.period.as_deref(), &s)?;
    let now = s.now();
    let tz = plan.settings.timezone;
    let obs = store::statuses_for(&s.db, &plan, &s.calendar, period, None, now).await?;
    let cols = agency_columns(&obs);
    let mut rows: Vec<MatrixRow> = Vec::new();
    for o in &obs {
        if rows.last().is_none_or(|r| r.number != o.number) {
            rows.push(MatrixRow {
                number: o.number.clone(),
                title: o.measure_title.clone(),
                cells: cols.iter().map(|_| None).collect(),
            });
        }
        let col = cols
            .iter()
            .position(|(id, _)| *id == o.key.agency_id)
            .unwrap_or(0);
        if let Some(row) = rows.last_mut() {
            row.cells[col] = Some(Cell {
                href: report_href(o.key),
                status: o.status,
            });
        }
    }
    let (by_agency, overall) = agency_rates(&obs, now, tz);
    let rates = by_agency
        .iter()
        .map(|(_, name, r)| rates_view(name.clone(), r))
        .collect();
    let submitted = obs.iter().filter(|o| o.facts.complete()).count();
    let progress = format!("представлено {submitted} из {}", obs.len());
    let trend = trend(&s, &plan, period, now).await?;
    let (prev, next) = neighbours(&plan, period);
    let locked = store::is_locked(&s.db, plan.id, period).await?;
    let can_lock = user.is_coordinator();
    Ok(DashboardPage {
        period: period.to_string(),
        locked,
        can_lock,
        chrome: Chrome::new(
            "Контроль исполнения",
            Some(user),
            csrf::token(&session).await?,
        ),
        period_label: crate::time::period::russian(period),
        prev,
        next,
        agencies: cols.into_iter().map(|(_, n)| n).collect(),
        rows,
        rates,
        overall: rates_view("Всего".into(), &overall),
        progress,
        trend_svg: super::trend::svg(&trend),
    })
}

/// Completeness and timeliness of every period up to `last`. A settled
/// period (every due date passed) is served from memory until its change
/// counter moves.
async fn trend(
    s: &AppState,
    plan: &crate::plan::store::StoredPlan,
    last: Period,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(String, Rates)>> {
    let versions = super::versions::all(&s.db, plan.id).await?;
    let tz = plan.settings.timezone;
    let mut out = Vec::new();
    for p in Period::covering(
        plan.settings.reporting,
        plan.settings.valid_from,
        plan.settings.valid_to,
    ) {
        if p > last {
            break;
        }
        let version = versions.get(&p.to_string()).copied().unwrap_or(0);
        if let Some(r) = s.caches.get::<RatesCache>().rates(plan.id, p, version) {
            out.push((p.to_string(), r));
            continue;
        }
        let obs = store::statuses_for(&s.db, plan, &s.calendar, p, None, now).await?;
        let mut r = Rates::default();
        for o in &obs {
            r.add(&o.facts, now, tz);
        }
        if obs.iter().all(|o| o.facts.settled(now, tz)) {
            s.caches
                .get::<RatesCache>()
                .put_rates(plan.id, p, version, r);
        }
        out.push((p.to_string(), r));
    }
    Ok(out)
}
