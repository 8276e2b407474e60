//! The sliding window: per client, all-or-none batches, exact waits, no
//! burst across a boundary, pruning.

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
    let w = limiter.logs.lock().unwrap();
    assert_eq!(w.by_client.len(), 1);
}

/// The old fixed window's failure: 60 at the end of one window and 60 at
/// the start of the next went through in 3.5 s. Now at most 60 pass in any
/// 60 s, however the requests are timed.
#[test]
fn no_burst_across_a_boundary() {
    let limiter = RateLimiter::new(60);
    let t0 = Instant::now();
    let a: IpAddr = [10, 0, 0, 1].into();
    // Quiet for a while, then a burst of 200 requests every 17.5 ms (3.5 s).
    assert!(limiter.hit(a, t0).is_ok());
    let start = t0 + Duration::from_millis(58_000);
    let passed = (0..200)
        .filter(|i| {
            let at = start + Duration::from_micros(17_500 * i);
            limiter.hit(a, at).is_ok()
        })
        .count();
    assert!(passed <= 60, "{passed} passed in 3.5 s");
    assert!(passed >= 59, "the budget is usable: {passed}");
}

#[test]
fn at_most_n_in_any_minute() {
    let limiter = RateLimiter::new(60);
    let t0 = Instant::now();
    let a: IpAddr = [10, 0, 0, 1].into();
    let mut passed = Vec::new();
    // Five minutes of a request every 230 ms, some in batches of three.
    for i in 0..1_300u64 {
        let at = t0 + Duration::from_millis(230 * i);
        let n = if i % 7 == 0 { 3 } else { 1 };
        if limiter.hit_n(a, at, n).is_ok() {
            passed.extend(std::iter::repeat_n(at, n as usize));
        }
    }
    for (i, t) in passed.iter().enumerate() {
        let in_minute = passed[i..]
            .iter()
            .take_while(|u| u.duration_since(*t) < WINDOW)
            .count();
        assert!(
            in_minute <= 60,
            "{in_minute} in the minute from request {i}"
        );
    }
    // Not far below either: about a minute's worth per minute.
    assert!(passed.len() >= 280, "{} in five minutes", passed.len());
}

/// `Retry-After` is exact: not a moment earlier, and then it passes.
#[test]
fn the_wait_is_exact() {
    let limiter = RateLimiter::new(3);
    let t0 = Instant::now();
    let a: IpAddr = [10, 0, 0, 1].into();
    for s in [0, 10, 20] {
        assert!(limiter.hit(a, t0 + Duration::from_secs(s)).is_ok());
    }
    let now = t0 + Duration::from_millis(25_500);
    let wait = limiter.hit(a, now).unwrap_err();
    assert_eq!(
        wait,
        Duration::from_millis(34_500),
        "until the first leaves"
    );
    let early = now + wait - Duration::from_millis(1);
    assert!(limiter.hit(a, early).is_err());
    assert!(limiter.hit(a, now + wait).is_ok());
    // A batch of two waits for two to leave.
    let later = now + wait;
    let wait2 = limiter.hit_n(a, later, 2).unwrap_err();
    assert_eq!(
        wait2,
        Duration::from_secs(20),
        "until the 20 s one leaves at 80 s"
    );
    assert!(limiter.hit_n(a, later + wait2, 2).is_ok());
    // More than the whole budget never fits.
    assert_eq!(limiter.hit_n(a, later, 4), Err(WINDOW));
}
