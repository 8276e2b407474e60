//! The control commands of the CLI: `dozor report consolidated`, which
//! writes the consolidated report of a period as a .docx or an .xlsx.

use super::consolidated::{self, Format};
use crate::cli::Context;
use crate::error::Error;
use crate::plan::store;
use crate::time::period::Period;
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::Utc;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ConsolidatedArgs {
    /// A period of the plan's reporting type: 2020-Q3 (quarter), 2020-07, 2020-H2, 2020.
    pub period: String,
    /// The plan (default: the one imported last).
    #[arg(long)]
    pub plan: Option<i32>,
    /// docx for the meeting, xlsx for analysis (default: from the file's extension).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Where to write the report; written only when the whole report is ready.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub async fn consolidated(ctx: &Context, a: ConsolidatedArgs) -> Result<()> {
    let format = match a.format {
        Some(f) => f,
        None => a
            .output
            .extension()
            .and_then(|e| Format::parse(&e.to_string_lossy()))
            .ok_or_else(|| anyhow!("give --format docx or --format xlsx"))?,
    };
    let calendar = ctx.config.calendar()?;
    let period = Period::parse(&a.period)?;
    let db = ctx.db().await?;
    let id = match a.plan {
        Some(id) => id,
        None => store::latest_id(&db)
            .await?
            .ok_or_else(|| anyhow!("no plan is stored yet: run `dozor plan import FILE` first"))?,
    };
    let plan = match store::load(&db, id).await {
        Err(Error::NotFound(_)) => bail!("plan {id} does not exist (see `dozor plan list`)"),
        other => other?,
    };
    crate::plan::commands::check_reporting_kind(&plan, period, &a.period)?;
    let report = consolidated::build(&db, &plan, &calendar, period, Utc::now()).await?;
    let bytes = format.render(&report)?;
    write_whole(&a.output, &bytes)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    eprintln!(
        "{}: consolidated report of plan {} for {period}, {} measures",
        a.output.display(),
        plan.id,
        report.measures.len()
    );
    Ok(())
}

/// Writes a temporary file beside `path` and renames it over `path`, so a
/// reader never sees half a report and a failure leaves the old file alone.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the output must name a file"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::File::create_new(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let done = written.and_then(|()| std::fs::rename(&tmp, path));
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}
