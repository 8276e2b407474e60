//! An obligation's one status, and completeness and timeliness after
//! DHIS2's reporting rates (without their flaws: the denominator is the
//! obligations themselves, so nothing goes above 100 %).

use super::model::ReportState;
use crate::time::period::Period;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// The obligation's status, one of seven.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotYetDue,
    Due,
    SubmittedOnTime,
    SubmittedLate,
    Overdue,
    Returned,
    Accepted,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::NotYetDue => "срок не наступил",
            Status::Due => "ожидается",
            Status::SubmittedOnTime => "представлен в срок",
            Status::SubmittedLate => "представлен с опозданием",
            Status::Overdue => "просрочен",
            Status::Returned => "возвращён на доработку",
            Status::Accepted => "принят",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            Status::NotYetDue => "s-notyet",
            Status::Due => "s-due",
            Status::SubmittedOnTime => "s-ontime",
            Status::SubmittedLate => "s-late",
            Status::Overdue => "s-overdue",
            Status::Returned => "s-returned",
            Status::Accepted => "s-accepted",
        }
    }
}

/// The end of a due date: 23:59:59 in the plan's zone.
pub fn deadline(due: NaiveDate, tz: Tz) -> DateTime<Utc> {
    super::model::deadline(due, tz)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The first instant after the period, in the plan's zone.
pub fn period_over(period: Period, tz: Tz) -> DateTime<Utc> {
    let next = period.end().succ_opt().unwrap_or(NaiveDate::MAX);
    next.and_hms_opt(0, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .map_or(DateTime::<Utc>::MAX_UTC, |d| d.with_timezone(&Utc))
}

/// What the status of one obligation depends on.
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub period: Period,
    pub due: NaiveDate,
    /// The due date of a granted extension.
    pub extended_to: Option<NaiveDate>,
    pub report: Option<ReportState>,
    pub first_submitted_at: Option<DateTime<Utc>>,
}

impl Facts {
    pub fn effective_due(&self) -> NaiveDate {
        self.extended_to.map_or(self.due, |e| e.max(self.due))
    }

    pub fn status(&self, now: DateTime<Utc>, tz: Tz) -> Status {
        let effective = deadline(self.effective_due(), tz);
        match (self.report, self.first_submitted_at) {
            (Some(ReportState::Accepted), _) => Status::Accepted,
            (Some(ReportState::Returned), _) => Status::Returned,
            (Some(ReportState::Submitted), Some(first)) if first <= effective => {
                Status::SubmittedOnTime
            }
            (Some(ReportState::Submitted), _) => Status::SubmittedLate,
            _ if now > effective => Status::Overdue,
            _ if now < period_over(self.period, tz) => Status::NotYetDue,
            _ => Status::Due,
        }
    }

    /// Has the (possibly extended) due date passed? Only then does the
    /// obligation count for completeness and timeliness.
    pub fn counts(&self, now: DateTime<Utc>, tz: Tz) -> bool {
        now > deadline(self.effective_due(), tz)
    }

    /// A report was submitted: it is submitted, accepted or returned now.
    /// Returned ones count too, so timeliness never exceeds completeness.
    pub fn complete(&self) -> bool {
        self.first_submitted_at.is_some() && !matches!(self.report, None | Some(ReportState::Draft))
    }

    /// First submission by the original due date.
    pub fn on_time(&self, tz: Tz) -> bool {
        self.first_submitted_at
            .is_some_and(|t| t <= deadline(self.due, tz))
    }

    /// First submission by the granted due date, when there is one.
    pub fn on_time_extended(&self, tz: Tz) -> bool {
        self.first_submitted_at
            .is_some_and(|t| t <= deadline(self.effective_due(), tz))
    }
}

/// Completeness and timeliness over a set of obligations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rates {
    /// Obligations whose due date has passed.
    pub due: u32,
    pub complete: u32,
    pub on_time: u32,
    pub on_time_extended: u32,
}

impl Rates {
    pub fn add(&mut self, f: &Facts, now: DateTime<Utc>, tz: Tz) {
        if !f.counts(now, tz) {
            return;
        }
        self.due += 1;
        self.complete += u32::from(f.complete());
        self.on_time += u32::from(f.on_time(tz));
        self.on_time_extended += u32::from(f.on_time_extended(tz));
    }

    fn pct(part: u32, whole: u32) -> Option<f64> {
        (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
    }

    pub fn completeness(&self) -> Option<f64> {
        Rates::pct(self.complete, self.due)
    }

    pub fn timeliness(&self) -> Option<f64> {
        Rates::pct(self.on_time, self.due)
    }

    pub fn timeliness_extended(&self) -> Option<f64> {
        Rates::pct(self.on_time_extended, self.due)
    }
}

#[cfg(test)]
mod tests;
