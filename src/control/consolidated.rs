//! The consolidated report of one period ("Информация о ходе исполнения"):
//! every measure of the plan with what each responsible agency reported and
//! its mark, the metrics as columns, and each agency's completeness and
//! timeliness. `assemble` is pure; `build` loads what it needs. The report
//! is rendered by `crate::office` and served by `download` or the CLI.

use super::status::{Facts, Rates};
use super::store::{self, ObligationView};
use crate::error::{Error, Result};
use crate::office::consolidated::{
    AgencyEntry, AgencySummary, ConsolidatedReport, Mark, MeasureRow,
};
use crate::plan::model::ParsedMeasure;
use crate::plan::store::StoredPlan;
use crate::time::calendar::Calendar;
use crate::time::period::Period;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::ConnectionTrait;
use std::collections::BTreeMap;

/// Loads the period's obligations and the measures' metrics, then assembles.
pub async fn build(
    db: &impl ConnectionTrait,
    plan: &StoredPlan,
    cal: &Calendar,
    period: Period,
    now: DateTime<Utc>,
) -> Result<ConsolidatedReport> {
    if period.kind != plan.settings.reporting {
        return Err(Error::Invalid(
            "План отчитывается по другим периодам".into(),
        ));
    }
    let plan = &*plan.as_of(period);
    let obligations = store::obligations_for(db, plan, cal, period, None, now).await?;
    let mut metrics = Vec::with_capacity(plan.measure_ids.len());
    for id in &plan.measure_ids {
        let defs = crate::plan::store::metrics_of(db, *id).await?;
        metrics.push(defs.into_iter().map(|d| (d.key, d.label)).collect());
    }
    Ok(assemble(plan, period, &obligations, &metrics, now))
}

/// The report from the plan, the period's obligations (as `obligations_for`
/// gives them: plan order, then executor order) and each measure's metric
/// definitions `(key, label)`, parallel to `plan.measures`.
pub fn assemble(
    plan: &StoredPlan,
    period: Period,
    obligations: &[ObligationView],
    metrics: &[Vec<(String, String)>],
    now: DateTime<Utc>,
) -> ConsolidatedReport {
    let tz = plan.settings.timezone;
    let metric_columns = metric_columns(metrics);
    let measures = plan
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| MeasureRow {
            section: m.section.clone(),
            number: m.number.clone(),
            title: m.title.clone(),
            schedule_text: m.schedule_text.clone(),
            executors: executors_as_written(m),
            entries: obligations
                .iter()
                .filter(|o| o.measure_index == i)
                .map(|o| entry(o, &metric_columns, now, tz))
                .collect(),
        })
        .collect();
    ConsolidatedReport {
        plan_title: plan.title.clone(),
        period_label: crate::time::period::russian(period),
        period_for: crate::time::period::russian_for(period),
        summary: summary(plan, obligations, now, tz),
        metric_columns,
        measures,
        annexes: Vec::new(),
    }
}

/// The union of the measures' metrics, in the order they are first met; a
/// key shared by several measures is one column, labelled as first seen.
fn metric_columns(metrics: &[Vec<(String, String)>]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (key, label) in metrics.iter().flatten() {
        if !out.iter().any(|(k, _)| k == key) {
            out.push((key.clone(), label.clone()));
        }
    }
    out
}

fn executors_as_written(m: &ParsedMeasure) -> Vec<String> {
    m.executors
        .iter()
        .map(|e| match e.by_agreement {
            true => format!("{} (по согласованию)", e.name),
            false => e.name.clone(),
        })
        .collect()
}

fn entry(
    o: &ObligationView,
    columns: &[(String, String)],
    now: DateTime<Utc>,
    tz: Tz,
) -> AgencyEntry {
    // Only a complete report (accepted or submitted) speaks for the agency:
    // a draft was never sent, a returned one was found wanting. Its metrics
    // go with it. The same rule decides the mark, so text and mark agree.
    let shown = o.report.as_ref().filter(|_| o.facts.complete());
    let values: BTreeMap<String, f64> = shown
        .and_then(|r| serde_json::from_str(&r.metrics).ok())
        .unwrap_or_default();
    AgencyEntry {
        agency: o.agency_name.clone(),
        text: shown.map(|r| r.body.clone()),
        mark: mark(&o.facts, now, tz),
        extended_to: o.facts.extended_to,
        metrics: columns
            .iter()
            .map(|(k, _)| values.get(k).copied())
            .collect(),
    }
}

/// The mark is the obligation's one assessment (`Facts::assess`): a
/// returned report is «на доработке», a re-submission is judged by its own
/// time, against the granted due date when there is one.
pub fn mark(f: &Facts, now: DateTime<Utc>, tz: Tz) -> Mark {
    f.assess(now, tz).mark
}

/// One line per agency owing something in the period, in the order agencies
/// first appear in the plan and named as the plan first writes them. The
/// figures are DESIGN's rates: timeliness against the original due date.
fn summary(
    plan: &StoredPlan,
    obligations: &[ObligationView],
    now: DateTime<Utc>,
    tz: Tz,
) -> Vec<AgencySummary> {
    let mut agencies: Vec<(i32, &str)> = Vec::new();
    for (ids, m) in plan.agency_ids.iter().zip(&plan.measures) {
        for (id, e) in ids.iter().zip(&m.executors) {
            if !agencies.iter().any(|(a, _)| a == id) {
                agencies.push((*id, &e.name));
            }
        }
    }
    agencies
        .into_iter()
        .filter_map(|(id, name)| {
            let mut rates = Rates::default();
            let mut owes = false;
            for o in obligations.iter().filter(|o| o.key.agency_id == id) {
                owes = true;
                rates.add(&o.facts, now, tz);
            }
            owes.then(|| AgencySummary {
                agency: name.to_owned(),
                due: rates.due,
                submitted: rates.complete,
                on_time: rates.on_time,
            })
        })
        .collect()
}

mod delivery;
mod format;
pub use delivery::{
    Ask, DownloadQuery, IssueForm, Issuer, disposition, download, issue, issue_date, issued,
    issued_name, respond,
};
pub use format::Format;

#[cfg(test)]
mod tests;
