//! Periods as Russian tables write them: «1 квартал 2020», «I квартал
//! 2020 г.», «II полугодие 2020 года», «июль 2020», «2020 год», «2020»;
//! and the app's own form (`2020-Q1`).

use super::period::{BadPeriod, Every, Period};

/// The period `s` names, in the app's form or in Russian words.
pub fn parse(s: &str) -> Result<Period, BadPeriod> {
    if let Ok(p) = Period::parse(s) {
        return Ok(p);
    }
    words(s).ok_or_else(|| BadPeriod(s.to_string()))
}

fn words(s: &str) -> Option<Period> {
    let lower = s.to_lowercase().replace('.', " ");
    let mut tokens: Vec<&str> = lower
        .split_whitespace()
        .filter(|t| !matches!(*t, "г" | "год" | "года" | "гг"))
        .collect();
    let year: i32 = match tokens.pop()? {
        y if y.len() == 4 => y.parse().ok()?,
        _ => return None,
    };
    match tokens.as_slice() {
        [] => Period::new(year, Every::Year, 1),
        [n, "квартал"] => Period::new(year, Every::Quarter, ordinal(n)?),
        [n, "полугодие"] => Period::new(year, Every::HalfYear, ordinal(n)?),
        [month] => {
            let i = crate::ru::MONTHS
                .iter()
                .position(|m| month_matches(m, month))?;
            Period::new(year, Every::Month, i as u32 + 1)
        }
        _ => None,
    }
}

/// `1`, `I`, `1-й`: the number of a quarter or a half.
fn ordinal(s: &str) -> Option<u32> {
    let s = s.trim_end_matches(['-', 'й', 'ы', 'о']);
    if let Some(i) = crate::ru::ROMAN
        .iter()
        .position(|r| r.eq_ignore_ascii_case(s))
    {
        return Some(i as u32 + 1);
    }
    s.parse().ok()
}

/// «июль» or «июля»: the nominative's stem matches.
fn month_matches(name: &str, word: &str) -> bool {
    let stem: String = name.chars().take(3).collect();
    word == name || word.starts_with(&stem) && word.chars().count() <= name.chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> String {
        parse(s)
            .map(|p| p.to_string())
            .unwrap_or_else(|e| format!("! {}", e.0))
    }

    #[test]
    fn russian_forms() {
        assert_eq!(p("1 квартал 2020"), "2020-Q1");
        assert_eq!(p("I квартал 2020 г."), "2020-Q1");
        assert_eq!(p("IV квартал 2020 года"), "2020-Q4");
        assert_eq!(p("3-й квартал 2020"), "2020-Q3");
        assert_eq!(p("II полугодие 2020 г."), "2020-H2");
        assert_eq!(p("июль 2020"), "2020-07");
        assert_eq!(p("2020 год"), "2020");
        assert_eq!(p("2020"), "2020");
        assert_eq!(p("2020-Q3"), "2020-Q3");
    }

    #[test]
    fn wrong_forms_are_refused() {
        for s in [
            "5 квартал 2020",
            "квартал 2020",
            "I квартал",
            "осень 2020",
            "",
            "20 г.",
        ] {
            assert!(parse(s).is_err(), "{s}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,24}") {
            let _ = parse(&s);
        }

        #[test]
        fn russian_names_read_back(year in 1990i32..2100, q in 1u32..5) {
            let period = Period::new(year, Every::Quarter, q).unwrap();
            prop_assert_eq!(parse(&super::super::period::russian(period)), Ok(period));
        }
    }
}
