//! Phone numbers: Russian and foreign, and the bad ones.

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
