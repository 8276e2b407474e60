//! All SQL of accounts: users, logins with their back-off, API tokens.

use super::backoff;
use super::model::{CurrentUser, MIN_PASSWORD, Role, hash_password, sha256_hex, verify_password};
use crate::accounts::audit;
use crate::actor::Actor;
use crate::db::entity::accounts::{api_token, login_failure, user};
use crate::error::{Error, Result};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// A new account, as the CLI and the admin pages give it.
pub struct NewUser<'a> {
    pub login: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub agency_id: Option<i32>,
    pub email: Option<&'a str>,
    pub password: &'a str,
}

fn current(u: &user::Model) -> Option<CurrentUser> {
    Some(CurrentUser {
        id: u.id,
        login: u.login.clone(),
        display_name: u.display_name.clone(),
        role: Role::parse(&u.role)?,
        agency_id: u.agency_id,
    })
}

pub async fn create_user(
    db: &DatabaseConnection,
    n: &NewUser<'_>,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<i32> {
    let login = n.login.trim().to_lowercase();
    if login.is_empty()
        || !login
            .chars()
            .all(|c| c.is_alphanumeric() || "._-@".contains(c))
    {
        return Err(Error::Invalid("логин: буквы, цифры и . _ - @".into()));
    }
    if n.password.chars().count() < MIN_PASSWORD {
        return Err(Error::Invalid(format!(
            "пароль не короче {MIN_PASSWORD} символов"
        )));
    }
    if (n.role == Role::Executor) != n.agency_id.is_some() {
        return Err(Error::Invalid(
            "ведомство указывается для исполнителя, и только для него".into(),
        ));
    }
    let hash = hash_password(n.password).map_err(Error::Internal)?;
    let txn = crate::db::begin(db).await?;
    if user::Entity::find()
        .filter(user::Column::Login.eq(&login))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(Error::Conflict(format!("пользователь «{login}» уже есть")));
    }
    let u = user::ActiveModel {
        login: Set(login.clone()),
        display_name: Set(n.display_name.trim().to_string()),
        role: Set(n.role.as_str().to_string()),
        agency_id: Set(n.agency_id),
        email: Set(n.email.map(str::to_string)),
        password_hash: Set(hash),
        disabled: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let after = json!({"login": login, "role": n.role, "agency_id": n.agency_id, "email": n.email});
    audit::record(
        &txn,
        now,
        audit::Entry::created(&actor.login, "user", u.id, after),
    )
    .await?;
    txn.commit().await?;
    Ok(u.id)
}

pub async fn list_users(db: &impl ConnectionTrait) -> Result<Vec<user::Model>> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Login)
        .all(db)
        .await?)
}

/// The account with this login (logins are stored lower-case), disabled or not.
pub async fn user_by_login(db: &impl ConnectionTrait, login: &str) -> Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Login.eq(login.trim().to_lowercase()))
        .one(db)
        .await?)
}

pub async fn count_users(db: &impl ConnectionTrait) -> Result<u64> {
    Ok(user::Entity::find().count(db).await?)
}

pub async fn set_disabled(
    db: &DatabaseConnection,
    login: &str,
    disabled: bool,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let u = user::Entity::find()
        .filter(user::Column::Login.eq(login.trim().to_lowercase()))
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound(format!("нет пользователя «{login}»")))?;
    let before = json!({"disabled": u.disabled});
    let id = u.id;
    let mut a: user::ActiveModel = u.into();
    a.disabled = Set(disabled);
    a.update(&txn).await?;
    if disabled {
        // Enabling the user again must not bring its old cookies back.
        super::session_store::delete_of_user(&txn, id).await?;
    }
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor: &actor.login,
            action: if disabled {
                "user.disable"
            } else {
                "user.enable"
            },
            entity: "user",
            entity_id: Some(id.to_string()),
            before: Some(before),
            after: Some(json!({"disabled": disabled})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The user behind a session's user id, unless disabled.
pub async fn active_user(db: &impl ConnectionTrait, id: i32) -> Result<Option<CurrentUser>> {
    let u = user::Entity::find_by_id(id).one(db).await?;
    Ok(u.filter(|u| !u.disabled).as_ref().and_then(current))
}

/// Why a login failed.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginError {
    BadCredentials,
    /// Backing off: try again after this long (not counted as a failure).
    TooManyAttempts(Duration),
}

