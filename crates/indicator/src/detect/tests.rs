//! Tests of kind detection: the order on a table of inputs, errors naming
//! the kind asked for, and properties over arbitrary strings.

use super::*;
use proptest::prelude::*;

fn key() -> CardKey {
    CardKey(b"test key".to_vec())
}

fn detected(raw: &str) -> Result<(Kind, String), NormalizeError> {
    normalize(raw, None, Some(&key())).map(|n| (n.kind, n.canonical))
}

#[test]
fn detection_order() {
    use Kind::*;
    for (raw, kind) in [
        ("2200 0000 0000 1234", Card),
        ("4111-1111-1111-1111", Card),
        ("8 (912) 345-67-89", Phone),
        ("9123456789", Phone),
        ("+44 20 7946 0958", Phone),
        // Luhn-valid, but 00 is the international prefix, not a card.
        ("0044 20 7946 09 07", Phone),
        ("40817810099991234567", Account),
        ("40817 810 0 9999 1234567", Account),
        ("@durov_bot", Messenger),
        ("whatsapp:+79123456789", Phone),
        ("viber:+79123456789", Phone),
        ("https://wa.me/79123456789", Phone),
        ("wa.me/79123456789", Phone),
        ("avito.ru/moskva/telefony/iphone_12_1234567890", Listing),
        (
            "https://www.wildberries.ru/catalog/12345678/detail.aspx",
            Listing,
        ),
        ("https://vk.com/durov", Social),
        ("vk.com/durov", Social),
        ("t.me/durov", Messenger),
        ("https://telegram.me/durov", Messenger),
        ("tg://resolve?domain=durov", Messenger),
        ("https://t.me/+79123456789", Phone),
        ("viber://chat?number=%2B79123456789", Phone),
        ("https://api.whatsapp.com/send?phone=79123456789", Phone),
        ("https://t.me/share/url?url=x", Url),
        ("https://youtu.be/dQw4w9WgXcQ", Url),
        ("https://www.avito.ru/moskva", Url),
        ("https://vk.com/wall1_2", Url),
        ("http://example.com/login", Url),
        ("example.com/login", Url),
        ("example.com:8080", Url),
        ("192.168.0.1/admin", Url),
        ("example.com", Domain),
        ("vk.com", Domain),
        ("www.пример.рф", Domain),
    ] {
        let got = detected(raw);
        assert_eq!(got.as_ref().map(|g| g.0), Ok(kind), "{raw}: {got:?}");
    }
}

#[test]
fn detection_failures() {
    for raw in [
        "hello",
        "12345",
        "2200000000001235",
        "report.docx",
        "user@example.com",
    ] {
        assert_eq!(detected(raw), Err(NormalizeError::Unrecognized), "{raw}");
    }
    assert_eq!(detected("  "), Err(NormalizeError::Empty));
    assert_eq!(
        normalize("", Some(Kind::Phone), None),
        Err(NormalizeError::Empty)
    );
    // `@` can only mean a messenger name, and wa.me a number, so their
    // faults are the messenger's.
    for raw in ["@ab", "wa.me/123", "https://api.whatsapp.com/send?phone=1"] {
        assert!(
            matches!(
                detected(raw),
                Err(NormalizeError::Invalid {
                    kind: Kind::Messenger,
                    ..
                })
            ),
            "{raw}"
        );
    }
    // A card is never taken for something else for want of a key.
    assert_eq!(
        normalize("4111 1111 1111 1111", None, None),
        Err(NormalizeError::NoCardKey)
    );
}

#[test]
fn detected_values_match_the_kind_normalisers() {
    let phone = detected("8 (912) 345-67-89").unwrap();
    assert_eq!(phone.1, "+79123456789");
    let card = normalize("2200 0000 0000 1234", None, Some(&key())).unwrap();
    assert_eq!(card.display, "2200 00•• •••• 1234");
    assert!(!card.canonical.contains("2200000000001234"));
    assert_eq!(detected("m.vk.com/Durov").unwrap().1, "vk.com/durov");
}

/// One account, one (kind, canonical) pair: whatever spelling, and
/// whichever kind a person names that would take it.
#[test]
fn one_identity_whatever_the_spelling_or_the_kind_named() {
    let telegram = (Kind::Messenger, "t.me/durov_bot".to_owned());
    for raw in [
        "@Durov_Bot",
        "t.me/durov_bot",
        "https://telegram.me/durov_bot",
        "telegram.dog/durov_bot",
        "tg://resolve?domain=durov_bot",
    ] {
        assert_eq!(detected(raw), Ok(telegram.clone()), "{raw}");
        for kind in [Kind::Messenger, Kind::Social, Kind::Url] {
            let n = normalize(raw, Some(kind), None).unwrap();
            assert_eq!((n.kind, n.canonical), telegram, "{raw} as {kind:?}");
        }
    }
    let phone = (Kind::Phone, "+79123456789".to_owned());
    for raw in [
        "+7 912 345-67-89",
        "wa.me/79123456789",
        "https://api.whatsapp.com/send?phone=79123456789",
        "viber://chat?number=%2B79123456789",
        "whatsapp:+79123456789",
        "https://t.me/+79123456789",
    ] {
        assert_eq!(detected(raw), Ok(phone.clone()), "{raw}");
        for kind in [Kind::Phone, Kind::Messenger] {
            let n = normalize(raw, Some(kind), None).unwrap();
            assert_eq!((n.kind, n.canonical), phone, "{raw} as {kind:?}");
        }
    }
    // A Telegram name is no phone, and `t.me` named a domain is the site.
    assert!(matches!(
        normalize("@durov_bot", Some(Kind::Phone), None),
        Err(NormalizeError::Invalid {
            kind: Kind::Phone,
            ..
        })
    ));
    let n = normalize("t.me", Some(Kind::Domain), None).unwrap();
    assert_eq!((n.kind, n.canonical.as_str()), (Kind::Domain, "t.me"));
    // A page of the site that is no account stays a URL when named one.
    let n = normalize("https://t.me/share/url?url=x", Some(Kind::Url), None).unwrap();
    assert_eq!(n.kind, Kind::Url);
}

