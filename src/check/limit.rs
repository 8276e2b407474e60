//! A per-client sliding-window rate limit for the public check API: no
//! more than N requests in any 60 seconds from one client (an address, an
//! IPv6 /64), in memory (each instance counts its own clients; a load
//! balancer with sticky addresses keeps that fair). The fixed window before
//! it let 2N through around a window's edge; here each request is
//! remembered for a full minute, in one-second slots, so a client costs at
//! most 61 slots however high N is.

use crate::web::client::subscriber;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Requests this close to a slot's first one share the slot.
const SLOT: Duration = Duration::from_secs(1);
/// Idle clients are dropped once the map holds this many.
const PRUNE_AT: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    /// Requests per minute per client; 0 turns the limit off.
    per_minute: u32,
    logs: Mutex<Logs>,
}

#[derive(Debug, Default)]
struct Logs {
    by_client: HashMap<IpAddr, Log>,
    prune_at: usize,
}

/// One client's requests of the last minute, oldest first.
#[derive(Debug, Default)]
struct Log {
    slots: VecDeque<Slot>,
    total: u32,
}

/// Requests within one `SLOT`; they leave the window with the latest of
/// them, so a slot never lets any of them go early.
#[derive(Debug)]
struct Slot {
    first: Instant,
    last: Instant,
    n: u32,
}

impl Log {
    fn expire(&mut self, now: Instant) {
        while let Some(s) = self.slots.front() {
            if now.saturating_duration_since(s.last) < WINDOW {
                break;
            }
            self.total = self.total.saturating_sub(s.n);
            self.slots.pop_front();
        }
    }

    /// How long until `needed` requests have left the window.
    fn wait_for(&self, needed: u32, now: Instant) -> Duration {
        let mut freed = 0u32;
        for s in &self.slots {
            freed = freed.saturating_add(s.n);
            if freed >= needed {
                return WINDOW.saturating_sub(now.saturating_duration_since(s.last));
            }
        }
        WINDOW
    }

    fn add(&mut self, n: u32, now: Instant) {
        match self.slots.back_mut() {
            Some(s) if now.saturating_duration_since(s.first) < SLOT => {
                s.last = s.last.max(now);
                s.n = s.n.saturating_add(n);
            }
            _ => self.slots.push_back(Slot {
                first: now,
                last: now,
                n,
            }),
        }
        self.total = self.total.saturating_add(n);
    }
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            logs: Mutex::new(Logs {
                by_client: HashMap::new(),
                prune_at: PRUNE_AT,
            }),
        }
    }

    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Counts one request from `addr` at `now`; `Err(wait)` when over the
    /// limit, with how long until it would pass.
    pub fn hit(&self, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        self.hit_n(addr, now, 1)
    }

    /// Counts `n` requests at once: all of them, or none when they would go
    /// over the limit.
    pub fn hit_n(&self, addr: IpAddr, now: Instant, n: u32) -> Result<(), Duration> {
        if self.per_minute == 0 || n == 0 {
            return Ok(());
        }
        let mut logs = self.logs.lock().unwrap_or_else(|p| p.into_inner());
        if logs.by_client.len() >= logs.prune_at {
            logs.by_client.retain(|_, log| {
                log.expire(now);
                !log.slots.is_empty()
            });
            // Prune again only after as many new clients as are left.
            logs.prune_at = (logs.by_client.len() * 2).max(PRUNE_AT);
        }
        let log = logs.by_client.entry(subscriber(addr)).or_default();
        log.expire(now);
        if n > self.per_minute {
            // Never fits: try again in a minute, when smaller.
            return Err(WINDOW);
        }
        let over = log.total.saturating_add(n).saturating_sub(self.per_minute);
        if over > 0 {
            return Err(log.wait_for(over, now));
        }
        log.add(n, now);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
