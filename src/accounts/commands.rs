//! The user commands of the CLI: add, list, disable.

use super::model::Role;
use super::store::{self, NewUser};
use crate::actor::Actor;
use anyhow::{Context, Result, anyhow, bail};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use std::io::Read;

pub struct AddArgs {
    pub login: String,
    pub role: String,
    pub agency: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

/// Reads the password from stdin (one line; the trailing newline dropped).
fn password_from_stdin() -> Result<String> {
    let mut s = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut s)
        .context("cannot read the password from stdin")?;
    let p = s.lines().next().unwrap_or_default().to_string();
    if p.is_empty() {
        bail!("no password on stdin: pipe it in, e.g. `echo secret | dozor user add …`");
    }
    Ok(p)
}

pub async fn add(db: &DatabaseConnection, a: AddArgs, actor: &Actor) -> Result<()> {
    let role = Role::parse(&a.role).ok_or_else(|| {
        anyhow!(
            "«{}» is not a role: admin, coordinator, executor or viewer",
            a.role
        )
    })?;
    let agency_id = match &a.agency {
        Some(name) => Some(
            crate::agency::store::agency_by_alias(db, name)
                .await?
                .ok_or_else(|| anyhow!("no agency is called «{name}»: see `dozor agency list`"))?,
        ),
        None => None,
    };
    let password = password_from_stdin()?;
    let new = NewUser {
        login: &a.login,
        display_name: a.name.as_deref().unwrap_or(&a.login),
        role,
        agency_id,
        email: a.email.as_deref(),
        password: &password,
    };
    let id = store::create_user(db, &new, Utc::now(), actor).await?;
    eprintln!("created user {} (id {id}, {})", a.login, role.as_str());
    Ok(())
}

pub async fn list(db: &DatabaseConnection) -> Result<()> {
    for u in store::list_users(db).await? {
        let state = if u.disabled { "disabled" } else { "active" };
        let agency = u
            .agency_id
            .map(|a| format!(" agency {a}"))
            .unwrap_or_default();
        println!("{:<20} {:<12} {state}{agency}", u.login, u.role);
    }
    Ok(())
}

pub async fn disable(db: &DatabaseConnection, login: &str, actor: &Actor) -> Result<()> {
    store::set_disabled(db, login, true, Utc::now(), actor).await?;
    eprintln!("disabled {login}");
    Ok(())
}
