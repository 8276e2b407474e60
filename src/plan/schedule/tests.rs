//! Schedule phrases of real plans, parsed: dates, cycles and what is left unrecognised.

use super::*;
use crate::plan::model::Schedule;
use crate::time::period::Every;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn once(y: i32, m: u32, day: u32) -> Schedule {
    Schedule::Once { due: d(y, m, day) }
}

#[test]
fn continuous() {
    for s in [
        "Постоянно",
        "постоянно.",
        "  ПОСТОЯННО ",
        "На постоянной основе",
    ] {
        assert_eq!(parse(s), Schedule::CONTINUOUS, "{s}");
    }
}

#[test]
fn recurring_every_kind() {
    let cases = [
        ("Ежемесячно", Every::Month),
        ("1 раз в месяц", Every::Month),
        ("Ежеквартально", Every::Quarter),
        ("ежеквартально;", Every::Quarter),
        ("1 раз в квартал", Every::Quarter),
        ("Один раз в квартал", Every::Quarter),
        ("Ежеполугодно", Every::HalfYear),
        ("1 раз в полугодие", Every::HalfYear),
        ("Ежегодно", Every::Year),
        ("1 раз в год", Every::Year),
    ];
    for (s, every) in cases {
        assert_eq!(parse(s), Schedule::every(every), "{s}");
    }
}

#[test]
fn recurring_with_due_day_clause() {
    let s = parse("Ежеквартально, до 5 числа месяца, следующего за отчётным кварталом");
    assert_eq!(
        s,
        Schedule::Recurring {
            every: Every::Quarter,
            due_day: Some(5),
            from: None,
            to: None
        }
    );
    let s = parse("ежемесячно не позднее 15-го числа месяца, следующего за отчетным");
    assert!(matches!(
        s,
        Schedule::Recurring {
            every: Every::Month,
            due_day: Some(15),
            ..
        }
    ));
}

#[test]
fn once_year_quarter_half_year() {
    assert_eq!(parse("2020 год"), once(2020, 12, 31));
    assert_eq!(parse("2020 г."), once(2020, 12, 31));
    assert_eq!(parse("в 2021 году"), once(2021, 12, 31));
    assert_eq!(parse("3 квартал 2020 года"), once(2020, 9, 30));
    assert_eq!(parse("III квартал 2020 г."), once(2020, 9, 30));
    assert_eq!(parse("iv квартал 2020 г"), once(2020, 12, 31));
    assert_eq!(parse("В I квартале 2021 года"), once(2021, 3, 31));
    assert_eq!(parse("1 полугодие 2021 г."), once(2021, 6, 30));
    assert_eq!(parse("II полугодие 2020 года"), once(2020, 12, 31));
}

#[test]
fn once_by_date() {
    assert_eq!(parse("до 1 июля 2020 года"), once(2020, 7, 1));
    assert_eq!(parse("до 01.07.2020"), once(2020, 7, 1));
    assert_eq!(parse("До 01.07.2020 г."), once(2020, 7, 1));
    assert_eq!(parse("не позднее 15 декабря 2020 г."), once(2020, 12, 15));
    assert_eq!(parse("01.07.2020"), once(2020, 7, 1));
    assert_eq!(parse("декабрь 2020 года"), once(2020, 12, 31));
}

#[test]
fn continuous_within_a_year() {
    assert_eq!(
        parse("В течение 2020 года"),
        Schedule::Continuous {
            from: Some(d(2020, 1, 1)),
            to: Some(d(2020, 12, 31))
        }
    );
    assert_eq!(
        parse("в течение 2020-2021 годов"),
        Schedule::Continuous {
            from: Some(d(2020, 1, 1)),
            to: Some(d(2021, 12, 31))
        }
    );
    assert_eq!(
        parse("Ежеквартально в течение 2020 года"),
        Schedule::Recurring {
            every: Every::Quarter,
            due_day: None,
            from: Some(d(2020, 1, 1)),
            to: Some(d(2020, 12, 31))
        }
    );
}

#[test]
fn on_demand() {
    assert_eq!(parse("По мере необходимости"), Schedule::OnDemand);
    assert_eq!(parse("по необходимости."), Schedule::OnDemand);
}

#[test]
fn unrecognised_phrases() {
    for s in [
        "",
        "когда-нибудь",
        "5 квартал 2020 года",
        "до 31.02.2020",
        "3 квартал",
        "Постоянно, кроме праздников",
        "2020 год и далее",
        "в течение 2021-2020 годов",
    ] {
        assert_eq!(parse(s), Schedule::Unrecognized, "{s}");
    }
}

#[test]
fn years_are_found_in_titles() {
    assert_eq!(years_named("План на 2020-2021 годы"), vec![2020, 2021]);
    assert_eq!(years_named("до 01.07.2022"), vec![2022]);
    assert!(years_named("План профилактики").is_empty());
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,60}") {
        let _ = parse(&s);
        let _ = years_named(&s);
    }

    #[test]
    fn never_panics_on_schedule_like_text(
        s in "(до|в|течение|квартал|полугодие|числа|ежеквартально|раз|года|г\\.|[0-9]{1,5}|[IVX]{1,4}|\\.|,| ){0,12}"
    ) {
        let _ = parse(&s);
    }

    #[test]
    fn case_and_punctuation_do_not_matter(
        idx in 0usize..6, upper in any::<bool>(), punct in "[.,;: ]{0,3}"
    ) {
        let phrases = ["Постоянно", "Ежеквартально", "3 квартал 2020 года",
            "до 1 июля 2020 года", "По мере необходимости", "В течение 2020 года"];
        let base = phrases[idx];
        let varied = if upper { base.to_uppercase() } else { base.to_lowercase() };
        prop_assert_eq!(parse(&format!("{punct}{varied}{punct}")), parse(base));
    }
}
