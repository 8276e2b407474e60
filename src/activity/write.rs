//! Recording, changing and deleting an activity as one transaction with
//! its audit entry (the state before and after, in words the log reads).

use super::model::{Draft, Input, fingerprint};
use super::rules;
use super::store::{self, Row};
use crate::accounts::audit::{self, Entry};
use crate::accounts::model::CurrentUser;
use crate::db::entity::activity::activity;
use crate::db::entity::plan::{agency, measure};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// The day an activity may be dated by at the latest: today where the
/// okrug is.
pub fn today(now: DateTime<Utc>) -> chrono::NaiveDate {
    now.with_timezone(&crate::config::DEFAULT_TIMEZONE)
        .date_naive()
}

async fn agency_names(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<String>> {
    let rows = agency::Entity::find()
        .filter(agency::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.iter().find(|a| a.id == *id))
        .map(|a| a.short_name.clone().unwrap_or_else(|| a.name.clone()))
        .collect())
}

/// The activity as the audit log keeps it: names for people beside the ids.
pub async fn snapshot(db: &impl ConnectionTrait, a: &activity::Model) -> Result<Value> {
    let number = measure::Entity::find_by_id(a.measure_id)
        .one(db)
        .await?
        .map(|m| m.number)
        .unwrap_or_default();
    let municipality = match a.municipality_id {
        None => "округ в целом".to_string(),
        Some(m) => store::municipalities(db)
            .await?
            .into_iter()
            .find(|(id, _)| *id == m)
            .map_or_else(|| m.to_string(), |(_, n)| n),
    };
    let co = store::co_agencies(db, a.id).await?;
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    Ok(json!({
        "measure_id": a.measure_id,
        "agency_id": a.agency_id,
        "measure": number,
        "executor": agency_names(db, &[a.agency_id]).await?.join(""),
        "kind": super::kind::Kind::parse(&a.kind).map_or(a.kind.as_str(), |k| k.label()),
        "starts_on": crate::ru::date(a.starts_on),
        "ends_on": a.ends_on.map(crate::ru::date),
        "period": a.period,
        "municipality": municipality,
        "venue": a.venue,
        "audience": a.audience,
        "reached": a.reached,
        "title": a.title,
        "description": a.description,
        "links": parse(&a.links),
        "partners": parse(&a.partners),
        "co_agencies": agency_names(db, &co).await?,
        "details": parse(&a.details),
    }))
}

/// Checks the draft and the rules, then stores: for `create` (no `id`)
/// and `edit`. Field errors come back for the form.
/// The stored form of a checked activity, placed in its plan and period.
fn row<'a>(input: &'a Input, placed: &rules::Placed, fingerprint: String) -> Row<'a> {
    Row {
        input,
        plan_id: placed.plan_id,
        agency_id: placed.agency_id,
        period: placed.period.to_string(),
        fingerprint,
    }
}

async fn checked(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    draft: &Draft,
    now: DateTime<Utc>,
    id: Option<i32>,
) -> Result<(Input, rules::Placed, String)> {
    let input = draft.check(today(now)).map_err(Error::Fields)?;
    let placed = rules::place(db, user, &input).await?;
    let fp = fingerprint(placed.agency_id, &input);
    if store::same_as(db, &fp, id).await?.is_some() {
        let why =
            "Такое мероприятие уже записано в журнал (та же дата, вид, место, охват и название)";
        return Err(super::model::refusal("title", why));
    }
    Ok((input, placed, fp))
}

pub async fn create(
    db: &sea_orm::DatabaseConnection,
    user: &CurrentUser,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<i32> {
    rules::writer(user)?;
    let txn = crate::db::begin(db).await?;
    let (input, placed, fp) = checked(&txn, user, draft, now, None).await?;
    let row = row(&input, &placed, fp);
    let a = store::insert(&txn, &row, Some(user.id), now).await?;
    let after = snapshot(&txn, &a).await?;
    audit::record(
        &txn,
        now,
        Entry::created(&user.login, "activity", a.id, after),
    )
    .await?;
    txn.commit().await?;
    Ok(a.id)
}

pub async fn edit(
    db: &sea_orm::DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let old = rules::writable(&txn, user, id).await?;
    let before = snapshot(&txn, &old).await?;
    let (input, placed, fp) = checked(&txn, user, draft, now, Some(id)).await?;
    let row = row(&input, &placed, fp);
    let a = store::update(&txn, old, &row, Some(user.id), now).await?;
    let after = snapshot(&txn, &a).await?;
    let entry = Entry::change(
        &user.login,
        "activity.edit",
        "activity",
        id,
        Some(before),
        Some(after),
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete(
    db: &sea_orm::DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let old = rules::writable(&txn, user, id).await?;
    let before = snapshot(&txn, &old).await?;
    store::delete(&txn, id).await?;
    let entry = Entry::change(
        &user.login,
        "activity.delete",
        "activity",
        id,
        Some(before),
        None,
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(())
}
