//! The command line: one clap enum of subcommands, and dispatch.

use crate::config::{Config, Overrides};
use crate::plan::commands as plan;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "dozor",
    version,
    about = "Execution control of a regional plan against IT-enabled crime"
)]
pub struct Cli {
    /// sqlite://FILE (the default, sqlite://dozor.db) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "DOZOR_DATABASE_URL")]
    pub database_url: Option<String>,
    /// A TOML config file; ./dozor.toml is read when present.
    #[arg(long, global = true, env = "DOZOR_CONFIG")]
    pub config: Option<PathBuf>,
    /// A TOML file of extra days off and working weekends.
    #[arg(long, global = true, env = "DOZOR_CALENDAR")]
    pub calendar: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import, list and show plans; list the obligations of a period.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Agencies and the spellings (aliases) that name them.
    #[command(subcommand)]
    Agency(AgencyCommand),
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Import a plan from its text form, a .docx or a CSV/TSV.
    Import(plan::ImportArgs),
    /// List the stored plans, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a plan (the one imported last without ID).
    Show {
        id: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// List who owes which report for PERIOD (2020-Q3, 2020-07, 2020-H2, 2020) and by when.
    Due(plan::DueArgs),
}

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

impl Cli {
    fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            database_url: self.database_url.clone(),
            calendar: self.calendar.clone(),
        }
    }
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(&cli.overrides())?;
    tracing::debug!(?config, "configuration");
    let ctx = plan::Context::new(config);
    match cli.command {
        Command::Plan(PlanCommand::Import(args)) => plan::import(&ctx, args).await,
        Command::Plan(PlanCommand::List { json }) => plan::list(&ctx, json).await,
        Command::Plan(PlanCommand::Show { id, json }) => plan::show(&ctx, id, json).await,
        Command::Plan(PlanCommand::Due(args)) => plan::due(&ctx, args).await,
        Command::Agency(AgencyCommand::List { json }) => plan::agency_list(&ctx, json).await,
        Command::Agency(AgencyCommand::Add(a)) => {
            plan::agency_add(&ctx, &a.name, a.short_name.as_deref()).await
        }
        Command::Agency(AgencyCommand::Alias { agency, alias }) => {
            plan::agency_alias(&ctx, &agency, &alias).await
        }
    }
}
