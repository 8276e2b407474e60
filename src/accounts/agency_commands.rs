//! `dozor agency list|add|alias`: the agencies and the spellings that name
//! them. Results go to stdout; progress to stderr.

use super::agencies;
use crate::cli::{Context, actor, say};
use anyhow::Result;
use chrono::Utc;

pub async fn agency_list(ctx: &Context, json: bool) -> Result<()> {
    let db = ctx.db().await?;
    let all = crate::agency::store::agencies(&db).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    for a in all {
        say!("{:>4}  {}", a.id, a.name);
        for alias in a.aliases {
            say!("        = {alias}");
        }
    }
    Ok(())
}

pub async fn agency_add(ctx: &Context, name: &str, short: Option<&str>) -> Result<()> {
    let db = ctx.db().await?;
    let id = agencies::add_agency(&db, name, short, Utc::now(), &actor()).await?;
    eprintln!("created agency {id}");
    Ok(())
}

pub async fn agency_alias(ctx: &Context, agency: &str, alias: &str) -> Result<()> {
    let db = ctx.db().await?;
    let id = agencies::add_alias(&db, agency, alias, Utc::now(), &actor()).await?;
    eprintln!("«{alias}» now names agency {id}");
    Ok(())
}
