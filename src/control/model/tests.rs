//! Obligations derived from a plan: who owes what report, for which period, by when.

use super::*;
use crate::plan::model::Executor;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn measure(schedule: Schedule, executors: usize) -> ParsedMeasure {
    ParsedMeasure {
        number: "1".into(),
        title: "t".into(),
        schedule_text: String::new(),
        schedule,
        executors: (0..executors)
            .map(|i| Executor {
                name: format!("A{i}"),
                by_agreement: false,
            })
            .collect(),
        partners: vec![],
        section: None,
    }
}

fn rules() -> Rules {
    Rules {
        reporting: Every::Quarter,
        valid_from: d(2020, 1, 1),
        valid_to: d(2020, 12, 31),
        shift: DueShift::Next,
        paid: crate::time::calendar::PaidNonWorking::Working,
        timezone: chrono_tz::Asia::Yekaterinburg,
    }
}

fn dues(s: Schedule, period: &str) -> Vec<NaiveDate> {
    let p = Period::parse(period).unwrap();
    obligations(&[measure(s, 1)], &rules(), &Calendar::default(), p)
        .into_iter()
        .map(|o| o.due)
        .collect()
}

#[test]
fn continuous_and_quarterly_owe_every_quarter() {
    assert_eq!(dues(Schedule::CONTINUOUS, "2020-Q3"), [d(2020, 10, 12)]);
    assert_eq!(
        dues(Schedule::every(Every::Quarter), "2020-Q4"),
        [d(2021, 1, 11)]
    );
    assert_eq!(
        dues(Schedule::every(Every::Month), "2020-Q1"),
        [d(2020, 4, 10)]
    );
}

#[test]
fn half_yearly_and_yearly_owe_at_the_end_of_their_cycle() {
    let half = Schedule::every(Every::HalfYear);
    assert!(dues(half, "2020-Q1").is_empty());
    assert_eq!(dues(half, "2020-Q2"), [d(2020, 7, 10)]);
    assert!(dues(half, "2020-Q3").is_empty());
    assert_eq!(dues(half, "2020-Q4"), [d(2021, 1, 11)]);
    let year = Schedule::every(Every::Year);
    assert!(dues(year, "2020-Q3").is_empty());
    assert_eq!(dues(year, "2020-Q4"), [d(2021, 1, 11)]);
}

#[test]
fn once_owes_in_the_period_of_its_written_date() {
    let s = Schedule::Once {
        due: d(2020, 9, 30),
    };
    assert_eq!(dues(s, "2020-Q3"), [d(2020, 9, 30)]);
    assert!(dues(s, "2020-Q4").is_empty());
    // 27 June 2020 is a Saturday: moved to Monday 29 June, still in Q2.
    let sat = Schedule::Once {
        due: d(2020, 6, 27),
    };
    assert_eq!(dues(sat, "2020-Q2"), [d(2020, 6, 29)]);
    // 31 October 2020 is a Saturday: moved into November but stays a Q4 obligation.
    let s = Schedule::Once {
        due: d(2020, 10, 31),
    };
    assert_eq!(dues(s, "2020-Q4"), [d(2020, 11, 2)]);
}

#[test]
fn on_demand_and_unrecognised_owe_nothing() {
    assert!(dues(Schedule::OnDemand, "2020-Q3").is_empty());
    assert!(dues(Schedule::Unrecognized, "2020-Q3").is_empty());
}

#[test]
fn due_day_clause_and_limits() {
    let s = Schedule::Recurring {
        every: Every::Quarter,
        due_day: Some(5),
        from: None,
        to: None,
    };
    // 5 October 2020 is a Monday.
    assert_eq!(dues(s, "2020-Q3"), [d(2020, 10, 5)]);
    let limited = Schedule::Continuous {
        from: Some(d(2020, 7, 1)),
        to: Some(d(2020, 12, 31)),
    };
    assert!(dues(limited, "2020-Q2").is_empty());
    assert_eq!(dues(limited, "2020-Q3").len(), 1);
}

#[test]
fn outside_validity_owes_nothing() {
    assert!(dues(Schedule::CONTINUOUS, "2021-Q1").is_empty());
    assert!(dues(Schedule::CONTINUOUS, "2019-Q4").is_empty());
}

#[test]
fn previous_working_day_rule() {
    let mut r = rules();
    r.shift = DueShift::Previous;
    let p = Period::parse("2020-Q3").unwrap();
    let o = obligations(
        &[measure(Schedule::CONTINUOUS, 2)],
        &r,
        &Calendar::default(),
        p,
    );
    assert_eq!(o.len(), 2);
    assert_eq!(o[0].due, d(2020, 10, 9));
    assert_eq!((o[0].executor, o[1].executor), (0, 1));
}

#[test]
fn deadline_ends_the_day_in_the_plans_zone() {
    let dl = deadline(d(2020, 10, 12), chrono_tz::Asia::Yekaterinburg).unwrap();
    assert_eq!(dl.to_rfc3339(), "2020-10-12T23:59:59+05:00");
}
