//! Reminder timing and who gets which digest.

use super::*;
use crate::control::model::ReportState;
use crate::control::status::Facts;
use crate::control::store::Key;
use crate::time::period::Period;
use chrono::{DateTime, Utc};

/// Is `today` a reminder day for an obligation due on `due`?
fn when(due: NaiveDate, today: NaiveDate, cfg: &ReminderConfig) -> Option<When> {
    occasion(due, today, cfg)
        .filter(|d| *d == today)
        .map(|_| standing(due, today))
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, m, day).unwrap()
}

fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

fn ob(measure: usize, agency_id: i32, due: NaiveDate, status: Status) -> ObligationView {
    let period = Period::parse("2020-Q3").unwrap();
    let report = match status {
        Status::Returned => Some(ReportState::Returned),
        Status::Accepted => Some(ReportState::Accepted),
        Status::SubmittedLate | Status::SubmittedOnTime => Some(ReportState::Submitted),
        _ => None,
    };
    ObligationView {
        key: Key {
            measure_id: 100 + measure as i32,
            agency_id,
            period,
        },
        measure_index: measure,
        number: (measure + 1).to_string(),
        measure_title: format!("Мероприятие {}", measure + 1),
        agency_name: format!("Ведомство {agency_id}"),
        facts: Facts {
            period,
            due,
            extended_to: None,
            report,
            first_submitted_at: report.map(|_| epoch()),
            submitted_at: report.map(|_| epoch()),
        },
        status,
        report: None,
    }
}

fn user(
    id: i32,
    role: &str,
    agency_id: Option<i32>,
    email: Option<&str>,
    disabled: bool,
) -> user::Model {
    user::Model {
        id,
        login: format!("u{id}"),
        display_name: format!("U{id}"),
        role: role.into(),
        agency_id,
        email: email.map(str::to_string),
        password_hash: String::new(),
        disabled,
        created_at: epoch(),
        mail_off: false,
    }
}

fn agency(id: i32, head: Option<&str>) -> agency::Model {
    agency::Model {
        id,
        name: format!("Ведомство {id}"),
        short_name: None,
        head_email: head.map(str::to_string),
        created_at: epoch(),
    }
}

#[test]
fn reminders_come_n_days_before_on_the_day_and_every_third_day_after() {
    let cfg = ReminderConfig::default();
    let due = d(10, 12);
    let at = |day: u32| when(due, d(10, day), &cfg);
    assert_eq!(at(9), Some(When::Ahead(3)));
    assert_eq!(at(12), Some(When::Today));
    assert_eq!(at(15), Some(When::Late(3)));
    assert_eq!(at(18), Some(When::Late(6)));
    assert_eq!(at(21), Some(When::Late(9)));
    for quiet in [1, 8, 10, 11, 13, 14, 16, 17, 19, 20, 22] {
        assert_eq!(at(quiet), None, "10.{quiet}");
    }
    let other = ReminderConfig {
        days_before: 5,
        repeat_every_days: 0,
    };
    assert_eq!(when(due, d(10, 7), &other), Some(When::Ahead(5)));
    assert_eq!(when(due, d(10, 9), &other), None);
    assert_eq!(when(due, d(10, 15), &other), None, "0 means no repeats");
}

#[test]
fn one_digest_per_executor_with_every_open_item_and_the_head_copied_on_overdue() {
    let today = d(10, 15);
    let obligations = [
        ob(4, 1, d(10, 18), Status::NotYetDue),
        ob(1, 1, d(10, 12), Status::Overdue),
        ob(2, 1, d(10, 12), Status::Returned),
        ob(3, 1, d(10, 12), Status::SubmittedLate),
        ob(5, 1, d(10, 12), Status::Accepted),
        ob(6, 1, d(10, 13), Status::Overdue),
        ob(1, 2, d(10, 9), Status::Overdue),
    ];
    let users = [
        user(1, "executor", Some(1), Some("exec@one.example"), false),
        user(2, "executor", Some(1), Some("gone@one.example"), true),
        user(3, "executor", Some(1), None, false),
        user(4, "coordinator", None, Some("coord@example.org"), false),
        user(5, "executor", Some(3), Some("exec@three.example"), false),
    ];
    let agencies = [
        agency(1, Some("head@one.example")),
        agency(2, Some("head@two.example")),
        agency(3, Some("head@three.example")),
    ];
    let day = plan_day(
        &obligations,
        &users,
        &agencies,
        today,
        &ReminderConfig::default(),
    );
    let ids: Vec<i32> = day.digests.iter().map(|g| g.user_id).collect();
    assert_eq!(ids, [1, 2, 3], "executors of agency 1 only");
    let mail: Vec<Option<&str>> = day.digests.iter().map(|g| g.mail_to.as_deref()).collect();
    assert_eq!(mail, [Some("exec@one.example"), None, None]);
    for g in &day.digests {
        let whens: Vec<When> = g.items.iter().map(|i| i.when).collect();
        assert_eq!(whens, [When::Late(3), When::Late(3), When::Ahead(3)]);
        assert_eq!(g.body.matches("• ").count(), 3, "{}", g.body);
    }
    let body = &day.digests[0].body;
    assert!(body.starts_with("Напоминание о сроках отчётов на 15.10.2020\nВедомство 1\n"));
    assert!(body.contains("• № 2 «Мероприятие 2» — III квартал 2020 г., срок 12.10.2020 (срок прошёл 3 дня назад): отчёт не представлен"), "{body}");
    assert!(body.contains("• № 3 «Мероприятие 3»") && body.contains("доработайте отчёт"));
    assert!(body.contains("срок 18.10.2020 (до срока 3 дня): представьте отчёт."));
    assert!(!body.contains("Мероприятие 4") && !body.contains("Мероприятие 6"));
    let heads: Vec<(&str, usize)> = day
        .heads
        .iter()
        .map(|h| (h.email.as_str(), h.items.len()))
        .collect();
    assert_eq!(heads, [("head@one.example", 1), ("head@two.example", 1)]);
    assert!(
        day.heads[0]
            .body
            .contains("Ведомство 1:\n• № 2 «Мероприятие 2»")
    );
    assert!(
        !day.heads[0].body.contains("Мероприятие 3"),
        "returned is not overdue"
    );
}

