//! The back-off of failed logins, as pure rules over the failures on
//! record (the SQL is in `store.rs`). Two records count: a login's
//! failures from one client, and a client's failures across all logins.
//! Past a few free failures each further attempt waits 1 s, doubling with
//! every failure, at most 15 minutes, counted from the latest failure.
//! Keyed on the client, not the login alone, so guessing at someone's
//! login from elsewhere never locks its owner out.

use chrono::{DateTime, Duration, Utc};

/// Failures of one login from one client before the back-off starts.
pub const FREE_PER_LOGIN: u64 = 5;
/// Failures of one client, any logins, within `CLIENT_WINDOW`, before it.
pub const FREE_PER_CLIENT: u64 = 20;
/// The longest wait.
pub const MAX_WAIT_SECONDS: i64 = 15 * 60;

/// How long a login's failures from a client are remembered (a success
/// forgets them at once). Longer than the doubling takes to reach its cap
/// (about 17 minutes), so a patient guesser stays at the cap.
pub fn login_memory() -> Duration {
    Duration::hours(24)
}

/// The window of a client's failures across logins: a burst of guesses at
/// many logins, not an office's typing over a day behind one address.
pub fn client_window() -> Duration {
    Duration::minutes(15)
}

/// The failures on one record: how many, and the latest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub failures: u64,
    pub latest: Option<DateTime<Utc>>,
}

/// How long an attempt at `now` must still wait, if at all, with `free`
/// failures allowed before the back-off.
pub fn wait(r: Record, free: u64, now: DateTime<Utc>) -> Option<Duration> {
    let latest = r.latest?;
    let over = r.failures.checked_sub(free)?;
    // 2^10 s is already past the cap.
    let secs = 1i64
        .checked_shl(u32::try_from(over.min(20)).unwrap_or(20))
        .unwrap_or(i64::MAX)
        .min(MAX_WAIT_SECONDS);
    let left = latest + Duration::seconds(secs) - now;
    (left > Duration::zero()).then_some(left)
}

/// "Повторите через 3 с" / "через 2 мин": seconds under a minute, else
/// whole minutes rounded up.
pub fn wait_text(left: Duration) -> String {
    let secs = whole_seconds(left);
    if secs < 60 {
        format!("Повторите через {secs} с")
    } else {
        format!("Повторите через {} мин", (secs + 59) / 60)
    }
}

/// A wait in whole seconds, rounded up, at least 1 (for `Retry-After`).
pub fn whole_seconds(left: Duration) -> i64 {
    let ms = left.num_milliseconds().max(1);
    (ms + 999) / 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap_or_default()
    }

    fn rec(failures: u64, latest: i64) -> Record {
        Record {
            failures,
            latest: Some(at(latest)),
        }
    }

    #[test]
    fn free_failures_then_doubling_to_the_cap() {
        assert_eq!(wait(Record::default(), 5, at(0)), None);
        assert_eq!(wait(rec(4, 0), 5, at(0)), None);
        assert_eq!(wait(rec(5, 0), 5, at(0)), Some(Duration::seconds(1)));
        assert_eq!(wait(rec(5, 0), 5, at(1)), None);
        assert_eq!(wait(rec(6, 0), 5, at(0)), Some(Duration::seconds(2)));
        assert_eq!(wait(rec(9, 10), 5, at(11)), Some(Duration::seconds(15)));
        assert_eq!(wait(rec(15, 0), 5, at(0)), Some(Duration::seconds(900)));
        assert_eq!(wait(rec(500, 0), 5, at(0)), Some(Duration::seconds(900)));
        assert_eq!(wait(rec(u64::MAX, 0), 5, at(900)), None);
    }

    #[test]
    fn texts_in_seconds_then_minutes() {
        assert_eq!(
            wait_text(Duration::milliseconds(300)),
            "Повторите через 1 с"
        );
        assert_eq!(wait_text(Duration::seconds(59)), "Повторите через 59 с");
        assert_eq!(wait_text(Duration::seconds(60)), "Повторите через 1 мин");
        assert_eq!(wait_text(Duration::seconds(61)), "Повторите через 2 мин");
        assert_eq!(wait_text(Duration::seconds(900)), "Повторите через 15 мин");
        assert_eq!(whole_seconds(Duration::milliseconds(1_001)), 2);
        assert_eq!(whole_seconds(Duration::zero()), 1);
    }
}
