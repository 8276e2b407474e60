//! The host half of the Safe Browsing canonicaliser: dot clean-up, IDN to
//! punycode, the inet_aton family of IPv4 spellings, the readable display
//! form and the sanity check `normalize_url` applies on top of the spec.

use std::net::Ipv6Addr;

/// The canonical host (still unescaped) from the host part of the authority.
pub(super) fn canonical_host(raw: &[u8]) -> Vec<u8> {
    if raw.first() == Some(&b'[') {
        // An IPv6 literal: the dot and IDN rules are about names, not these.
        return raw.to_ascii_lowercase();
    }
    let mut host = clean_dots(raw);
    if !host.is_ascii()
        && let Some(ascii) = to_punycode(&host)
    {
        // IDNA may map ideographic full stops to dots, so clean again.
        host = clean_dots(ascii.as_bytes());
    }
    match parse_ipv4(&host) {
        Some([a, b, c, d]) => format!("{a}.{b}.{c}.{d}").into_bytes(),
        None => host,
    }
}

/// Drops leading and trailing dots, squeezes runs of dots, lowercases ASCII.
fn clean_dots(raw: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    for &b in raw {
        if b == b'.' && out.last().is_none_or(|&last| last == b'.') {
            continue;
        }
        out.push(b.to_ascii_lowercase());
    }
    if out.last() == Some(&b'.') {
        out.pop();
    }
    out
}

/// Punycode for a Unicode host, or `None` to keep the bytes as they are.
fn to_punycode(host: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(host).ok()?;
    let ascii = idna::domain_to_ascii(text).ok()?;
    // Only a plain DNS-looking result is taken: IDNA maps e.g. a fullwidth
    // `％` to `%`, and punycode copies ASCII out of order, either of which can
    // create a fresh `%XX` and make a second canonicalisation differ.
    let plain = !ascii.is_empty()
        && ascii
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    plain.then_some(ascii)
}

/// An IPv4 address in any form inet_aton accepts: one to four parts, each
/// decimal, octal (leading `0`) or hex (`0x`); the last part fills the rest.
pub(super) fn parse_ipv4(host: &[u8]) -> Option<[u8; 4]> {
    if host.is_empty() || host.len() > 64 {
        return None;
    }
    let mut nums: Vec<u64> = Vec::with_capacity(4);
    for part in host.split(|&b| b == b'.') {
        if nums.len() == 4 {
            return None;
        }
        nums.push(parse_ipv4_part(part)?);
    }
    let (&last, init) = nums.split_last()?;
    let mut addr: u64 = 0;
    for &n in init {
        if n > 255 {
            return None;
        }
        addr = (addr << 8) | n;
    }
    // The last part covers all the bytes the earlier parts left over.
    let free_bits = 8 * (4 - init.len() as u32);
    if last >> free_bits != 0 {
        return None;
    }
    addr = (addr << free_bits) | last;
    u32::try_from(addr).ok().map(u32::to_be_bytes)
}

fn parse_ipv4_part(part: &[u8]) -> Option<u64> {
    let (digits, radix) = if let Some(hex) = part
        .strip_prefix(b"0x")
        .or_else(|| part.strip_prefix(b"0X"))
    {
        // inet_aton reads a bare `0x` as zero.
        (hex, 16)
    } else if part.len() > 1 && part.first() == Some(&b'0') {
        (part.get(1..)?, 8)
    } else if part.is_empty() {
        return None;
    } else {
        (part, 10)
    };
    let mut value: u64 = 0;
    for &b in digits {
        let digit = u64::from(char::from(b).to_digit(radix)?);
        value = value.checked_mul(u64::from(radix))?.checked_add(digit)?;
        if value > u64::from(u32::MAX) {
            return None;
        }
    }
    Some(value)
}

/// Whether a canonical host is an address, for which the spec looks up only
/// the exact host and no parent names.
pub(super) fn is_ip(host: &str) -> bool {
    host.starts_with('[')
        || (host.split('.').count() == 4
            && host
                .split('.')
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit())))
}

/// The host as people read it: punycode labels back in Unicode.
pub(super) fn display_host(host: &str) -> String {
    if !host.split('.').any(|label| label.starts_with("xn--")) {
        return host.to_owned();
    }
    match idna::domain_to_unicode(host) {
        (unicode, Ok(())) => unicode,
        (_, Err(_)) => host.to_owned(),
    }
}

/// Why a canonical host (in its escaped form) cannot name a site, if so.
/// The spec canonicalises anything; a registry entry needs a usable host,
/// but odd-yet-possible names such as `%01%80.com` are kept as the spec does.
pub(super) fn host_problem(host: &str, unescaped: &[u8]) -> Option<&'static str> {
    if host.is_empty() {
        return Some("в ссылке нет имени сайта");
    }
    if host.len() > 253 {
        return Some("имя сайта длиннее 253 символов");
    }
    if let Some(inner) = host.strip_prefix('[') {
        let valid = inner
            .strip_suffix(']')
            .is_some_and(|addr| addr.parse::<Ipv6Addr>().is_ok());
        return (!valid).then_some("неверный IPv6-адрес в ссылке");
    }
    if host.bytes().any(|b| b"<>\"\\^`{|}[]".contains(&b)) {
        return Some("недопустимые символы в имени сайта");
    }
    // A name of nothing but punctuation, spaces and controls names nothing.
    if !unescaped
        .iter()
        .any(|&b| b.is_ascii_alphanumeric() || b >= 0x80)
    {
        return Some("в имени сайта нет ни одной буквы или цифры");
    }
    None
}

/// Path and query for people: escaped UTF-8 letters and digits (Cyrillic
/// paths) decoded; everything else, including invisible or bidi-control
/// characters that could disguise a link, stays escaped.
pub(super) fn readable(rest: &str) -> String {
    let mut out = String::with_capacity(rest.len());
    let mut tail = rest;
    while let Some(ch) = tail.chars().next() {
        if let Some((decoded, used)) = escaped_char(tail.as_bytes()) {
            out.push(decoded);
            tail = tail.get(used..).unwrap_or_default();
        } else {
            out.push(ch);
            tail = tail.get(ch.len_utf8()..).unwrap_or_default();
        }
    }
    out
}

/// A letter or digit spelt as escaped UTF-8 at the start of `s`, and the
/// number of bytes its escapes take.
fn escaped_char(s: &[u8]) -> Option<(char, usize)> {
    let mut bytes = [0u8; 4];
    let mut len = 0;
    let mut rest = s;
    while len < 4 {
        let [b'%', hi, lo, after @ ..] = rest else {
            break;
        };
        let byte = super::hex_value(*hi)? << 4 | super::hex_value(*lo)?;
        if byte < 0x80 {
            break;
        }
        *bytes.get_mut(len)? = byte;
        len += 1;
        rest = after;
        if let Some(ch) = std::str::from_utf8(bytes.get(..len)?)
            .ok()
            .and_then(|s| s.chars().next())
        {
            return ch.is_alphanumeric().then_some((ch, len * 3));
        }
    }
    None
}
