//! All of the activity journal's SQL: activities with their co-organisers,
//! the filtered and scoped journal with its totals, evidence files, and the
//! one reading of the municipalities.

use super::filter::{Parsed, Place};
use super::model::Input;
use crate::db::entity::activity::{activity, activity_agency, activity_attachment};
use crate::db::entity::control::municipality;
use crate::error::Result;
use sea_orm::sea_query::{Expr, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

/// Rows per journal page.
pub const PAGE: u64 = 50;
/// The most rows one export holds.
pub const EXPORT_MAX: u64 = 100_000;

/// Whose activities a reader sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    /// An executor: its agency's own, and those it co-organised.
    Agency(i32),
}

/// The okrug's municipalities as (id, name), by id: the one place they are
/// read from.
pub async fn municipalities(db: &impl ConnectionTrait) -> Result<Vec<(i32, String)>> {
    Ok(municipality::Entity::find()
        .order_by_asc(municipality::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect())
}

/// What a write stores beside the checked input.
pub struct Row<'a> {
    pub input: &'a Input,
    pub plan_id: i32,
    pub agency_id: i32,
    pub period: String,
    pub fingerprint: String,
}

fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

fn fill(a: &mut activity::ActiveModel, r: &Row<'_>) {
    let i = r.input;
    a.plan_id = Set(r.plan_id);
    a.measure_id = Set(i.measure_id);
    a.agency_id = Set(r.agency_id);
    a.kind = Set(i.kind.as_str().into());
    a.starts_on = Set(i.starts_on);
    a.ends_on = Set(i.ends_on);
    a.period = Set(r.period.clone());
    a.municipality_id = Set(i.municipality_id);
    a.venue = Set(i.venue.clone());
    a.audience = Set(i.audience.clone());
    a.reached = Set(i.reached);
    a.title = Set(i.title.clone());
    a.description = Set(i.description.clone());
    a.links = Set(json(&i.links));
    a.partners = Set(json(&i.partners));
    a.details = Set(json(&i.details));
    a.fingerprint = Set(r.fingerprint.clone());
}

