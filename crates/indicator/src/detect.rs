//! One entry point for every indicator: apply the normaliser of the kind the
//! user named, or tell the kind from the value itself. Detection goes from
//! the most to the least specific shape, so that a value is never taken for
//! a looser kind that would also accept it (a phone number is not a domain,
//! a VK profile link is not just a URL).
//!
//! A resource has one identity whatever it is written as or named: a
//! messenger link (`t.me/name`, `wa.me/79…`) is the messenger account or
//! the phone under the kinds that would otherwise take it as a page or a
//! number (url, social, phone, messenger), so naming the kind never makes
//! a second indicator of one account.

use super::card::{luhn_ok, normalize_account, normalize_card};
use super::domain::normalize_domain;
use super::listing::normalize_listing;
use super::messenger::{self, normalize_messenger, only_messenger};
use super::model::{CardKey, Kind, NormalizeError, Normalized};
use super::phone::normalize_phone;
use super::social::normalize_social;
use super::url::normalize_url;

/// The canonical form of `raw` as `kind`, or as whatever kind it looks like.
pub fn normalize(
    raw: &str,
    kind: Option<Kind>,
    card_key: Option<&CardKey>,
) -> Result<Normalized, NormalizeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(NormalizeError::Empty);
    }
    match kind {
        Some(kind) => as_kind(trimmed, kind, card_key),
        None => detect(trimmed, card_key),
    }
}

/// `raw` as the kind the user named; a failure names that kind even when a
/// normaliser it builds on (messenger → phone) found the fault.
fn as_kind(
    raw: &str,
    kind: Kind,
    card_key: Option<&CardKey>,
) -> Result<Normalized, NormalizeError> {
    // A card number under another kind would be kept in the clear (as a
    // URL's host, say): the card rules apply whatever the kind says.
    if kind != Kind::Card && looks_like_card(raw) {
        return Err(NormalizeError::invalid(
            kind,
            "это похоже на номер карты: укажите тип «карта»",
        ));
    }
    if let Some(n) = as_identity(raw, kind) {
        return Ok(n);
    }
    let result = match kind {
        Kind::Url => normalize_url(raw),
        Kind::Domain => normalize_domain(raw),
        Kind::Phone => normalize_phone(raw),
        Kind::Card => normalize_card(raw, card_key),
        Kind::Account => normalize_account(raw),
        Kind::Social => normalize_social(raw),
        Kind::Messenger => normalize_messenger(raw),
        Kind::Listing => normalize_listing(raw),
    };
    result.map_err(|e| match e {
        NormalizeError::Invalid { reason, .. } => NormalizeError::invalid(kind, reason),
        NormalizeError::Unrecognized => NormalizeError::invalid(kind, "значение не распознано"),
        other => other,
    })
}

/// The messenger account or phone a messenger link names, when `kind`
/// would take that link too; a domain stays a domain (`t.me` is a site).
fn as_identity(raw: &str, kind: Kind) -> Option<Normalized> {
    if !matches!(
        kind,
        Kind::Url | Kind::Social | Kind::Messenger | Kind::Phone
    ) {
        return None;
    }
    let n = messenger::identity(raw)?.ok()?;
    // `@name` is no phone: only a link that carries a number is.
    (kind != Kind::Phone || n.kind == Kind::Phone).then_some(n)
}

fn detect(raw: &str, card_key: Option<&CardKey>) -> Result<Normalized, NormalizeError> {
    // A card first: the digits alone decide it, and it must never fall
    // through to a kind that would store the number in clear.
    if looks_like_card(raw) {
        return normalize_card(raw, card_key);
    }
    if let Ok(n) = normalize_phone(raw) {
        return Ok(n);
    }
    if let Ok(n) = normalize_account(raw) {
        return Ok(n);
    }
    // Nothing else starts with `@` or a messenger scheme or is on wa.me, so
    // a fault there is reported as the messenger's rather than as
    // "unrecognised"; a page of Telegram's site that is no account
    // (`t.me/share/…`) is a URL.
    match messenger::identity(raw) {
        Some(Ok(n)) => return Ok(n),
        Some(Err(_)) if only_messenger(raw) => return normalize_messenger(raw),
        _ => {}
    }
    // A marketplace or social host that is not a listing or a profile
    // (a category page, a video) is still a URL: fall through.
    if let Ok(n) = normalize_listing(raw) {
        return Ok(n);
    }
    if let Ok(n) = normalize_social(raw) {
        return Ok(n);
    }
    if looks_like_url(raw) {
        return normalize_url(raw);
    }
    normalize_domain(raw).map_err(|_| NormalizeError::Unrecognized)
}

/// 13 to 19 digits (spaces and dashes between) passing Luhn. A leading 0 is
/// the international prefix of a phone number (`00 44 …`); no card issuer
/// number starts with 0.
fn looks_like_card(raw: &str) -> bool {
    if !raw
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '\u{a0}'))
    {
        return false;
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    (13..=19).contains(&digits.len()) && !digits.starts_with('0') && luhn_ok(&digits)
}

/// A URL is a value with a scheme, or a host followed by a path, query or
/// port; a bare host is a domain.
fn looks_like_url(raw: &str) -> bool {
    if has_scheme(raw) {
        return true;
    }
    host_of(raw)
        .is_some_and(|(host, more)| more && (normalize_domain(&host).is_ok() || is_ipv4(&host)))
}

/// `scheme://`: a letter, then letters, digits, `+`, `-` or `.`.
fn has_scheme(raw: &str) -> bool {
    raw.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The lower-case host of a link with or without scheme, and whether
/// anything (port, path, query, fragment) follows it.
fn host_of(raw: &str) -> Option<(String, bool)> {
    if raw.chars().any(char::is_whitespace) {
        return None;
    }
    let rest = raw.split_once("://").map_or(raw, |(_, rest)| rest);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (authority, tail) = match rest.find(['/', '?', '#']) {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return None;
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            (host, true)
        }
        _ => (authority, false),
    };
    if host.is_empty() {
        return None;
    }
    Some((host.to_lowercase(), port || !tail.is_empty()))
}

fn is_ipv4(host: &str) -> bool {
    host.parse::<std::net::Ipv4Addr>().is_ok()
}

#[cfg(test)]
mod tests;
