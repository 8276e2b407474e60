//! The resolver that keeps outgoing requests (liveness checks, RDAP) off
//! private networks: a listed site or a redirect must not make the server
//! probe its own LAN or the cloud metadata address.

use super::is_public_ip;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;

/// Why the resolver gave no address; found again in the client's error.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    #[error("name not resolved: {0}")]
    Dns(String),
    #[error("the name resolves only to private addresses")]
    Private,
}

/// Resolves names and drops non-public addresses, so that a check goes
/// exactly where the guard allowed: there is no second resolution for a
/// rebinding name to exploit.
#[derive(Debug)]
pub struct GuardedResolver {
    pub allow_private: bool,
    /// A name the operator configured (an RDAP mirror on the LAN, say):
    /// it may resolve to a private address; names reached by redirects may
    /// not.
    pub trusted: Option<String>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allow_private = self.allow_private
            || self
                .trusted
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(&host));
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| GuardError::Dns(e.to_string()))?
                .collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| allow_private || is_public_ip(a.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(if found.is_empty() {
                    GuardError::Dns("no addresses".into())
                } else {
                    GuardError::Private
                }) as _);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}
