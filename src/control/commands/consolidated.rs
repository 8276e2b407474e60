//! `dozor report consolidated PERIOD -o FILE`: the consolidated report of a
//! period as a .docx or an .xlsx; with `--number` it is issued and kept, as
//! on the dashboard, under the command's actor (`cli:USER`).

use super::check_reporting_kind;
use crate::command::Context;
use crate::control::consolidated::{self, Format};
use crate::control::documents::{self, store::Issuing};
use crate::error::Error;
use crate::office::requisites::Issue;
use crate::plan::store;
use crate::time::period::Period;
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{NaiveDate, Utc};
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
    /// The registration number, e.g. 15-02/2020: the report is issued and
    /// kept (see `/documents`); without it, a draft kept nowhere.
    #[arg(long)]
    pub number: Option<String>,
    /// The document's date, YYYY-MM-DD (default: today in the plan's time zone).
    #[arg(long)]
    pub date: Option<String>,
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
    check_reporting_kind(&plan, period, &a.period)?;
    let now = Utc::now();
    let date = match a.date.as_deref() {
        None => consolidated::issue_date(None, now, plan.settings.timezone)?,
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map_err(|_| anyhow!("--date: «{d}» is not a date: write it as YYYY-MM-DD"))?,
    };
    let number = documents::number(a.number.as_deref())?;
    let req = ctx.config.document.trimmed();
    let issue = Issue {
        date,
        number: number.clone(),
    };
    let bytes = match number {
        None => {
            let report = consolidated::build(&db, &plan, &calendar, period, now).await?;
            format.render(&report, &req, &issue)?
        }
        Some(n) => {
            let wanted = Issuing {
                plan_id: plan.id,
                period: period.to_string(),
                kind: format.kind().to_owned(),
                number: n,
                organisation: req.organisation.clone().unwrap_or_default(),
                issued_on: date,
            };
            let by = consolidated::Issuer {
                db: &db,
                calendar: &calendar,
                who: &crate::command::actor(),
                now,
            };
            let kept = consolidated::issued(&by, &plan, &wanted, format, (&req, &issue));
            kept.await?.bytes
        }
    };
    write_whole(&a.output, &bytes)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    eprintln!(
        "{}: consolidated report of plan {} for {period}, {}",
        a.output.display(),
        plan.id,
        issue.date_and_number()
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
