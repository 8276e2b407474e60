//! Settings: defaults < config file (`dozor.toml` or `--config`) < `DOZOR_*`
//! environment < command-line flags. Secrets are redacted in `Debug`.

pub mod document;
pub mod registry;
mod smtp;

use crate::time::calendar::{Calendar, CalendarFormat};
use anyhow::{Context, Result};
use document::DocumentConfig;
use registry::{LivenessConfig, LookupConfig};
use serde::Deserialize;
use smtp::FileSmtp;
pub use smtp::{CaFile, SmtpConfig, SmtpTls};
use std::fmt;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://dozor.db";
/// Where Dozor is reached, for the links its mails carry.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";
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
    base_url: Option<String>,
    calendar: Option<PathBuf>,
    smtp: Option<FileSmtp>,
    reminders: Option<ReminderConfig>,
    lookup: Option<LookupConfig>,
    liveness: Option<LivenessConfig>,
    trusted_proxies: Option<Vec<String>>,
    document: Option<DocumentConfig>,
}

#[derive(Clone, PartialEq)]
pub struct Config {
    pub database_url: String,
    /// Where users reach Dozor (`base_url`, `DOZOR_BASE_URL`), without a
    /// trailing slash: every absolute link in a mail starts with it.
    pub base_url: String,
    /// A TOML file of extra days off and working weekends.
    pub calendar: Option<PathBuf>,
    /// Where reminders are mailed; without it they only appear in the app.
    pub smtp: Option<SmtpConfig>,
    pub reminders: ReminderConfig,
    /// `[lookup]`: the WHOIS server for .ru/.рф/.su and the RDAP base URL.
    pub lookup: LookupConfig,
    /// `[liveness]`: background checks of URL indicators.
    pub liveness: LivenessConfig,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` name the real client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// `[document]`: the requisites of the documents Dozor issues.
    pub document: DocumentConfig,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("base_url", &self.base_url)
            .field("calendar", &self.calendar)
            .field("smtp", &self.smtp)
            .field("reminders", &self.reminders)
            .field("lookup", &self.lookup)
            .field("liveness", &self.liveness)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("document", &self.document)
            .finish()
    }
}

/// When reminders go out, in days relative to an obligation's due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReminderConfig {
    pub days_before: u32,
    /// After the due date, every this many days; 0 stops reminders once it passed.
    pub repeat_every_days: u32,
}

impl Default for ReminderConfig {
    fn default() -> ReminderConfig {
        ReminderConfig {
            days_before: 3,
            repeat_every_days: 3,
        }
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
        Config::load_with_env(o, &|key| std::env::var(key).ok())
    }

    /// `load` with the environment as a function, so tests need not touch
    /// the process's own.
    pub fn load_with_env(o: &Overrides, env: &dyn Fn(&str) -> Option<String>) -> Result<Config> {
        let (file, base) = read_file(o.config.as_deref())?;
        let from_file = |p: PathBuf| if p.is_relative() { base.join(p) } else { p };
        let env = |key: &str| env(key).filter(|v| !v.trim().is_empty());
        Ok(Config {
            database_url: o
                .database_url
                .clone()
                .or(file.database_url)
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            base_url: base_url(file.base_url, &env)?,
            calendar: o.calendar.clone().or(file.calendar.map(from_file)),
            smtp: smtp::smtp(file.smtp.unwrap_or_default(), &env, &from_file)?,
            reminders: file.reminders.unwrap_or_default(),
            lookup: lookup(file.lookup.unwrap_or_default(), &env),
            liveness: file.liveness.unwrap_or_default(),
            trusted_proxies: trusted_proxies(file.trusted_proxies, &env)?,
            document: file.document.unwrap_or_default(),
        })
    }

    /// The working-day calendar: built in, plus the configured file — TOML,
    /// or the production calendar CSV (by the extension, else the content).
    pub fn calendar(&self) -> Result<Calendar> {
        let Some(path) = &self.calendar else {
            return Ok(Calendar::default());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the calendar file {}", path.display()))?;
        let format = CalendarFormat::detect(path, &text);
        Calendar::parse(&text, format).with_context(|| path.display().to_string())
    }
}

/// `trusted_proxies`, or `DOZOR_TRUSTED_PROXIES` (comma-separated) in its
/// place: networks, a bare address meaning itself alone (/32 or /128).
fn trusted_proxies(
    file: Option<Vec<String>>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<ipnet::IpNet>> {
    let (list, from) = match env("DOZOR_TRUSTED_PROXIES") {
        Some(v) => (
            v.split(',').map(str::to_string).collect(),
            "DOZOR_TRUSTED_PROXIES",
        ),
        None => (file.unwrap_or_default(), "trusted_proxies"),
    };
    list.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<ipnet::IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map(|n| n.trunc())
                .with_context(|| format!("{from}: «{s}» is neither an address nor a network"))
        })
        .collect()
}

/// `base_url`, or `DOZOR_BASE_URL` in its place: an absolute http(s) URL,
/// kept without its trailing slash so that `{base}/path` is one slash.
fn base_url(file: Option<String>, env: &dyn Fn(&str) -> Option<String>) -> Result<String> {
    let (raw, from) = match env("DOZOR_BASE_URL") {
        Some(v) => (v, "DOZOR_BASE_URL"),
        None => match file {
            Some(v) => (v, "base_url"),
            None => return Ok(DEFAULT_BASE_URL.to_string()),
        },
    };
    let raw = raw.trim();
    let parsed = url::Url::parse(raw)
        .with_context(|| format!("{from}: «{raw}» is not a URL (e.g. https://dozor.example.ru)"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        anyhow::bail!("{from}: «{raw}» must be an http:// or https:// address with a host");
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        anyhow::bail!("{from}: «{raw}» must not carry a query or a fragment");
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

/// `[lookup]` overlaid with `DOZOR_WHOIS_SERVER` and `DOZOR_RDAP_BASE`.
fn lookup(mut file: LookupConfig, env: &dyn Fn(&str) -> Option<String>) -> LookupConfig {
    if let Some(v) = env("DOZOR_WHOIS_SERVER") {
        file.whois_server = v;
    }
    if let Some(v) = env("DOZOR_RDAP_BASE") {
        file.rdap_base = v;
    }
    file
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
mod tests;
