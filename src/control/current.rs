//! What control's pages share: the period a page shows (`?period=`, else
//! today's, within the plan's validity) and its neighbours, the plan filter
//! (`?plan=`), a row of an obligations table, and the address of an
//! obligation's report.

use super::status::Status;
use super::store::{Key, ObligationView};
use crate::error::{Error, Result};
use crate::plan::store::StoredPlan;
use crate::ru;
use crate::state::AppState;
use crate::time::period::Period;
use serde::Deserialize;

/// `?period=2020-Q3`, else the period of today, kept within the plan's validity.
pub fn pick_period(plan: &StoredPlan, asked: Option<&str>, s: &AppState) -> Result<Period> {
    let kind = plan.settings.reporting;
    if let Some(p) = asked.filter(|p| !p.is_empty()) {
        let p = Period::parse(p)?;
        if p.kind != kind {
            return Err(Error::Invalid(
                "План отчитывается по другим периодам".into(),
            ));
        }
        return Ok(p);
    }
    let today = s.now().with_timezone(&plan.settings.timezone).date_naive();
    let day = today.clamp(plan.settings.valid_from, plan.settings.valid_to);
    Ok(Period::containing(kind, day))
}

/// A row of an obligations table.
pub struct Row {
    pub href: String,
    pub number: String,
    pub title: String,
    pub agency: String,
    pub period: String,
    pub due: String,
    pub extended: Option<String>,
    pub status: Status,
}

impl Row {
    pub fn from(o: &ObligationView) -> Row {
        Row {
            href: report_href(o.key),
            number: o.number.clone(),
            title: o.measure_title.clone(),
            agency: o.agency_name.clone(),
            period: crate::time::period::russian(o.key.period),
            due: ru::date(o.facts.due),
            extended: o.facts.extended_to.map(ru::date),
            status: o.status,
        }
    }
}

pub fn report_href(k: Key) -> String {
    format!("/reports/{}/{}/{}", k.measure_id, k.agency_id, k.period)
}

#[derive(Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    /// One plan; absent or empty (the filter's «все действующие»): every
    /// active plan.
    #[serde(default, deserialize_with = "empty_none")]
    pub plan: Option<i32>,
}

/// An optional number where the form sends an empty string for "none".
pub fn empty_none<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<i32>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// The period a plan's part of a page shows. With one plan, `pick_period`.
/// With several, a period of another reporting type (a monthly plan beside
/// a quarterly one) leaves that plan on today's period instead of failing.
pub fn period_of(
    plan: &StoredPlan,
    asked: Option<&str>,
    strict: bool,
    s: &AppState,
) -> Result<Period> {
    match pick_period(plan, asked, s) {
        Err(Error::Invalid(_)) if !strict => pick_period(plan, None, s),
        other => other,
    }
}

/// Neighbouring periods within the plan's validity, for the period switcher.
pub fn neighbours(plan: &StoredPlan, p: Period) -> (Option<String>, Option<String>) {
    let all = Period::covering(
        plan.settings.reporting,
        plan.settings.valid_from,
        plan.settings.valid_to,
    );
    let i = all.iter().position(|x| *x == p);
    let prev = i
        .and_then(|i| i.checked_sub(1))
        .and_then(|j| all.get(j))
        .map(|x| x.to_string());
    let next = i.and_then(|i| all.get(i + 1)).map(|x| x.to_string());
    (prev, next)
}
