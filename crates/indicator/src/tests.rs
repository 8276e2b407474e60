//! Tests of the per-kind normalisers: the examples of the issue, the bad
//! inputs, and properties (no panics, canonical forms are fixed points).

use super::card::{luhn_ok, mask_card_numbers, normalize_account, normalize_card};
use super::domain::{normalize_domain, registrable};
use super::listing::normalize_listing;
use super::model::{CardKey, Kind, NormalizeError, Normalized};
use super::phone::{normalize_messenger, normalize_phone};
use super::social::normalize_social;
use proptest::prelude::*;
use std::borrow::Cow;

fn canon(r: Result<Normalized, NormalizeError>) -> String {
    r.unwrap().canonical
}

fn key() -> CardKey {
    CardKey(b"test key".to_vec())
}

fn invalid_kind(r: Result<Normalized, NormalizeError>) -> Option<Kind> {
    match r {
        Err(NormalizeError::Invalid { kind, .. }) => Some(kind),
        _ => None,
    }
}

#[test]
fn domains() {
    let n = normalize_domain(" Пример.РФ. ").unwrap();
    assert_eq!(n.kind, Kind::Domain);
    assert_eq!(n.canonical, "xn--e1afmkfd.xn--p1ai");
    assert_eq!(n.display, "пример.рф");
    assert_eq!(
        canon(normalize_domain("WWW.Example.COM")),
        "www.example.com"
    );
    assert_eq!(
        canon(normalize_domain("..bank-login.ru..")),
        "bank-login.ru"
    );
    for bad in [
        "localhost",
        "report.docx",
        "co.uk",
        "1.2.3.4",
        "exa mple.com",
        "example.com/path",
        "a..b.com",
        "user@example.com",
    ] {
        assert_eq!(
            invalid_kind(normalize_domain(bad)),
            Some(Kind::Domain),
            "{bad}"
        );
    }
    assert_eq!(normalize_domain("  "), Err(NormalizeError::Empty));
}

#[test]
fn registrable_domains() {
    assert_eq!(
        registrable("www.shop.example.co.uk").as_deref(),
        Some("example.co.uk")
    );
    assert_eq!(registrable("M.VK.COM").as_deref(), Some("vk.com"));
    assert_eq!(
        registrable("www.пример.рф").as_deref(),
        Some("xn--e1afmkfd.xn--p1ai")
    );
    assert_eq!(registrable("co.uk"), None);
    assert_eq!(registrable("foo.notazone"), None);
}

#[test]
fn russian_phones() {
    for raw in [
        "8 (912) 345-67-89",
        "+7 912 3456789",
        "79123456789",
        "9123456789",
        "+7(912)345.67.89",
        "007 912 345 67 89",
        "tel:+79123456789",
    ] {
        let n = normalize_phone(raw).unwrap();
        assert_eq!(n.kind, Kind::Phone);
        assert_eq!(n.canonical, "+79123456789", "{raw}");
        assert_eq!(n.display, "+7 912 345-67-89");
    }
    assert_eq!(canon(normalize_phone("8 800 555-35-35")), "+78005553535");
    assert_eq!(canon(normalize_phone("8 (343) 123-45-67")), "+73431234567");
}

#[test]
fn foreign_phones() {
    let n = normalize_phone("+44 20 7946 0958").unwrap();
    assert_eq!(n.canonical, "+442079460958");
    assert_eq!(n.display, "+442079460958");
    assert_eq!(canon(normalize_phone("00380 44 123 4567")), "+380441234567");
    assert_eq!(canon(normalize_phone("+375291234567")), "+375291234567");
}

