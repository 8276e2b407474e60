//! `[smtp]`: the outgoing mail server, its security mode (`tls`) and the
//! private CA (`ca_file`) its certificate must chain to.

use anyhow::{Context, Result};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// `[smtp]` as written: every key optional, so the environment can fill in.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileSmtp {
    host: Option<String>,
    port: Option<u16>,
    username: Option<String>,
    password: Option<String>,
    from: Option<String>,
    tls: Option<String>,
    /// The old switch, still read: `true` is `tls = "starttls"`, `false`
    /// is `tls = "none"`.
    starttls: Option<bool>,
    ca_file: Option<PathBuf>,
}

/// How the connection to the relay is secured. Certificates are always
/// verified; there is no mode that accepts an invalid one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connect, then STARTTLS, required (port 587); the default.
    #[default]
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain text throughout, only when asked for: a relay on the same host.
    None,
}

impl SmtpTls {
    fn parse(v: &str, from: &str) -> Result<SmtpTls> {
        match v.trim().to_lowercase().as_str() {
            "starttls" => Ok(SmtpTls::StartTls),
            "tls" => Ok(SmtpTls::Tls),
            "none" => Ok(SmtpTls::None),
            _ => anyhow::bail!("{from}: «{v}» is none of starttls, tls, none"),
        }
    }

    fn default_port(self) -> u16 {
        match self {
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
            SmtpTls::None => 25,
        }
    }
}

/// The PEM certificates of `ca_file`: when given, the only roots trusted
/// for the relay (the public web PKI roots are not).
#[derive(Clone, PartialEq, Eq)]
pub struct CaFile {
    pub path: PathBuf,
    pub certs: Vec<CertificateDer<'static>>,
}

impl CaFile {
    /// Reads and checks the file: at least one certificate, each usable as
    /// a trust anchor.
    pub fn load(path: &Path) -> Result<CaFile> {
        let shown = path.display();
        let pem =
            std::fs::read(path).with_context(|| format!("smtp.ca_file: cannot read {shown}"))?;
        let certs = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| anyhow::anyhow!("smtp.ca_file {shown}: not a PEM file: {e}"))?;
        if certs.is_empty() {
            anyhow::bail!("smtp.ca_file {shown}: holds no CERTIFICATE block");
        }
        let mut store = rustls::RootCertStore::empty();
        for (i, cert) in certs.iter().enumerate() {
            store.add(cert.clone()).map_err(|e| {
                anyhow::anyhow!(
                    "smtp.ca_file {shown}: certificate {} is invalid: {e}",
                    i + 1
                )
            })?;
        }
        Ok(CaFile {
            path: path.to_path_buf(),
            certs,
        })
    }
}

impl fmt::Debug for CaFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} certificates)",
            self.path.display(),
            self.certs.len()
        )
    }
}

/// The outgoing mail server.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, `Дозор <dozor@example.org>` or a bare address.
    pub from: String,
    pub tls: SmtpTls,
    /// A private CA to trust instead of the web PKI roots.
    pub ca_file: Option<CaFile>,
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("tls", &self.tls)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// `tls`, or the old `starttls` switch; both at once is an error.
fn mode(
    tls: Option<String>,
    starttls: Option<String>,
    names: [&str; 2],
) -> Result<Option<SmtpTls>> {
    let old = match starttls {
        Some(v) => Some(match v.trim().to_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => SmtpTls::StartTls,
            "0" | "false" | "no" | "off" => SmtpTls::None,
            _ => anyhow::bail!("{}: «{v}» is neither true nor false", names[1]),
        }),
        None => None,
    };
    match (tls, old) {
        (Some(_), Some(_)) => {
            anyhow::bail!("{} and {}: give {} alone", names[0], names[1], names[0])
        }
        (Some(v), None) => SmtpTls::parse(&v, names[0]).map(Some),
        (None, old) => Ok(old),
    }
}

/// `[smtp]` overlaid with `DOZOR_SMTP_*`; `None` when no host is given.
/// `from_file` resolves the file's relative `ca_file` against its folder.
pub(super) fn smtp(
    file: FileSmtp,
    env: &dyn Fn(&str) -> Option<String>,
    from_file: &dyn Fn(PathBuf) -> PathBuf,
) -> Result<Option<SmtpConfig>> {
    let port = match env("DOZOR_SMTP_PORT") {
        Some(p) => Some(
            p.trim()
                .parse::<u16>()
                .with_context(|| format!("DOZOR_SMTP_PORT: «{p}» is not a port"))?,
        ),
        None => file.port,
    };
    let env_tls = mode(
        env("DOZOR_SMTP_TLS"),
        env("DOZOR_SMTP_STARTTLS"),
        ["DOZOR_SMTP_TLS", "DOZOR_SMTP_STARTTLS"],
    )?;
    let file_tls = mode(
        file.tls,
        file.starttls.map(|b| b.to_string()),
        ["smtp.tls", "smtp.starttls"],
    )?;
    let tls = env_tls.or(file_tls);
    let ca_path = env("DOZOR_SMTP_CA_FILE")
        .map(PathBuf::from)
        .or(file.ca_file.map(from_file));
    let username = env("DOZOR_SMTP_USERNAME").or(file.username);
    let password = env("DOZOR_SMTP_PASSWORD").or(file.password);
    let from = env("DOZOR_SMTP_FROM").or(file.from);
    let Some(host) = env("DOZOR_SMTP_HOST").or(file.host) else {
        if username.is_some()
            || password.is_some()
            || from.is_some()
            || port.is_some()
            || tls.is_some()
            || ca_path.is_some()
        {
            anyhow::bail!("smtp: the host is missing (smtp.host or DOZOR_SMTP_HOST)");
        }
        return Ok(None);
    };
    let Some(from) = from else {
        anyhow::bail!("smtp: the sender is missing (smtp.from or DOZOR_SMTP_FROM)");
    };
    from.parse::<lettre::message::Mailbox>()
        .with_context(|| format!("smtp: the sender «{from}» is not an address"))?;
    let tls = tls.unwrap_or_default();
    let ca_file = match ca_path {
        Some(_) if tls == SmtpTls::None => {
            anyhow::bail!("smtp.ca_file: given, but tls = \"none\" verifies no certificate")
        }
        Some(p) => Some(CaFile::load(&p)?),
        None => None,
    };
    Ok(Some(SmtpConfig {
        host,
        port: port.unwrap_or(tls.default_port()),
        username,
        password,
        from,
        tls,
        ca_file,
    }))
}
