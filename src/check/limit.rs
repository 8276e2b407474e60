//! A per-address fixed-window rate limit for the public check API: a
//! minute's window per client address, in memory (each instance counts its
//! own clients; a load balancer with sticky addresses keeps that fair).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Expired windows are dropped once the map holds this many addresses.
const PRUNE_AT: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    /// Requests per minute per address; 0 turns the limit off.
    per_minute: u32,
    windows: Mutex<Windows>,
}

#[derive(Debug, Default)]
struct Windows {
    by_addr: HashMap<IpAddr, (Instant, u32)>,
    prune_at: usize,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            windows: Mutex::new(Windows {
                by_addr: HashMap::new(),
                prune_at: PRUNE_AT,
            }),
        }
    }

    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Counts one request from `addr` at `now`; `Err(wait)` when over the
    /// limit, with how long until its window ends.
    pub fn hit(&self, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        self.hit_n(addr, now, 1)
    }

    /// Counts `n` requests at once: all of them, or none when they would go
    /// over the limit.
    pub fn hit_n(&self, addr: IpAddr, now: Instant, n: u32) -> Result<(), Duration> {
        if self.per_minute == 0 || n == 0 {
            return Ok(());
        }
        let mut w = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if w.by_addr.len() >= w.prune_at {
            w.by_addr
                .retain(|_, (start, _)| now.saturating_duration_since(*start) < WINDOW);
            // Prune again only after as many new addresses as are left.
            w.prune_at = (w.by_addr.len() * 2).max(PRUNE_AT);
        }
        let (start, count) = w.by_addr.entry(client_of(addr)).or_insert((now, 0));
        if now.saturating_duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if count.saturating_add(n) > self.per_minute {
            return Err(WINDOW.saturating_sub(now.saturating_duration_since(*start)));
        }
        *count += n;
        Ok(())
    }
}

/// Whom an address stands for: an IPv6 client holds a whole /64 (one
/// subscriber's prefix), so its budget is the prefix's, not the address's.
fn client_of(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_address_and_window() {
        let limiter = RateLimiter::new(2);
        let t0 = Instant::now();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert!(limiter.hit(a, t0).is_ok());
        assert!(limiter.hit(a, t0 + Duration::from_secs(1)).is_ok());
        let wait = limiter.hit(a, t0 + Duration::from_secs(20)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(40));
        assert!(limiter.hit(b, t0 + Duration::from_secs(20)).is_ok());
        assert!(limiter.hit(a, t0 + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn many_at_once_go_all_or_none() {
        let limiter = RateLimiter::new(5);
        let t0 = Instant::now();
        let a: IpAddr = [10, 0, 0, 1].into();
        assert!(limiter.hit_n(a, t0, 4).is_ok());
        assert!(limiter.hit_n(a, t0, 2).is_err(), "4 + 2 is over 5");
        assert!(
            limiter.hit(a, t0).is_ok(),
            "the refused two were not counted"
        );
        assert!(limiter.hit(a, t0).is_err());
    }

    #[test]
    fn an_ipv6_prefix_shares_one_budget() {
        let limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(limiter.hit(a, t0).is_ok());
        assert!(limiter.hit(b, t0).is_err(), "same /64");
        assert!(limiter.hit(other, t0).is_ok());
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert!(limiter.hit(mapped, t0).is_ok());
        assert!(
            limiter.hit([10, 0, 0, 1].into(), t0).is_err(),
            "mapped v4 is v4"
        );
    }

    #[test]
    fn zero_is_off() {
        let limiter = RateLimiter::new(0);
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert!(limiter.hit([10, 0, 0, 1].into(), t0).is_ok());
        }
    }

    #[test]
    fn old_windows_are_pruned() {
        let limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        for i in 0..PRUNE_AT as u32 {
            assert!(limiter.hit(IpAddr::from(i.to_be_bytes()), t0).is_ok());
        }
        let later = t0 + WINDOW;
        assert!(limiter.hit([192, 168, 0, 1].into(), later).is_ok());
        let w = limiter.windows.lock().unwrap();
        assert_eq!(w.by_addr.len(), 1);
    }
}
