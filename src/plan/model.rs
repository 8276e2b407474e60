//! The parsed plan: measures, schedules, executors and partners, as every
//! import form produces them and as `--json` prints them.

pub mod activity;

use crate::time::period::Every;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A plan as read from its signed table, before or after storing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedPlan {
    pub title: String,
    pub measures: Vec<ParsedMeasure>,
}

/// One numbered row of the plan's table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedMeasure {
    pub number: String,
    pub title: String,
    pub schedule_text: String,
    pub schedule: Schedule,
    pub executors: Vec<Executor>,
    pub partners: Vec<String>,
    /// The section heading the measure stands under: a table row with only
    /// one cell filled (in Word, one cell merged across the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// An agency named in the responsible-executors column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Executor {
    /// The name as the plan writes it, without "(по согласованию)".
    pub name: String,
    pub by_agreement: bool,
}

/// How often, or by when, a measure is carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    Continuous {
        /// Limits set by phrases like "В течение 2020 года".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<NaiveDate>,
    },
    Recurring {
        every: Every,
        /// The day of the month after the period by which the report is due.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due_day: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<NaiveDate>,
    },
    Once {
        due: NaiveDate,
    },
    OnDemand,
    Unrecognized,
}

impl Schedule {
    pub const CONTINUOUS: Schedule = Schedule::Continuous {
        from: None,
        to: None,
    };

    /// A recurring schedule without a due-day clause or limits.
    pub fn every(every: Every) -> Schedule {
        Schedule::Recurring {
            every,
            due_day: None,
            from: None,
            to: None,
        }
    }

    /// The years a schedule names, which bound the plan's validity.
    pub fn years(&self) -> Vec<i32> {
        use chrono::Datelike;
        let dates: Vec<NaiveDate> = match *self {
            Schedule::Continuous { from, to } | Schedule::Recurring { from, to, .. } => {
                from.into_iter().chain(to).collect()
            }
            Schedule::Once { due } => vec![due],
            Schedule::OnDemand | Schedule::Unrecognized => vec![],
        };
        dates.iter().map(|d| d.year()).collect()
    }
}

/// Whether a measure's text makes it one that feeds the registry: the
/// coordinator's default at import, changed on the measure's page. Such a
/// measure restricts access to resources (blocking, «ограничение
/// доступа»), seeks who holds a domain (its administrators, registrars), or
/// finds internet resources named by courts.
pub fn proposes_registry(title: &str) -> bool {
    let text = title.to_lowercase().replace('ё', "е");
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let starts = |prefix: &str| words.iter().any(|w| w.starts_with(prefix));
    let restricts =
        words.iter().any(|w| w.contains("блокир")) || (starts("ограничени") && starts("доступ"));
    let domains = starts("домен") || starts("регистратор");
    let resources = text.contains("интернет-ресурс")
        || text.contains("интернет ресурс")
        || starts("сайт")
        || starts("веб");
    restricts || domains || (resources && starts("суд"))
}

/// For each measure, the section heading to show above it: its section
/// where one begins, none where the section goes on or there is none.
pub fn section_headings(measures: &[ParsedMeasure]) -> Vec<Option<String>> {
    let mut current: Option<&str> = None;
    measures
        .iter()
        .map(|m| {
            let starts = m.section.is_some() && m.section.as_deref() != current;
            current = m.section.as_deref();
            starts.then(|| m.section.clone()).flatten()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_stands_where_a_section_begins_again_or_anew() {
        let m = |section: Option<&str>| ParsedMeasure {
            number: "1".into(),
            title: "t".into(),
            schedule_text: "Постоянно".into(),
            schedule: Schedule::Unrecognized,
            executors: vec![],
            partners: vec![],
            section: section.map(str::to_string),
        };
        let ms = [
            m(None),
            m(Some("I")),
            m(Some("I")),
            m(None),
            m(Some("II")),
            m(Some("I")),
        ];
        let h = section_headings(&ms);
        let h: Vec<Option<&str>> = h.iter().map(Option::as_deref).collect();
        assert_eq!(h, [None, Some("I"), None, None, Some("II"), Some("I")]);
    }

    #[test]
    fn the_seed_proposes_its_measures_9_and_10_alone() {
        let seed = include_str!("../../examples/plans/khmao-2020.txt");
        let (_, out) = crate::plan::import::parse(seed.as_bytes(), "khmao-2020", None).unwrap();
        let proposed: Vec<&str> = out
            .plan
            .measures
            .iter()
            .filter(|m| proposes_registry(&m.title))
            .map(|m| m.number.as_str())
            .collect();
        assert_eq!(proposed, ["9", "10"]);
        assert_eq!(out.plan.measures.len(), 15);
    }

    #[test]
    fn the_proposal_follows_the_words_not_the_numbers() {
        for yes in [
            "Принимать меры к БЛОКИРОВАНИЮ мошеннических страниц",
            "Добиваться ограничения доступа к ресурсам, распространяющим вредоносные программы",
            "Направлять администраторам доменных имён сведения о преступлениях",
            "Запрашивать у регистраторов сведения о владельцах",
            "Обращаться в суд о признании информации на сайтах запрещённой",
            "Выявлять интернет-ресурсы, названные в решениях судов",
        ] {
            assert!(proposes_registry(yes), "{yes}");
        }
        for no in [
            "Размещать на сайтах органов власти памятки о мошенничестве",
            "Проводить уроки безопасности в образовательных организациях",
            "Обеспечить доступ граждан к правовой информации",
            "Совместно с органами государственной власти информировать население",
            "Вести учёт регистрации сообщений о преступлениях",
            "",
        ] {
            assert!(!proposes_registry(no), "{no}");
        }
    }

    #[test]
    fn schedule_json_has_the_documented_shape() {
        let once = Schedule::Once {
            due: NaiveDate::from_ymd_opt(2020, 9, 30).unwrap(),
        };
        assert_eq!(
            serde_json::to_string(&once).unwrap(),
            r#"{"kind":"once","due":"2020-09-30"}"#
        );
        assert_eq!(
            serde_json::to_string(&Schedule::every(Every::HalfYear)).unwrap(),
            r#"{"kind":"recurring","every":"half_year"}"#
        );
        assert_eq!(
            serde_json::to_string(&Schedule::CONTINUOUS).unwrap(),
            r#"{"kind":"continuous"}"#
        );
        assert_eq!(
            serde_json::to_string(&Schedule::OnDemand).unwrap(),
            r#"{"kind":"on_demand"}"#
        );
        assert_eq!(
            serde_json::to_string(&Schedule::Unrecognized).unwrap(),
            r#"{"kind":"unrecognized"}"#
        );
    }

    #[test]
    fn schedule_json_round_trips() {
        let s = Schedule::Recurring {
            every: Every::Quarter,
            due_day: Some(5),
            from: NaiveDate::from_ymd_opt(2020, 1, 1),
            to: NaiveDate::from_ymd_opt(2020, 12, 31),
        };
        let back: Schedule = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }
}
