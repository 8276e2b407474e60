//! The registry commands of the CLI: add, import, export (and check, once
//! the check service is wired in).

use super::bulk::{self, Source};
use super::commands::card_key;
use super::entity::{case, indicator, indicator_case};
use super::formats::{self, ExportRow, Format};
use super::model::{Category, Kind};
use super::store::{self, CaseInput, NewIndicator};
use crate::cli::Context;
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::Utc;
use clap::{Args, Subcommand};
use sea_orm::{EntityTrait, QueryOrder};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Add one value (merged into the same canonical value when known).
    Add(AddArgs),
    /// Import a file: csv, urlhaus, phishtank, misp or stix.
    Import(ImportArgs),
    /// Export the registry: csv, json or stix.
    Export(ExportArgs),
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
    }
}

fn actor() -> String {
    crate::plan::commands::actor()
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
    };
    let added = store::add(&db, key.as_ref(), &new, None, &actor(), Utc::now()).await?;
    match added {
        store::Added::New(id) => eprintln!("added indicator {id}"),
        store::Added::Merged(id) => eprintln!("merged into indicator {id}"),
    }
    Ok(())
}

async fn import(ctx: &Context, a: ImportArgs) -> Result<()> {
    let format: Format = a.format.parse()?;
    let shown = a.file.display().to_string();
    let bytes = std::fs::read(&a.file).with_context(|| format!("cannot read {shown}"))?;
    let parsed = formats::parse(format, &bytes).map_err(|e| anyhow!("{shown}: {e}"))?;
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let db = ctx.db().await?;
    let key = card_key()?;
    let actor = actor();
    let src = Source {
        name: &shown,
        format: format.as_str(),
        sha256: &sha,
        actor: &actor,
        user_id: None,
    };
    let report = bulk::import(&db, key.as_ref(), parsed, &src, Utc::now()).await?;
    for (at, reason) in &report.rejects {
        eprintln!("rejected: {shown}: {at}: {reason}");
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
    let cases: HashMap<i32, String> = case::Entity::find()
        .all(&db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.number))
        .collect();
    let mut links: HashMap<i32, Vec<String>> = HashMap::new();
    for l in indicator_case::Entity::find().all(&db).await? {
        if let Some(n) = cases.get(&l.case_id) {
            links.entry(l.indicator_id).or_default().push(n.clone());
        }
    }
    let rows: Vec<ExportRow> = indicator::Entity::find()
        .order_by_asc(indicator::Column::Id)
        .all(&db)
        .await?
        .into_iter()
        .filter_map(|i| {
            Some(ExportRow {
                kind: Kind::parse(&i.kind)?,
                category: Category::parse(&i.category).unwrap_or(Category::Other),
                cases: links.remove(&i.id).unwrap_or_default(),
                canonical: i.canonical,
                display: i.display,
                status: i.status,
                first_seen: i.first_seen,
                last_seen: i.last_seen,
            })
        })
        .collect();
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
