//! Helpers shared by the normalisers' tests, and the properties that hold
//! across all of them: no panics, canonical forms are fixed points.

use super::card::{luhn_ok, normalize_account, normalize_card};
use super::detect::normalize;
use super::domain::{normalize_domain, registrable};
use super::listing::normalize_listing;
use super::messenger::normalize_messenger;
use super::model::{CardKey, Kind, NormalizeError, Normalized};
use super::phone::normalize_phone;
use super::social::normalize_social;
use super::url::normalize_url;
use proptest::prelude::*;

pub(crate) fn canon(r: Result<Normalized, NormalizeError>) -> String {
    r.unwrap().canonical
}

pub(crate) fn key() -> CardKey {
    CardKey(b"test key".to_vec())
}

pub(crate) fn invalid_kind(r: Result<Normalized, NormalizeError>) -> Option<Kind> {
    match r {
        Err(NormalizeError::Invalid { kind, .. }) => Some(kind),
        _ => None,
    }
}

type Normaliser = fn(&str) -> Result<Normalized, NormalizeError>;

/// The normalisers whose canonical form must be a fixed point.
const IDEMPOTENT: [(&str, Normaliser); 7] = [
    ("url", normalize_url),
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

    /// Every spelling of a Telegram account is one (kind, canonical).
    #[test]
    fn a_telegram_account_has_one_identity(name in "[A-Za-z][A-Za-z0-9_]{4,31}") {
        let want = normalize(&format!("@{name}"), None, None).map(|n| (n.kind, n.canonical));
        for spelling in [
            format!("t.me/{name}"),
            format!("https://T.me/{name}/42"),
            format!("https://telegram.me/{name}"),
            format!("telegram.dog/{}", name.to_ascii_lowercase()),
            format!("tg://resolve?domain={name}"),
        ] {
            let got = normalize(&spelling, None, None).map(|n| (n.kind, n.canonical));
            prop_assert_eq!(&got, &want, "{}", spelling);
        }
        if let Ok((kind, _)) = want {
            prop_assert_eq!(kind, Kind::Messenger);
        }
    }

    /// Every spelling of a WhatsApp or Viber number is that phone.
    #[test]
    fn a_messenger_number_is_the_phone(national in "9[0-9]{9}") {
        let want = normalize(&format!("+7{national}"), None, None).map(|n| (n.kind, n.canonical));
        prop_assert!(want.is_ok());
        for spelling in [
            format!("wa.me/7{national}"),
            format!("https://api.whatsapp.com/send?phone=7{national}"),
            format!("viber://chat?number=%2B7{national}"),
            format!("whatsapp:+7{national}"),
            format!("https://t.me/+7{national}"),
        ] {
            let got = normalize(&spelling, None, None).map(|n| (n.kind, n.canonical));
            prop_assert_eq!(&got, &want, "{}", spelling);
        }
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
