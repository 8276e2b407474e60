//! Settings: defaults < config file (`dozor.toml` or `--config`) < `DOZOR_*`
//! environment < command-line flags. Secrets are redacted in `Debug`.

use crate::control::calendar::Calendar;
use anyhow::{Context, Result};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://dozor.db";
/// Yugra's zone, for times shown outside any plan.
pub const DEFAULT_TIMEZONE: chrono_tz::Tz = chrono_tz::Asia::Yekaterinburg;
const DEFAULT_CONFIG_FILE: &str = "dozor.toml";

/// What the command line and the environment gave (clap merges the two).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub database_url: Option<String>,
    pub calendar: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    calendar: Option<PathBuf>,
}

#[derive(Clone, PartialEq)]
pub struct Config {
    pub database_url: String,
    /// A TOML file of extra days off and working weekends.
    pub calendar: Option<PathBuf>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("calendar", &self.calendar)
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, host) = match rest.rsplit_once('@') {
        Some(parts) => parts,
        None => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

impl Config {
    pub fn load(o: &Overrides) -> Result<Config> {
        let (file, base) = read_file(o.config.as_deref())?;
        let from_file = |p: PathBuf| if p.is_relative() { base.join(p) } else { p };
        Ok(Config {
            database_url: o
                .database_url
                .clone()
                .or(file.database_url)
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            calendar: o.calendar.clone().or(file.calendar.map(from_file)),
        })
    }

    /// The working-day calendar: built in, plus the configured file.
    pub fn calendar(&self) -> Result<Calendar> {
        let Some(path) = &self.calendar else {
            return Ok(Calendar::default());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the calendar file {}", path.display()))?;
        Calendar::from_toml(&text).with_context(|| path.display().to_string())
    }
}

/// The config file and the folder its relative paths start from.
fn read_file(explicit: Option<&Path>) -> Result<(FileConfig, PathBuf)> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new(DEFAULT_CONFIG_FILE).exists() => PathBuf::from(DEFAULT_CONFIG_FILE),
        None => return Ok((FileConfig::default(), PathBuf::from("."))),
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the config file {}", path.display()))?;
    let file: FileConfig =
        toml::from_str(&text).with_context(|| format!("config file {}", path.display()))?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((file, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        let c = Config {
            database_url: "postgres://dozor:s3cret@db:5432/dozor".into(),
            calendar: None,
        };
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://dozor:***@db:5432/dozor"));
        assert_eq!(redact_url("sqlite://dozor.db"), "sqlite://dozor.db");
    }

    #[test]
    fn layers_override_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("dozor.toml");
        std::fs::write(
            &file,
            "database_url = \"sqlite://file.db\"\ncalendar = \"cal.toml\"\n",
        )
        .unwrap();
        let o = Overrides {
            config: Some(file.clone()),
            ..Default::default()
        };
        let c = Config::load(&o).unwrap();
        assert_eq!(c.database_url, "sqlite://file.db");
        assert_eq!(c.calendar, Some(dir.path().join("cal.toml")));
        let o = Overrides {
            config: Some(file),
            database_url: Some("sqlite://flag.db".into()),
            calendar: None,
        };
        assert_eq!(Config::load(&o).unwrap().database_url, "sqlite://flag.db");
    }

    #[test]
    fn unknown_keys_and_missing_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.toml");
        std::fs::write(&file, "database = 1").unwrap();
        let o = |p: PathBuf| Overrides {
            config: Some(p),
            ..Default::default()
        };
        assert!(Config::load(&o(file)).is_err());
        assert!(Config::load(&o(dir.path().join("missing.toml"))).is_err());
    }
}
