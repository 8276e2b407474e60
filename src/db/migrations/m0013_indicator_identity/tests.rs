//! The forms m0013 gives stored rows.

use super::*;

fn row(kind: &str, canonical: &str) -> Stored {
    Stored {
        id: 1,
        kind: kind.into(),
        canonical: canonical.into(),
        display: format!("shown {canonical}"),
        status: "active".into(),
        category: "other".into(),
    }
}

fn form(kind: &str, canonical: &str) -> Form {
    Form {
        kind: kind.into(),
        canonical: canonical.into(),
    }
}

#[test]
fn stored_rows_take_the_current_forms() {
    for ((kind, canonical), want) in [
        (
            ("social", "t.me/scam_support"),
            form("messenger", "t.me/scam_support"),
        ),
        (
            ("social", "t.me/+AbC123"),
            form("messenger", "t.me/+AbC123"),
        ),
        (
            ("url", "http://t.me/scam_support"),
            form("messenger", "t.me/scam_support"),
        ),
        (
            ("url", "http://wa.me/79123456789"),
            form("phone", "+79123456789"),
        ),
        (
            ("url", "https://x.example/p?a=1&utm_source=vk"),
            form("url", "https://x.example/p?a=1"),
        ),
        (
            ("messenger", "t.me/scam_support"),
            form("messenger", "t.me/scam_support"),
        ),
        (("social", "vk.com/durov"), form("social", "vk.com/durov")),
        (("phone", "+79123456789"), form("phone", "+79123456789")),
    ] {
        assert_eq!(
            current_form(&row(kind, canonical)).0,
            want,
            "{kind} {canonical}"
        );
    }
}

#[test]
fn what_the_normalisers_refuse_stays_as_it_is() {
    for (kind, canonical) in [
        ("url", "javascript:alert(1)"),
        ("fax", "123"),
        ("social", "t.me/ab"),
    ] {
        let r = row(kind, canonical);
        assert_eq!(
            current_form(&r),
            (form(kind, canonical), r.display.clone()),
            "{kind} {canonical}"
        );
    }
}
