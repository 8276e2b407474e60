//! Social-network profiles: the profile part of a link, on the site's main
//! host, without scheme, query (but Facebook's numeric id) or fragment, so a
//! profile shared from the app, the mobile site or a post is one entry.
//! Telegram is a messenger: its links come back as the messenger account
//! (kind messenger), so `t.me/name` is one indicator with `@name`.

use super::messenger::telegram_link;
use super::model::{Kind, NormalizeError, Normalized};
use super::web::{WebRef, parse_web};

/// `https://m.vk.com/Durov?w=wall1_2` → `vk.com/durov`, and so on for ok.ru,
/// Instagram, Facebook and YouTube; a Telegram link → its messenger account.
pub fn normalize_social(raw: &str) -> Result<Normalized, NormalizeError> {
    if raw.trim().is_empty() {
        return Err(NormalizeError::Empty);
    }
    let web = parse_web(raw).ok_or_else(|| bad("это не ссылка"))?;
    let canonical = match web.site() {
        "vk.com" | "vk.ru" | "vkontakte.ru" => vk(&web),
        "ok.ru" | "odnoklassniki.ru" => ok(&web),
        "instagram.com" | "instagr.am" => instagram(&web),
        "facebook.com" | "fb.com" => facebook(&web),
        "youtube.com" => youtube(&web),
        "youtu.be" => Err(bad("ссылки youtu.be ведут на видео, а не на профиль")),
        _ => return telegram(&web),
    }?;
    Ok(Normalized {
        kind: Kind::Social,
        display: canonical.clone(),
        canonical,
    })
}

fn bad(reason: &str) -> NormalizeError {
    NormalizeError::invalid(Kind::Social, reason)
}

/// A Telegram link as the messenger account it is; its faults are named
/// as the social page's, which is what was asked for.
fn telegram(web: &WebRef) -> Result<Normalized, NormalizeError> {
    match telegram_link(web) {
        Some(Ok(n)) => Ok(n),
        Some(Err(NormalizeError::Invalid { reason, .. })) => Err(bad(&reason)),
        Some(Err(other)) => Err(other),
        None => Err(bad("неизвестная социальная сеть")),
    }
}

/// Lower-case `name` if it is made of ASCII letters, digits and `extra`.
fn name(segment: &str, extra: &[u8]) -> Option<String> {
    let ok = !segment.is_empty()
        && segment.len() <= 100
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b));
    ok.then(|| segment.to_ascii_lowercase())
}

/// Whether `name` is one of the whitespace-separated `pages`.
fn reserved(pages: &str, name: &str) -> bool {
    pages.split_whitespace().any(|p| p == name)
}

fn digits(segment: &str) -> Option<&str> {
    (!segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit())).then_some(segment)
}

/// Site pages that share the namespace of profile names.
const VK_PAGES: &str = "\
    feed im friends groups search settings login join away.php audio video photos music \
    apps games market services docs bookmarks support dev help terms privacy about \
    restore jobs";
/// Prefixes of VK content ids (`wall1_2`, `photo-5_7`): posts, not people.
const VK_CONTENT: &[&str] = &[
    "wall", "photo", "video", "audio", "topic", "album", "doc", "clip", "story", "market", "note",
    "poll", "board", "product", "podcast", "article",
];

fn vk(web: &WebRef) -> Result<String, NormalizeError> {
    let first = web.segment(0).ok_or_else(|| bad("в ссылке нет профиля"))?;
    // VK names are letters, digits, `_` and `.`; `id123`, `club123` and
    // `public123` are the numeric forms.
    let profile = name(first, b"_.").ok_or_else(|| bad("это не имя профиля ВКонтакте"))?;
    let is_content = VK_CONTENT.iter().any(|p| {
        profile.strip_prefix(p).is_some_and(|rest| {
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            rest.split_once('_')
                .is_some_and(|(a, b)| digits(a).is_some() && digits(b).is_some())
        })
    });
    if is_content || reserved(VK_PAGES, &profile) {
        return Err(bad("это страница ВКонтакте, а не профиль"));
    }
    Ok(format!("vk.com/{profile}"))
}

