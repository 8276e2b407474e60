//! All SQL of the registry: adding an indicator (merging into an existing
//! canonical value, never duplicating), cases and their links, the blocking
//! track. Every action is one transaction with its audit entry and a row in
//! the change log that keeps the check indexes current.

pub mod cases;
pub mod read;

use super::blocking::{self, Done, Track};
use super::model::{Added, MAX_NOTE, NewIndicator, NewStep};
use crate::accounts::audit;
use crate::actor::Actor;
use crate::db::entity::registry::{
    blocking_step, indicator, indicator_case, indicator_value, registry_change,
};
use crate::error::{Error, Result};
use cases::{too_long, upsert_case};
use chrono::{DateTime, Utc};
use dozor_indicator::detect::normalize;
use dozor_indicator::model::{CardKey, Kind, Normalized, Status};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

/// The stored form of a raw value: a card's raw value is its masked display.
fn stored_raw(raw: &str, n: &Normalized) -> String {
    if n.kind == Kind::Card {
        n.display.clone()
    } else {
        raw.trim().to_string()
    }
}

pub async fn find(
    db: &impl ConnectionTrait,
    kind: Kind,
    canonical: &str,
) -> Result<Option<indicator::Model>> {
    Ok(indicator::Entity::find()
        .filter(indicator::Column::Kind.eq(kind.as_str()))
        .filter(indicator::Column::Canonical.eq(canonical))
        .one(db)
        .await?)
}

