//! `dozor agency list|add|alias`: the agencies and the spellings that name
//! them. Results go to stdout; progress to stderr.

use super::agencies;
use crate::command::{Context, actor, say};
use anyhow::Result;
use chrono::Utc;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// List agencies and their aliases.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create an agency.
    Add(AgencyAddArgs),
    /// Map another spelling to an agency: `dozor agency alias "Прокуратура округа" "Прокуратура ХМАО"`.
    Alias { agency: String, alias: String },
}

#[derive(Debug, Args)]
pub struct AgencyAddArgs {
    pub name: String,
    #[arg(long)]
    pub short_name: Option<String>,
}

pub async fn run(ctx: &Context, cmd: AgencyCommand) -> Result<()> {
    match cmd {
        AgencyCommand::List { json } => agency_list(ctx, json).await,
        AgencyCommand::Add(a) => agency_add(ctx, &a.name, a.short_name.as_deref()).await,
        AgencyCommand::Alias { agency, alias } => agency_alias(ctx, &agency, &alias).await,
    }
}

async fn agency_list(ctx: &Context, json: bool) -> Result<()> {
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

async fn agency_add(ctx: &Context, name: &str, short: Option<&str>) -> Result<()> {
    let db = ctx.db().await?;
    let id = agencies::add_agency(&db, name, short, Utc::now(), &actor()).await?;
    eprintln!("created agency {id}");
    Ok(())
}

async fn agency_alias(ctx: &Context, agency: &str, alias: &str) -> Result<()> {
    let db = ctx.db().await?;
    let id = agencies::add_alias(&db, agency, alias, Utc::now(), &actor()).await?;
    eprintln!("«{alias}» now names agency {id}");
    Ok(())
}
