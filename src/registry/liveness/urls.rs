//! The URLs of liveness checks: the one fetched for an indicator, where a
//! redirect leads, and the SSRF guard for hosts written as addresses.

use super::Failure;
use super::ip::is_public_ip;
use url::{Host, Url};

/// The target of a `Location` header, relative to the URL that sent it.
/// Raw non-ASCII bytes are percent-encoded, as browsers do.
pub fn resolve_location(base: &Url, location: &[u8]) -> Result<Url, Failure> {
    if location.len() > dozor_indicator::url::MAX_URL_BYTES {
        return Err(Failure::BadRedirect);
    }
    let mut text = String::with_capacity(location.len());
    for &b in location {
        if b.is_ascii() {
            text.push(char::from(b));
        } else {
            text.push_str(&format!("%{b:02X}"));
        }
    }
    let mut url = base.join(&text).map_err(|_| Failure::BadRedirect)?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Failure::BadRedirect);
    }
    url.set_fragment(None);
    Ok(url)
}

/// The URL a check fetches: the indicator's canonical URL (which has no
/// port), on the port of its raw value when that is the same URL.
pub fn fetch_url(canonical: &str, raw: &str) -> Result<Url, Failure> {
    if !canonical.starts_with("http://") && !canonical.starts_with("https://") {
        return Err(Failure::UnsupportedScheme);
    }
    let mut url = Url::parse(canonical).map_err(|_| Failure::BadUrl)?;
    if url.host().is_none() {
        return Err(Failure::BadUrl);
    }
    if let Some(port) = raw_port(raw)
        && dozor_indicator::url::canonical_url(raw).is_ok_and(|c| c == canonical)
    {
        // set_port fails only for URLs without a host, excluded above.
        let _ = url.set_port(Some(port));
    }
    Ok(url)
}

/// The explicit port of a raw URL, with or without a scheme.
pub(super) fn raw_port(raw: &str) -> Option<u16> {
    let raw = raw.trim();
    let rest = match raw.split_once("://") {
        Some((scheme, rest))
            if scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            rest
        }
        _ => raw,
    };
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let port = match host_port.strip_prefix('[') {
        Some(v6) => v6.split_once(']')?.1.strip_prefix(':')?,
        None => host_port.rsplit_once(':')?.1,
    };
    port.parse().ok()
}

/// The SSRF guard for a host written as an address, which never reaches
/// the resolver; names are checked as they resolve (`run`).
pub fn literal_host_allowed(url: &Url, allow_private: bool) -> Result<(), Failure> {
    let ip = match url.host() {
        Some(Host::Ipv4(a)) => a.into(),
        Some(Host::Ipv6(a)) => a.into(),
        Some(Host::Domain(_)) => return Ok(()),
        None => return Err(Failure::BadUrl),
    };
    if allow_private || is_public_ip(ip) {
        Ok(())
    } else {
        Err(Failure::PrivateAddress)
    }
}
