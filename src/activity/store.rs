//! All of the activity journal's SQL: activities with their co-organisers,
//! the filtered and scoped journal with its totals, evidence files, and the
//! one reading of the municipalities.

use super::model::Input;
use crate::db::entity::activity::{activity, activity_agency, activity_attachment};
use crate::db::entity::municipality::municipality;
use crate::error::Result;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

mod journal;
pub use journal::*;

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
