//! All SQL of the plan domain: importing a plan in one transaction (its
//! executors mapped to agencies), listing and loading plans.

use super::model::{Executor, ParsedMeasure, ParsedPlan, Schedule};
use crate::accounts::audit;
use crate::actor::Actor;
use crate::agency::store::resolve_agency;
use crate::db::entity::control::measure_metric;
use crate::db::entity::plan::{measure, measure_executor, measure_partner, plan};
use crate::error::{Error, Result};
use crate::time::calendar::{DueShift, PaidNonWorking};
use crate::time::period::Every;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};

/// The per-plan settings obligations depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub timezone: Tz,
    pub due_shift: DueShift,
    /// Whether the decree's paid non-working days move a due date.
    pub paid_non_working: PaidNonWorking,
    pub reporting: Every,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

/// A plan as stored, with the agency each executor maps to.
#[derive(Clone, Debug)]
pub struct StoredPlan {
    pub id: i32,
    pub title: String,
    pub settings: Settings,
    pub source_name: String,
    pub imported_at: DateTime<Utc>,
    pub measures: Vec<ParsedMeasure>,
    /// Parallel to each measure's executors.
    pub agency_ids: Vec<Vec<i32>>,
    /// The database id of each measure, parallel to `measures`.
    pub measure_ids: Vec<i32>,
    /// Whether each measure's executors write the registry, parallel to
    /// `measures` (not revised by period: it holds as last set).
    pub feeds_registry: Vec<bool>,
    /// Edits made after the import, oldest first (see `as_of`).
    pub revisions: Vec<super::revisions::Revision>,
}

impl StoredPlan {
    pub fn parsed(&self) -> ParsedPlan {
        ParsedPlan {
            title: self.title.clone(),
            measures: self.measures.clone(),
        }
    }
}

/// What an import did.
#[derive(Debug, PartialEq, Eq)]
pub enum Imported {
    New { id: i32, new_agencies: Vec<String> },
    Existing { id: i32 },
}

/// The plan's identity: its measures as written, whatever form they came in.
pub fn content_hash(p: &ParsedPlan) -> String {
    let rows: Vec<_> = p
        .measures
        .iter()
        .map(|m| {
            json!([
                m.number,
                m.title,
                m.schedule_text,
                m.executors
                    .iter()
                    .map(|e| (&e.name, e.by_agreement))
                    .collect::<Vec<_>>()
            ])
        })
        .collect();
    let digest = Sha256::digest(serde_json::Value::Array(rows).to_string().as_bytes());
    dozor_indicator::hex(&digest)
}

/// Stores a parsed plan, or finds the same plan imported before.
pub async fn import(
    db: &DatabaseConnection,
    p: &ParsedPlan,
    s: &Settings,
    source_name: &str,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<Imported> {
    let hash = content_hash(p);
    let txn = crate::db::begin(db).await?;
    let existing = plan::Entity::find()
        .filter(plan::Column::ContentHash.eq(&hash))
        .one(&txn)
        .await?;
    if let Some(existing) = existing {
        let id = existing.id;
        let mut active: plan::ActiveModel = existing.into();
        active.last_imported_at = Set(now);
        active.update(&txn).await?;
        txn.commit().await?;
        return Ok(Imported::Existing { id });
    }
    let row = plan::ActiveModel {
        title: Set(p.title.clone()),
        content_hash: Set(hash.clone()),
        timezone: Set(s.timezone.name().to_string()),
        due_shift: Set(s.due_shift.as_str().to_string()),
        paid_non_working: Set(s.paid_non_working.as_str().to_string()),
        reporting: Set(s.reporting.as_str().to_string()),
        valid_from: Set(s.valid_from),
        valid_to: Set(s.valid_to),
        source_name: Set(source_name.to_string()),
        imported_at: Set(now),
        last_imported_at: Set(now),
        activity: Set(super::model::activity::Activity::Auto.as_str().to_string()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut new_agencies = Vec::new();
    for (pos, m) in p.measures.iter().enumerate() {
        insert_measure(&txn, row.id, pos, m, now, &mut new_agencies).await?;
    }
    let after = json!({"title": p.title, "measures": p.measures.len(), "content_hash": hash,
        "source": source_name, "new_agencies": new_agencies});
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor: &actor.login,
            action: "plan.import",
            entity: "plan",
            entity_id: Some(row.id.to_string()),
            before: None,
            after: Some(after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Imported::New {
        id: row.id,
        new_agencies,
    })
}

async fn insert_measure(
    txn: &impl ConnectionTrait,
    plan_id: i32,
    pos: usize,
    m: &ParsedMeasure,
    now: DateTime<Utc>,
    new_agencies: &mut Vec<String>,
) -> Result<()> {
    let schedule = serde_json::to_string(&m.schedule)?;
    let row = measure::ActiveModel {
        plan_id: Set(plan_id),
        position: Set(pos as i32),
        number: Set(m.number.clone()),
        title: Set(m.title.clone()),
        schedule_text: Set(m.schedule_text.clone()),
        schedule: Set(schedule),
        feeds_registry: Set(super::model::proposes_registry(&m.title)),
        section: Set(m.section.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for (i, e) in m.executors.iter().enumerate() {
        let (agency_id, created) = resolve_agency(txn, &e.name, now).await?;
        if created {
            new_agencies.push(e.name.clone());
        }
        measure_executor::ActiveModel {
            measure_id: Set(row.id),
            position: Set(i as i32),
            agency_id: Set(agency_id),
            name: Set(e.name.clone()),
            by_agreement: Set(e.by_agreement),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for (i, def) in super::metrics::defaults(&m.title).iter().enumerate() {
        measure_metric::ActiveModel {
            measure_id: Set(row.id),
            position: Set(i as i32),
            key: Set(def.key.to_string()),
            label: Set(def.label.to_string()),
            required: Set(def.required),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for (i, name) in m.partners.iter().enumerate() {
        measure_partner::ActiveModel {
            measure_id: Set(row.id),
            position: Set(i as i32),
            name: Set(name.clone()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

mod activity;
mod read;
pub use activity::*;
pub use read::*;
