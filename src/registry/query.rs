//! Reading the registry for its list page and exports: filters by kind,
//! category, status and agency, search by any value, and keyset paging
//! (by id, newest first) that stays fast at millions of rows.

use super::formats::ExportRow;
use crate::db::entity::registry::{case, indicator, indicator_case};
use crate::error::Result;
use dozor_indicator::detect::normalize;
use dozor_indicator::model::{CardKey, Category, Kind};
use sea_orm::sea_query::{LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};
use std::collections::HashMap;

/// Rows per page of the list.
pub const PAGE: u64 = 50;
/// The most rows one export may hold: beyond it, use the CLI.
pub const EXPORT_MAX: u64 = 100_000;

#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub agency: Option<i32>,
    /// Keyset paging: rows with an id below this one.
    #[serde(default)]
    pub before: Option<i32>,
}

impl Filter {
    fn condition(&self, key: Option<&CardKey>) -> Condition {
        let mut c = Condition::all();
        if !self.kind.is_empty() {
            c = c.add(indicator::Column::Kind.eq(self.kind.as_str()));
        }
        if !self.category.is_empty() {
            c = c.add(indicator::Column::Category.eq(self.category.as_str()));
        }
        if !self.status.is_empty() {
            c = c.add(indicator::Column::Status.eq(self.status.as_str()));
        }
        if let Some(agency) = self.agency {
            let cases = Query::select()
                .column(case::Column::Id)
                .from(case::Entity)
                .and_where(case::Column::AgencyId.eq(agency))
                .to_owned();
            let ids = Query::select()
                .column(indicator_case::Column::IndicatorId)
                .from(indicator_case::Entity)
                .and_where(indicator_case::Column::CaseId.in_subquery(cases))
                .to_owned();
            c = c.add(indicator::Column::Id.in_subquery(ids));
        }
        let q = self.q.trim();
        if !q.is_empty() {
            c = c.add(search(q, key));
        }
        c
    }

    /// The same filter searching by a card's stored key instead of its
    /// number, when `q` is a card number; None otherwise. A number in a
    /// page's links and address would end up in browser history and logs.
    pub fn without_card_number(&self, key: Option<&CardKey>) -> Option<Filter> {
        let n = normalize(self.q.trim(), None, key).ok()?;
        (n.kind == Kind::Card).then(|| Filter {
            q: n.canonical,
            ..self.clone()
        })
    }

    /// The filter as a query string (without paging), for links.
    pub fn query_string(&self) -> String {
        let mut pairs = vec![
            ("q", self.q.clone()),
            ("kind", self.kind.clone()),
            ("category", self.category.clone()),
            ("status", self.status.clone()),
        ];
        if let Some(a) = self.agency {
            pairs.push(("agency", a.to_string()));
        }
        serde_urlencoded::to_string(
            pairs
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default()
    }
}

/// A value as typed: its canonical form when it normalises (any raw spelling
/// of a stored value finds it through the unique index), else a substring
/// of the canonical or first raw value.
fn search(q: &str, key: Option<&CardKey>) -> Condition {
    let mut c = Condition::any();
    if let Ok(n) = normalize(q, None, key) {
        c = c.add(
            Condition::all()
                .add(indicator::Column::Kind.eq(n.kind.as_str()))
                .add(indicator::Column::Canonical.eq(n.canonical)),
        );
    }
    if q.chars().count() >= 3 {
        // Escaped, so `_` in a Telegram name is a character, not a wildcard.
        let escaped = q
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let like = || LikeExpr::new(format!("%{escaped}%")).escape('\\');
        c = c
            .add(indicator::Column::Canonical.like(like()))
            .add(indicator::Column::Raw.like(like()));
    }
    c
}

fn filtered(f: &Filter, key: Option<&CardKey>) -> Select<indicator::Entity> {
    indicator::Entity::find().filter(f.condition(key))
}

/// One page of the list, newest first, and whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    f: &Filter,
    key: Option<&CardKey>,
) -> Result<(Vec<indicator::Model>, bool)> {
    let mut q = filtered(f, key);
    if let Some(before) = f.before {
        q = q.filter(indicator::Column::Id.lt(before));
    }
    let mut rows = q
        .order_by_desc(indicator::Column::Id)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    Ok((rows, more))
}

/// Everything the filter selects (or the given ids, or at most
/// `EXPORT_MAX`), with case numbers, oldest first, for an export.
pub async fn export_rows(
    db: &impl ConnectionTrait,
    f: &Filter,
    ids: Option<&[i32]>,
    key: Option<&CardKey>,
) -> Result<Vec<ExportRow>> {
    let mut q = filtered(f, key);
    if let Some(ids) = ids {
        q = q.filter(indicator::Column::Id.is_in(ids.iter().copied()));
    }
    rows_of(db, q.order_by_asc(indicator::Column::Id).limit(EXPORT_MAX)).await
}

/// The whole registry, read in pages by id, for the CLI's export.
pub async fn export_all(db: &impl ConnectionTrait) -> Result<Vec<ExportRow>> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let q = indicator::Entity::find()
            .filter(indicator::Column::Id.gt(after))
            .order_by_asc(indicator::Column::Id)
            .limit(EXPORT_MAX);
        let (page, last) = {
            let models = q.all(db).await?;
            let last = models.last().map(|m| m.id);
            (to_export(db, models).await?, last)
        };
        out.extend(page);
        match last {
            Some(id) => after = id,
            None => return Ok(out),
        }
    }
}

async fn rows_of(
    db: &impl ConnectionTrait,
    q: Select<indicator::Entity>,
) -> Result<Vec<ExportRow>> {
    let models = q.all(db).await?;
    to_export(db, models).await
}

async fn to_export(
    db: &impl ConnectionTrait,
    rows: Vec<indicator::Model>,
) -> Result<Vec<ExportRow>> {
    let mut cases = cases_of(db, rows.iter().map(|r| r.id)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|i| {
            Some(ExportRow {
                kind: Kind::parse(&i.kind)?,
                category: Category::parse(&i.category).unwrap_or(Category::Other),
                cases: cases.remove(&i.id).unwrap_or_default(),
                canonical: i.canonical,
                display: i.display,
                status: i.status,
                first_seen: i.first_seen,
                last_seen: i.last_seen,
            })
        })
        .collect())
}

/// Case numbers per indicator.
async fn cases_of(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, Vec<String>>> {
    let ids: Vec<i32> = ids.collect();
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(5_000) {
        let links: Vec<(i32, i32)> = indicator_case::Entity::find()
            .select_only()
            .column(indicator_case::Column::IndicatorId)
            .column(indicator_case::Column::CaseId)
            .filter(indicator_case::Column::IndicatorId.is_in(chunk.iter().copied()))
            .order_by_asc(indicator_case::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        let mut case_ids: Vec<i32> = links.iter().map(|l| l.1).collect();
        case_ids.sort_unstable();
        case_ids.dedup();
        let numbers: HashMap<i32, String> = case::Entity::find()
            .filter(case::Column::Id.is_in(case_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.number))
            .collect();
        for (id, case_id) in links {
            if let Some(n) = numbers.get(&case_id) {
                out.entry(id).or_default().push(n.clone());
            }
        }
    }
    Ok(out)
}
