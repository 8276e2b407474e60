//! Reporting periods: `2020-07` (month), `2020-Q3`, `2020-H2`, `2020`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub year: i32,
    pub kind: Every,
    /// Month 1–12, quarter 1–4, half 1–2, or 1 for a year.
    pub index: u32,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("«{0}» is not a period: write 2020-Q3, 2020-07, 2020-H2 or 2020")]
pub struct BadPeriod(pub String);

/// The web and the API answer in Russian (the CLI keeps the English above).
impl From<BadPeriod> for crate::error::Error {
    fn from(e: BadPeriod) -> Self {
        crate::error::Error::Invalid(format!(
            "«{}» — не отчётный период: пишите 2020-Q3, 2020-07, 2020-H2 или 2020",
            e.0
        ))
    }
}

impl Period {
    pub fn new(year: i32, kind: Every, index: u32) -> Option<Period> {
        let count = 12 / kind.months();
        ((1..=count).contains(&index) && (1..=9999).contains(&year)).then_some(Period {
            year,
            kind,
            index,
        })
    }

    pub fn parse(s: &str) -> Result<Period, BadPeriod> {
        let bad = || BadPeriod(s.to_string());
        let t = s.trim().to_uppercase();
        let (year, rest) = match t.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (t.as_str(), None),
        };
        if year.len() != 4 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let (kind, index) = match rest {
            None => (Every::Year, Some(1)),
            Some(r) if r.starts_with('Q') => (Every::Quarter, r[1..].parse().ok()),
            Some(r) if r.starts_with('H') => (Every::HalfYear, r[1..].parse().ok()),
            Some(r) if r.len() == 2 => (Every::Month, r.parse().ok()),
            Some(_) => return Err(bad()),
        };
        index
            .and_then(|i| Period::new(year, kind, i))
            .ok_or_else(bad)
    }

    pub fn first_month(self) -> u32 {
        (self.index - 1) * self.kind.months() + 1
    }

    pub fn last_month(self) -> u32 {
        self.index * self.kind.months()
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.first_month(), 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn end(self) -> NaiveDate {
        period_end(self.year, self.last_month()).unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }

    pub fn overlaps(self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start() <= to && from <= self.end()
    }

    /// The period of this kind that contains `d`.
    pub fn containing(kind: Every, d: NaiveDate) -> Period {
        Period {
            year: d.year(),
            kind,
            index: (d.month() - 1) / kind.months() + 1,
        }
    }

    /// Every period of `kind` that overlaps `from..=to`, in order.
    pub fn covering(kind: Every, from: NaiveDate, to: NaiveDate) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = Period::containing(kind, from);
        while p.start() <= to {
            out.push(p);
            match p.end().succ_opt() {
                Some(next) => p = Period::containing(kind, next),
                None => break,
            }
        }
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Every::Month => write!(f, "{}-{:02}", self.year, self.index),
            Every::Quarter => write!(f, "{}-Q{}", self.year, self.index),
            Every::HalfYear => write!(f, "{}-H{}", self.year, self.index),
            Every::Year => write!(f, "{}", self.year),
        }
    }
}

/// The length of a recurring schedule's cycle, and of a reporting period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Every {
    pub fn as_str(self) -> &'static str {
        match self {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::HalfYear => "half_year",
            Every::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Every> {
        match s.trim().to_lowercase().replace('-', "_").as_str() {
            "month" => Some(Every::Month),
            "quarter" => Some(Every::Quarter),
            "half_year" | "halfyear" => Some(Every::HalfYear),
            "year" => Some(Every::Year),
            _ => None,
        }
    }

    /// How often, in words: «ежеквартально».
    pub fn adverb(self) -> &'static str {
        match self {
            Every::Month => "ежемесячно",
            Every::Quarter => "ежеквартально",
            Every::HalfYear => "раз в полугодие",
            Every::Year => "ежегодно",
        }
    }

    /// Months in one cycle.
    pub fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::HalfYear => 6,
            Every::Year => 12,
        }
    }
}

