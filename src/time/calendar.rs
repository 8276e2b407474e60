//! Working days in Russia: weekends, the public holidays of the Labour Code
//! (art. 112), and the yearly transfers from a TOML file. Due dates that fall
//! on a day off move to the next (or, per plan, the previous) working day.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Where a due date that falls on a day off goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueShift {
    /// Civil Code art. 193: the next working day.
    #[default]
    Next,
    Previous,
}

impl DueShift {
    pub fn as_str(self) -> &'static str {
        match self {
            DueShift::Next => "next",
            DueShift::Previous => "previous",
        }
    }

    pub fn parse(s: &str) -> Option<DueShift> {
        match s {
            "next" => Some(DueShift::Next),
            "previous" => Some(DueShift::Previous),
            _ => None,
        }
    }
}

/// The built-in holidays plus the transfers a calendar file adds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    days_off: BTreeSet<NaiveDate>,
    working_weekends: BTreeSet<NaiveDate>,
}

/// The calendar file: `non_working = [2020-05-04, …]`, `working = [2021-02-20]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    #[serde(default)]
    non_working: Vec<toml::value::Datetime>,
    #[serde(default)]
    working: Vec<toml::value::Datetime>,
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("calendar file: «{0}» is not a date like 2020-05-04")]
    NotADate(String),
}

fn is_fixed_holiday(d: NaiveDate) -> bool {
    matches!(
        (d.month(), d.day()),
        (1, 1..=8) | (2, 23) | (3, 8) | (5, 1) | (5, 9) | (6, 12) | (11, 4)
    )
}

fn to_date(v: &toml::value::Datetime) -> Result<NaiveDate, CalendarError> {
    let bad = || CalendarError::NotADate(v.to_string());
    match (v.date, v.time) {
        (Some(d), None) => {
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

impl Calendar {
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarError> {
        let file: CalendarFile = toml::from_str(text)?;
        let dates = |v: &[toml::value::Datetime]| v.iter().map(to_date).collect::<Result<_, _>>();
        Ok(Calendar {
            days_off: dates(&file.non_working)?,
            working_weekends: dates(&file.working)?,
        })
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.working_weekends.contains(&d) {
            return true;
        }
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        !(weekend || is_fixed_holiday(d) || self.days_off.contains(&d))
    }

    /// `d` itself when it is a working day, else the nearest one in `shift`'s direction.
    pub fn shift(&self, d: NaiveDate, shift: DueShift) -> NaiveDate {
        let mut day = d;
        // Russia never has more than a fortnight off in a row; the bound keeps
        // a hostile calendar file from looping forever.
        for _ in 0..366 {
            if self.is_working_day(day) {
                return day;
            }
            let next = match shift {
                DueShift::Next => day.succ_opt(),
                DueShift::Previous => day.pred_opt(),
            };
            match next {
                Some(n) => day = n,
                None => return d,
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekends_move_to_monday() {
        let c = Calendar::default();
        assert_eq!(c.shift(d(2020, 10, 10), DueShift::Next), d(2020, 10, 12));
        assert_eq!(c.shift(d(2020, 10, 10), DueShift::Previous), d(2020, 10, 9));
        assert_eq!(c.shift(d(2020, 9, 30), DueShift::Next), d(2020, 9, 30));
    }

    #[test]
    fn public_holidays_are_days_off() {
        let c = Calendar::default();
        // 10 January 2021 is a Sunday; 1–8 January are holidays.
        assert_eq!(c.shift(d(2021, 1, 10), DueShift::Next), d(2021, 1, 11));
        assert_eq!(c.shift(d(2021, 1, 1), DueShift::Next), d(2021, 1, 11));
        assert_eq!(c.shift(d(2021, 1, 8), DueShift::Previous), d(2020, 12, 31));
        for (m, day) in [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)] {
            assert!(!c.is_working_day(d(2023, m, day)), "{m}-{day}");
        }
    }

    #[test]
    fn calendar_file_adds_transfers() {
        let c =
            Calendar::from_toml("non_working = [2020-05-11, 2020-05-04]\nworking = [2021-02-20]\n")
                .unwrap();
        assert_eq!(c.shift(d(2020, 5, 9), DueShift::Next), d(2020, 5, 12));
        assert!(c.is_working_day(d(2021, 2, 20)));
        assert!(!c.is_working_day(d(2020, 5, 4)));
    }

    #[test]
    fn shipped_2020_calendar_parses() {
        let c = Calendar::from_toml(include_str!("../../examples/calendar-ru-2020.toml")).unwrap();
        // 10 April 2020 fell in the decreed non-working weeks: due 12 May.
        assert_eq!(c.shift(d(2020, 4, 10), DueShift::Next), d(2020, 5, 12));
    }

    #[test]
    fn bad_calendar_files_are_errors() {
        assert!(Calendar::from_toml("non_working = [\"soon\"]").is_err());
        assert!(Calendar::from_toml("holidays = [2020-01-01]").is_err());
        assert!(Calendar::from_toml("working = [2020-01-01T10:00:00]").is_err());
    }

    #[test]
    fn a_year_off_does_not_loop() {
        let all: Vec<String> = (0..800)
            .map(|i| (d(2020, 1, 1) + chrono::Days::new(i)).to_string())
            .collect();
        let c = Calendar::from_toml(&format!("non_working = [{}]", all.join(","))).unwrap();
        assert_eq!(c.shift(d(2020, 6, 1), DueShift::Next), d(2020, 6, 1));
    }
}
