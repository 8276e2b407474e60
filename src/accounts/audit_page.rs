//! The audit log page for the coordinator and the admin: each entry as a
//! sentence (who did what to which object, with a link, and the fields
//! that changed), filtered by person, action and object in words, in pages.

use super::audit_objects::Objects;
use super::audit_text::{self, ACTIONS, ENTITIES};
use super::auth::require;
use super::csrf;
use super::model::{CurrentUser, Role};
use crate::accounts::chrome::Chrome;
use crate::db::entity::{accounts::user, audit_log as entity};
use crate::error::Result;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::Deserialize;
use std::collections::HashMap;
use tower_sessions::Session;

const PAGE: u64 = 50;

#[derive(Deserialize, Default)]
pub struct Filter {
    #[serde(default)]
    actor: String,
    /// An action code, or its entity's prefix (`report`) for all of them.
    #[serde(default)]
    action: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    page: u64,
}

impl Filter {
    fn query(&self) -> Select<entity::Entity> {
        let mut q = entity::Entity::find().order_by_desc(entity::Column::Id);
        let (actor, action, object) = (self.actor.trim(), self.action.trim(), self.entity.trim());
        if !actor.is_empty() {
            q = q.filter(entity::Column::Actor.eq(actor));
        }
        if !action.is_empty() {
            q = q.filter(entity::Column::Action.starts_with(action));
        }
        if !object.is_empty() {
            q = q.filter(entity::Column::Entity.eq(object));
        }
        q
    }

    /// The page's address with another page number.
    fn href(&self, page: u64) -> String {
        let e = crate::web::urlencode;
        format!(
            "?actor={}&action={}&entity={}&page={page}",
            e(self.actor.trim()),
            e(self.action.trim()),
            e(self.entity.trim())
        )
    }
}

pub struct Change {
    field: String,
    before: String,
    after: String,
}

pub struct Row {
    at: String,
    who: String,
    verb: String,
    object: String,
    href: Option<String>,
    changes: Vec<Change>,
}

/// A choice of a filter: value, words, chosen.
pub struct Choice(String, String, bool);

#[derive(Template, WebTemplate)]
#[template(path = "accounts/audit.html")]
pub struct AuditPage {
    chrome: Chrome,
    actors: Vec<Choice>,
    actions: Vec<Choice>,
    entities: Vec<Choice>,
    rows: Vec<Row>,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
}

pub async fn audit(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(f): Query<Filter>,
) -> Result<AuditPage> {
    require(&user, &[Role::Coordinator, Role::Admin])?;
    let pages = f.query().paginate(&s.db, PAGE);
    let total = pages.num_pages().await?.max(1);
    let entries = pages.fetch_page(f.page).await?;
    let objects = Objects::load(&s.db, &entries).await?;
    let names: HashMap<String, String> = user::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|u| (u.login, u.display_name))
        .collect();
    let tz = crate::config::DEFAULT_TIMEZONE;
    let rows = entries
        .iter()
        .map(|e| {
            let object = objects.of(e);
            let json = |v: &Option<String>| v.as_deref().and_then(|t| serde_json::from_str(t).ok());
            let changes = audit_text::changes(json(&e.before).as_ref(), json(&e.after).as_ref());
            Row {
                at: crate::ru::datetime(e.at, tz),
                who: match names.get(&e.actor) {
                    Some(name) => format!("{name} ({})", e.actor),
                    None => e.actor.clone(),
                },
                verb: audit_text::verb(&e.action, &e.entity),
                object: object.label,
                href: object.href,
                changes: changes
                    .into_iter()
                    .map(|c| Change {
                        field: c.field,
                        before: c.before,
                        after: c.after,
                    })
                    .collect(),
            }
        })
        .collect();
    let actors = actor_choices(&s, &names, &f).await?;
    Ok(AuditPage {
        chrome: Chrome::new("Журнал изменений", Some(user), csrf::token(&session).await?),
        actions: action_choices(&f),
        entities: ENTITIES
            .iter()
            .map(|(v, _, l)| Choice(v.to_string(), l.to_string(), f.entity.trim() == *v))
            .collect(),
        actors,
        rows,
        page_label: format!("Страница {} из {total}", f.page.min(total - 1) + 1),
        prev: (f.page > 0).then(|| f.href(f.page - 1)),
        next: (f.page + 1 < total).then(|| f.href(f.page + 1)),
    })
}

/// Everyone who appears in the log, by name.
async fn actor_choices(
    s: &AppState,
    names: &HashMap<String, String>,
    f: &Filter,
) -> Result<Vec<Choice>> {
    let logins: Vec<String> = entity::Entity::find()
        .select_only()
        .column(entity::Column::Actor)
        .distinct()
        .into_tuple()
        .all(&s.db)
        .await?;
    let mut out: Vec<Choice> = logins
        .into_iter()
        .map(|l| {
            let words = names
                .get(&l)
                .map_or_else(|| l.clone(), |n| format!("{n} ({l})"));
            let chosen = f.actor.trim() == l;
            Choice(l, words, chosen)
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// Each group of actions («все: отчёты»), then each action, in words.
fn action_choices(f: &Filter) -> Vec<Choice> {
    let chosen = f.action.trim();
    let mut out = Vec::new();
    for (entity, _, group) in ENTITIES {
        let actions: Vec<_> = ACTIONS
            .iter()
            .filter(|(a, _)| a.split('.').next() == Some(*entity))
            .collect();
        if actions.is_empty() {
            continue;
        }
        out.push(Choice(
            entity.to_string(),
            format!("{group}: все действия"),
            chosen == *entity,
        ));
        for (code, words) in actions {
            out.push(Choice(
                code.to_string(),
                format!("— {words}"),
                chosen == *code,
            ));
        }
    }
    out
}