pub async fn record_change(
    db: &impl ConnectionTrait,
    id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<()> {
    registry_change::ActiveModel {
        indicator_id: Set(id),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Adds one value, or merges it into the indicator with the same canonical value.
pub async fn add(
    db: &DatabaseConnection,
    key: Option<&CardKey>,
    new: &NewIndicator<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Added> {
    let txn = crate::db::begin(db).await?;
    let added = add_within(&txn, key, new, actor, now).await?;
    txn.commit().await?;
    Ok(added)
}

/// `add` inside the caller's transaction (a larger action, or a test that
/// holds the transaction open).
pub async fn add_within(
    txn: &impl ConnectionTrait,
    key: Option<&CardKey>,
    new: &NewIndicator<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Added> {
    let n = normalize(new.raw, new.kind, key)?;
    add_in(txn, &n, new, actor, now).await
}

/// Adds several values as one action: all of them or, on the first error
/// (named by its line), none.
pub async fn add_many(
    db: &DatabaseConnection,
    key: Option<&CardKey>,
    values: &[NewIndicator<'_>],
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<Added>> {
    let mut normalized = Vec::with_capacity(values.len());
    for (i, new) in values.iter().enumerate() {
        let n = normalize(new.raw, new.kind, key)
            .map_err(|e| Error::Invalid(format!("Строка {}: {e}", i + 1)))?;
        normalized.push(n);
    }
    let txn = crate::db::begin(db).await?;
    let mut out = Vec::with_capacity(values.len());
    for (n, new) in normalized.iter().zip(values) {
        out.push(add_in(&txn, n, new, actor, now).await?);
    }
    txn.commit().await?;
    Ok(out)
}

/// `add` inside the caller's transaction, the value already normalised.
async fn add_in(
    txn: &impl ConnectionTrait,
    n: &Normalized,
    new: &NewIndicator<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Added> {
    let raw = stored_raw(new.raw, n);
    let added = match find(txn, n.kind, &n.canonical).await? {
        Some(existing) => {
            let id = existing.id;
            let before = json!({"last_seen": existing.last_seen});
            let mut a: indicator::ActiveModel = existing.into();
            a.last_seen = Set(now);
            a.update(txn).await?;
            let known = indicator_value::Entity::find()
                .filter(indicator_value::Column::IndicatorId.eq(id))
                .filter(indicator_value::Column::Raw.eq(&raw))
                .one(txn)
                .await?;
            if known.is_none() {
                insert_value(txn, id, &raw, now).await?;
            }
            let after = json!({"last_seen": now, "raw": raw});
            audit::record(
                txn,
                now,
                audit::Entry::change(
                    &actor.login,
                    "indicator.merge",
                    "indicator",
                    id,
                    Some(before),
                    Some(after),
                ),
            )
            .await?;
            Added::Merged(id)
        }
        None => {
            let row = indicator::ActiveModel {
                kind: Set(n.kind.as_str().into()),
                canonical: Set(n.canonical.clone()),
                display: Set(n.display.clone()),
                raw: Set(raw.clone()),
                category: Set(new.category.as_str().into()),
                status: Set(Status::Active.as_str().into()),
                source: Set("manual".into()),
                first_seen: Set(now),
                last_seen: Set(now),
                created_by: Set(actor.id),
                owner: Set(None),
                owner_checked_at: Set(None),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            insert_value(txn, row.id, &raw, now).await?;
            let after = json!({"kind": n.kind, "canonical": n.canonical, "display": n.display, "category": new.category});
            audit::record(
                txn,
                now,
                audit::Entry::created(&actor.login, "indicator", row.id, after),
            )
            .await?;
            Added::New(row.id)
        }
    };
    if let Some(c) = &new.case {
        let case_id = upsert_case(txn, c, new.scope, actor.id, now).await?;
        link(txn, added.id(), case_id).await?;
    }
    record_change(txn, Some(added.id()), now).await?;
    Ok(added)
}

async fn insert_value(
    db: &impl ConnectionTrait,
    id: i32,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    indicator_value::ActiveModel {
        indicator_id: Set(id),
        raw: Set(raw.to_string()),
        added_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Links an indicator to a case once.
pub async fn link(db: &impl ConnectionTrait, indicator_id: i32, case_id: i32) -> Result<()> {
    let exists = indicator_case::Entity::find()
        .filter(indicator_case::Column::IndicatorId.eq(indicator_id))
        .filter(indicator_case::Column::CaseId.eq(case_id))
        .one(db)
        .await?;
    if exists.is_none() {
        indicator_case::ActiveModel {
            indicator_id: Set(indicator_id),
            case_id: Set(case_id),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The blocking track so far, oldest first.
pub async fn steps_of(
    db: &impl ConnectionTrait,
    indicator_id: i32,
) -> Result<Vec<blocking_step::Model>> {
    Ok(blocking_step::Entity::find()
        .filter(blocking_step::Column::IndicatorId.eq(indicator_id))
        .order_by_asc(blocking_step::Column::Id)
        .all(db)
        .await?)
}

/// A step on the blocking track, dated; moves the indicator's status.
pub async fn add_step(
    db: &DatabaseConnection,
    indicator_id: i32,
    new: &NewStep<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    let NewStep {
        track,
        step,
        on,
        deadline,
        note,
    } = *new;
    // A note is free text: a card number typed into it is masked, never kept.
    let note = note.map(|n| dozor_indicator::card::mask_card_numbers(n.trim()).into_owned());
    let note = note.as_deref();
    too_long("Примечание", note.unwrap_or_default(), MAX_NOTE)?;
    let txn = crate::db::begin(db).await?;
    let ind = indicator::Entity::find_by_id(indicator_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого ресурса в реестре".into()))?;
    let history: Vec<Done> = steps_of(&txn, indicator_id)
        .await?
        .into_iter()
        .filter_map(|s| {
            Some(Done {
                track: Track::parse(&s.track)?,
                step: s.step,
                on: s.on_date,
            })
        })
        .collect();
    let status = blocking::next(&history, track, step, on, deadline)?;
    blocking_step::ActiveModel {
        indicator_id: Set(indicator_id),
        track: Set(track.as_str().into()),
        step: Set(step.into()),
        on_date: Set(on),
        note: Set(note.map(str::to_string).filter(|n| !n.trim().is_empty())),
        deadline: Set(deadline),
        created_by: Set(actor.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let before = json!({"status": ind.status});
    let mut a: indicator::ActiveModel = ind.into();
    a.status = Set(status.as_str().into());
    a.update(&txn).await?;
    let after = json!({"status": status, "track": track.as_str(), "step": step, "on": on, "deadline": deadline});
    audit::record(
        &txn,
        now,
        audit::Entry::change(
            &actor.login,
            "indicator.blocking_step",
            "indicator",
            indicator_id,
            Some(before),
            Some(after),
        ),
    )
    .await?;
    record_change(&txn, Some(indicator_id), now).await?;
    txn.commit().await?;
    Ok(status)
}
