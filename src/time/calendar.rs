//! Working days in Russia: weekends, the public holidays of the Labour Code
//! (art. 112) with its rule that a holiday on a weekend moves the day off to
//! the next working day, and the yearly decrees from a calendar file — TOML,
//! or the production calendar CSV of the Russian open data portal. Due dates
//! that fall on a day off move to the next (or, per plan, the previous)
//! working day.

mod production;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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

/// What the days a presidential decree declared non-working with pay (2020:
/// 30.03–30.04, 06–08.05, 24.06, 01.07) count as for a due date. They are not
/// days off in the Labour Code's sense, so by default they do not move one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PaidNonWorking {
    /// Working days for due dates (the default).
    #[default]
    Working,
    /// Days off: a due date on one moves like on a weekend.
    DaysOff,
}

impl PaidNonWorking {
    pub fn as_str(self) -> &'static str {
        match self {
            PaidNonWorking::Working => "working",
            PaidNonWorking::DaysOff => "days_off",
        }
    }

    pub fn parse(s: &str) -> Option<PaidNonWorking> {
        match s {
            "working" => Some(PaidNonWorking::Working),
            "days_off" => Some(PaidNonWorking::DaysOff),
            _ => None,
        }
    }
}

/// The built-in holidays plus the transfers a calendar file adds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Extra days off (TOML `non_working`).
    days_off: BTreeSet<NaiveDate>,
    /// Working Saturdays and Sundays (TOML `working`); they win over the rest.
    working_weekends: BTreeSet<NaiveDate>,
    /// Decreed non-working days with pay (TOML `paid_non_working`).
    paid_non_working: BTreeSet<NaiveDate>,
    /// Years a production calendar lists in full: their days off are exactly
    /// these, whatever the built-in rules say.
    listed_years: BTreeMap<i32, BTreeSet<NaiveDate>>,
}

/// The calendar file: `non_working = [2020-05-04, …]`, `working = [2021-02-20]`,
/// `paid_non_working = [2020-03-30, …]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    #[serde(default)]
    non_working: Vec<toml::value::Datetime>,
    #[serde(default)]
    working: Vec<toml::value::Datetime>,
    #[serde(default)]
    paid_non_working: Vec<toml::value::Datetime>,
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("calendar file: «{0}» is not a date like 2020-05-04")]
    NotADate(String),
    /// A production calendar CSV that does not read; `line` and `column`
    /// count from 1, `column` 0 meaning the whole line.
    #[error("calendar file{}: {message}", place(*.line, *.column))]
    Csv {
        line: u64,
        column: usize,
        message: String,
    },
}

/// `, line 2, column 3`, leaving out what is not known (0).
fn place(line: u64, column: usize) -> String {
    match (line, column) {
        (0, _) => String::new(),
        (l, 0) => format!(", line {l}"),
        (l, c) => format!(", line {l}, column {c}"),
    }
}

/// The two forms of a calendar file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarFormat {
    /// `non_working = [...]`, `working = [...]`, `paid_non_working = [...]`.
    Toml,
    /// The production calendar of data.gov.ru: a row per year, a cell per
    /// month listing its days off.
    Csv,
}

impl CalendarFormat {
    /// By the file's extension (`.csv`, `.toml`), else by its content: a CSV
    /// opens with the header `Год/Месяц,…`.
    pub fn detect(path: &Path, text: &str) -> CalendarFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => CalendarFormat::Csv,
            Some(e) if e.eq_ignore_ascii_case("toml") => CalendarFormat::Toml,
            _ => {
                let head = text.trim_start_matches('\u{feff}').trim_start();
                if head.starts_with("Год") || head.starts_with("\"Год") {
                    CalendarFormat::Csv
                } else {
                    CalendarFormat::Toml
                }
            }
        }
    }
}

/// The public holidays of art. 112 part 1 (1–8 January, 23 February,
/// 8 March, 1 and 9 May, 12 June, 4 November), as in force since 2013 and
/// applied to every year; an earlier year's calendar needs a CSV file.
const HOLIDAYS: &[(u32, u32)] = &[(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)];