pub async fn insert(
    db: &impl ConnectionTrait,
    r: &Row<'_>,
    by: Option<i32>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<activity::Model> {
    let mut a = activity::ActiveModel {
        created_by: Set(by),
        created_at: Set(now),
        updated_by: Set(by),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut a, r);
    let m = a.insert(db).await?;
    set_co_agencies(db, m.id, r.agency_id, &r.input.co_agencies).await?;
    Ok(m)
}

pub async fn update(
    db: &impl ConnectionTrait,
    old: activity::Model,
    r: &Row<'_>,
    by: Option<i32>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<activity::Model> {
    let id = old.id;
    let mut a: activity::ActiveModel = old.into();
    fill(&mut a, r);
    a.updated_by = Set(by);
    a.updated_at = Set(now);
    let m = a.update(db).await?;
    set_co_agencies(db, id, r.agency_id, &r.input.co_agencies).await?;
    Ok(m)
}

/// Replaces the co-organisers; the owning agency is never one of them.
async fn set_co_agencies(
    db: &impl ConnectionTrait,
    id: i32,
    owner: i32,
    agencies: &[i32],
) -> Result<()> {
    activity_agency::Entity::delete_many()
        .filter(activity_agency::Column::ActivityId.eq(id))
        .exec(db)
        .await?;
    for a in agencies.iter().filter(|a| **a != owner) {
        activity_agency::ActiveModel {
            activity_id: Set(id),
            agency_id: Set(*a),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: i32) -> Result<()> {
    activity_attachment::Entity::delete_many()
        .filter(activity_attachment::Column::ActivityId.eq(id))
        .exec(db)
        .await?;
    activity_agency::Entity::delete_many()
        .filter(activity_agency::Column::ActivityId.eq(id))
        .exec(db)
        .await?;
    activity::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<activity::Model>> {
    Ok(activity::Entity::find_by_id(id).one(db).await?)
}

/// Another activity with this fingerprint: the same one recorded twice.
pub async fn same_as(
    db: &impl ConnectionTrait,
    fingerprint: &str,
    except: Option<i32>,
) -> Result<Option<i32>> {
    let mut q = activity::Entity::find().filter(activity::Column::Fingerprint.eq(fingerprint));
    if let Some(id) = except {
        q = q.filter(activity::Column::Id.ne(id));
    }
    Ok(q.one(db).await?.map(|a| a.id))
}

pub async fn co_agencies(db: &impl ConnectionTrait, id: i32) -> Result<Vec<i32>> {
    Ok(activity_agency::Entity::find()
        .filter(activity_agency::Column::ActivityId.eq(id))
        .order_by_asc(activity_agency::Column::AgencyId)
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.agency_id)
        .collect())
}

fn co_organised_by(agency: i32) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(activity_agency::Column::ActivityId)
        .from(activity_agency::Entity)
        .and_where(activity_agency::Column::AgencyId.eq(agency))
        .to_owned()
}

/// The condition of a filter within a scope. An agency filter, like an
/// executor's scope, takes the agency's own and co-organised activities:
/// a joint activity is one row, so it still counts once.
fn condition(f: &Parsed, scope: Scope) -> Condition {
    let by_agency = |a: i32| {
        Condition::any()
            .add(activity::Column::AgencyId.eq(a))
            .add(activity::Column::Id.in_subquery(co_organised_by(a)))
    };
    let mut c = Condition::all();
    if let Scope::Agency(a) = scope {
        c = c.add(by_agency(a));
    }
    if let Some(a) = f.agency {
        c = c.add(by_agency(a));
    }
    if let Some(p) = f.period {
        c = c.add(activity::Column::Period.eq(p.to_string()));
    }
    if let Some(m) = f.measure {
        c = c.add(activity::Column::MeasureId.eq(m));
    }
    if let Some(k) = f.kind {
        c = c.add(activity::Column::Kind.eq(k.as_str()));
    }
    match f.place {
        Some(Place::Okrug) => c = c.add(activity::Column::MunicipalityId.is_null()),
        Some(Place::Municipality(m)) => c = c.add(activity::Column::MunicipalityId.eq(m)),
        None => {}
    }
    if let Some(a) = &f.audience {
        let escaped = a
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let like = LikeExpr::new(format!("%{escaped}%")).escape('\\');
        c = c.add(activity::Column::Audience.like(like));
    }
    c
}

fn filtered(f: &Parsed, scope: Scope) -> Select<activity::Entity> {
    activity::Entity::find()
        .filter(condition(f, scope))
        .order_by_desc(activity::Column::StartsOn)
        .order_by_desc(activity::Column::Id)
}

/// One page of the journal, newest first, and whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    f: &Parsed,
    scope: Scope,
) -> Result<(Vec<activity::Model>, bool)> {
    let mut rows = filtered(f, scope)
        .offset((f.page - 1) * PAGE)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    Ok((rows, more))
}

/// The filtered set's activities and people reached.
pub async fn totals(db: &impl ConnectionTrait, f: &Parsed, scope: Scope) -> Result<(u64, i64)> {
    let q = activity::Entity::find().filter(condition(f, scope));
    let n = q.clone().count(db).await?;
    // Cast: PostgreSQL sums a bigint as numeric.
    let sum: Option<i64> = q
        .select_only()
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(reached), 0) AS BIGINT)"),
            "reached",
        )
        .into_tuple()
        .one(db)
        .await?;
    Ok((n, sum.unwrap_or(0)))
}

/// The filtered set for an export, newest first, at most `EXPORT_MAX`.
pub async fn export_rows(
    db: &impl ConnectionTrait,
    f: &Parsed,
    scope: Scope,
) -> Result<Vec<activity::Model>> {
    Ok(filtered(f, scope).limit(EXPORT_MAX).all(db).await?)
}

/// The co-organisers of many activities at once, as (activity, agency).
pub async fn co_agencies_of(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<(i32, i32)>> {
    let mut out = Vec::new();
    // Bounded chunks: the database's bound values are limited.
    for chunk in ids.chunks(500) {
        let rows = activity_agency::Entity::find()
            .filter(activity_agency::Column::ActivityId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|r| (r.activity_id, r.agency_id)));
    }
    Ok(out)
}

/// Evidence files of an activity without their content: id, name, size.
pub async fn files(db: &impl ConnectionTrait, id: i32) -> Result<Vec<(i32, String, i64)>> {
    Ok(activity_attachment::Entity::find()
        .select_only()
        .columns([
            activity_attachment::Column::Id,
            activity_attachment::Column::FileName,
            activity_attachment::Column::Size,
        ])
        .filter(activity_attachment::Column::ActivityId.eq(id))
        .order_by_asc(activity_attachment::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

pub async fn file(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<activity_attachment::Model>> {
    Ok(activity_attachment::Entity::find_by_id(id).one(db).await?)
}

pub async fn add_file(
    db: &impl ConnectionTrait,
    row: activity_attachment::ActiveModel,
) -> Result<activity_attachment::Model> {
    Ok(row.insert(db).await?)
}
