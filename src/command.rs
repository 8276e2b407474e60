//! What every CLI command needs, below the domains whose commands use it:
//! the configuration and the database, who the audit log names, and output
//! that stops quietly on a closed pipe. The face (`cli.rs`) parses the
//! arguments and dispatches; the domains' command modules do the work.

use crate::actor::Actor;
use crate::config::Config;
use anyhow::{Context as _, Result};
use sea_orm::DatabaseConnection;

/// `println!` that stops quietly when stdout is closed (`dozor … | head`):
/// it returns `Ok(())` from the command.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($t)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(e.into());
        }
    }};
}
pub(crate) use say;

/// Who the audit log names for a command: `cli:` and the user running it.
pub fn actor() -> Actor {
    Actor::named(format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    ))
}

/// What every command needs: the configuration and, on demand, the database.
pub struct Context {
    pub config: Config,
}

impl Context {
    pub fn new(config: Config) -> Context {
        Context { config }
    }

    /// The database, migrated, with the built-in agencies seeded.
    pub async fn db(&self) -> Result<DatabaseConnection> {
        let url = &self.config.database_url;
        let now = chrono::Utc::now();
        let open = async {
            let db = crate::db::open(url).await?;
            crate::agency::store::seed_builtin_agencies(&db, now).await?;
            Ok::<_, sea_orm::DbErr>(db)
        };
        open.await.with_context(|| {
            format!(
                "cannot open the database {}",
                crate::config::redact_url(url)
            )
        })
    }
}
