//! Telegram: names (`@name`), web links on its three hosts, and the app's
//! `tg://` links, all to `t.me/name` (or `t.me/+hash` for an invite, or the
//! phone for a link by number).

use super::{bad, intl_number};
use crate::model::{Kind, NormalizeError, Normalized};
use crate::web::WebRef;

/// Telegram paths that are not channels, groups or people; Telegram does
/// not give these names to accounts.
const PAGES: &str = "\
    share proxy socks addstickers addemoji addtheme setlanguage login boost contact \
    invoice confirmphone addlist";

const NAME_RULE: &str = "имя в Telegram — от 5 до 32 латинских букв, цифр или знаков подчёркивания";

/// A Telegram account by name: case-insensitive, so lower-cased.
fn account(name: &str) -> Result<Normalized, NormalizeError> {
    let ok = (5..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !ok {
        return Err(bad(NAME_RULE));
    }
    let lower = name.to_ascii_lowercase();
    if PAGES.split_whitespace().any(|p| p == lower) {
        return Err(bad("это служебная страница Telegram, а не аккаунт"));
    }
    Ok(messenger(format!("t.me/{lower}")))
}

fn messenger(canonical: String) -> Normalized {
    Normalized {
        kind: Kind::Messenger,
        display: canonical.clone(),
        canonical,
    }
}

/// `@name` without its `@`.
pub(super) fn at_name(name: &str) -> Result<Normalized, NormalizeError> {
    account(name)
}

/// Invite hashes are case-sensitive base64.
fn invite(hash: &str) -> Result<Normalized, NormalizeError> {
    let ok = !hash.is_empty()
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(messenger(format!("t.me/+{hash}")))
    } else {
        Err(bad("это не ссылка-приглашение Telegram"))
    }
}

/// `t.me/+79…` opens the chat of the person with that number; an invite
/// hash is base64 of 16 bytes or more, never digits alone of phone length.
fn by_number(plus_tail: &str) -> Option<Result<Normalized, NormalizeError>> {
    let phone_like =
        (8..=15).contains(&plus_tail.len()) && plus_tail.bytes().all(|b| b.is_ascii_digit());
    phone_like.then(|| intl_number(plus_tail))
}

/// The account of a Telegram web link; None if `web` is not on Telegram.
pub(crate) fn telegram_link(web: &WebRef) -> Option<Result<Normalized, NormalizeError>> {
    if !matches!(web.site(), "t.me" | "telegram.me" | "telegram.dog") {
        return None;
    }
    // `t.me/s/name` is the web preview of the channel `name`.
    let skip = usize::from(web.segment(0) == Some("s"));
    let Some(first) = web.segment(skip) else {
        return Some(Err(bad("в ссылке Telegram нет имени")));
    };
    // Invite links: `joinchat/X` is the old spelling of `+X`.
    Some(match first.strip_prefix('+') {
        Some(tail) => by_number(tail).unwrap_or_else(|| invite(tail)),
        None if first == "joinchat" => invite(web.segment(skip + 1).unwrap_or_default()),
        None => account(first),
    })
}

/// `tg://resolve?domain=name`, `tg://resolve?phone=79…` and
/// `tg://join?invite=hash`, given what follows `tg:`.
pub(super) fn tg_link(rest: &str) -> Result<Normalized, NormalizeError> {
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (action, query) = rest.split_once('?').unwrap_or((rest, ""));
    let param = |key: &str| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    match action.trim_end_matches('/').to_ascii_lowercase().as_str() {
        "resolve" => match (param("domain"), param("phone")) {
            (Some(name), _) => account(&name),
            (None, Some(phone)) => intl_number(&phone),
            (None, None) => Err(bad("в ссылке tg://resolve нет имени или номера")),
        },
        "join" => invite(&param("invite").unwrap_or_default()),
        _ => Err(bad("ссылка tg:// не ведёт на аккаунт, канал или группу")),
    }
}
