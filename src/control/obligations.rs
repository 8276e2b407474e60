//! The executor's "My obligations": every active plan's obligations of
//! their agency (or the plan chosen by `?plan=`), one section per plan: the
//! period's, and earlier ones still open.

use super::current::{PeriodQuery, Row, neighbours, period_of};
use super::status::Status;
use super::store;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::{CurrentUser, Role};
use crate::error::Result;
use crate::plan::current::{active_plans, plan_by_id};
use crate::plan::store::StoredPlan;
use crate::state::AppState;
use crate::time::period::Period;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "control/obligations.html")]
pub struct ObligationsPage {
    chrome: Chrome,
    /// One per plan covered: every active plan, or the one chosen.
    sections: Vec<ObligationSection>,
    /// The filter's choices: the plans covered by default, `(id, title)`.
    plans: Vec<(i32, String)>,
    chosen: Option<i32>,
}

/// One plan's obligations of the agency: its period's, and earlier ones
/// still open (overdue or returned).
pub struct ObligationSection {
    plan_id: i32,
    title: String,
    period_label: String,
    prev: Option<String>,
    next: Option<String>,
    current: Vec<Row>,
    overdue: Vec<Row>,
}

pub async fn obligations(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(q): Query<PeriodQuery>,
) -> Result<ObligationsPage> {
    crate::accounts::auth::require(&user, &[Role::Executor])?;
    let active = active_plans(&s).await?;
    let scope = match q.plan {
        Some(id) => vec![plan_by_id(&s, id).await?],
        None => active.clone(),
    };
    let mut sections = Vec::with_capacity(scope.len());
    for plan in &scope {
        let period = period_of(plan, q.period.as_deref(), scope.len() == 1, &s)?;
        sections.push(section(&s, plan, period, user.agency_id).await?);
    }
    Ok(ObligationsPage {
        chrome: Chrome::new(
            "Мои обязательства",
            Some(user),
            csrf::token(&session).await?,
        ),
        sections,
        plans: active.iter().map(|p| (p.id, p.title.clone())).collect(),
        chosen: q.plan,
    })
}

async fn section(
    s: &AppState,
    plan: &StoredPlan,
    period: Period,
    agency: Option<i32>,
) -> Result<ObligationSection> {
    let now = s.now();
    let current = store::statuses_for(&s.db, plan, &s.calendar, period, agency, now).await?;
    let mut overdue = Vec::new();
    for p in Period::covering(
        plan.settings.reporting,
        plan.settings.valid_from,
        plan.settings.valid_to,
    ) {
        if p >= period {
            break;
        }
        let rows = store::statuses_for(&s.db, plan, &s.calendar, p, agency, now).await?;
        overdue.extend(
            rows.iter()
                .filter(|o| matches!(o.status, Status::Overdue | Status::Returned))
                .map(Row::from),
        );
    }
    let (prev, next) = neighbours(plan, period);
    Ok(ObligationSection {
        plan_id: plan.id,
        title: plan.title.clone(),
        period_label: crate::time::period::russian(period),
        prev,
        next,
        current: current.iter().map(Row::from).collect(),
        overdue,
    })
}