/// The last day of `month` in `year`.
pub fn period_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// "III квартал 2020 г.", "июль 2020 г.", "II полугодие 2020 г.", "2020 г.".
pub fn russian(p: Period) -> String {
    let i = p.index as usize;
    match p.kind {
        Every::Quarter => format!("{} квартал {} г.", crate::ru::ROMAN[(i - 1).min(3)], p.year),
        Every::HalfYear => format!(
            "{} полугодие {} г.",
            crate::ru::ROMAN[(i - 1).min(1)],
            p.year
        ),
        Every::Month => format!("{} {} г.", crate::ru::MONTHS[(i - 1).min(11)], p.year),
        Every::Year => format!("{} г.", p.year),
    }
}

/// The period as a heading names it, after «за»: «за III квартал 2020 г.»,
/// «за июль 2020 г.», «за II полугодие 2020 г.», «за 2020 год» (a year is
/// written out: «за 2020 г.» reads as a bare date).
pub fn russian_for(p: Period) -> String {
    match p.kind {
        Every::Year => format!("за {} год", p.year),
        _ => format!("за {}", russian(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn russian_names() {
        assert_eq!(
            russian(Period::parse("2020-Q3").unwrap()),
            "III квартал 2020 г."
        );
        assert_eq!(russian(Period::parse("2020-07").unwrap()), "июль 2020 г.");
        assert_eq!(
            russian(Period::parse("2020-H2").unwrap()),
            "II полугодие 2020 г."
        );
    }

    #[test]
    fn russian_after_za() {
        let za = |s: &str| russian_for(Period::parse(s).unwrap());
        assert_eq!(za("2020-Q3"), "за III квартал 2020 г.");
        assert_eq!(za("2020-Q1"), "за I квартал 2020 г.");
        assert_eq!(za("2020-H1"), "за I полугодие 2020 г.");
        assert_eq!(za("2020-05"), "за май 2020 г.");
        assert_eq!(za("2020"), "за 2020 год");
    }

    #[test]
    fn parses_every_form() {
        let q3 = Period::parse("2020-Q3").unwrap();
        assert_eq!((q3.start(), q3.end()), (d(2020, 7, 1), d(2020, 9, 30)));
        let m = Period::parse("2020-02").unwrap();
        assert_eq!((m.start(), m.end()), (d(2020, 2, 1), d(2020, 2, 29)));
        let h = Period::parse("2020-h2").unwrap();
        assert_eq!((h.start(), h.end()), (d(2020, 7, 1), d(2020, 12, 31)));
        let y = Period::parse("2020").unwrap();
        assert_eq!((y.start(), y.end()), (d(2020, 1, 1), d(2020, 12, 31)));
    }

    #[test]
    fn rejects_bad_forms() {
        for s in [
            "2020-Q5", "2020-Q0", "2020-13", "2020-H3", "20-Q1", "Q3", "", "2020-", "2020-Qx",
            "2020-7",
        ] {
            assert!(Period::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn covering_lists_overlapping_periods() {
        let qs = Period::covering(Every::Quarter, d(2020, 2, 15), d(2020, 7, 1));
        let names: Vec<String> = qs.iter().map(|p| p.to_string()).collect();
        assert_eq!(names, ["2020-Q1", "2020-Q2", "2020-Q3"]);
    }

    proptest! {
        #[test]
        fn display_round_trips(year in 1990i32..2100, kind in 0usize..4, index in 1u32..13) {
            let kind = [Every::Month, Every::Quarter, Every::HalfYear, Every::Year][kind];
            if let Some(p) = Period::new(year, kind, index) {
                prop_assert_eq!(Period::parse(&p.to_string()), Ok(p));
                prop_assert!(p.start() <= p.end());
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,12}") {
            let _ = Period::parse(&s);
        }
    }
}
