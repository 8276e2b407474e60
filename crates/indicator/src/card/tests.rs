//! Cards (Luhn, keyed hash, masking), accounts, and card numbers masked in free text.

use super::*;
use crate::tests::*;
use proptest::prelude::*;
use std::borrow::Cow;

#[test]
fn luhn() {
    assert!(luhn_ok("4111111111111111"));
    assert!(luhn_ok("2200000000001234"));
    assert!(luhn_ok("0"));
    assert!(!luhn_ok("4111111111111112"));
    assert!(!luhn_ok(""));
    assert!(!luhn_ok("4111 1111 1111 1111"));
}

#[test]
fn cards_are_hashed_and_masked() {
    let n = normalize_card("2200 0000-0000 1234", Some(&key())).unwrap();
    assert_eq!(n.kind, Kind::Card);
    assert_eq!(n.display, "2200 00•• •••• 1234");
    assert_eq!(n.canonical.len(), 64);
    assert!(
        n.canonical
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    for text in [&n.canonical, &n.display, &format!("{n:?}")] {
        assert!(!text.contains("2200000000001234"));
        assert!(!text.replace(' ', "").contains("2200000000001234"));
    }
    // The same card in any spelling is one entry; another key, another hash.
    assert_eq!(
        canon(normalize_card("2200000000001234", Some(&key()))),
        n.canonical
    );
    let other = normalize_card("2200000000001234", Some(&CardKey(b"other".to_vec())));
    assert_ne!(canon(other), n.canonical);
    // Other lengths keep the BIN and the last four only.
    let short = normalize_card("4111110041234", Some(&key())).unwrap();
    assert_eq!(short.display, "4111 11•• •123 4");
    let long = normalize_card("2200000000000001234", Some(&key())).unwrap();
    assert_eq!(long.display, "2200 00•• •••• •••1 234");
}

#[test]
fn bad_cards() {
    assert_eq!(
        normalize_card("2200000000001234", None),
        Err(NormalizeError::NoCardKey)
    );
    assert_eq!(
        normalize_card("2200000000001234", Some(&CardKey(Vec::new()))),
        Err(NormalizeError::NoCardKey)
    );
    for bad in [
        "2200000000001235",
        "411111111111",
        "41111111111111111111",
        "4111-1111-1111-111x",
    ] {
        let e = normalize_card(bad, Some(&key())).unwrap_err();
        assert_eq!(invalid_kind(Err(e.clone())), Some(Kind::Card), "{bad}");
        // Not even a failing number goes into a message or a log.
        assert!(!e.to_string().contains("1111"), "{e}");
        assert!(!e.to_string().contains("0000"), "{e}");
    }
}

#[test]
fn accounts() {
    let n = normalize_account("40817 810 0 9999 1234567").unwrap();
    assert_eq!(n.kind, Kind::Account);
    assert_eq!(n.canonical, "40817810099991234567");
    assert_eq!(n.display, "40817 810 0 9999 1234567");
    assert_eq!(
        canon(normalize_account("40817810099991234567")),
        n.canonical
    );
    for bad in [
        "4081781009999123456",
        "408178100999912345678",
        "40817-810-0-9999-1234567",
        "4081781009999123456a",
    ] {
        assert_eq!(
            invalid_kind(normalize_account(bad)),
            Some(Kind::Account),
            "{bad}"
        );
    }
}

#[test]
fn card_numbers_in_text_are_masked() {
    assert_eq!(
        mask_card_numbers("карта 2200 0000 0000 1234, звонили"),
        "карта 2200 00•• •••• 1234, звонили"
    );
    // Luhn or not, with dashes, and inside JSON error text.
    assert_eq!(
        mask_card_numbers(r#"invalid type: string "4111-1111-1111-1112""#),
        r#"invalid type: string "4111-11••-••••-1112""#
    );
    assert_eq!(
        mask_card_numbers("4276123412341234567"),
        "427612•••••••••4567"
    );
    // Phones, accounts and short numbers are left as they are.
    for kept in [
        "+7 912 345-67-89",
        "40817810099991234567",
        "КУСП 12345 от 01.02.2020",
        "12 345 678, 2020",
    ] {
        assert!(
            matches!(mask_card_numbers(kept), Cow::Borrowed(_)),
            "{kept}"
        );
    }
}

/// The longest run of digits with single separators between.
fn longest_digit_run(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let (mut best, mut run) = (0, 0);
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else if !(matches!(c, ' ' | '-' | '\u{a0}')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            run = 0;
        }
    }
    best
}

proptest! {
    #[test]
    fn no_card_number_survives_masking(s in "([0-9]{1,8}[ -]?|[a-z\" ]{0,3}|\\PC){0,40}") {
        let masked = mask_card_numbers(&s);
        let run = longest_digit_run(&masked);
        prop_assert!(!(13..=19).contains(&run), "{:?} -> {:?}", s, masked);
        prop_assert_eq!(masked.chars().count(), s.chars().count());
    }
}
