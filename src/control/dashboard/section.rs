//! One plan's part of the dashboard: its matrix of measures × agencies, the
//! rates per agency and overall, and the trend, for one of its periods.

use super::{agency_columns, agency_rates, rates_view, trend};
use crate::control::current::{neighbours, report_href};
use crate::control::status::Status;
use crate::control::store::{self, ObligationView};
use crate::error::Result;
use crate::plan::store::StoredPlan;
use crate::state::AppState;
use crate::time::period::Period;

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
    /// Where the period's reports stand (filled in by the section).
    pub counts: super::queue::Counts,
    pub completeness: String,
    pub timeliness: String,
    pub timeliness_extended: String,
    pub due: u32,
}

pub struct PlanSection {
    pub plan_id: i32,
    pub title: String,
    pub period: String,
    pub period_label: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub agencies: Vec<String>,
    pub rows: Vec<MatrixRow>,
    pub rates: Vec<AgencyRates>,
    pub overall: AgencyRates,
    pub progress: String,
    pub trend_svg: String,
    /// The chart's values: period, completeness, timeliness.
    pub trend_table: Vec<(String, String, String)>,
    pub locked: bool,
    /// Submitted reports waiting for a decision, the longest first.
    pub queue: Vec<super::queue::Waiting>,
}

/// The plan's section for `period`: the period's obligations are read once.
pub async fn build(s: &AppState, plan: &StoredPlan, period: Period) -> Result<PlanSection> {
    let now = s.now();
    let tz = plan.settings.timezone;
    let obs = store::statuses_for(&s.db, plan, &s.calendar, period, None, now).await?;
    let cols = agency_columns(&obs);
    let rows = matrix(&obs, &cols);
    let (by_agency, overall) = agency_rates(&obs, now, tz);
    let rates = by_agency
        .iter()
        .map(|(id, name, r)| AgencyRates {
            counts: super::queue::counts(&obs, Some(*id)),
            ..rates_view(name.clone(), r)
        })
        .collect();
    let submitted = obs.iter().filter(|o| o.facts.complete()).count();
    let trend = trend(s, plan, period, now).await?;
    let (prev, next) = neighbours(plan, period);
    Ok(PlanSection {
        plan_id: plan.id,
        title: plan.title.clone(),
        period: period.to_string(),
        period_label: crate::time::period::russian(period),
        prev,
        next,
        agencies: cols.into_iter().map(|(_, n)| n).collect(),
        rows,
        rates,
        overall: AgencyRates {
            counts: super::queue::counts(&obs, None),
            ..rates_view("Всего".into(), &overall)
        },
        queue: super::queue::queue(&obs),
        progress: format!("представлено {submitted} из {}", obs.len()),
        trend_svg: crate::control::trend::svg(&trend),
        trend_table: crate::control::trend::table(&trend),
        locked: store::is_locked(&s.db, plan.id, period).await?,
    })
}

/// Rows of measures in plan order, a cell per agency column.
fn matrix(obs: &[ObligationView], cols: &[(i32, String)]) -> Vec<MatrixRow> {
    let mut rows: Vec<MatrixRow> = Vec::new();
    for o in obs {
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
    rows
}
