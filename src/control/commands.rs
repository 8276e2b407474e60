//! The control commands of the CLI: `dozor plan due`, who owes which report
//! for a period and by when, and `dozor report consolidated` (in
//! `consolidated`), which writes the consolidated report of a period.

use super::model::{deadline, obligations};
use crate::command::{Context, say};
use crate::plan::commands::plan_id;
use crate::plan::store::{self, StoredPlan};
use crate::time::period::Period;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Args;
use serde_json::{Value, json};

mod consolidated;
pub use consolidated::{ConsolidatedArgs, consolidated};

/// A period of the plan's reporting type, or an error that shows the right form.
fn check_reporting_kind(p: &StoredPlan, period: Period, written: &str) -> Result<()> {
    if period.kind != p.settings.reporting {
        bail!(
            "{} is a {} period, but plan {} reports by {}: write it like {}",
            written,
            period.kind.as_str(),
            p.id,
            p.settings.reporting.as_str(),
            Period::containing(p.settings.reporting, period.start())
        );
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// A period of the plan's reporting type: 2020-Q3 (quarter), 2020-07, 2020-H2, 2020.
    pub period: String,
    #[arg(long)]
    pub plan: Option<i32>,
    #[arg(long)]
    pub json: bool,
}

pub async fn due(ctx: &Context, a: DueArgs) -> Result<()> {
    let calendar = ctx.config.calendar()?;
    let period = Period::parse(&a.period)?;
    let db = ctx.db().await?;
    let p = store::load(&db, plan_id(&db, a.plan).await?).await?;
    check_reporting_kind(&p, period, &a.period)?;
    if !period.overlaps(p.settings.valid_from, p.settings.valid_to) {
        eprintln!(
            "note: {period} is outside plan {}'s validity ({} – {})",
            p.id, p.settings.valid_from, p.settings.valid_to
        );
    }
    let rows = due_rows(&p, &calendar, period);
    if a.json {
        say!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print_due(&p, period, &rows)?;
    }
    Ok(())
}

fn due_rows(
    p: &StoredPlan,
    calendar: &crate::time::calendar::Calendar,
    period: Period,
) -> Vec<Value> {
    let rules = super::store::rules(p);
    let p = &*p.as_of(period);
    obligations(&p.measures, &rules, calendar, period)
        .into_iter()
        .map(|o| {
            let m = &p.measures[o.measure];
            json!({
                "measure": m.number,
                "agency": m.executors[o.executor].name,
                "agency_id": p.agency_ids[o.measure][o.executor],
                "period": o.period.to_string(),
                "due": o.due,
                "deadline": deadline(o.due, rules.timezone).map(|d| d.to_rfc3339()),
            })
        })
        .collect()
}

fn print_due(p: &StoredPlan, period: Period, rows: &[Value]) -> Result<()> {
    say!("Plan {}: {}", p.id, p.title);
    say!("{period}: {} obligations", rows.len());
    for r in rows {
        let due: NaiveDate = serde_json::from_value(r["due"].clone()).unwrap_or_default();
        say!(
            "{:>6}  {}  {}",
            r["measure"].as_str().unwrap_or_default(),
            due.format("%d.%m.%Y"),
            r["agency"].as_str().unwrap_or_default()
        );
    }
    Ok(())
}
