//! Whether a plan is active: while today is within its validity, unless the
//! coordinator overrides it. The override is tri-state rather than one
//! keep-active flag, because both directions happen: the 2020 plan's
//! reporting runs on past 31 December (kept), and a plan replaced before its
//! end must stop asking for reports (closed). Pure: today is a parameter.

use chrono::NaiveDate;

/// The coordinator's override of a plan's validity.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// Active while today is within [valid_from, valid_to].
    Auto,
    /// Active whatever the date: reporting goes on past the validity.
    Kept,
    /// Not active whatever the date: ended early.
    Closed,
}

impl Activity {
    pub const ALL: [Activity; 3] = [Activity::Auto, Activity::Kept, Activity::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Activity::Auto => "auto",
            Activity::Kept => "kept",
            Activity::Closed => "closed",
        }
    }

    /// The stored value; anything unknown reads as `auto`, the dates decide.
    pub fn parse(s: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Activity::Auto => "по сроку действия",
            Activity::Kept => "действует (продлён координатором)",
            Activity::Closed => "завершён координатором",
        }
    }
}

/// Is a plan valid from `from` to `to` (inclusive) active on `today`?
pub fn is_active(activity: Activity, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> bool {
    match activity {
        Activity::Auto => from <= today && today <= to,
        Activity::Kept => true,
        Activity::Closed => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn auto_follows_the_validity_inclusive() {
        let (f, t) = (d("2020-01-01"), d("2020-12-31"));
        assert!(is_active(Activity::Auto, f, t, f));
        assert!(is_active(Activity::Auto, f, t, t));
        assert!(!is_active(Activity::Auto, f, t, d("2019-12-31")));
        assert!(!is_active(Activity::Auto, f, t, d("2021-01-01")));
    }

    #[test]
    fn kept_outlives_and_closed_ends_the_validity() {
        let (f, t) = (d("2020-01-01"), d("2020-12-31"));
        assert!(is_active(Activity::Kept, f, t, d("2026-11-28")));
        assert!(!is_active(Activity::Closed, f, t, d("2020-06-01")));
    }

    #[test]
    fn stored_values_round_trip() {
        for a in Activity::ALL {
            assert_eq!(Activity::parse(a.as_str()), Some(a));
        }
        assert_eq!(Activity::parse("sometimes"), None);
    }
}