#[test]
fn bad_phones() {
    for bad in [
        "81234567890", // 11 digits, Russian, code starts with 1
        "+7 123 456-78-90",
        "+7 912 345-67-8",
        "912345678",
        "1234567890",
        "+0441234567",
        "+1234567",
        "+1234567890123456",
        "+7912345678a",
        "8 912 345 67 89 0",
        "++79123456789",
        "+",
        "()",
    ] {
        assert_eq!(
            invalid_kind(normalize_phone(bad)),
            Some(Kind::Phone),
            "{bad}"
        );
    }
}

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
fn social_profiles() {
    for (raw, want) in [
        ("https://vk.com/durov", "vk.com/durov"),
        ("m.vk.com/Durov", "vk.com/durov"),
        ("http://vkontakte.ru/id1", "vk.com/id1"),
        ("https://www.vk.com/id123?w=wall1_2", "vk.com/id123"),
        ("vk.com/durov?w=wall1_2", "vk.com/durov"),
        ("https://vk.com/club12345#top", "vk.com/club12345"),
        ("https://m.ok.ru/profile/123/statuses", "ok.ru/profile/123"),
        ("odnoklassniki.ru/group/123", "ok.ru/group/123"),
        ("https://ok.ru/Nickname", "ok.ru/nickname"),
        ("https://t.me/Durov", "t.me/durov"),
        ("telegram.me/durov/123", "t.me/durov"),
        ("https://t.me/s/DurovChannel", "t.me/durovchannel"),
        ("https://t.me/+AbCdEf123", "t.me/+AbCdEf123"),
        ("https://t.me/joinchat/AbCdEf123", "t.me/+AbCdEf123"),
        (
            "https://www.instagram.com/Some.User/?igshid=abc",
            "instagram.com/some.user",
        ),
        (
            "instagram.com/stories/some_user/123",
            "instagram.com/some_user",
        ),
        (
            "https://m.facebook.com/Some.Name?fbclid=x",
            "facebook.com/some.name",
        ),
        (
            "fb.com/profile.php?id=100012345&ref=bookmarks",
            "facebook.com/profile.php?id=100012345",
        ),
        (
            "https://www.facebook.com/people/Ivan-Ivanov/100012345/",
            "facebook.com/profile.php?id=100012345",
        ),
        (
            "https://www.youtube.com/@SomeHandle/videos?si=x",
            "youtube.com/@somehandle",
        ),
        (
            "https://m.youtube.com/channel/UCabcDEF_123-x",
            "youtube.com/channel/UCabcDEF_123-x",
        ),
        ("youtube.com/c/SomeName", "youtube.com/c/somename"),
        (
            "https://youtube.com/user/OldName?utm_source=x",
            "youtube.com/user/oldname",
        ),
    ] {
        let n = normalize_social(raw).unwrap();
        assert_eq!(n.kind, Kind::Social);
        assert_eq!(n.canonical, want, "{raw}");
        assert_eq!(n.display, want);
    }
}

#[test]
fn not_social_profiles() {
    for bad in [
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vk.com/",
        "https://vk.com/wall1_2",
        "https://vk.com/feed",
        "https://www.instagram.com/p/Cabc123/",
        "https://www.facebook.com/sharer.php?u=x",
        "https://www.facebook.com/profile.php",
        "https://t.me/ab",
        "https://t.me/share/url?url=x",
        "https://example.com/durov",
        "https://vk.com@evil.example/durov",
        "ftp://vk.com/durov",
        "durov",
    ] {
        assert_eq!(
            invalid_kind(normalize_social(bad)),
            Some(Kind::Social),
            "{bad}"
        );
    }
}

#[test]
fn messengers() {
    let n = normalize_messenger("@Durov_Bot").unwrap();
    assert_eq!(
        (n.kind, n.canonical.as_str()),
        (Kind::Messenger, "t.me/durov_bot")
    );
    assert_eq!(n.display, "t.me/durov_bot");
    assert_eq!(
        canon(normalize_messenger("t.me/durov_bot")),
        "t.me/durov_bot"
    );
    for raw in [
        "whatsapp:+79123456789",
        "WhatsApp: +7 912 345-67-89",
        "viber:+79123456789",
        "viber://chat?number=%2B79123456789",
        "wa.me/79123456789",
        "https://wa.me/79123456789?text=hi",
        "https://wa.me/89123456789",
        "https://api.whatsapp.com/send?phone=79123456789",
        "+79123456789",
    ] {
        let n = normalize_messenger(raw).unwrap();
        assert_eq!(n.kind, Kind::Phone, "{raw}");
        assert_eq!(n.canonical, "+79123456789", "{raw}");
    }
    for bad in [
        "@ab",
        "@",
        "@has space",
        "@",
        "whatsapp:+7123",
        "wa.me/",
        "@x_very_long_name_that_goes_over_the_limit",
    ] {
        assert_eq!(
            invalid_kind(normalize_messenger(bad)),
            Some(Kind::Messenger),
            "{bad}"
        );
    }
}

