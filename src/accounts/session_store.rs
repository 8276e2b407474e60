//! tower-sessions' store on our own database, through SeaORM: one code path
//! for SQLite and PostgreSQL. Rows are keyed by the SHA-256 of the session
//! id, so a leaked table holds no usable cookie.

use super::model::sha256_hex;
use crate::db::entity::accounts::session;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, SessionStore};

type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        DbSessionStore { db }
    }

    /// Removes expired sessions; run now and then.
    pub async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64> {
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(now))
            .exec(&self.db)
            .await
            .map(|r| r.rows_affected)
            .map_err(backend)
    }
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

fn key(id: &Id) -> String {
    sha256_hex(&id.to_string())
}

fn expiry(r: &Record) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(r.expiry_date.unix_timestamp(), 0)
        .ok_or_else(|| Error::Encode("expiry out of range".into()))
}

fn row(r: &Record) -> Result<session::ActiveModel> {
    let user_id = r
        .data
        .get(super::auth::USER_KEY)
        .and_then(serde_json::Value::as_i64)
        .and_then(|id| i32::try_from(id).ok());
    Ok(session::ActiveModel {
        id: Set(key(&r.id)),
        data: Set(serde_json::to_string(&r.data).map_err(|e| Error::Encode(e.to_string()))?),
        expires_at: Set(expiry(r)?),
        user_id: Set(user_id),
    })
}

/// Ends every session of a user, inside the caller's transaction.
pub async fn delete_of_user(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await
        .map(|r| r.rows_affected)
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, r: &mut Record) -> Result<()> {
        // A collision of two random 128-bit ids is next to impossible; when
        // the insert still fails on one, take a new id and try again.
        for _ in 0..3 {
            match session::Entity::insert(row(r)?).exec(&self.db).await {
                Ok(_) => return Ok(()),
                Err(_) if self.exists(&r.id).await? => r.id = Id::default(),
                Err(e) => return Err(backend(e)),
            }
        }
        Err(Error::Backend("could not find a free session id".into()))
    }

    /// Updates a session that still exists, and never brings one back: a
    /// request that began before the session was ended (its user disabled,
    /// signed out elsewhere) must not store it again when it finishes.
    async fn save(&self, r: &Record) -> Result<()> {
        let mut changed = row(r)?;
        changed.id = sea_orm::ActiveValue::NotSet;
        session::Entity::update_many()
            .set(changed)
            .filter(session::Column::Id.eq(key(&r.id)))
            .exec(&self.db)
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let found = session::Entity::find_by_id(key(id))
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?;
        let Some(s) = found else { return Ok(None) };
        let data = serde_json::from_str(&s.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(s.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        session::Entity::delete_by_id(key(id))
            .exec(&self.db)
            .await
            .map(|_| ())
            .map_err(backend)
    }
}

impl DbSessionStore {
    async fn exists(&self, id: &Id) -> Result<bool> {
        session::Entity::find_by_id(key(id))
            .one(&self.db)
            .await
            .map(|s| s.is_some())
            .map_err(backend)
    }
}