#[test]
fn nothing_on_a_quiet_day() {
    let obligations = [ob(0, 1, d(10, 12), Status::Overdue)];
    let users = [user(1, "executor", Some(1), Some("e@x.example"), false)];
    let day = plan_day(
        &obligations,
        &users,
        &[agency(1, Some("h@x.example"))],
        d(10, 14),
        &ReminderConfig::default(),
    );
    assert_eq!(day, Day::default());
}

#[test]
fn a_head_gets_one_copy_and_none_when_already_the_executor() {
    let obligations = [
        ob(0, 1, d(10, 12), Status::Overdue),
        ob(0, 2, d(10, 12), Status::Overdue),
        ob(0, 3, d(10, 12), Status::Overdue),
    ];
    let users = [user(
        1,
        "executor",
        Some(3),
        Some("Boss@Three.example"),
        false,
    )];
    let agencies = [
        agency(1, Some("chief@both.example")),
        agency(2, Some("CHIEF@both.example")),
        agency(3, Some("boss@three.example")),
    ];
    let day = plan_day(
        &obligations,
        &users,
        &agencies,
        d(10, 15),
        &ReminderConfig::default(),
    );
    assert_eq!(day.heads.len(), 1);
    assert_eq!(day.heads[0].email, "chief@both.example");
    assert_eq!(day.heads[0].items.len(), 2);
    assert!(
        day.heads[0].body.contains("Ведомство 1:\n")
            && day.heads[0].body.contains("Ведомство 2:\n")
    );
}

#[test]
fn words_and_titles() {
    let words: Vec<String> = [1, 2, 3, 5, 11, 12, 21, 22, 25, 101, 111]
        .map(days)
        .to_vec();
    assert_eq!(
        words,
        [
            "1 день",
            "2 дня",
            "3 дня",
            "5 дней",
            "11 дней",
            "12 дней",
            "21 день",
            "22 дня",
            "25 дней",
            "101 день",
            "111 дней"
        ]
    );
    let long = "Обеспечить информирование населения через официальные сайты и страницы в социальных сетях о способах совершения преступлений";
    let s = short(long);
    assert!(s.ends_with('…') && s.chars().count() <= 91, "{s}");
    assert!(long.starts_with(s.trim_end_matches('…')));
    assert_eq!(short("Коротко  и\nясно"), "Коротко и ясно");
}

#[test]
fn users_who_turned_mail_off_get_no_mail() {
    let mut u = user(1, "executor", Some(1), Some("a@example.org"), false);
    assert_eq!(mail_to(&u).as_deref(), Some("a@example.org"));
    u.mail_off = true;
    assert_eq!(mail_to(&u), None);
}

#[test]
fn the_last_reminder_day_is_found_however_long_ago() {
    let cfg = ReminderConfig {
        days_before: 3,
        repeat_every_days: 3,
    };
    let due = d(10, 12);
    assert_eq!(occasion(due, d(10, 8), &cfg), None, "before the first");
    assert_eq!(occasion(due, d(10, 9), &cfg), Some(d(10, 9)));
    assert_eq!(occasion(due, d(10, 11), &cfg), Some(d(10, 9)));
    assert_eq!(occasion(due, d(10, 12), &cfg), Some(due));
    assert_eq!(occasion(due, d(10, 14), &cfg), Some(due));
    assert_eq!(occasion(due, d(10, 17), &cfg), Some(d(10, 15)));
    let never = ReminderConfig {
        days_before: 0,
        repeat_every_days: 0,
    };
    assert_eq!(occasion(due, d(10, 11), &never), None);
    assert_eq!(occasion(due, d(10, 30), &never), Some(due));
}

proptest::proptest! {
    #[test]
    fn a_reminder_day_is_its_own_last_reminder_day(
        before in 0u32..10, every in 0u32..10, offset in -20i64..60
    ) {
        let cfg = ReminderConfig {
            days_before: before,
            repeat_every_days: every,
        };
        let due = d(10, 12);
        let today = due + chrono::Duration::days(offset);
        let o = occasion(due, today, &cfg);
        proptest::prop_assert!(o.is_none_or(|o| o <= today));
        proptest::prop_assert_eq!(when(due, today, &cfg).is_some(), o == Some(today));
    }
}
