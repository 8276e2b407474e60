//! The command line: one clap enum of subcommands, and dispatch.

use crate::accounts::commands as users;
use crate::command::{Context, actor};
use crate::config::{Config, Overrides};
use crate::plan::commands as plan;
use anyhow::Result;
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
    /// Serve the web app.
    Serve(ServeArgs),
    /// Import, list and show plans; list the obligations of a period.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Agencies and the spellings (aliases) that name them.
    #[command(subcommand)]
    Agency(crate::accounts::agency_commands::AgencyCommand),
    /// Municipalities, their spellings and population by year.
    #[command(subcommand)]
    Municipality(crate::municipality::commands::MunicipalityCommand),
    /// IT-crime statistics per municipality and period.
    #[command(subcommand)]
    Crime(crate::municipality::commands::CrimeCommand),
    /// User accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens for scripts: `TOKEN=$(dozor token add LOGIN --name NAME)`.
    #[command(subcommand)]
    Token(crate::accounts::token_commands::TokenCommand),
    /// Reports built from the plan's execution.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Show the kind and canonical form of an indicator: `dozor normalize "8 (912) 345-67-89"`.
    Normalize(crate::registry::commands::NormalizeArgs),
    /// The registry of resources used in crimes.
    #[command(subcommand)]
    Registry(crate::registry::cli::RegistryCommand),
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Write the consolidated report of PERIOD: `dozor report consolidated 2020-Q3 -o q3.docx`.
    Consolidated(crate::control::commands::ConsolidatedArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "DOZOR_BIND")]
    pub bind: std::net::SocketAddr,
    /// Load the seed plan, municipalities, demo users and a 2020 history into
    /// a fresh temporary SQLite database (unless --database-url is given).
    #[arg(long)]
    pub demo: bool,
    /// Mark the session cookie Secure: set this behind TLS.
    #[arg(long, env = "DOZOR_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Check API requests per minute per client address; 0 turns the limit off.
    #[arg(long, env = "DOZOR_CHECK_RATE_LIMIT", default_value_t = 60)]
    pub check_rate_limit: u32,
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
    /// Show a plan's settings, or change what the decree's paid
    /// non-working days count as for its due dates.
    Settings {
        /// The plan (default: the one imported last).
        #[arg(long)]
        plan: Option<i32>,
        #[arg(long, value_parser = ["working", "days-off"])]
        paid_non_working: Option<String>,
    },
    /// List who owes which report for PERIOD (2020-Q3, 2020-07, 2020-H2, 2020) and by when.
    Due(crate::control::commands::DueArgs),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from stdin.
    Add {
        login: String,
        /// admin, coordinator, executor or viewer.
        #[arg(long)]
        role: String,
        /// The executor's agency (any of its spellings).
        #[arg(long)]
        agency: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// The name shown in the UI (default: the login).
        #[arg(long)]
        name: Option<String>,
        /// Read the password from stdin (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List users.
    List,
    /// Disable a user: no more logins, sessions or tokens.
    Disable { login: String },
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
pub async fn run(cli: Cli) -> Result<()> {
    let mut config = Config::load(&cli.overrides())?;
    if let Command::Serve(a) = &cli.command
        && a.demo
        && cli.database_url.is_none()
    {
        config.database_url = crate::serve::fresh_demo_database()?;
    }
    tracing::debug!(?config, "configuration");
    let ctx = Context::new(config);
    match cli.command {
        Command::Serve(a) => crate::serve::run(&ctx, a).await,
        Command::Plan(PlanCommand::Import(args)) => plan::import(&ctx, args).await,
        Command::Plan(PlanCommand::List { json }) => plan::list(&ctx, json).await,
        Command::Plan(PlanCommand::Show { id, json }) => plan::show(&ctx, id, json).await,
        Command::Plan(PlanCommand::Settings {
            plan: id,
            paid_non_working,
        }) => plan::show_settings(&ctx, id, paid_non_working).await,
        Command::Plan(PlanCommand::Due(args)) => crate::control::commands::due(&ctx, args).await,
        Command::Agency(cmd) => crate::accounts::agency_commands::run(&ctx, cmd).await,
        Command::Municipality(cmd) => crate::municipality::commands::municipality(&ctx, cmd).await,
        Command::Crime(cmd) => crate::municipality::commands::crime(&ctx, cmd).await,
        Command::User(cmd) => user(&ctx, cmd).await,
        Command::Token(cmd) => crate::accounts::token_commands::run(&ctx, cmd).await,
        Command::Report(ReportCommand::Consolidated(a)) => {
            crate::control::commands::consolidated(&ctx, a).await
        }
        Command::Normalize(a) => {
            crate::registry::commands::normalize(&a.value, a.kind, a.json, a.expressions)
        }
        Command::Registry(cmd) => crate::registry::cli::run(&ctx, cmd).await,
    }
}

async fn user(ctx: &Context, cmd: UserCommand) -> Result<()> {
    let db = ctx.db().await?;
    let actor = actor();
    match cmd {
        UserCommand::Add {
            login,
            role,
            agency,
            email,
            name,
            ..
        } => {
            users::add(
                &db,
                users::AddArgs {
                    login,
                    role,
                    agency,
                    email,
                    name,
                },
                &actor,
            )
            .await
        }
        UserCommand::List => users::list(&db).await,
        UserCommand::Disable { login } => users::disable(&db, &login, &actor).await,
    }
}
