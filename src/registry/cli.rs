//! The registry commands of the CLI: add, import, export (and check, once
//! the check service is wired in).

use super::bulk::{self, FileSource};
use super::commands::card_key;
use super::formats::{self, Format};
use super::model::{self, CaseInput, NewIndicator};
use super::store;
use crate::command::{Context, actor};
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::Utc;
use clap::{Args, Subcommand};
use dozor_indicator::model::{Category, Kind};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Add one value (merged into the same canonical value when known).
    Add(AddArgs),
    /// Import a file: csv, urlhaus, phishtank, misp or stix.
    Import(ImportArgs),
    /// Export the registry: csv, json or stix.
    Export(ExportArgs),
    /// Ask RDAP or WHOIS (.ru, .рф, .su) who runs an indicator's site and
    /// store the answer with the time of the look-up.
    Owner {
        id: i32,
        #[arg(long)]
        json: bool,
    },
    /// Check a value against the registry, as the public check API answers.
    Check {
        value: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    pub value: String,
    #[arg(long)]
    pub kind: Option<String>,
    /// phishing, fake_shop, fake_investment, fake_bank_call, fake_delivery, malware, other.
    #[arg(long, default_value = "other")]
    pub category: String,
    /// The crime report (КУСП) or case number it came from.
    #[arg(long)]
    pub case: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    #[arg(long)]
    pub format: String,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long)]
    pub format: String,
    #[arg(short = 'o', long)]
    pub output: PathBuf,
}

pub async fn run(ctx: &Context, cmd: RegistryCommand) -> Result<()> {
    match cmd {
        RegistryCommand::Add(a) => add(ctx, a).await,
        RegistryCommand::Import(a) => import(ctx, a).await,
        RegistryCommand::Export(a) => export(ctx, a).await,
        RegistryCommand::Check { value, json } => check(ctx, &value, json).await,
        RegistryCommand::Owner { id, json } => owner(ctx, id, json).await,
    }
}

async fn add(ctx: &Context, a: AddArgs) -> Result<()> {
    let kind = match &a.kind {
        Some(k) => Some(Kind::parse(k).ok_or_else(|| anyhow!("«{k}» is not a kind"))?),
        None => None,
    };
    let category = Category::parse(&a.category)
        .ok_or_else(|| anyhow!("«{}» is not a category", a.category))?;
    let db = ctx.db().await?;
    let key = card_key()?;
    let new = NewIndicator {
        raw: &a.value,
        kind,
        category,
        case: a.case.map(|number| CaseInput {
            number,
            ..Default::default()
        }),
        scope: model::CaseScope::Any,
    };
    let added = store::add(&db, key.as_ref(), &new, &actor(), Utc::now()).await?;
    match added {
        model::Added::New(id) => eprintln!("added indicator {id}"),
        model::Added::Merged(id) => eprintln!("merged into indicator {id}"),
    }
    Ok(())
}

async fn import(ctx: &Context, a: ImportArgs) -> Result<()> {
    let format: Format = a.format.parse()?;
    let shown = a.file.display().to_string();
    // Streamed, not read whole: a feed may hold millions of rows.
    let file = std::fs::File::open(&a.file).with_context(|| format!("cannot read {shown}"))?;
    let db = ctx.db().await?;
    let key = card_key()?;
    let actor = actor();
    let src = FileSource {
        name: &shown,
        actor,
    };
    let report = bulk::import_file(&db, key.as_ref(), format, file, &src, Utc::now()).await?;
    for (at, reason) in &report.rejects {
        eprintln!("rejected: {shown}: {at}: {reason}");
    }
    let unlisted = report.rejected.saturating_sub(report.rejects.len());
    if unlisted > 0 {
        eprintln!("rejected: {shown}: {unlisted} more not listed");
    }
    eprintln!(
        "{shown}: added {}, merged {}, rejected {}",
        report.added, report.merged, report.rejected
    );
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(())
}

async fn export(ctx: &Context, a: ExportArgs) -> Result<()> {
    let db = ctx.db().await?;
    let rows = super::query::export_all(&db).await?;
    let bytes: Vec<u8> = match a.format.as_str() {
        "csv" => formats::to_csv(&rows)?.into_bytes(),
        "json" => formats::to_json(&rows)?.into_bytes(),
        "stix" => formats::to_stix(&rows, Utc::now())?.into_bytes(),
        other => bail!("«{other}» is not an export format: csv, json or stix"),
    };
    let tmp = a.output.with_extension("partial");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &a.output)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    eprintln!(
        "exported {} indicators to {}",
        rows.len(),
        a.output.display()
    );
    Ok(())
}

async fn check(ctx: &Context, value: &str, json: bool) -> Result<()> {
    let db = ctx.db().await?;
    let service = crate::check::service::CheckService::load(&db, card_key()?).await?;
    let answer = service.check(value);
    if json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else {
        let v = serde_json::to_value(&answer)?;
        let listed = if v["listed"] == true {
            "в реестре"
        } else {
            "не в реестре"
        };
        println!("{listed}: {}", v["advice"].as_str().unwrap_or_default());
    }
    Ok(())
}

async fn owner(ctx: &Context, id: i32, json: bool) -> Result<()> {
    let db = ctx.db().await?;
    let owner =
        super::lookup::lookup_indicator(&db, &ctx.config.lookup, id, &actor(), Utc::now()).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&owner)?);
    } else {
        println!("{}", owner.summary());
    }
    Ok(())
}
