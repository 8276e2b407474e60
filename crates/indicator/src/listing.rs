//! Marketplace listings, reduced to site and listing id: the same listing is
//! shared under many slugs, cities and tracking parameters, but the id is
//! what the site itself resolves.

use super::model::{Kind, NormalizeError, Normalized};
use super::web::{WebRef, parse_web};

/// Shorter ids are category pages or page numbers, not listings.
const MIN_ID_DIGITS: usize = 5;
/// Youla ids are MongoDB object ids: 24 hex digits.
const YOULA_ID_LEN: usize = 24;

/// `avito.ru/moskva/telefony/iphone_12_1234567890` → `avito.ru/1234567890`,
/// and so on for youla.ru, ozon.ru, wildberries.ru, drom.ru and auto.ru.
pub fn normalize_listing(raw: &str) -> Result<Normalized, NormalizeError> {
    if raw.trim().is_empty() {
        return Err(NormalizeError::Empty);
    }
    let web = parse_web(raw).ok_or_else(|| bad("это не ссылка"))?;
    let site = web.site();
    let (name, id) = match site {
        "avito.ru" => ("avito.ru", avito(&web)),
        "youla.ru" => ("youla.ru", youla(&web)),
        "ozon.ru" => ("ozon.ru", ozon(&web)),
        "wildberries.ru" => ("wildberries.ru", wildberries(&web)),
        "auto.ru" => ("auto.ru", auto_ru(&web)),
        // drom serves listings from city subdomains (auto.drom.ru, moscow.drom.ru).
        _ if site == "drom.ru" || site.ends_with(".drom.ru") => ("drom.ru", drom(&web)),
        _ => return Err(bad("неизвестная торговая площадка")),
    };
    let id = id.ok_or_else(|| bad("в ссылке нет номера объявления"))?;
    let canonical = format!("{name}/{id}");
    Ok(Normalized {
        kind: Kind::Listing,
        display: canonical.clone(),
        canonical,
    })
}

fn bad(reason: &str) -> NormalizeError {
    NormalizeError::invalid(Kind::Listing, reason)
}

fn listing_digits(s: &str) -> Option<String> {
    (s.len() >= MIN_ID_DIGITS && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_owned())
}

/// The text after the last `sep` (all of `s` if there is none).
fn tail(s: &str, sep: char) -> &str {
    s.rsplit_once(sep).map_or(s, |(_, t)| t)
}

/// The trailing `_<digits>` of the last segment; a bare id is the canonical form.
fn avito(web: &WebRef) -> Option<String> {
    listing_digits(tail(web.segments.last()?, '_'))
}

/// The 24-hex id that ends the slug.
fn youla(web: &WebRef) -> Option<String> {
    let id = tail(web.segments.last()?, '-').to_ascii_lowercase();
    (id.len() == YOULA_ID_LEN && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
}

/// `/product/<slug>-<digits>/`, or the bare id.
fn ozon(web: &WebRef) -> Option<String> {
    match (web.segment(0)?, web.segment(1)) {
        ("product", Some(slug)) => listing_digits(tail(slug, '-')),
        (id, None) => listing_digits(id),
        _ => None,
    }
}

/// `/catalog/<digits>/detail.aspx`, or the bare id.
fn wildberries(web: &WebRef) -> Option<String> {
    match (web.segment(0)?, web.segment(1)) {
        ("catalog", Some(id)) => listing_digits(id),
        (id, None) => listing_digits(id),
        _ => None,
    }
}

/// The last segment `<digits>.html`, or the bare id.
fn drom(web: &WebRef) -> Option<String> {
    let last = web.segments.last()?;
    listing_digits(last.strip_suffix(".html").unwrap_or(last))
}

/// `/cars/used/sale/<make>/<model>/<id>-<hash>/`, or the bare `<id>-<hash>`:
/// the segment of that shape.
fn auto_ru(web: &WebRef) -> Option<String> {
    web.segments.iter().rev().find_map(|s| {
        let (id, hash) = s.split_once('-')?;
        let hash = hash.to_ascii_lowercase();
        let ok = listing_digits(id).is_some()
            && !hash.is_empty()
            && hash.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| format!("{id}-{hash}"))
    })
}

#[cfg(test)]
mod tests;
