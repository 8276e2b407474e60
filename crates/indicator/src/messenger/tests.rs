//! Messenger accounts: every spelling of a Telegram account is one
//! `t.me/name`, every app link with a number is that phone.

use super::*;
use crate::tests::*;

#[test]
fn telegram_accounts_are_one_whatever_the_spelling() {
    for raw in [
        "@Durov_Bot",
        "@durov_bot",
        "t.me/durov_bot",
        "https://t.me/Durov_Bot",
        "http://t.me/durov_bot/123",
        "https://telegram.me/durov_bot",
        "telegram.dog/DUROV_BOT",
        "https://www.t.me/durov_bot?start=x",
        "https://t.me/s/durov_bot",
        "tg://resolve?domain=Durov_Bot",
        "TG://resolve?domain=durov_bot&start=abc",
        "tg:resolve?domain=durov_bot",
    ] {
        let n = normalize_messenger(raw).unwrap();
        assert_eq!(n.kind, Kind::Messenger, "{raw}");
        assert_eq!(n.canonical, "t.me/durov_bot", "{raw}");
        assert_eq!(n.display, "t.me/durov_bot", "{raw}");
    }
}

#[test]
fn telegram_invites_keep_their_case() {
    for raw in [
        "https://t.me/+AbCdEf123",
        "https://t.me/joinchat/AbCdEf123",
        "tg://join?invite=AbCdEf123",
    ] {
        let n = normalize_messenger(raw).unwrap();
        assert_eq!(
            (n.kind, n.canonical.as_str()),
            (Kind::Messenger, "t.me/+AbCdEf123")
        );
    }
}

#[test]
fn app_links_with_a_number_are_the_phone() {
    for raw in [
        "whatsapp:+79123456789",
        "WhatsApp: +7 912 345-67-89",
        "whatsapp://send?phone=79123456789",
        "viber:+79123456789",
        "viber://chat?number=%2B79123456789",
        "viber://add?number=79123456789",
        "wa.me/79123456789",
        "https://wa.me/79123456789?text=hi",
        "https://wa.me/89123456789",
        "https://api.whatsapp.com/send?phone=79123456789",
        "https://api.whatsapp.com/send/?phone=%2B79123456789&text&type=phone_number",
        "https://web.whatsapp.com/send?phone=79123456789",
        "https://t.me/+79123456789",
        "tg://resolve?phone=79123456789",
        "+79123456789",
    ] {
        let n = normalize_messenger(raw).unwrap();
        assert_eq!(n.kind, Kind::Phone, "{raw}");
        assert_eq!(n.canonical, "+79123456789", "{raw}");
    }
}

#[test]
fn bad_messenger_accounts() {
    for bad in [
        "@ab",
        "@",
        "@has space",
        "@share",
        "whatsapp:+7123",
        "wa.me/",
        "@x_very_long_name_that_goes_over_the_limit",
        "https://t.me/",
        "https://t.me/ab",
        "https://t.me/share",
        "https://t.me/+",
        "https://t.me/+71234567890",
        "tg://resolve",
        "tg://msg?text=hi",
        "tg://join",
        "durov",
    ] {
        assert_eq!(
            invalid_kind(normalize_messenger(bad)),
            Some(Kind::Messenger),
            "{bad}"
        );
    }
}

#[test]
fn only_messenger_shapes_are_identities() {
    for other in [
        "+79123456789",
        "https://vk.com/durov",
        "example.com",
        "durov",
    ] {
        assert!(identity(other).is_none(), "{other}");
    }
    assert!(only_messenger("  @durov"));
    assert!(only_messenger("TG://resolve"));
    assert!(only_messenger("https://wa.me/123"));
    assert!(!only_messenger("https://t.me/durov"));
}