const OK_PAGES: &str = "\
    dk feed messages music video games search settings guests friends groups marks \
    discussions apps live dating gifts payments help res mail app notifications photos";

fn ok(web: &WebRef) -> Result<String, NormalizeError> {
    let first = web.segment(0).ok_or_else(|| bad("в ссылке нет профиля"))?;
    if first == "profile" || first == "group" {
        // `/profile/123/statuses` is still the profile 123.
        let id = web
            .segment(1)
            .and_then(|s| name(s, b"_."))
            .ok_or_else(|| bad("нет номера после /profile или /group"))?;
        return Ok(format!("ok.ru/{first}/{id}"));
    }
    let nick = name(first, b"_.").ok_or_else(|| bad("это не имя профиля в Одноклассниках"))?;
    if reserved(OK_PAGES, &nick) {
        return Err(bad("это страница Одноклассников, а не профиль"));
    }
    Ok(format!("ok.ru/{nick}"))
}

const INSTAGRAM_PAGES: &str = "\
    p reel reels tv explore accounts direct about legal developer web challenge";

fn instagram(web: &WebRef) -> Result<String, NormalizeError> {
    // `/stories/name/123` are the stories of `name`.
    let skip = usize::from(web.segment(0) == Some("stories"));
    let user = web
        .segment(skip)
        .and_then(|s| name(s, b"_."))
        .ok_or_else(|| bad("в ссылке нет имени в Instagram"))?;
    if reserved(INSTAGRAM_PAGES, &user) {
        return Err(bad("это публикация или страница Instagram, а не профиль"));
    }
    Ok(format!("instagram.com/{user}"))
}

const FACEBOOK_PAGES: &str = "\
    sharer share watch login events marketplace hashtag help privacy policies reel \
    stories photo photos story permalink pages gaming ads business settings home \
    notifications messages friends search dialog plugins tr video videos posts";

fn facebook(web: &WebRef) -> Result<String, NormalizeError> {
    let first = web.segment(0).ok_or_else(|| bad("в ссылке нет профиля"))?;
    let by_id = |id: Option<&str>| {
        id.and_then(digits)
            .map(|id| format!("facebook.com/profile.php?id={id}"))
            .ok_or_else(|| bad("нет числового номера профиля"))
    };
    match first {
        // The one query parameter that is the profile, not tracking.
        "profile.php" => by_id(web.query_value("id").as_deref()),
        // `/people/Some-Name/100012345/` is the profile with that id.
        "people" => by_id(web.segment(2)),
        "groups" => web
            .segment(1)
            .and_then(|g| name(g, b"._-"))
            .map(|g| format!("facebook.com/groups/{g}"))
            .ok_or_else(|| bad("в ссылке нет группы")),
        _ => {
            let user = name(first, b".-").ok_or_else(|| bad("это не имя в Facebook"))?;
            if user.ends_with(".php") || reserved(FACEBOOK_PAGES, &user) {
                return Err(bad("это страница Facebook, а не профиль"));
            }
            Ok(format!("facebook.com/{user}"))
        }
    }
}

fn youtube(web: &WebRef) -> Result<String, NormalizeError> {
    let first = web.segment(0).ok_or_else(|| bad("в ссылке нет канала"))?;
    if let Some(handle) = first.strip_prefix('@') {
        // Handles are case-insensitive.
        let handle = name(handle, b"_.-").ok_or_else(|| bad("это не @-имя канала YouTube"))?;
        return Ok(format!("youtube.com/@{handle}"));
    }
    let second = web.segment(1);
    match first {
        // Channel ids are case-sensitive base64.
        "channel" => second
            .filter(|id| {
                !id.is_empty()
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            })
            .map(|id| format!("youtube.com/channel/{id}"))
            .ok_or_else(|| bad("нет идентификатора канала")),
        // Custom and legacy user names are case-insensitive; `%` keeps
        // percent-encoded Cyrillic names.
        "c" | "user" => second
            .and_then(|n| name(n, b"_.-%"))
            .map(|n| format!("youtube.com/{first}/{n}"))
            .ok_or_else(|| bad("нет имени канала")),
        _ => Err(bad("это видео или страница YouTube, а не канал")),
    }
}

#[cfg(test)]
mod tests;