#[test]
fn listings() {
    for (raw, want) in [
        (
            "https://www.avito.ru/moskva/telefony/iphone_12_1234567890",
            "avito.ru/1234567890",
        ),
        (
            "avito.ru/moskva/telefony/iphone_12_1234567890?utm_source=x",
            "avito.ru/1234567890",
        ),
        (
            "https://m.avito.ru/ekaterinburg/kvartiry/2-k_kvartira_45m_1234567890#photo",
            "avito.ru/1234567890",
        ),
        (
            "https://youla.ru/moskva/smartfony/iphone-5F1D2C3B4A5E6F7A8B9C0D1E",
            "youla.ru/5f1d2c3b4a5e6f7a8b9c0d1e",
        ),
        (
            "https://www.ozon.ru/product/smartfon-apple-iphone-12-123456789/?sh=x",
            "ozon.ru/123456789",
        ),
        (
            "https://www.wildberries.ru/catalog/12345678/detail.aspx?targetUrl=GP",
            "wildberries.ru/12345678",
        ),
        (
            "https://auto.drom.ru/moskva/toyota/camry/45678901.html",
            "drom.ru/45678901",
        ),
        (
            "https://novosibirsk.drom.ru/toyota/corolla/45678901.html",
            "drom.ru/45678901",
        ),
        (
            "https://auto.ru/cars/used/sale/toyota/camry/1114561234-5A6B7C8D/",
            "auto.ru/1114561234-5a6b7c8d",
        ),
    ] {
        let n = normalize_listing(raw).unwrap();
        assert_eq!(n.kind, Kind::Listing);
        assert_eq!(n.canonical, want, "{raw}");
        assert_eq!(n.display, want);
    }
}

#[test]
fn not_listings() {
    for bad in [
        "https://www.ebay.com/itm/1234567890",
        "https://shop.example.ru/item_1234567890",
        "https://www.avito.ru/moskva",
        "https://www.avito.ru/moskva/kvartiry_2",
        "https://youla.ru/moskva/smartfony",
        "https://www.ozon.ru/category/smartfony-15502/",
        "https://www.wildberries.ru/",
        "https://auto.drom.ru/moskva/toyota/",
        "https://auto.ru/cars/used/",
    ] {
        assert_eq!(
            invalid_kind(normalize_listing(bad)),
            Some(Kind::Listing),
            "{bad}"
        );
    }
}

type Normaliser = fn(&str) -> Result<Normalized, NormalizeError>;

/// The normalisers whose canonical form must be a fixed point.
const IDEMPOTENT: [(&str, Normaliser); 6] = [
    ("phone", normalize_phone),
    ("domain", normalize_domain),
    ("social", normalize_social),
    ("listing", normalize_listing),
    ("messenger", normalize_messenger),
    ("account", normalize_account),
];

fn assert_fixed_point(s: &str) -> Result<(), TestCaseError> {
    for (name, f) in IDEMPOTENT {
        if let Ok(n) = f(s) {
            let again = f(&n.canonical);
            prop_assert_eq!(
                again.as_ref().map(|a| a.canonical.as_str()),
                Ok(n.canonical.as_str()),
                "{} of {:?}",
                name,
                s
            );
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        for (_, f) in IDEMPOTENT {
            let _ = f(&s);
        }
        let _ = normalize_card(&s, Some(&key()));
        let _ = normalize_card(&s, None);
        let _ = registrable(&s);
        let _ = luhn_ok(&s);
    }

    #[test]
    fn canonical_forms_are_fixed_points(s in "\\PC{0,40}") {
        assert_fixed_point(&s)?;
    }

    #[test]
    fn phone_like_input_is_idempotent(s in "(\\+|00|8|7)?[0-9 ()\\-.]{6,20}") {
        assert_fixed_point(&s)?;
    }

    #[test]
    fn link_like_input_is_idempotent(
        s in "(https?://)?(www\\.|m\\.)?(vk\\.com|ok\\.ru|t\\.me|instagram\\.com|facebook\\.com|fb\\.com|youtube\\.com|avito\\.ru|youla\\.ru|ozon\\.ru|wildberries\\.ru|auto\\.drom\\.ru|auto\\.ru|wa\\.me|пример\\.рф|[a-z0-9-]{1,10}\\.(com|ru|рф))(/(@|\\+|_)?[A-Za-z0-9_.%-]{1,24}){0,5}(\\?[a-z_]{1,6}=[A-Za-z0-9]{0,8})?"
    ) {
        assert_fixed_point(&s)?;
    }

    #[test]
    fn telegram_names_are_idempotent(s in "@[A-Za-z0-9_]{3,34}") {
        assert_fixed_point(&s)?;
    }

    #[test]
    fn card_never_leaks(digits in "[1-9][0-9]{12,18}") {
        if let Ok(n) = normalize_card(&digits, Some(&key())) {
            prop_assert!(!n.canonical.contains(&digits));
            prop_assert!(!n.display.replace(' ', "").contains(&digits));
            let shown = n.display.chars().filter(char::is_ascii_digit).count();
            prop_assert_eq!(shown, 10);
        }
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
