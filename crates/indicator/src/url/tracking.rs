//! Tracking parameters: what ad networks, analytics and share buttons add
//! to a link to count clicks. They never change the page served, so a
//! listed page matches however it was shared (`?utm_source=vk`, a click
//! from an ad). Only names that are unambiguously tracking are here: `ref`,
//! `from`, `source`, `si` or `s` also select content on many sites, and
//! dropping them could merge two different pages.

/// Prefixes of tracking parameter names: Google Analytics' campaign
/// parameters, which every analytics tool reads.
const PREFIXES: &[&str] = &["utm_"];

/// Whole tracking parameter names: click ids of Facebook, Google Ads
/// (and its iOS/web variants), DoubleClick, Microsoft Ads, Yandex.Direct,
/// Yandex search, Openstat (Yandex.Metrica's ad labels), Instagram share,
/// Mailchimp, TikTok and X (Twitter) ads.
const NAMES: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "gbraid",
    "wbraid",
    "dclid",
    "msclkid",
    "yclid",
    "ysclid",
    "_openstat",
    "igshid",
    "mc_cid",
    "mc_eid",
    "ttclid",
    "twclid",
];

/// Whether the query parameter `pair` (`name=value` or `name`) is tracking.
/// Names are matched as written: the tools that add them write them in
/// lower case, and a site may well read `UTM_X` as its own parameter.
fn is_tracking(pair: &str) -> bool {
    let name = pair.split_once('=').map_or(pair, |(name, _)| name);
    NAMES.contains(&name) || PREFIXES.iter().any(|p| name.starts_with(p))
}

/// `canonical` without its tracking parameters, the rest in their order;
/// without `?` when nothing remains. A URL with none is returned as it is,
/// byte for byte (an empty `?` or `&&` included).
pub(super) fn strip(canonical: String) -> String {
    let Some((head, query)) = canonical.split_once('?') else {
        return canonical;
    };
    if !query.split('&').any(is_tracking) {
        return canonical;
    }
    let kept: Vec<&str> = query.split('&').filter(|p| !is_tracking(p)).collect();
    if kept.iter().all(|p| p.is_empty()) {
        return head.to_owned();
    }
    format!("{head}?{}", kept.join("&"))
}

#[cfg(test)]
mod tests;
