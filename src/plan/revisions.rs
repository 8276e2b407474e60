//! Measure revisions: the coordinator edits a measure's schedule and
//! executors from a chosen period on; earlier periods keep the plan as it
//! was. `StoredPlan::as_of` gives the plan in force in a period.

use super::model::{Executor, Schedule};
use super::store::StoredPlan;
use crate::db::entity::plan::measure_revision;
use crate::time::period::Period;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One edit of one measure, in force from `from` on.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    pub measure_index: usize,
    pub from: Period,
    pub schedule_text: String,
    pub schedule: Schedule,
    pub executors: Vec<Executor>,
    pub agency_ids: Vec<i32>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// How a revision's executors are stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredExecutor {
    pub name: String,
    pub by_agreement: bool,
    pub agency_id: i32,
}

impl Revision {
    /// From its row; `None` when the row does not fit the plan (a bad period or JSON).
    pub fn from_row(r: &measure_revision::Model, measure_index: usize) -> Option<Revision> {
        let executors: Vec<StoredExecutor> = serde_json::from_str(&r.executors).ok()?;
        Some(Revision {
            measure_index,
            from: Period::parse(&r.effective_from).ok()?,
            schedule_text: r.schedule_text.clone(),
            schedule: serde_json::from_str(&r.schedule).ok()?,
            agency_ids: executors.iter().map(|e| e.agency_id).collect(),
            executors: executors
                .into_iter()
                .map(|e| Executor {
                    name: e.name,
                    by_agreement: e.by_agreement,
                })
                .collect(),
            created_at: r.created_at,
        })
    }
}

impl StoredPlan {
    /// The plan as in force in `period`: each measure's latest revision that
    /// starts at or before it. Borrowed when no revision applies.
    pub fn as_of(&self, period: Period) -> Cow<'_, StoredPlan> {
        let applying: Vec<&Revision> = self.revisions.iter().filter(|r| r.from <= period).collect();
        if applying.is_empty() {
            return Cow::Borrowed(self);
        }
        let mut plan = self.clone();
        // Revisions are kept in the order they were made; the last one wins.
        for r in applying {
            let m = &mut plan.measures[r.measure_index];
            m.schedule_text = r.schedule_text.clone();
            m.schedule = r.schedule;
            m.executors = r.executors.clone();
            plan.agency_ids[r.measure_index] = r.agency_ids.clone();
        }
        Cow::Owned(plan)
    }
}
