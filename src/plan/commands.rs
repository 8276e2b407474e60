//! The plan commands of the CLI: import, list, show.
//! Results go to stdout; warnings and progress to stderr, never into JSON.

use super::import::{self, Form};
use super::store::{self, Imported, Settings};
use crate::command::{Context, actor, say};
use crate::time::calendar::{DueShift, PaidNonWorking};
use crate::time::period::Every;
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use clap::Args;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The plan: its text form, a .docx, or a CSV/TSV with a header row.
    pub file: PathBuf,
    /// Parse and check without storing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the parsed plan as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// The plan's title (a CSV has none; default: the file name).
    #[arg(long)]
    pub title: Option<String>,
    /// First day of the plan's validity (default: 1 January of the first year it names).
    #[arg(long, requires = "to")]
    pub from: Option<NaiveDate>,
    /// Last day of the plan's validity (default: 31 December of the last year it names).
    #[arg(long, requires = "from")]
    pub to: Option<NaiveDate>,
    /// The region's time zone; due dates end at 23:59:59 there.
    #[arg(long, default_value = "Asia/Yekaterinburg")]
    pub timezone: String,
    /// Where a due date on a day off goes: next or previous working day.
    #[arg(long, default_value = "next", value_parser = ["next", "previous"])]
    pub due_shift: String,
    /// The days a presidential decree declared non-working with pay: do
    /// they move a due date like days off (`days-off`) or not (`working`)?
    #[arg(long, default_value = "working", value_parser = ["working", "days-off"])]
    pub paid_non_working: String,
    /// The reporting period: month, quarter, half_year or year.
    #[arg(long, default_value = "quarter", value_parser = ["month", "quarter", "half_year", "year"])]
    pub reporting: String,
}

pub async fn import(ctx: &Context, a: ImportArgs) -> Result<()> {
    let shown = a.file.display().to_string();
    let bytes = std::fs::read(&a.file).with_context(|| format!("cannot read {shown}"))?;
    let stem = a
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (form, out) = import::parse(&bytes, &stem, a.title.as_deref())
        .map_err(|e| anyhow!("{shown}: {} ({e})", e.ru()))?;
    for w in &out.warnings {
        eprintln!("warning: {shown}: {w}");
    }
    let settings = settings(&a, &out.plan).map_err(|e| anyhow!("{shown}: {e}"))?;
    let form = match form {
        Form::Text => "text",
        Form::Docx => ".docx",
        Form::Odt => ".odt",
        Form::Csv => "CSV",
    };
    eprintln!(
        "{shown}: {form} form, {} measures, valid {} – {}",
        out.plan.measures.len(),
        settings.valid_from,
        settings.valid_to
    );
    let mut doc = plan_json(&out.plan, &settings);
    if a.dry_run {
        eprintln!("dry run: nothing stored");
    } else {
        let db = ctx.db().await?;
        match store::import(&db, &out.plan, &settings, &shown, Utc::now(), &actor()).await? {
            Imported::New { id, new_agencies } => {
                for name in new_agencies {
                    eprintln!(
                        "new agency: «{name}» (map other spellings with `dozor agency alias`)"
                    );
                }
                eprintln!("imported as plan {id}");
                doc["id"] = json!(id);
            }
            Imported::Existing { id } => {
                eprintln!("this plan is already stored as plan {id}: nothing duplicated");
                doc["id"] = json!(id);
            }
        }
    }
    if a.json {
        say!("{}", serde_json::to_string_pretty(&doc)?);
    }
    Ok(())
}

fn settings(a: &ImportArgs, plan: &super::model::ParsedPlan) -> Result<Settings> {
    let timezone: Tz = a.timezone.parse().map_err(|_| {
        anyhow!(
            "«{}» is not a time zone like Asia/Yekaterinburg",
            a.timezone
        )
    })?;
    let (valid_from, valid_to) = match (a.from, a.to) {
        (Some(f), Some(t)) if f <= t => (f, t),
        (Some(_), Some(_)) => bail!("--from must not come after --to"),
        _ => import::validity(plan).ok_or_else(|| {
            anyhow!("the plan names no year; give its validity with --from and --to")
        })?,
    };
    Ok(Settings {
        timezone,
        due_shift: DueShift::parse(&a.due_shift).unwrap_or_default(),
        paid_non_working: PaidNonWorking::parse(&a.paid_non_working.replace('-', "_"))
            .unwrap_or_default(),
        reporting: Every::parse(&a.reporting).unwrap_or(Every::Quarter),
        valid_from,
        valid_to,
    })
}

