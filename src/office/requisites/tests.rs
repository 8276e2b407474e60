//! Initials and surname from the ways a name is written; the issue line.

use super::*;
use proptest::prelude::*;

#[test]
fn full_names_become_initials_and_surname() {
    assert_eq!(initials_surname("Иванов Иван Иванович"), "И.И. Иванов");
    assert_eq!(initials_surname("  Петрова   Анна  "), "А. Петрова");
    assert_eq!(initials_surname("Иван Иванович Иванов"), "И.И. Иванов");
    assert_eq!(
        initials_surname("Сидоров Анна-Мария Петровна"),
        "А.-М.П. Сидоров"
    );
    assert_eq!(initials_surname("Иванов"), "Иванов");
    assert_eq!(initials_surname(""), "");
}

#[test]
fn initials_given_are_kept_and_put_first() {
    assert_eq!(initials_surname("И.И. Иванов"), "И.И. Иванов");
    assert_eq!(initials_surname("Иванов И.И."), "И.И. Иванов");
    assert_eq!(initials_surname("И. И. Иванов"), "И.И. Иванов");
    assert_eq!(initials_surname("и.и Иванов"), "И.И. Иванов");
}

#[test]
fn the_issue_line_has_the_date_and_the_number() {
    let date = NaiveDate::from_ymd_opt(2020, 10, 5).unwrap();
    let issue = |number: Option<&str>| Issue {
        date,
        number: number.map(str::to_owned),
    };
    assert_eq!(
        issue(Some("15-02/2020")).date_and_number(),
        "05.10.2020 № 15-02/2020"
    );
    assert_eq!(issue(None).date_and_number(), "05.10.2020");
}

fn word() -> impl Strategy<Value = String> {
    "[А-ЯЁ][а-яё]{1,12}"
}

proptest! {
    #[test]
    fn surname_first_full_names(surname in word(), name in word(), patronymic in word()) {
        // A surname that looks like a patronymic would flip the order.
        prop_assume!(!is_patronymic(&surname));
        let full = format!("{surname} {name} {patronymic}");
        let first = |w: &str| w.chars().next().unwrap_or_default();
        prop_assert_eq!(
            initials_surname(&full),
            format!("{}.{}. {surname}", first(&name), first(&patronymic))
        );
    }

    #[test]
    fn the_short_form_is_a_fixed_point(surname in word(), name in word(), patronymic in word()) {
        let once = initials_surname(&format!("{surname} {name} {patronymic}"));
        prop_assert_eq!(initials_surname(&once), once.clone());
    }

    #[test]
    fn any_text_gives_single_spaced_output(s in "\\PC{0,40}") {
        let out = initials_surname(&s);
        prop_assert!(!out.contains("  "));
        prop_assert_eq!(out.trim(), out.as_str());
    }
}
