//! Phone numbers (Russian and foreign, and the bad ones) and messenger accounts.

use super::*;
use crate::tests::*;

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
