//! The audit log: who changed what, when, with the state before and after.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::db::entity::audit_log as entity;

/// One change to record, in the caller's transaction.
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    /// A change of the object `entity` `id`, with its state before and after.
    pub fn change(
        actor: &'a str,
        action: &'a str,
        entity: &'a str,
        id: impl ToString,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Entry<'a> {
        Entry {
            actor,
            action,
            entity,
            entity_id: Some(id.to_string()),
            before,
            after,
        }
    }

    /// A new row of `entity`, with its state after.
    pub fn created(
        actor: &'a str,
        entity: &'a str,
        id: i32,
        after: serde_json::Value,
    ) -> Entry<'a> {
        Entry {
            actor,
            action: "create",
            entity,
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
        }
    }
}

pub async fn record(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
    e: Entry<'_>,
) -> Result<(), DbErr> {
    entity::ActiveModel {
        at: Set(at),
        actor: Set(e.actor.to_string()),
        action: Set(e.action.to_string()),
        entity: Set(e.entity.to_string()),
        entity_id: Set(e.entity_id),
        before: Set(e.before.map(|v| v.to_string())),
        after: Set(e.after.map(|v| v.to_string())),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
