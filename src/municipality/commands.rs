//! `dozor municipality list|alias|population` and `dozor crime import`:
//! the municipalities, their spellings, and the population and
//! crime-statistics tables loaded from CSV or XLSX. The report goes to
//! stdout; with a bad row the command fails after listing every one.

use super::import::{self, Table};
use crate::command::{Context, actor, say};
use anyhow::{Context as _, Result, bail};
use chrono::Utc;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum MunicipalityCommand {
    /// List municipalities with their spellings and latest population.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Map another spelling to a municipality: `dozor municipality alias Сургут "г.о. Сургут"`.
    Alias { municipality: String, alias: String },
    /// Load population by year from CSV or XLSX: columns municipality, year,
    /// population and optionally approximate (or their Russian headers).
    Population(ImportArgs),
}

#[derive(Debug, Subcommand)]
pub enum CrimeCommand {
    /// Load IT-crime statistics from CSV or XLSX: columns period,
    /// municipality, registered, solved, damage (or their Russian headers).
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// Store the good rows even when some are bad (the bad are still listed).
    #[arg(long)]
    pub skip_invalid: bool,
}

pub async fn municipality(ctx: &Context, cmd: MunicipalityCommand) -> Result<()> {
    match cmd {
        MunicipalityCommand::List { json } => list(ctx, json).await,
        MunicipalityCommand::Alias {
            municipality,
            alias,
        } => add_alias(ctx, &municipality, &alias).await,
        MunicipalityCommand::Population(a) => run(ctx, Table::Population, a).await,
    }
}

pub async fn crime(ctx: &Context, cmd: CrimeCommand) -> Result<()> {
    match cmd {
        CrimeCommand::Import(a) => run(ctx, Table::Crime, a).await,
    }
}

async fn list(ctx: &Context, json: bool) -> Result<()> {
    let db = ctx.db().await?;
    let all = super::store::list(&db).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    for m in all {
        let population = m.latest().map_or_else(String::new, |(y, p, a)| {
            format!("  {}{p} ({y})", if a { "≈" } else { "" })
        });
        say!("{:>4}  {} — {}{population}", m.id, m.name, m.kind);
        for alias in m.aliases {
            say!("        = {alias}");
        }
    }
    Ok(())
}

async fn add_alias(ctx: &Context, municipality: &str, alias: &str) -> Result<()> {
    let db = ctx.db().await?;
    let Some(id) = super::store::resolve(&db, municipality).await? else {
        bail!("муниципальное образование «{municipality}» не найдено");
    };
    super::admin::add_alias(&db, id, alias, &actor(), Utc::now()).await?;
    eprintln!("«{alias}» now names municipality {id}");
    Ok(())
}

async fn run(ctx: &Context, table: Table, a: ImportArgs) -> Result<()> {
    let bytes =
        std::fs::read(&a.file).with_context(|| format!("cannot read {}", a.file.display()))?;
    let name = a
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let db = ctx.db().await?;
    let report = import::run(
        &db,
        table,
        &bytes,
        &name,
        a.skip_invalid,
        &actor(),
        Utc::now(),
    )
    .await?;
    if !report.stored {
        // Nothing on stdout when failing: the whole report goes to stderr.
        bail!("{}:\n{}", a.file.display(), report.lines().join("\n"));
    }
    for line in report.lines() {
        say!("{line}");
    }
    Ok(())
}
