//! The consolidated report ("Информация о ходе исполнения") as data. The
//! renderers in `consolidated_docx.rs` and `consolidated_xlsx.rs` turn it into
//! a .docx laid out after ГОСТ Р 7.0.97-2016 and an .xlsx for analysis.

use chrono::NaiveDate;

pub mod annex;
pub use annex::{Annex, Cell};

/// Everything the consolidated report of one period shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsolidatedReport {
    /// The plan's title, as stored.
    pub plan_title: String,
    /// "III квартал 2020 г.", "июль 2020 г.", "II полугодие 2020 г.", "2020 г.".
    pub period_label: String,
    /// The period after «за» in the heading: «за III квартал 2020 г.», «за 2020 год».
    pub period_for: String,
    /// The metrics shown as numeric columns in the .xlsx, in order: (key, Russian label).
    pub metric_columns: Vec<(String, String)>,
    /// Every measure of the plan, in plan order.
    pub measures: Vec<MeasureRow>,
    /// One line per agency, in the order agencies first appear in the plan.
    pub summary: Vec<AgencySummary>,
    /// Tables appended after the report, supplied from above control.
    pub annexes: Vec<Annex>,
}

/// One measure of the plan and what each responsible agency reported on it.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureRow {
    /// The section heading the measure stands under, as the plan writes it.
    pub section: Option<String>,
    pub number: String,
    pub title: String,
    pub schedule_text: String,
    /// The executors as the plan writes them.
    pub executors: Vec<String>,
    /// One entry per obligation of the period; empty when the measure has
    /// no obligation in it ("в отчётном периоде исполнение не предусмотрено").
    pub entries: Vec<AgencyEntry>,
}

/// One agency's report on one measure for the period.
#[derive(Clone, Debug, PartialEq)]
pub struct AgencyEntry {
    /// The agency's name as the plan writes it.
    pub agency: String,
    /// The accepted, else the submitted, report's text; `None` when nothing was submitted.
    pub text: Option<String>,
    pub mark: Mark,
    /// The due date a granted extension moved the obligation to.
    pub extended_to: Option<NaiveDate>,
    /// Values parallel to `ConsolidatedReport::metric_columns`; `None` where not reported.
    pub metrics: Vec<Option<f64>>,
}

/// "Отметка об исполнении".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The standing submission came by the due date (the granted one, when extended).
    OnTime,
    /// The standing submission came after the due date.
    Late,
    /// Returned for revision and not submitted again: not executed yet.
    Returned,
    /// Nothing submitted and the due date passed.
    NotDone,
    /// The due date has not come yet and nothing is submitted.
    NotYetDue,
}

impl Mark {
    /// The Russian wording of the mark.
    pub fn text(self) -> &'static str {
        match self {
            Mark::OnTime => "исполнено в срок",
            Mark::Late => "исполнено с нарушением срока",
            Mark::Returned => "на доработке",
            Mark::NotDone => "не исполнено",
            Mark::NotYetDue => "срок не наступил",
        }
    }
}

/// Completeness and timeliness of one agency over the obligations whose due date passed.
#[derive(Clone, Debug, PartialEq)]
pub struct AgencySummary {
    pub agency: String,
    /// Obligations whose due date has passed.
    pub due: u32,
    /// Of those, obligations with a submitted (or accepted) report.
    pub submitted: u32,
    /// Of those, obligations whose standing submission came by the due date.
    pub on_time: u32,
}

impl AgencySummary {
    /// Percentages (0–100), `None` when nothing was due.
    pub fn completeness(&self) -> Option<f64> {
        (self.due > 0).then(|| f64::from(self.submitted) * 100.0 / f64::from(self.due))
    }

    pub fn timeliness(&self) -> Option<f64> {
        (self.due > 0).then(|| f64::from(self.on_time) * 100.0 / f64::from(self.due))
    }
}
