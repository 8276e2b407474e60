//! The coordinator's dashboard for a period: measures × agencies coloured by
//! status, completeness and timeliness per agency and overall, and their
//! trend over the plan's periods as a server-rendered SVG.

use super::current::{PeriodQuery, period_of};
use super::status::Rates;
use super::store::{self, ObligationView};
use super::versions::RatesCache;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::Result;
use crate::plan::current::plans_in_scope;
use crate::ru;
use crate::state::AppState;
use crate::time::period::Period;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tower_sessions::Session;

pub mod queue;
mod section;
pub use section::{AgencyRates, Cell, MatrixRow, PlanSection};

pub(super) fn rates_view(name: String, r: &Rates) -> AgencyRates {
    AgencyRates {
        name,
        completeness: ru::percent(r.completeness()),
        timeliness: ru::percent(r.timeliness()),
        timeliness_extended: ru::percent(r.timeliness_extended()),
        due: r.due,
        counts: Default::default(),
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
pub(super) fn agency_columns(obs: &[ObligationView]) -> Vec<(i32, String)> {
    let mut cols: Vec<(i32, String)> = Vec::new();
    for o in obs {
        if !cols.iter().any(|(id, _)| *id == o.key.agency_id) {
            cols.push((o.key.agency_id, o.agency_name.clone()));
        }
    }
    cols
}

#[derive(Template, WebTemplate)]
#[template(path = "control/dashboard.html")]
pub struct DashboardPage {
    chrome: Chrome,
    /// One per plan covered: every active plan, or the one chosen.
    sections: Vec<PlanSection>,
    /// The filter's choices: every stored plan, `(id, title, active)`.
    plans: Vec<(i32, String, bool)>,
    chosen: Option<i32>,
    can_lock: bool,
}

/// One section per plan, rather than one table with a plan column: each
/// plan has its own measures (numbered from 1 in each), executors, periods
/// and trend, so its matrix and rates only make sense on their own.
pub async fn dashboard(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(q): Query<PeriodQuery>,
) -> Result<DashboardPage> {
    crate::accounts::auth::require(&user, &[Role::Coordinator, Role::Viewer, Role::Admin])?;
    let scope = plans_in_scope(&s, q.plan).await?;
    let strict = scope.len() == 1;
    let mut sections = Vec::with_capacity(scope.len());
    for plan in &scope {
        let period = period_of(plan, q.period.as_deref(), strict, &s)?;
        sections.push(section::build(&s, plan, period).await?);
    }
    let now = s.now();
    let plans = crate::plan::store::list(&s.db)
        .await?
        .into_iter()
        .map(|p| (p.id, crate::plan::store::active_at(&p, now), p.title))
        .map(|(id, active, title)| (id, title, active))
        .collect();
    Ok(DashboardPage {
        sections,
        plans,
        chosen: q.plan,
        can_lock: user.is_coordinator(),
        chrome: Chrome::new(
            "Контроль исполнения",
            Some(user),
            csrf::token(&session).await?,
        ),
    })
}

/// Completeness and timeliness of every period up to `last`. A settled
/// period (every due date passed) is served from memory until its change
/// counter moves.
pub(super) async fn trend(
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
