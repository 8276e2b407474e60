//! The checker's HTTP client: one URL to a final answer, HEAD then GET,
//! redirects by hand, under the global and per-host caps.

use crate::config::registry::LivenessConfig;
use crate::error::{Error, Result};
use crate::registry::liveness::net_guard::GuardedResolver;
use crate::registry::liveness::{
    Failure, Method, Next, Outcome, after_response, literal_host_allowed, retry_with_get,
};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use url::Url;

mod net;

const USER_AGENT: &str = concat!("Dozor-liveness/", env!("CARGO_PKG_VERSION"));

/// The HTTP client with its caps; cheap to clone, clones share the caps.
#[derive(Clone, Debug)]
pub struct Checker {
    client: reqwest::Client,
    slots: Arc<Semaphore>,
    hosts: Arc<net::HostLocks>,
    allow_private: bool,
}

impl Checker {
    pub fn new(cfg: &LivenessConfig) -> Result<Checker> {
        Checker::with_timeout(cfg, Duration::from_secs(cfg.timeout_secs.max(1)))
    }

    /// With a request deadline finer than the config's seconds (tests).
    pub fn with_timeout(cfg: &LivenessConfig, timeout: Duration) -> Result<Checker> {
        // reqwest is built without a crypto provider; main() installs ring,
        // and this does the same for tests and other embedders (a no-op
        // when one is installed already).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve names itself, out of the guard's reach.
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(timeout / 2)
            // HEAD then GET, or a redirect to the same host, reuse a
            // connection; beyond that a round touches each host once, so
            // idle connections are not worth keeping.
            .pool_max_idle_per_host(1)
            .pool_idle_timeout(Duration::from_secs(5))
            .dns_resolver(GuardedResolver {
                allow_private: cfg.allow_private,
                trusted: None,
            })
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| Error::Internal(format!("HTTP client for liveness checks: {e}")))?;
        Ok(Checker {
            client,
            slots: Arc::new(Semaphore::new(cfg.concurrency.max(1))),
            hosts: Arc::default(),
            allow_private: cfg.allow_private,
        })
    }

    /// Hosts with a request in flight or waiting for one.
    pub fn busy_hosts(&self) -> usize {
        self.hosts.len()
    }

    pub async fn check_url(&self, url: &str) -> Outcome {
        match Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => self.check(u).await,
            Ok(_) => Outcome::failed(Failure::UnsupportedScheme, None, 0),
            Err(_) => Outcome::failed(Failure::BadUrl, None, 0),
        }
    }

    /// Follows the URL's redirects to a final answer.
    pub async fn check(&self, mut url: Url) -> Outcome {
        let mut redirects = 0;
        loop {
            if let Err(f) = literal_host_allowed(&url, self.allow_private) {
                return Outcome::failed(f, None, redirects);
            }
            let (status, location, method) = match self.hop(&url).await {
                Ok(answer) => answer,
                Err(f) => return Outcome::failed(f, None, redirects),
            };
            match after_response(&url, status, location.as_deref(), redirects) {
                Next::Done(online) => {
                    return Outcome {
                        online,
                        http_status: Some(status),
                        failure: None,
                        method: Some(method),
                        redirects,
                    };
                }
                Next::Fail(f) => return Outcome::failed(f, Some(status), redirects),
                Next::Follow(next) => {
                    url = next;
                    redirects += 1;
                }
            }
        }
    }

    /// One URL without following redirects: status, `Location`, method.
    async fn hop(&self, url: &Url) -> Result<(u16, Option<Vec<u8>>, Method), Failure> {
        let host = url.host_str().ok_or(Failure::BadUrl)?;
        // The host first: waiting for a busy host must not hold a slot
        // that a request to another host could use.
        let _host = self.hosts.lock(host).await;
        let _slot = self.slots.acquire().await.map_err(|_| Failure::Request)?;
        let head = self.send(reqwest::Method::HEAD, url).await;
        if !retry_with_get(head.as_ref().map(|a| a.0).map_err(|f| *f)) {
            return head.map(|(status, location)| (status, location, Method::Head));
        }
        let get = self.send(reqwest::Method::GET, url).await;
        get.map(|(status, location)| (status, location, Method::Get))
    }

    async fn send(
        &self,
        method: reqwest::Method,
        url: &Url,
    ) -> Result<(u16, Option<Vec<u8>>), Failure> {
        let response = self
            .client
            .request(method, url.clone())
            .send()
            .await
            .map_err(|e| net::classify(&e))?;
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|v| v.as_bytes().to_vec());
        // The body is never read: dropping the response closes it.
        Ok((response.status().as_u16(), location))
    }
}
