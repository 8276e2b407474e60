//! The registry's settings: `[liveness]`, the background checks of URL
//! indicators, and `[lookup]`, where owner look-ups ask (WHOIS and RDAP),
//! with their defaults.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// `[liveness]` in the config file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LivenessConfig {
    pub enabled: bool,
    /// A URL is checked again once its last check is this old.
    pub interval_minutes: u64,
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// The whole request's deadline; connecting gets half of it.
    pub timeout_secs: u64,
    /// Indicators checked per round at most.
    pub batch: u64,
    /// Let checks reach loopback and private networks: for tests only.
    pub allow_private: bool,
}

impl Default for LivenessConfig {
    fn default() -> LivenessConfig {
        LivenessConfig {
            enabled: true,
            interval_minutes: 360,
            concurrency: 8,
            timeout_secs: 10,
            batch: 500,
            allow_private: false,
        }
    }
}

/// Where and how long to ask.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LookupConfig {
    /// TCI's WHOIS for .ru, .рф and .su, as `host:port`.
    pub whois_server: String,
    /// An RDAP bootstrap redirector or a registry's RDAP base URL.
    pub rdap_base: String,
    /// For connecting and for the whole answer, each.
    pub timeout_secs: u64,
}

impl Default for LookupConfig {
    fn default() -> Self {
        LookupConfig {
            whois_server: "whois.tcinet.ru:43".into(),
            rdap_base: "https://rdap.org".into(),
            timeout_secs: 10,
        }
    }
}

impl LookupConfig {
    pub fn timeout(&self) -> Duration {
        // Zero would fail every look-up before it starts.
        Duration::from_secs(self.timeout_secs.max(1))
    }
}

#[cfg(test)]
mod tests;