fn plan_json(plan: &super::model::ParsedPlan, s: &Settings) -> Value {
    let mut doc = serde_json::to_value(plan).unwrap_or_default();
    doc["valid_from"] = json!(s.valid_from);
    doc["valid_to"] = json!(s.valid_to);
    doc["timezone"] = json!(s.timezone.name());
    doc["due_shift"] = json!(s.due_shift);
    doc["paid_non_working"] = json!(s.paid_non_working.as_str());
    doc["reporting"] = json!(s.reporting);
    doc
}

/// The plan `--plan` names, else the one imported last.
pub async fn plan_id(db: &DatabaseConnection, id: Option<i32>) -> Result<i32> {
    match id {
        Some(id) => Ok(id),
        None => store::latest_id(db)
            .await?
            .ok_or_else(|| anyhow!("no plan is stored yet: run `dozor plan import FILE` first")),
    }
}

pub async fn list(ctx: &Context, json: bool) -> Result<()> {
    let db = ctx.db().await?;
    let plans = store::list(&db).await?;
    if json {
        let rows: Vec<Value> = plans
            .iter()
            .map(|p| {
                json!({"id": p.id, "title": p.title, "valid_from": p.valid_from,
                "valid_to": p.valid_to, "imported_at": p.imported_at, "source": p.source_name})
            })
            .collect();
        say!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if plans.is_empty() {
        eprintln!("no plans stored yet");
    }
    for p in plans {
        say!(
            "{:>4}  {} – {}  {}",
            p.id,
            p.valid_from,
            p.valid_to,
            p.title
        );
    }
    Ok(())
}

/// Prints plan `id`'s settings as JSON, after changing what the paid
/// non-working days count as when `paid` says.
pub async fn show_settings(ctx: &Context, id: Option<i32>, paid: Option<String>) -> Result<()> {
    let db = ctx.db().await?;
    let id = plan_id(&db, id).await?;
    if let Some(paid) = paid {
        let paid = PaidNonWorking::parse(&paid.replace('-', "_"))
            .ok_or_else(|| anyhow!("--paid-non-working is working or days-off"))?;
        let changed =
            super::settings::set_paid_non_working(&db, &actor(), id, paid, Utc::now()).await?;
        if changed {
            eprintln!(
                "plan {id}: paid non-working days now count as {}",
                paid.as_str()
            );
        }
    }
    let p = store::load(&db, id).await?;
    let s = &p.settings;
    let doc = json!({"id": p.id, "timezone": s.timezone.name(), "due_shift": s.due_shift,
        "paid_non_working": s.paid_non_working.as_str(), "reporting": s.reporting,
        "valid_from": s.valid_from, "valid_to": s.valid_to});
    say!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(())
}

pub async fn show(ctx: &Context, id: Option<i32>, json: bool) -> Result<()> {
    let db = ctx.db().await?;
    let p = store::load(&db, plan_id(&db, id).await?).await?;
    if json {
        let mut doc = plan_json(&p.parsed(), &p.settings);
        doc["id"] = json!(p.id);
        say!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    say!("Plan {}: {}", p.id, p.title);
    say!(
        "Valid {} – {}; reporting by {}; time zone {}",
        p.settings.valid_from,
        p.settings.valid_to,
        p.settings.reporting.as_str(),
        p.settings.timezone.name()
    );
    for m in &p.measures {
        let executors: Vec<&str> = m.executors.iter().map(|e| e.name.as_str()).collect();
        say!("\n{}. {}", m.number, m.title);
        say!("   Срок: {}", m.schedule_text);
        say!("   Исполнители: {}", executors.join("; "));
        if !m.partners.is_empty() {
            say!("   Совместно с: {}", m.partners.join("; "));
        }
    }
    Ok(())
}
