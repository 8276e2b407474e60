//! The HTTP client for RDAP. The configured server is trusted; where it
//! redirects is not: a redirect (from a bootstrap service or a registry we
//! do not run) must go over HTTPS to a public address, so that a hostile
//! answer cannot make the server probe its own network.

use crate::registry::liveness::is_public_ip;
use crate::registry::liveness::net_guard::{GuardError, GuardedResolver};
use reqwest::redirect;
use reqwest::{Url, redirect::Attempt};
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;
use url::{Host, Origin};

/// RFC 7480 §5.2: a redirector hands on once, and a registry may hand on to
/// its registrar; more than this is a loop.
const MAX_REDIRECTS: usize = 5;

/// A redirect the client would not follow, and why (in Russian, for the
/// message).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Refused(&'static str);

pub(super) fn client(timeout: Duration, base: &Url) -> reqwest::Result<reqwest::Client> {
    // reqwest is built without its own crypto back end and panics when no
    // process default exists; main installs ring, library callers may not.
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let origin = base.origin();
    let policy = redirect::Policy::custom(move |attempt: Attempt<'_>| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            return attempt.error(Refused("слишком много перенаправлений"));
        }
        match refusal(attempt.url(), &origin) {
            Some(why) => attempt.error(Refused(why)),
            None => attempt.follow(),
        }
    });
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(policy)
        .dns_resolver(Arc::new(GuardedResolver {
            allow_private: false,
            trusted: base.host_str().map(str::to_owned),
        }))
        .user_agent(concat!("dozor/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Why a redirect to `next` is not followed; None to follow it. The
/// configured server may send us around itself, over any scheme.
pub(super) fn refusal(next: &Url, configured: &Origin) -> Option<&'static str> {
    if next.origin() == *configured {
        return None;
    }
    if next.scheme() != "https" {
        return Some("перенаправление не по HTTPS");
    }
    let ip = match next.host() {
        Some(Host::Ipv4(a)) => a.into(),
        Some(Host::Ipv6(a)) => a.into(),
        Some(Host::Domain(_)) => return None,
        None => return Some("перенаправление без адреса"),
    };
    (!is_public_ip(ip)).then_some("перенаправление на внутренний адрес")
}

pub(super) fn port_suffix(u: &Url) -> String {
    u.port().map(|p| format!(":{p}")).unwrap_or_default()
}

pub(super) fn reqwest_reason(e: &reqwest::Error) -> &'static str {
    let mut source: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(inner) = source {
        if let Some(Refused(why)) = inner.downcast_ref::<Refused>() {
            return why;
        }
        if let Some(GuardError::Private) = inner.downcast_ref::<GuardError>() {
            return "адрес сервера во внутренней сети";
        }
        source = inner.source();
    }
    if e.is_timeout() {
        "время ожидания истекло"
    } else if e.is_redirect() {
        "слишком много перенаправлений"
    } else if e.is_connect() {
        "соединение не установлено"
    } else {
        "ошибка обмена данными"
    }
}
