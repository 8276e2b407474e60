//! `dozor token add|list|revoke`: API tokens for scripts. The same tokens as
//! the «API-токены» page makes: stored hashed, shown once, audited, listed
//! and revoked alike.

use super::model::new_api_token;
use super::store;
use crate::actor::Actor;
use crate::command::Context;
use anyhow::{Result, anyhow, bail};
use chrono::Utc;
use clap::Subcommand;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for LOGIN and print it alone on stdout: it is shown only once.
    Add {
        login: String,
        /// What the token is for, as the «API-токены» page lists it.
        #[arg(long)]
        name: String,
    },
    /// List the tokens of LOGIN, or of everyone (never the tokens themselves).
    List { login: Option<String> },
    /// Revoke token ID (from `dozor token list`): it stops working at once.
    Revoke { id: i32 },
}

pub async fn run(ctx: &Context, cmd: TokenCommand) -> Result<()> {
    let db = ctx.db().await?;
    let actor = crate::command::actor();
    match cmd {
        TokenCommand::Add { login, name } => add(&db, &login, &name, &actor).await,
        TokenCommand::List { login } => list(&db, login.as_deref()).await,
        TokenCommand::Revoke { id } => revoke(&db, id, &actor).await,
    }
}

async fn add(db: &DatabaseConnection, login: &str, name: &str, actor: &Actor) -> Result<()> {
    let user = store::user_by_login(db, login)
        .await?
        .ok_or_else(|| anyhow!("no user «{login}»: see `dozor user list`"))?;
    if user.disabled {
        bail!("user «{}» is disabled: a token would not work", user.login);
    }
    let token = new_api_token();
    let id = store::create_token(db, user.id, name, &token, Utc::now(), actor).await?;
    // stdout holds the token alone, so `TOKEN=$(dozor token add …)` works.
    println!("{token}");
    eprintln!(
        "created token {id} for {}: store it now, it is not shown again",
        user.login
    );
    Ok(())
}

async fn list(db: &DatabaseConnection, login: Option<&str>) -> Result<()> {
    let users = store::list_users(db).await?;
    let logins: HashMap<i32, &str> = users.iter().map(|u| (u.id, u.login.as_str())).collect();
    let tokens = match login {
        Some(l) => {
            let u = store::user_by_login(db, l)
                .await?
                .ok_or_else(|| anyhow!("no user «{l}»: see `dozor user list`"))?;
            store::tokens_of(db, u.id).await?
        }
        None => store::all_tokens(db).await?,
    };
    for t in tokens {
        let state = if t.revoked { "revoked" } else { "active" };
        let used = t.last_used_at.map_or_else(
            || "never used".to_string(),
            |at| format!("used {}", at.format("%Y-%m-%d %H:%M")),
        );
        println!(
            "{:<5} {:<16} {}…  {state:<8} created {}, {used}  {}",
            t.id,
            logins.get(&t.user_id).copied().unwrap_or("?"),
            t.prefix,
            t.created_at.format("%Y-%m-%d %H:%M"),
            t.name,
        );
    }
    Ok(())
}

async fn revoke(db: &DatabaseConnection, id: i32, actor: &Actor) -> Result<()> {
    let t = store::token_by_id(db, id)
        .await?
        .ok_or_else(|| anyhow!("no token {id}: see `dozor token list`"))?;
    if t.revoked {
        eprintln!("token {id} was already revoked");
        return Ok(());
    }
    store::revoke_token(db, t.user_id, id, Utc::now(), actor).await?;
    eprintln!("revoked token {id} («{}»)", t.name);
    Ok(())
}