#[test]
fn a_named_kind_is_applied_and_named_in_errors() {
    let n = normalize("vk.com/durov", Some(Kind::Url), None).unwrap();
    assert_eq!(n.kind, Kind::Url);
    let n = normalize("@Durov_Bot", Some(Kind::Messenger), None).unwrap();
    assert_eq!(
        (n.kind, n.canonical.as_str()),
        (Kind::Messenger, "t.me/durov_bot")
    );
    let n = normalize("t.me/durov_bot", Some(Kind::Messenger), None).unwrap();
    assert_eq!(n.kind, Kind::Messenger);
    for (raw, kind) in [
        ("8 912 345 67 89", Kind::Account),
        ("2200000000001234", Kind::Phone),
        ("2200000000001235", Kind::Card),
        ("4081781009999123456", Kind::Account),
        ("81234567890", Kind::Phone),
        ("@ab", Kind::Messenger),
        ("whatsapp:+7123", Kind::Messenger),
        ("https://www.ebay.com/itm/1234567890", Kind::Listing),
        ("https://example.com/durov", Kind::Social),
        ("example.com/path", Kind::Domain),
    ] {
        let e = normalize(raw, Some(kind), Some(&key())).unwrap_err();
        assert!(
            matches!(&e, NormalizeError::Invalid { kind: k, .. } if *k == kind),
            "{raw} as {kind:?}: {e:?}"
        );
        assert!(e.to_string().contains(kind.accusative()), "{e}");
    }
    assert_eq!(
        normalize("2200000000001234", Some(Kind::Card), None),
        Err(NormalizeError::NoCardKey)
    );
}

/// A card number named as another kind is refused, not kept in the clear
/// (as `http://4111111111111111/`, say).
#[test]
fn a_card_number_is_never_taken_as_another_kind() {
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Card) {
        for raw in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "2200-0000-0000-1234",
        ] {
            let e = normalize(raw, Some(kind), Some(&key())).unwrap_err();
            assert!(
                e.to_string().contains("похоже на номер карты"),
                "{raw} as {kind:?}: {e}"
            );
            assert!(!e.to_string().contains("1111 1111"), "{e}");
        }
    }
    // A phone with its plus stays a phone.
    assert!(normalize("+4111111111111", Some(Kind::Phone), None).is_ok());
}

/// Kinds whose canonical form detection must read back as itself.
fn stable(kind: Kind) -> bool {
    !matches!(kind, Kind::Url | Kind::Card)
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        let _ = normalize(&s, None, Some(&key()));
        let _ = normalize(&s, None, None);
        for kind in Kind::ALL {
            let _ = normalize(&s, Some(kind), Some(&key()));
        }
    }

    #[test]
    fn never_panics_on_link_like_input(
        s in "(https?://|//)?[a-z0-9.@:-]{0,20}(/[A-Za-z0-9_.%@+?=&#-]{0,20}){0,4}"
    ) {
        let _ = normalize(&s, None, Some(&key()));
        for kind in Kind::ALL {
            let _ = normalize(&s, Some(kind), Some(&key()));
        }
    }

    #[test]
    fn canonical_forms_are_fixed_points(
        s in "(@[A-Za-z0-9_]{3,12}|\\+?[0-9 ()-]{9,16}|(https?://)?(www\\.|m\\.)?(vk\\.com|t\\.me|ok\\.ru|avito\\.ru|youla\\.ru|ozon\\.ru|auto\\.ru|wa\\.me|example\\.com)(/[A-Za-z0-9_-]{1,26}){0,3}|\\PC{0,30})"
    ) {
        if let Ok(n) = normalize(&s, None, Some(&key())) {
            if stable(n.kind) {
                let again = normalize(&n.canonical, None, Some(&key())).map(|a| a.canonical);
                prop_assert_eq!(again, Ok(n.canonical.clone()), "{:?}", s);
            }
            let again = normalize(&n.canonical, Some(n.kind), Some(&key()));
            if stable(n.kind) {
                prop_assert_eq!(again.map(|a| a.canonical), Ok(n.canonical), "{:?}", s);
            }
        }
    }
}