fn is_fixed_holiday(d: NaiveDate) -> bool {
    (d.month() == 1 && d.day() <= 8) || HOLIDAYS.contains(&(d.month(), d.day()))
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Art. 112 part 2: a holiday on a Saturday or Sunday moves that day off to
/// the next working day after the holiday. The January holidays are
/// excepted — the Government moves those by decree, which a calendar file
/// brings. Returns the year's moved days off (at most one per holiday).
fn transferred_days_off(year: i32) -> [Option<NaiveDate>; HOLIDAYS.len()] {
    let mut out = [None; HOLIDAYS.len()];
    for (slot, &(m, day)) in HOLIDAYS.iter().enumerate() {
        let Some(h) = NaiveDate::from_ymd_opt(year, m, day) else {
            continue;
        };
        if !is_weekend(h) {
            continue;
        }
        let mut t = h;
        while let Some(n) = t.succ_opt() {
            t = n;
            if !(is_weekend(t) || is_fixed_holiday(t) || out.contains(&Some(t))) {
                out[slot] = Some(t);
                break;
            }
        }
    }
    out
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
            paid_non_working: dates(&file.paid_non_working)?,
            listed_years: BTreeMap::new(),
        })
    }

    /// The production calendar CSV (data.gov.ru «Производственный календарь»):
    /// the header `Год/Месяц,Январь,…,Декабрь,…`, then a row per year whose
    /// month cells list the days off, `"1,2,3,4,5,6,7,8,11,12"`. `22*` is a
    /// shortened working day, `24+` a transferred day off; a day not listed is
    /// a working day. A listed year's days off are exactly the listed ones.
    pub fn from_csv(text: &str) -> Result<Calendar, CalendarError> {
        Ok(Calendar {
            listed_years: production::parse(text)?,
            ..Calendar::default()
        })
    }

    /// A calendar file's text in the given form.
    pub fn parse(text: &str, format: CalendarFormat) -> Result<Calendar, CalendarError> {
        match format {
            CalendarFormat::Toml => Calendar::from_toml(text),
            CalendarFormat::Csv => Calendar::from_csv(text),
        }
    }

    /// Days off and working weekends, with the decreed paid non-working days
    /// counted as working days (see [`Calendar::is_working_day_with`]).
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if let Some(off) = self.listed_years.get(&d.year()) {
            return !off.contains(&d);
        }
        if self.working_weekends.contains(&d) {
            return true;
        }
        !(is_weekend(d)
            || is_fixed_holiday(d)
            || self.days_off.contains(&d)
            || transferred_days_off(d.year()).contains(&Some(d)))
    }

    /// Whether a presidential decree declared `d` a non-working day with pay.
    pub fn is_paid_non_working(&self, d: NaiveDate) -> bool {
        self.paid_non_working.contains(&d)
    }

    /// [`Calendar::is_working_day`], the paid non-working days counted as `paid` says.
    pub fn is_working_day_with(&self, d: NaiveDate, paid: PaidNonWorking) -> bool {
        self.is_working_day(d) && !(paid == PaidNonWorking::DaysOff && self.is_paid_non_working(d))
    }

    /// `d` itself when it is a working day, else the nearest one in `shift`'s
    /// direction; the paid non-working days do not move it.
    pub fn shift(&self, d: NaiveDate, shift: DueShift) -> NaiveDate {
        self.shift_with(d, shift, PaidNonWorking::Working)
    }

    /// [`Calendar::shift`], the paid non-working days counted as `paid` says.
    pub fn shift_with(&self, d: NaiveDate, shift: DueShift, paid: PaidNonWorking) -> NaiveDate {
        let mut day = d;
        // Russia never has more than a fortnight off in a row (seven weeks
        // with 2020's paid days); the bound keeps a hostile calendar file
        // from looping forever.
        for _ in 0..366 {
            if self.is_working_day_with(day, paid) {
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
mod tests;
