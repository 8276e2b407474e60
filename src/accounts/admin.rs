//! The admin's pages: users (create, disable, enable) and agencies (names,
//! head contact e-mail, aliases).

use super::agencies as agency_admin;
use super::auth::require;
use super::csrf;
use super::model::{CurrentUser, Role};
use super::store::{self, NewUser};
use crate::accounts::chrome::Chrome;
use crate::agency::store as agency_store;
use crate::error::{Error, Result};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::response::Redirect;
use serde::Deserialize;
use tower_sessions::Session;

pub struct UserRow {
    pub login: String,
    pub name: String,
    pub role: &'static str,
    pub agency: String,
    pub disabled: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/users.html")]
pub struct UsersPage {
    chrome: Chrome,
    users: Vec<UserRow>,
    agencies: Vec<(i32, String)>,
}

fn admin(user: &CurrentUser) -> Result<()> {
    require(user, &[Role::Admin])
}

async fn agency_names(s: &AppState) -> Result<Vec<(i32, String)>> {
    Ok(agency_store::agency_rows(&s.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.short_name.unwrap_or(a.name)))
        .collect())
}

pub async fn users(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<UsersPage> {
    admin(&user)?;
    let agencies = agency_names(&s).await?;
    let users = store::list_users(&s.db)
        .await?
        .into_iter()
        .map(|u| UserRow {
            agency: u
                .agency_id
                .and_then(|id| {
                    agencies
                        .iter()
                        .find(|(a, _)| *a == id)
                        .map(|(_, n)| n.clone())
                })
                .unwrap_or_default(),
            role: Role::parse(&u.role).map_or("?", Role::label),
            login: u.login,
            name: u.display_name,
            disabled: u.disabled,
        })
        .collect();
    Ok(UsersPage {
        chrome: Chrome::new("Пользователи", Some(user), csrf::token(&session).await?),
        users,
        agencies,
    })
}

#[derive(Deserialize)]
pub struct NewUserForm {
    login: String,
    display_name: String,
    role: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    email: String,
    password: String,
}

pub async fn create_user(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(f): Form<NewUserForm>,
) -> Result<Redirect> {
    admin(&user)?;
    let role = Role::parse(&f.role).ok_or_else(|| Error::Invalid("Выберите роль".into()))?;
    let agency_id = if role == Role::Executor {
        Some(executor_agency(&s, &f.agency_id).await?)
    } else {
        None
    };
    let email = Some(f.email.trim()).filter(|e| !e.is_empty());
    let new = NewUser {
        login: &f.login,
        display_name: if f.display_name.trim().is_empty() {
            &f.login
        } else {
            &f.display_name
        },
        role,
        agency_id,
        email,
        password: &f.password,
    };
    store::create_user(&s.db, &new, s.now(), &user.actor()).await?;
    Ok(Redirect::to("/admin/users"))
}

/// The agency an executor works for, checked to exist: the form's select
/// sends an id, and a missing one would otherwise fail the insert on its
/// foreign key (a 500); an executor without an agency could write nothing.
async fn executor_agency(s: &AppState, raw: &str) -> Result<i32> {
    let choose = || Error::Invalid("Выберите ведомство исполнителя".into());
    let id = raw.trim().parse::<i32>().map_err(|_| choose())?;
    let known = agency_store::agency_rows(&s.db).await?;
    if known.iter().any(|a| a.id == id) {
        Ok(id)
    } else {
        Err(Error::Invalid(format!("Нет ведомства с номером {id}")))
    }
}

pub async fn disable(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(login): Path<String>,
) -> Result<Redirect> {
    admin(&user)?;
    if login == user.login {
        return Err(Error::Invalid("Нельзя отключить самого себя".into()));
    }
    store::set_disabled(&s.db, &login, true, s.now(), &user.actor()).await?;
    Ok(Redirect::to("/admin/users"))
}

pub async fn enable(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(login): Path<String>,
) -> Result<Redirect> {
    admin(&user)?;
    store::set_disabled(&s.db, &login, false, s.now(), &user.actor()).await?;
    Ok(Redirect::to("/admin/users"))
}

pub struct AgencyRow {
    pub id: i32,
    pub name: String,
    pub short_name: String,
    pub head_email: String,
    pub aliases: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/agencies.html")]
pub struct AgenciesPage {
    chrome: Chrome,
    agencies: Vec<AgencyRow>,
}

pub async fn agencies(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<AgenciesPage> {
    admin(&user)?;
    let views = agency_store::agencies(&s.db).await?;
    let rows = agency_store::agency_rows(&s.db).await?;
    let agencies = views
        .into_iter()
        .map(|v| AgencyRow {
            head_email: rows
                .iter()
                .find(|r| r.id == v.id)
                .and_then(|r| r.head_email.clone())
                .unwrap_or_default(),
            id: v.id,
            name: v.name,
            short_name: v.short_name.unwrap_or_default(),
            aliases: v.aliases,
        })
        .collect();
    Ok(AgenciesPage {
        chrome: Chrome::new("Ведомства", Some(user), csrf::token(&session).await?),
        agencies,
    })
}

#[derive(Deserialize)]
pub struct AgencyForm {
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    head_email: String,
}

fn opt(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

pub async fn update_agency(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<AgencyForm>,
) -> Result<Redirect> {
    admin(&user)?;
    agency_admin::update_agency(
        &s.db,
        id,
        &f.name,
        opt(&f.short_name),
        opt(&f.head_email),
        s.now(),
        &user.actor(),
    )
    .await?;
    Ok(Redirect::to("/admin/agencies"))
}

pub async fn create_agency(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(f): Form<AgencyForm>,
) -> Result<Redirect> {
    admin(&user)?;
    let id = agency_admin::add_agency(&s.db, &f.name, opt(&f.short_name), s.now(), &user.actor())
        .await?;
    if let Some(email) = opt(&f.head_email) {
        agency_admin::update_agency(
            &s.db,
            id,
            &f.name,
            opt(&f.short_name),
            Some(email),
            s.now(),
            &user.actor(),
        )
        .await?;
    }
    Ok(Redirect::to("/admin/agencies"))
}

#[derive(Deserialize)]
pub struct AliasForm {
    alias: String,
}

pub async fn add_alias(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<AliasForm>,
) -> Result<Redirect> {
    admin(&user)?;
    let name = agency_store::agency_rows(&s.db)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::NotFound("Нет такого ведомства".into()))?
        .name;
    agency_admin::add_alias(&s.db, &name, &f.alias, s.now(), &user.actor()).await?;
    Ok(Redirect::to("/admin/agencies"))
}
