//! An obligation's one assessment (`Facts::assess`: status, mark,
//! completeness, timeliness), and completeness and timeliness rates after
//! DHIS2's reporting rates (without their flaws: the denominator is the
//! obligations whose due date has passed, so nothing goes above 100 %).

use super::model::ReportState;
pub use crate::office::consolidated::Mark;
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
    /// The first submission ever, kept for the history only.
    pub first_submitted_at: Option<DateTime<Utc>>,
    /// The submission that stands: the last one (a re-submission after a
    /// return replaces it). Timeliness is judged by this one.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Everything control says about one obligation, decided in one place
/// (`Facts::assess`): every page, file, API answer and reminder reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub status: Status,
    /// The consolidated report's "отметка об исполнении".
    pub mark: Mark,
    /// The original due date has passed: the obligation counts for
    /// completeness and timeliness.
    pub due_passed: bool,
    /// The granted (else the original) due date has passed: it counts for
    /// timeliness with extensions.
    pub granted_passed: bool,
    /// A report stands submitted or accepted (not a draft, not returned).
    pub complete: bool,
    /// Complete, and the standing submission came by the original due date.
    pub on_time: bool,
    /// Complete, and the standing submission came by the granted due date.
    pub on_time_extended: bool,
}

impl Facts {
    pub fn effective_due(&self) -> NaiveDate {
        self.extended_to.map_or(self.due, |e| e.max(self.due))
    }

    /// The rules, once. A report returned for revision is not executed
    /// until it is submitted again, and a re-submission is judged by its
    /// own time, not by the first one's.
    pub fn assess(&self, now: DateTime<Utc>, tz: Tz) -> Assessment {
        let due = deadline(self.due, tz);
        let granted = deadline(self.effective_due(), tz);
        let standing = self.standing();
        let complete = standing.is_some();
        let on_time = standing.is_some_and(|t| t <= due);
        let on_time_extended = standing.is_some_and(|t| t <= granted);
        let granted_passed = now > granted;
        let status = match (self.report, standing) {
            (Some(ReportState::Accepted), Some(_)) => Status::Accepted,
            (Some(ReportState::Returned), _) => Status::Returned,
            (Some(ReportState::Submitted), Some(_)) if on_time_extended => Status::SubmittedOnTime,
            (Some(ReportState::Submitted), Some(_)) => Status::SubmittedLate,
            _ if granted_passed => Status::Overdue,
            _ if now < period_over(self.period, tz) => Status::NotYetDue,
            _ => Status::Due,
        };
        let mark = match self.report {
            Some(ReportState::Returned) => Mark::Returned,
            _ if complete && on_time_extended => Mark::OnTime,
            _ if complete => Mark::Late,
            _ if granted_passed => Mark::NotDone,
            _ => Mark::NotYetDue,
        };
        Assessment {
            status,
            mark,
            due_passed: now > due,
            granted_passed,
            complete,
            on_time,
            on_time_extended,
        }
    }

    pub fn status(&self, now: DateTime<Utc>, tz: Tz) -> Status {
        self.assess(now, tz).status
    }

    /// Has every due date of the obligation (the granted one too) passed?
    /// Then nothing but a report can change its figures.
    pub fn settled(&self, now: DateTime<Utc>, tz: Tz) -> bool {
        now > deadline(self.effective_due(), tz)
    }

    /// The time of the submission that stands: only a submitted or accepted
    /// report has one; a draft was never sent, a returned one was found
    /// wanting.
    fn standing(&self) -> Option<DateTime<Utc>> {
        match self.report {
            Some(ReportState::Submitted | ReportState::Accepted) => self.submitted_at,
            _ => None,
        }
    }

    /// A report stands submitted or accepted (`Assessment::complete`).
    pub fn complete(&self) -> bool {
        self.standing().is_some()
    }
}

/// Completeness and timeliness over a set of obligations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rates {
    /// Obligations whose original due date has passed: the denominator of
    /// completeness and timeliness.
    pub due: u32,
    /// Obligations whose granted (else original) due date has passed: the
    /// denominator of timeliness with extensions.
    pub due_extended: u32,
    /// Of `due`, the complete ones.
    pub complete: u32,
    /// Of `due`, the ones complete by the original due date.
    pub on_time: u32,
    /// Of `due_extended`, the ones complete by the granted due date.
    pub on_time_extended: u32,
}

impl Rates {
    pub fn add(&mut self, f: &Facts, now: DateTime<Utc>, tz: Tz) {
        self.add_assessed(&f.assess(now, tz));
    }

    pub fn add_assessed(&mut self, a: &Assessment) {
        if a.due_passed {
            self.due += 1;
            self.complete += u32::from(a.complete);
            self.on_time += u32::from(a.on_time);
        }
        if a.granted_passed {
            self.due_extended += 1;
            self.on_time_extended += u32::from(a.on_time_extended);
        }
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
        Rates::pct(self.on_time_extended, self.due_extended)
    }
}

#[cfg(test)]
mod tests;
