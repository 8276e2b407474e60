//! Social network profiles, and links that are not profiles.

use super::*;
use crate::tests::*;

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

/// Telegram is a messenger: its links asked for as a social page are the
/// messenger account, one indicator with `@name`.
#[test]
fn telegram_links_are_the_messenger_account() {
    for (raw, want) in [
        ("https://t.me/Durov", "t.me/durov"),
        ("telegram.me/durov/123", "t.me/durov"),
        ("https://t.me/s/DurovChannel", "t.me/durovchannel"),
        ("https://t.me/+AbCdEf123", "t.me/+AbCdEf123"),
        ("https://t.me/joinchat/AbCdEf123", "t.me/+AbCdEf123"),
    ] {
        let n = normalize_social(raw).unwrap();
        assert_eq!(
            (n.kind, n.canonical.as_str()),
            (Kind::Messenger, want),
            "{raw}"
        );
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
