//! Obligations: which agency owes a report on which measure for a period,
//! and by when. Derived from the plan and the calendar alone, never from
//! timer ticks, so nothing is missed while the server was down. And where a
//! report and an extension are in their lives (stored as their `as_str`).

use crate::plan::model::{ParsedMeasure, Schedule};
use crate::time::calendar::{Calendar, DueShift};
use crate::time::period::Every;
use crate::time::period::Period;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

/// The plan settings obligations depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    pub reporting: Every,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub shift: DueShift,
    /// Whether the decree's paid non-working days move a due date.
    pub paid: crate::time::calendar::PaidNonWorking,
    pub timezone: Tz,
}

/// One expected report: indexes into the plan's measures and their executors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Obligation {
    pub measure: usize,
    pub executor: usize,
    pub period: Period,
    pub due: NaiveDate,
}

/// Where a report is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    Draft,
    Submitted,
    Returned,
    Accepted,
}

impl ReportState {
    /// As stored in `reports.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Returned => "returned",
            ReportState::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<ReportState> {
        match s {
            "draft" => Some(ReportState::Draft),
            "submitted" => Some(ReportState::Submitted),
            "returned" => Some(ReportState::Returned),
            "accepted" => Some(ReportState::Accepted),
            _ => None,
        }
    }
}

/// Where a request to extend a due date is: asked, then decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionState {
    Requested,
    Granted,
    Refused,
}

impl ExtensionState {
    /// As stored in `extensions.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExtensionState::Requested => "requested",
            ExtensionState::Granted => "granted",
            ExtensionState::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<ExtensionState> {
        match s {
            "requested" => Some(ExtensionState::Requested),
            "granted" => Some(ExtensionState::Granted),
            "refused" => Some(ExtensionState::Refused),
            _ => None,
        }
    }

    /// How the report page names it.
    pub fn label(self) -> &'static str {
        match self {
            ExtensionState::Requested => "ожидает решения",
            ExtensionState::Granted => "продлён",
            ExtensionState::Refused => "отказано",
        }
    }
}

/// The default due day: "до 10 числа месяца, следующего за отчётным периодом".
pub const DEFAULT_DUE_DAY: u8 = 10;

/// Every obligation of `period`, in plan order and then executor order.
pub fn obligations(
    measures: &[ParsedMeasure],
    rules: &Rules,
    calendar: &Calendar,
    period: Period,
) -> Vec<Obligation> {
    if !period.overlaps(rules.valid_from, rules.valid_to) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (mi, m) in measures.iter().enumerate() {
        let Some(due) = due_as_written(&m.schedule, period) else {
            continue;
        };
        let due = calendar.shift_with(due, rules.shift, rules.paid);
        out.extend((0..m.executors.len()).map(|executor| Obligation {
            measure: mi,
            executor,
            period,
            due,
        }));
    }
    out
}

/// The due date before any move off a day off, when the schedule makes an
/// obligation in `period`.
fn due_as_written(schedule: &Schedule, period: Period) -> Option<NaiveDate> {
    let within = |from: Option<NaiveDate>, to: Option<NaiveDate>| {
        period.overlaps(from.unwrap_or(NaiveDate::MIN), to.unwrap_or(NaiveDate::MAX))
    };
    match *schedule {
        Schedule::Continuous { from, to } => {
            within(from, to).then(|| due_after(period, DEFAULT_DUE_DAY))
        }
        Schedule::Recurring {
            every,
            due_day,
            from,
            to,
        } => {
            // A cycle owes a report in the period that ends it: a half-yearly
            // measure in Q2 and Q4, a monthly one in every quarter.
            let ends_cycle = period.last_month().is_multiple_of(every.months());
            (ends_cycle && within(from, to))
                .then(|| due_after(period, due_day.unwrap_or(DEFAULT_DUE_DAY)))
        }
        Schedule::Once { due } => period.contains(due).then_some(due),
        Schedule::OnDemand | Schedule::Unrecognized => None,
    }
}

/// Day `day` of the month after the period, clamped to that month's length.
fn due_after(period: Period, day: u8) -> NaiveDate {
    let next = period.end().succ_opt().unwrap_or(NaiveDate::MAX);
    let last = crate::time::period::period_end(next.year(), next.month()).unwrap_or(next);
    next.with_day(u32::from(day).clamp(1, last.day()))
        .unwrap_or(next)
}

/// The instant a due date ends: 23:59:59 in the plan's time zone.
pub fn deadline(due: NaiveDate, tz: Tz) -> Option<DateTime<Tz>> {
    tz.from_local_datetime(&due.and_hms_opt(23, 59, 59)?)
        .latest()
}

#[cfg(test)]
mod tests;
