//! The consolidated report of one period ("Информация о ходе исполнения"):
//! every measure of the plan with what each responsible agency reported and
//! its mark, the metrics as columns, and each agency's completeness and
//! timeliness. `assemble` is pure; `build` loads what it needs. The report
//! is rendered by `crate::office` and served by `download` or the CLI.

use super::current::pick_period;
use super::status::{Facts, Rates};
use super::store::{self, ObligationView};
use crate::accounts::model::{CurrentUser, Role};
use crate::error::{Error, Result};
use crate::office::consolidated::{
    AgencyEntry, AgencySummary, ConsolidatedReport, Mark, MeasureRow,
};
use crate::office::{consolidated_docx, consolidated_xlsx};
use crate::plan::current::current_plan;
use crate::plan::model::ParsedMeasure;
use crate::plan::store::StoredPlan;
use crate::state::AppState;
use crate::time::calendar::Calendar;
use crate::time::period::Period;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::ConnectionTrait;
use serde::Deserialize;
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
        summary: summary(plan, obligations, now, tz),
        metric_columns,
        measures,
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

/// The two forms of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Docx,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn render(self, r: &ConsolidatedReport) -> Result<Vec<u8>> {
        Ok(match self {
            Format::Docx => consolidated_docx::to_docx(r),
            Format::Xlsx => consolidated_xlsx::to_xlsx(r),
        }?)
    }
}

/// `attachment` with an ASCII name for old clients and the Russian one in
/// RFC 5987's `filename*`, which every current browser prefers.
pub fn disposition(period: Period, format: Format) -> String {
    let ext = format.extension();
    let russian = format!("Сводный отчёт {period}.{ext}");
    let encoded: String = russian
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"consolidated-{period}.{ext}\"; filename*=UTF-8''{encoded}")
}

#[derive(Deserialize)]
pub struct DownloadQuery {
    pub period: Option<String>,
    pub format: Option<String>,
}

/// `GET /reports/consolidated?period=2020-Q3&format=docx|xlsx`; without a
/// period, the current one (as on the dashboard); without a format, .docx.
pub async fn download(
    State(s): State<AppState>,
    user: CurrentUser,
    Query(q): Query<DownloadQuery>,
) -> Result<Response> {
    respond(&s, &user, q.period.as_deref(), q.format.as_deref()).await
}

/// The report of `period` (default: today's) as `format` (default: docx),
/// for the page and the API alike.
pub async fn respond(
    s: &AppState,
    user: &CurrentUser,
    period: Option<&str>,
    format: Option<&str>,
) -> Result<Response> {
    crate::accounts::auth::require(user, &[Role::Coordinator, Role::Viewer, Role::Admin])?;
    let format = match format.filter(|f| !f.is_empty()) {
        None => Format::Docx,
        Some(f) => {
            Format::parse(f).ok_or_else(|| Error::Invalid("Формат отчёта: docx или xlsx".into()))?
        }
    };
    let plan = current_plan(s).await?;
    let period = pick_period(&plan, period, s)?;
    let report = build(&s.db, &plan, &s.calendar, period, s.now()).await?;
    let bytes = format.render(&report)?;
    let headers = [
        (header::CONTENT_TYPE, format.content_type().to_owned()),
        (header::CONTENT_DISPOSITION, disposition(period, format)),
        // Reports name agencies and their failings: no shared caches.
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ];
    Ok((headers, bytes).into_response())
}

#[cfg(test)]
mod tests;
