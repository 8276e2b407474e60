//! The checker's network helpers: the per-host locks, and mapping a client error to a
//! stable failure code.

use crate::registry::liveness::Failure;
use crate::registry::liveness::net_guard::GuardError;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// The failure a client error stands for.
pub(super) fn classify(err: &reqwest::Error) -> Failure {
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        match e.downcast_ref::<GuardError>() {
            Some(GuardError::Dns(_)) => return Failure::Dns,
            Some(GuardError::Private) => return Failure::PrivateAddress,
            None => {}
        }
        // rustls errors travel inside an io::Error, whose source() skips them.
        let in_io = e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .is_some_and(|inner| inner.is::<rustls::Error>());
        if in_io || e.is::<rustls::Error>() {
            return Failure::Tls;
        }
        source = e.source();
    }
    if err.is_timeout() {
        Failure::Timeout
    } else if err.is_connect() {
        Failure::Connect
    } else {
        Failure::Request
    }
}

type Lock = Arc<AsyncMutex<()>>;

/// One async mutex per host name; an entry lives only while someone holds
/// or awaits it, so the map never grows with the hosts ever checked.
#[derive(Debug, Default)]
pub(super) struct HostLocks {
    map: Mutex<HashMap<String, Lock>>,
}

impl HostLocks {
    fn map(&self) -> MutexGuard<'_, HashMap<String, Lock>> {
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for the host to be free and holds it until the guard drops.
    pub(super) async fn lock(&self, host: &str) -> HostGuard<'_> {
        let entry = Arc::clone(self.map().entry(host.to_owned()).or_default());
        let mut guard = HostGuard {
            locks: self,
            host: host.to_owned(),
            entry: Some(Arc::clone(&entry)),
            held: None,
        };
        // Cancelled here, the guard still cleans the entry up.
        guard.held = Some(entry.lock_owned().await);
        guard
    }

    /// Hosts with a request in flight or waiting.
    pub(super) fn len(&self) -> usize {
        self.map().len()
    }
}

pub(super) struct HostGuard<'a> {
    locks: &'a HostLocks,
    host: String,
    entry: Option<Lock>,
    held: Option<OwnedMutexGuard<()>>,
}

impl Drop for HostGuard<'_> {
    fn drop(&mut self) {
        self.held.take();
        self.entry.take();
        // Every clone is taken under the map's lock, so a count of one
        // (the map's own) means nobody holds or awaits this host.
        let mut map = self.locks.map();
        if map
            .get(&self.host)
            .is_some_and(|e| Arc::strong_count(e) == 1)
        {
            map.remove(&self.host);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn host_entries_go_when_released_or_abandoned() {
        let locks = HostLocks::default();
        let held = locks.lock("a.example").await;
        let other = locks.lock("b.example").await;
        assert_eq!(locks.len(), 2);
        drop(other);
        assert_eq!(locks.len(), 1);
        // A waiter that gives up leaves the holder's entry alone...
        let waited = tokio::time::timeout(Duration::from_millis(20), locks.lock("a.example")).await;
        assert!(waited.is_err(), "the host is held");
        assert_eq!(locks.len(), 1);
        drop(held);
        // ...and the last one out removes it.
        assert_eq!(locks.len(), 0);
        let again = locks.lock("a.example").await;
        assert_eq!(locks.len(), 1);
        drop(again);
        assert_eq!(locks.len(), 0);
    }
}
