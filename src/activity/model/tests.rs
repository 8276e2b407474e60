//! The form's checks and the fingerprint.

use super::*;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 12, 31).unwrap()
}

fn lesson() -> Draft {
    Draft {
        measure: "4".into(),
        kind: "lesson".into(),
        starts_on: "15.10.2020".into(),
        reached: "1 240".into(),
        title: "Урок безопасности".into(),
        ..Default::default()
    }
}

fn fields(e: &Errors) -> Vec<&str> {
    e.items().iter().map(|x| x.field.as_str()).collect()
}

#[test]
fn a_quick_lesson_checks() {
    let i = lesson().check(today()).unwrap();
    assert_eq!(i.reached, 1240);
    assert_eq!(i.starts_on, NaiveDate::from_ymd_opt(2020, 10, 15).unwrap());
    assert_eq!(i.municipality_id, None, "the okrug as a whole");
}

#[test]
fn every_bad_field_is_named() {
    let d = Draft {
        measure: "".into(),
        kind: "concert".into(),
        starts_on: "2020-11-10".into(),
        ends_on: "2020-11-01".into(),
        reached: "-5".into(),
        title: " ".into(),
        links: "ftp://example.com/x\nhttps://example.com/ok".into(),
        ..Default::default()
    };
    let e = d.check(today()).unwrap_err();
    assert_eq!(
        fields(&e),
        ["measure", "kind", "ends_on", "reached", "title", "links"]
    );
    assert!(e.items().iter().all(|x| !x.message.is_empty()));
}

#[test]
fn a_future_date_and_a_bad_date_are_refused() {
    let mut d = lesson();
    d.starts_on = "01.01.2021".into();
    assert_eq!(fields(&d.check(today()).unwrap_err()), ["starts_on"]);
    d.starts_on = "31.02.2020".into();
    assert_eq!(fields(&d.check(today()).unwrap_err()), ["starts_on"]);
}

#[test]
fn links_are_normalised_and_the_kinds_fields_are_prefixed() {
    let mut d = lesson();
    d.links = "HTTPS://Example.COM/a?utm_source=vk\nhttps://example.com/a".into();
    assert_eq!(d.check(today()).unwrap().links, ["https://example.com/a"]);
    d.kind = "broadcast".into();
    assert_eq!(
        fields(&d.check(today()).unwrap_err()),
        ["d_channel", "d_programme"]
    );
    d.details = vec![
        ("channel".into(), "tv".into()),
        ("programme".into(), "Югра".into()),
    ];
    assert_eq!(d.check(today()).unwrap().details.len(), 2);
}

#[test]
fn the_fingerprint_folds_the_title_and_tells_rows_apart() {
    let a = lesson().check(today()).unwrap();
    let mut b = a.clone();
    b.title = "  УРОК   безопасности ".into();
    assert_eq!(fingerprint(1, &a), fingerprint(1, &b));
    b.description = "другое описание".into();
    assert_eq!(fingerprint(1, &a), fingerprint(1, &b), "not identifying");
    assert_ne!(fingerprint(1, &a), fingerprint(2, &a));
    let mut c = a.clone();
    c.reached = 1241;
    assert_ne!(fingerprint(1, &a), fingerprint(1, &c));
    let mut m = a.clone();
    m.municipality_id = Some(3);
    assert_ne!(fingerprint(1, &a), fingerprint(1, &m));
    assert_eq!(fingerprint(1, &a).len(), 64);
}

proptest! {
    #[test]
    fn counts_read_back(n in 0i64..=MAX_REACHED) {
        prop_assert_eq!(count(&n.to_string()), Some(n));
        prop_assert_eq!(count(&crate::ru::number(n as f64)), Some(n));
    }

    #[test]
    fn counts_never_panic(s in ".{0,40}") {
        let _ = count(&s);
        let _ = date(&s);
        let _ = link(&s);
    }

    #[test]
    fn dates_read_in_both_forms(y in 2000i32..2100, m in 1u32..=12, d in 1u32..=28) {
        let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        prop_assert_eq!(date(&day.format("%Y-%m-%d").to_string()), Some(day));
        prop_assert_eq!(date(&day.format("%d.%m.%Y").to_string()), Some(day));
    }

    #[test]
    fn the_fingerprint_ignores_case_and_spacing(t in "[а-яА-Я ]{1,30}") {
        let mut a = lesson().check(today()).unwrap();
        a.title = t.clone();
        let mut b = a.clone();
        b.title = format!("  {}  ", t.to_uppercase().replace(' ', "   "));
        prop_assert_eq!(fingerprint(7, &a), fingerprint(7, &b));
    }
}
