//! Messenger accounts, one identity however they are written.
//!
//! - A Telegram account, channel, group or bot is kind messenger with the
//!   canonical `t.me/name` (`@name`, `t.me/name`, `https://telegram.me/name`,
//!   `telegram.dog/name`, `tg://resolve?domain=name`); an invite is
//!   `t.me/+hash`.
//! - A WhatsApp or Viber account is its phone number, and so is a Telegram
//!   link by number (`t.me/+79…`): kind phone, `+79…`. A citizen checking
//!   `+7 912 345-67-89` must find the WhatsApp scam listed as
//!   `wa.me/79123456789`, and the number is what an investigator requests
//!   the subscriber's data by, whichever app the scam used.

use super::model::{Kind, NormalizeError, Normalized};
use super::phone::{normalize_phone, strip_prefix_ci};
use super::web::{WebRef, parse_web};

mod telegram;

pub(super) use telegram::telegram_link;

/// `@Durov` → `t.me/durov`; `whatsapp:+7…`, `viber:+7…`, `wa.me/79…` → the
/// phone (kind phone), since a WhatsApp or Viber account is its number.
pub fn normalize_messenger(raw: &str) -> Result<Normalized, NormalizeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(NormalizeError::Empty);
    }
    if let Some(found) = identity(trimmed) {
        return found;
    }
    // A bare number is how a WhatsApp or Viber account is usually written,
    // and what this function returns for one, so it normalises again.
    normalize_phone(trimmed)
        .map_err(|_| bad("нужно @имя, t.me/имя, whatsapp: или viber: с номером либо wa.me/номер"))
}

/// The account `raw` names when it is written as a messenger's (`@name`, a
/// `whatsapp:`/`viber:`/`tg:` link, a t.me or wa.me address); None for
/// anything else. An error means the shape is a messenger's but the
/// account in it is not valid.
pub(super) fn identity(raw: &str) -> Option<Result<Normalized, NormalizeError>> {
    let trimmed = raw.trim();
    if let Some(name) = trimmed.strip_prefix('@') {
        return Some(telegram::at_name(name));
    }
    for scheme in ["whatsapp:", "viber:"] {
        if let Some(rest) = strip_prefix_ci(trimmed, scheme) {
            let number = app_link_number(rest).unwrap_or_else(|| rest.to_owned());
            return Some(messenger_phone(number));
        }
    }
    if let Some(rest) = strip_prefix_ci(trimmed, "tg:") {
        return Some(telegram::tg_link(rest));
    }
    web_link(&parse_web(trimmed)?)
}

/// Whether `raw` can be nothing but a messenger account: `@`, an app's
/// scheme or a WhatsApp address (Telegram's site also has pages that are
/// no account, `t.me/share/…`, which are still URLs).
pub(super) fn only_messenger(raw: &str) -> bool {
    let raw = raw.trim_start();
    raw.starts_with('@')
        || ["whatsapp:", "viber:", "tg:"]
            .iter()
            .any(|s| strip_prefix_ci(raw, s).is_some())
        || parse_web(raw).is_some_and(|web| is_whatsapp(&web))
}

fn is_whatsapp(web: &WebRef) -> bool {
    matches!(
        web.host.strip_prefix("www.").unwrap_or(&web.host),
        "wa.me" | "api.whatsapp.com" | "web.whatsapp.com"
    )
}

fn web_link(web: &WebRef) -> Option<Result<Normalized, NormalizeError>> {
    match web.host.strip_prefix("www.").unwrap_or(&web.host) {
        "wa.me" => Some(intl_number(web.segment(0).unwrap_or(""))),
        "api.whatsapp.com" | "web.whatsapp.com" => {
            Some(intl_number(&web.query_value("phone").unwrap_or_default()))
        }
        _ => telegram_link(web),
    }
}

fn bad(reason: &str) -> NormalizeError {
    NormalizeError::invalid(Kind::Messenger, reason)
}

/// The number of `viber://chat?number=%2B7…` or `whatsapp://send?phone=7…`.
fn app_link_number(rest: &str) -> Option<String> {
    let query = rest.strip_prefix("//")?.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "number" || k == "phone")
        .map(|(_, v)| v.into_owned())
}

/// A phone of a messenger link; its faults are the messenger's.
fn messenger_phone(number: impl AsRef<str>) -> Result<Normalized, NormalizeError> {
    normalize_phone(number.as_ref()).map_err(|e| match e {
        NormalizeError::Invalid { reason, .. } => NormalizeError::invalid(Kind::Messenger, reason),
        other => other,
    })
}

/// Links take the full international number without the `+`; a Russian
/// 11-digit number starting with 8 is the common mistake, and means +7.
fn intl_number(number: &str) -> Result<Normalized, NormalizeError> {
    if number.len() == 11 && number.starts_with('8') {
        messenger_phone(number)
    } else {
        messenger_phone(format!("+{}", number.trim_start_matches('+')))
    }
}

#[cfg(test)]
mod tests;
