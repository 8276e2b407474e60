//! Domains: a bare host name in its canonical (punycode) form, and the
//! registrable part of a host, which the other normalisers build on. Takes
//! what a person typed or pasted and returns the one form the registry
//! matches on, so that the same resource spelled differently is one entry.

use super::model::{Kind, NormalizeError, Normalized};

/// DNS limits (RFC 1035): longer names cannot resolve, so they cannot be a
/// resource anyone visits.
const MAX_HOST_LEN: usize = 253;
const MAX_LABEL_LEN: usize = 63;

/// A bare host name: `Пример.РФ.` → `xn--e1afmkfd.xn--p1ai` (display `пример.рф`).
pub fn normalize_domain(raw: &str) -> Result<Normalized, NormalizeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(NormalizeError::Empty);
    }
    let ascii = ascii_host(trimmed).ok_or_else(|| {
        NormalizeError::invalid(Kind::Domain, "недопустимые символы или слишком длинное имя")
    })?;
    if !ascii.contains('.') {
        return Err(NormalizeError::invalid(
            Kind::Domain,
            "в домене должна быть точка (имя.зона)",
        ));
    }
    // A known public suffix tells a real domain from a file name or a typo
    // ("report.docx"), and a registrable part tells it from a bare suffix
    // ("co.uk"), which no one can own.
    if registrable(&ascii).is_none() {
        return Err(NormalizeError::invalid(
            Kind::Domain,
            "неизвестная доменная зона или нет имени перед ней",
        ));
    }
    // People read the Unicode form; the match is on the punycode one.
    let (display, _) = idna::domain_to_unicode(&ascii);
    Ok(Normalized {
        kind: Kind::Domain,
        canonical: ascii,
        display,
    })
}

/// The registrable domain (eTLD+1) of a host: `www.shop.example.co.uk` →
/// `example.co.uk`. None unless the host ends in a known public suffix and
/// has a label before it.
pub fn registrable(host: &str) -> Option<String> {
    let ascii = ascii_host(host.trim())?;
    // psl falls back to the "*" rule for unknown zones; an unknown zone is
    // more likely a typo than a domain, so it has no registrable part.
    if !psl::suffix(ascii.as_bytes()).is_some_and(|s| s.is_known()) {
        return None;
    }
    psl::domain_str(&ascii).map(str::to_owned)
}

/// The lower-case punycode form of a host, with the dots of an absolute name
/// trimmed; None if it is not a plausible DNS name.
fn ascii_host(host: &str) -> Option<String> {
    let host = host.trim_matches('.');
    if host.is_empty() {
        return None;
    }
    let ascii = idna::domain_to_ascii(host).ok()?;
    // Trim again: UTS 46 maps ideographic full stops to dots.
    let ascii = ascii.trim_matches('.').to_ascii_lowercase();
    if ascii.is_empty() || ascii.len() > MAX_HOST_LEN {
        return None;
    }
    // The underscore is not valid in host names but browsers resolve it, and
    // phishing hosts use it; anything else outside LDH is not a host.
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= MAX_LABEL_LEN
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    ascii.split('.').all(label_ok).then_some(ascii)
}

#[cfg(test)]
mod tests;
