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

/// Every recorded change of one object, oldest first, with the display
/// name of whoever made it (their login when the account is gone).
pub async fn of_object(
    conn: &impl ConnectionTrait,
    entity_name: &str,
    id: i32,
) -> Result<Vec<(entity::Model, String)>, DbErr> {
    use crate::db::entity::accounts::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let rows = entity::Entity::find()
        .filter(entity::Column::Entity.eq(entity_name))
        .filter(entity::Column::EntityId.eq(id.to_string()))
        .order_by_asc(entity::Column::At)
        .order_by_asc(entity::Column::Id)
        .all(conn)
        .await?;
    let logins: Vec<String> = rows.iter().map(|r| r.actor.clone()).collect();
    let names: std::collections::HashMap<String, String> = user::Entity::find()
        .filter(user::Column::Login.is_in(logins))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.login, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let who = names
                .get(&r.actor)
                .cloned()
                .unwrap_or_else(|| r.actor.clone());
            (r, who)
        })
        .collect())
}
