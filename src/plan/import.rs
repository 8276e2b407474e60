//! Recognises the import form by content and parses a plan from bytes.

use super::model::ParsedPlan;
use super::table::{self, ParseOutput, PlanError};
use super::text::decode;
use super::{csv, docx, schedule, txt};
use chrono::NaiveDate;

/// The form a file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Text,
    Docx,
    Csv,
}

/// Parses a plan from any of the three forms. `fallback_title` names a CSV,
/// which has no title lines; `title` overrides whatever the file says.
pub fn parse(
    bytes: &[u8],
    fallback_title: &str,
    title: Option<&str>,
) -> Result<(Form, ParseOutput), PlanError> {
    let (form, raw) = if docx::looks_like(bytes) {
        (Form::Docx, docx::read(bytes)?)
    } else {
        if bytes.contains(&0) {
            return Err(PlanError::NotAPlan(
                "a binary file, not text, .docx or CSV".into(),
            ));
        }
        let text = decode(bytes);
        if txt::looks_like(&text) {
            (Form::Text, txt::read(&text))
        } else {
            (Form::Csv, csv::read(&text, fallback_title)?)
        }
    };
    let mut out = table::build(raw)?;
    if let Some(t) = title {
        out.plan.title = super::text::squash(t);
    }
    if out.plan.title.is_empty() {
        out.plan.title = super::text::squash(fallback_title);
    }
    Ok((form, out))
}

/// The validity the plan names: from the first of its earliest year to the
/// last day of its latest, over the title and every schedule.
pub fn validity(plan: &ParsedPlan) -> Option<(NaiveDate, NaiveDate)> {
    let years: Vec<i32> = schedule::years_named(&plan.title)
        .into_iter()
        .chain(plan.measures.iter().flat_map(|m| m.schedule.years()))
        .collect();
    let first = *years.iter().min()?;
    let last = *years.iter().max()?;
    Some((
        NaiveDate::from_ymd_opt(first, 1, 1)?,
        NaiveDate::from_ymd_opt(last, 12, 31)?,
    ))
}
