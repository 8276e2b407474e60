//! The resources ticked in the registry, gathered for the blocking document:
//! each with its cases and the latest step of its blocking track, in the
//! order they were selected. A handful of queries whatever the selection's
//! size, none per resource.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::blocking::docx::{BlockingItem, BlockingList, CaseLine, Purpose, StepLine};
use super::blocking::step_label;
use super::lookup::owner::Owner;
use crate::db::entity::registry::{blocking_step, case, indicator, indicator_case};
use crate::error::{Error, Result};
use dozor_indicator::model::{Category, Kind, Status};

/// The most resources one document lists.
pub const MAX_SELECTED: usize = 1_000;

/// The list for `ids` (repeats dropped, order kept), dated `date` and
/// signed by `author` of `agency`.
pub async fn blocking_list(
    db: &impl ConnectionTrait,
    ids: &[i32],
    purpose: Purpose,
    author: &str,
    agency: Option<&str>,
    date: NaiveDate,
) -> Result<BlockingList> {
    let mut ids = ids.to_vec();
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    if ids.is_empty() {
        return Err(Error::Invalid("Выберите хотя бы один ресурс".into()));
    }
    if ids.len() > MAX_SELECTED {
        return Err(Error::Invalid(format!(
            "В перечень входит не более {MAX_SELECTED} ресурсов, выбрано {}",
            ids.len()
        )));
    }
    let mut found: HashMap<i32, indicator::Model> = indicator::Entity::find()
        .filter(indicator::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !found.contains_key(id))
        .map(i32::to_string)
        .collect();
    if !missing.is_empty() {
        return Err(Error::NotFound(format!(
            "В реестре нет ресурсов с номерами: {}",
            missing.join(", ")
        )));
    }
    let mut cases = cases_by_indicator(db, &ids).await?;
    let mut steps = last_steps(db, &ids).await?;
    let items = ids
        .iter()
        .filter_map(|id| found.remove(id))
        .map(|m| {
            let cases = cases.remove(&m.id).unwrap_or_default();
            let last_step = steps.remove(&m.id);
            item(m, cases, last_step)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(BlockingList {
        purpose,
        date,
        author: author.to_owned(),
        agency: agency.map(str::to_owned),
        items,
    })
}

/// The owner column's one line from the JSON stored on an indicator; `None`
/// when there is nothing readable. The document's only reader of that JSON.
pub fn owner_summary(json: &str) -> Option<String> {
    serde_json::from_str::<Owner>(json)
        .ok()
        .map(|o| o.summary())
}

fn item(
    m: indicator::Model,
    cases: Vec<CaseLine>,
    last_step: Option<StepLine>,
) -> Result<BlockingItem> {
    let bad = |what: &str, v: &str| Error::Internal(format!("indicator {}: {what} {v:?}", m.id));
    let tz = crate::config::DEFAULT_TIMEZONE;
    Ok(BlockingItem {
        kind: Kind::parse(&m.kind).ok_or_else(|| bad("kind", &m.kind))?,
        category: Category::parse(&m.category).ok_or_else(|| bad("category", &m.category))?,
        status: Status::parse(&m.status).ok_or_else(|| bad("status", &m.status))?,
        first_seen: m.first_seen.with_timezone(&tz).date_naive(),
        owner: m.owner.as_deref().and_then(owner_summary),
        display: m.display,
        last_step,
        cases,
    })
}

/// Each indicator's cases, in the order they were linked.
async fn cases_by_indicator(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<CaseLine>>> {
    let linked = Query::select()
        .column(indicator_case::Column::CaseId)
        .from(indicator_case::Entity)
        .and_where(indicator_case::Column::IndicatorId.is_in(ids.to_vec()))
        .to_owned();
    let cases: HashMap<i32, case::Model> = case::Entity::find()
        .filter(case::Column::Id.in_subquery(linked))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let links = indicator_case::Entity::find()
        .filter(indicator_case::Column::IndicatorId.is_in(ids.to_vec()))
        .order_by_asc(indicator_case::Column::Id)
        .all(db)
        .await?;
    let mut out: HashMap<i32, Vec<CaseLine>> = HashMap::new();
    for l in links {
        if let Some(c) = cases.get(&l.case_id) {
            out.entry(l.indicator_id).or_default().push(CaseLine {
                number: c.number.clone(),
                registered_on: c.registered_on,
                article: c.article.clone(),
                damage: c.damage,
            });
        }
    }
    Ok(out)
}

/// The latest step of each indicator's blocking track.
async fn last_steps(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, StepLine>> {
    let steps = blocking_step::Entity::find()
        .filter(blocking_step::Column::IndicatorId.is_in(ids.to_vec()))
        .order_by_asc(blocking_step::Column::Id)
        .all(db)
        .await?;
    // Later steps overwrite earlier ones.
    Ok(steps
        .into_iter()
        .map(|s| {
            let line = StepLine {
                label: step_label(&s.step),
                on: s.on_date,
            };
            (s.indicator_id, line)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_summary_reads_the_stored_json_or_gives_nothing() {
        let o = Owner {
            registered: true,
            registrar: Some("RU-CENTER-RU".into()),
            ..Default::default()
        };
        let json = serde_json::to_string(&o).unwrap();
        assert_eq!(
            owner_summary(&json).as_deref(),
            Some("Регистратор RU-CENTER-RU")
        );
        assert_eq!(owner_summary("not json"), None);
    }
}