/// Checks a login and password from `client`, under the back-off of
/// [`backoff`]: on the login's failures from this client, and on the
/// client's failures across logins. A refused attempt is not recorded, so
/// it does not extend the wait; a success forgets this login's failures
/// from this client.
pub async fn login(
    db: &impl ConnectionTrait,
    login: &str,
    password: &str,
    client: std::net::IpAddr,
    now: DateTime<Utc>,
) -> Result<Result<CurrentUser, LoginError>> {
    let login = login.trim().to_lowercase();
    // An IPv6 client holds its whole /64.
    let address = crate::web::client::subscriber(client).to_string();
    let of_client = Condition::all().add(login_failure::Column::Address.eq(&address));
    let of_pair = of_client
        .clone()
        .add(login_failure::Column::Login.eq(&login));
    // The attempt is recorded as a failure before it is judged, and judged
    // by the failures of the others: concurrent attempts then see each
    // other, so no more of them reach the password than the rules allow.
    let claim = login_failure::ActiveModel {
        login: Set(login.clone()),
        address: Set(address.clone()),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let others = login_failure::Column::Id.ne(claim.id);
    let of_pair_others = of_pair.clone().add(others.clone());
    let pair = failures(db, of_pair_others, now - backoff::login_memory()).await?;
    let any = failures(db, of_client.add(others), now - backoff::client_window()).await?;
    let wait = [
        backoff::wait(pair, backoff::FREE_PER_LOGIN, now),
        backoff::wait(any, backoff::FREE_PER_CLIENT, now),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(wait) = wait {
        // A refused attempt does not extend the wait.
        login_failure::Entity::delete_by_id(claim.id)
            .exec(db)
            .await?;
        return Ok(Err(LoginError::TooManyAttempts(wait)));
    }
    let u = user::Entity::find()
        .filter(user::Column::Login.eq(&login))
        .one(db)
        .await?;
    let hash = u
        .as_ref()
        .map_or(super::model::dummy_hash(), |u| u.password_hash.as_str());
    let ok = verify_password(password, hash);
    match u.filter(|u| ok && !u.disabled).as_ref().and_then(current) {
        Some(user) => {
            login_failure::Entity::delete_many()
                .filter(of_pair)
                .exec(db)
                .await?;
            Ok(Ok(user))
        }
        None => {
            // The claim stays as the failure. Forget what no rule looks at
            // any more.
            login_failure::Entity::delete_many()
                .filter(login_failure::Column::At.lt(now - backoff::login_memory()))
                .exec(db)
                .await?;
            Ok(Err(LoginError::BadCredentials))
        }
    }
}

/// The failures matching `which` since `since`: how many, and the latest.
async fn failures(
    db: &impl ConnectionTrait,
    which: Condition,
    since: DateTime<Utc>,
) -> Result<backoff::Record> {
    let recent = login_failure::Entity::find()
        .filter(which)
        .filter(login_failure::Column::At.gt(since));
    let failures = recent.clone().count(db).await?;
    let latest = recent
        .order_by_desc(login_failure::Column::At)
        .one(db)
        .await?
        .map(|f| f.at);
    Ok(backoff::Record { failures, latest })
}

/// Stores the hash of a new token for `user_id`; the caller shows the token once.
pub async fn create_token(
    db: &DatabaseConnection,
    user_id: i32,
    name: &str,
    token: &str,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<i32> {
    let name = crate::ru::squash(name);
    if name.is_empty() {
        return Err(Error::Invalid("укажите название токена".into()));
    }
    let txn = crate::db::begin(db).await?;
    let t = api_token::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.clone()),
        prefix: Set(token.chars().take(10).collect()),
        token_hash: Set(sha256_hex(token)),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        now,
        audit::Entry::created(
            &actor.login,
            "api_token",
            t.id,
            json!({"name": name, "user_id": user_id}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(t.id)
}

pub async fn tokens_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?)
}

/// Every user's tokens, newest first: for `dozor token list`.
pub async fn all_tokens(db: &impl ConnectionTrait) -> Result<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?)
}

pub async fn token_by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<api_token::Model>> {
    Ok(api_token::Entity::find_by_id(id).one(db).await?)
}

/// Revokes one of `user_id`'s tokens.
pub async fn revoke_token(
    db: &DatabaseConnection,
    user_id: i32,
    id: i32,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let t = api_token::Entity::find_by_id(id)
        .filter(api_token::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound("нет такого токена".into()))?;
    let mut a: api_token::ActiveModel = t.into();
    a.revoked = Set(true);
    a.update(&txn).await?;
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor: &actor.login,
            action: "api_token.revoke",
            entity: "api_token",
            entity_id: Some(id.to_string()),
            before: None,
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The user a bearer token acts for, when the token is valid and not revoked.
pub async fn user_by_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>> {
    let Some(t) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(sha256_hex(token)))
        .filter(api_token::Column::Revoked.eq(false))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let user_id = t.user_id;
    let mut a: api_token::ActiveModel = t.into();
    a.last_used_at = Set(Some(now));
    a.update(db).await?;
    active_user(db, user_id).await
}
