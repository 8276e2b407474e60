//! The audit log page for the coordinator and the admin, filterable by
//! actor, action and object, newest first.

use super::auth::require;
use super::csrf;
use super::model::{CurrentUser, Role};
use crate::accounts::chrome::Chrome;
use crate::db::entity::audit_log as entity;
use crate::error::Result;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use tower_sessions::Session;

const PAGE: u64 = 100;

#[derive(Deserialize, Default)]
pub struct Filter {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    page: u64,
}

pub struct Row {
    at: String,
    actor: String,
    action: String,
    object: String,
    before: String,
    after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/audit.html")]
pub struct AuditPage {
    chrome: Chrome,
    f: Filter,
    rows: Vec<Row>,
    next_page: Option<u64>,
}

pub async fn audit(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(f): Query<Filter>,
) -> Result<AuditPage> {
    require(&user, &[Role::Coordinator, Role::Admin])?;
    let mut q = entity::Entity::find().order_by_desc(entity::Column::Id);
    if !f.actor.trim().is_empty() {
        q = q.filter(entity::Column::Actor.eq(f.actor.trim()));
    }
    if !f.action.trim().is_empty() {
        q = q.filter(entity::Column::Action.starts_with(f.action.trim()));
    }
    if !f.entity.trim().is_empty() {
        q = q.filter(entity::Column::Entity.eq(f.entity.trim()));
    }
    let pages = q.paginate(&s.db, PAGE);
    let total = pages.num_pages().await?;
    let tz = crate::config::DEFAULT_TIMEZONE;
    let rows = pages
        .fetch_page(f.page)
        .await?
        .into_iter()
        .map(|e| Row {
            at: crate::ru::datetime(e.at, tz),
            actor: e.actor,
            action: e.action,
            object: format!("{} {}", e.entity, e.entity_id.unwrap_or_default()),
            before: e.before.unwrap_or_default(),
            after: e.after.unwrap_or_default(),
        })
        .collect();
    let next_page = (f.page + 1 < total).then_some(f.page + 1);
    Ok(AuditPage {
        chrome: Chrome::new("Журнал изменений", Some(user), csrf::token(&session).await?),
        f,
        rows,
        next_page,
    })
}
