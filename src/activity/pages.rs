//! The journal in the browser: the list with its filter and exports
//! (`journal`), quick add and edit (`form`), an activity's page with its
//! evidence and deletion (`show`); here, what they share: the choices of
//! the selects and the names the rows show.

pub mod evidence;
pub mod form;
pub mod journal;
pub mod show;

use crate::db::entity::activity::activity;
use crate::db::entity::plan::measure;
use crate::error::Result;
use crate::plan::store::StoredPlan;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// One option of a select.
#[derive(Clone, Debug)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

fn choice(value: impl ToString, label: impl Into<String>) -> Choice {
    Choice {
        value: value.to_string(),
        label: label.into(),
    }
}

pub fn kinds() -> Vec<Choice> {
    super::kind::Kind::ALL
        .iter()
        .map(|k| choice(k.as_str(), k.label()))
        .collect()
}

pub async fn municipalities(db: &impl ConnectionTrait) -> Result<Vec<Choice>> {
    Ok(super::store::municipalities(db)
        .await?
        .into_iter()
        .map(|(id, name)| choice(id, name))
        .collect())
}

pub async fn agencies(db: &impl ConnectionTrait) -> Result<Vec<Choice>> {
    Ok(crate::agency::store::agency_rows(db)
        .await?
        .into_iter()
        .map(|a| choice(a.id, a.short_name.unwrap_or(a.name)))
        .collect())
}

/// A measure as a select names it: its number and the start of its title.
fn measure_label(number: &str, title: &str) -> String {
    let short: String = title.chars().take(80).collect();
    let more = if title.chars().count() > 80 {
        "…"
    } else {
        ""
    };
    format!("{number}. {short}{more}")
}

/// Does `agency` execute measure `i` of the plan, as imported or as revised?
pub fn executes(plan: &StoredPlan, i: usize, agency: i32) -> bool {
    plan.agency_ids[i].contains(&agency)
        || plan
            .revisions
            .iter()
            .any(|r| r.measure_index == i && r.agency_ids.contains(&agency))
}

/// The measures of the plan imported last; for an executor, only those its
/// agency executes.
pub async fn measures(db: &impl ConnectionTrait, agency: Option<i32>) -> Result<Vec<Choice>> {
    let Some(id) = crate::plan::store::latest_id(db).await? else {
        return Ok(Vec::new());
    };
    let plan = crate::plan::store::load(db, id).await?;
    Ok(plan
        .measures
        .iter()
        .enumerate()
        .filter(|(i, _)| agency.is_none_or(|a| executes(&plan, *i, a)))
        .map(|(i, m)| choice(plan.measure_ids[i], measure_label(&m.number, &m.title)))
        .collect())
}

/// The partners the form suggests: those the plan names, and the agencies.
pub async fn partner_suggestions(db: &impl ConnectionTrait) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    if let Some(id) = crate::plan::store::latest_id(db).await? {
        let plan = crate::plan::store::load(db, id).await?;
        for p in plan.measures.iter().flat_map(|m| m.partners.iter()) {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
    }
    for a in crate::agency::store::agency_rows(db).await? {
        if !out.contains(&a.name) {
            out.push(a.name);
        }
    }
    Ok(out)
}

/// The names the journal's rows show, read once for a page.
#[derive(Default)]
pub struct Names {
    pub measures: HashMap<i32, String>,
    pub agencies: HashMap<i32, String>,
    pub municipalities: HashMap<i32, String>,
}

impl Names {
    pub async fn load(db: &impl ConnectionTrait, rows: &[activity::Model]) -> Result<Names> {
        let ids: Vec<i32> = rows.iter().map(|r| r.measure_id).collect();
        let measures = measure::Entity::find()
            .filter(measure::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m.number))
            .collect();
        let agencies = agencies(db)
            .await?
            .into_iter()
            .filter_map(|c| Some((c.value.parse().ok()?, c.label)))
            .collect();
        let municipalities = super::store::municipalities(db)
            .await?
            .into_iter()
            .collect();
        Ok(Names {
            measures,
            agencies,
            municipalities,
        })
    }

    pub fn measure(&self, id: i32) -> String {
        self.measures
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub fn agency(&self, id: i32) -> String {
        self.agencies
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub fn place(&self, id: Option<i32>) -> String {
        match id {
            None => "округ в целом".into(),
            Some(m) => self
                .municipalities
                .get(&m)
                .cloned()
                .unwrap_or_else(|| m.to_string()),
        }
    }
}

/// A stored JSON list of strings; empty when it is not one.
pub fn strings(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}
