//! The in-app notification list: each signed-in user reads their own
//! reminder digests and event notices (the same text as the mail) and
//! marks them read, and turns mail off or on for themselves — the notices
//! stay in the app either way.

use crate::accounts::audit;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::db::entity::accounts::user;
use crate::db::entity::control::notification;
use crate::error::{Error, Result};
use crate::ru;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Redirect;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use tower_sessions::Session;

/// A user's notifications, newest first.
pub async fn of_user(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<notification::Model>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Day)
        .order_by_desc(notification::Column::Id)
        .all(db)
        .await?)
}

/// Marks one of the user's own notifications read; another's is "not found",
/// so ids of others' notifications reveal nothing.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: i32,
    id: i32,
    now: DateTime<Utc>,
) -> Result<()> {
    let n = notification::Entity::find_by_id(id)
        .filter(notification::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого уведомления".into()))?;
    if n.read_at.is_none() {
        let mut row: notification::ActiveModel = n.into();
        row.read_at = Set(Some(now));
        row.update(db).await?;
    }
    Ok(())
}

/// Turns mail off (or on again) for this user only; audited.
pub async fn set_mail_off(
    db: &sea_orm::DatabaseConnection,
    user: &CurrentUser,
    off: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let u = user::Entity::find_by_id(user.id)
        .one(&txn)
        .await?
        .ok_or(Error::Unauthorized)?;
    if u.mail_off == off {
        return Ok(());
    }
    let mut row: user::ActiveModel = u.into();
    row.mail_off = Set(off);
    row.update(&txn).await?;
    let action = if off { "user.mail_off" } else { "user.mail_on" };
    let entry = audit::Entry::change(
        &user.login,
        action,
        "user",
        user.id.to_string(),
        Some(serde_json::json!({"mail_off": !off})),
        Some(serde_json::json!({"mail_off": off})),
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(())
}

pub struct Entry {
    pub id: i32,
    pub day: String,
    pub body: String,
    pub read_at: Option<String>,
    pub link: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "control/notifications.html")]
pub struct NotificationsPage {
    chrome: Chrome,
    entries: Vec<Entry>,
    /// The user turned mail off.
    mail_off: bool,
    /// Where mail would go; `None` when the user has no address.
    email: Option<String>,
}

pub async fn list(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<NotificationsPage> {
    let tz = crate::config::DEFAULT_TIMEZONE;
    let entries = of_user(&s.db, user.id)
        .await?
        .into_iter()
        .map(|n| Entry {
            id: n.id,
            day: ru::date(n.day),
            body: n.body,
            read_at: n.read_at.map(|t| ru::datetime(t, tz)),
            link: n.link,
        })
        .collect();
    let me = user::Entity::find_by_id(user.id)
        .one(&s.db)
        .await?
        .ok_or(Error::Unauthorized)?;
    Ok(NotificationsPage {
        chrome: Chrome::new("Уведомления", Some(user), csrf::token(&session).await?),
        entries,
        mail_off: me.mail_off,
        email: me.email.filter(|e| e.contains('@')),
    })
}

pub async fn read(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    mark_read(&s.db, user.id, id, s.now()).await?;
    Ok(Redirect::to("/notifications"))
}

#[derive(serde::Deserialize)]
pub struct MailForm {
    /// "off" turns mail off, anything else on.
    #[serde(default)]
    mail: String,
}

pub async fn mail(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(f): Form<MailForm>,
) -> Result<Redirect> {
    set_mail_off(&s.db, &user, f.mail == "off", s.now()).await?;
    Ok(Redirect::to("/notifications"))
}
