//! URL canonicalisation and lookup expressions after Google Safe Browsing v4
//! "URLs and Hashing", written out here rather than borrowed from the `url`
//! crate: WHATWG parsing disagrees with the spec (it keeps ports, does not
//! unescape hosts repeatedly, rejects `%01%80.com`, ...), and registry
//! matching must agree with what other Safe Browsing-style lists compute.
//!
//! A listed URL is stored as its [`entry_key`]; a URL being checked matches
//! when any of its [`expressions`] is a stored key, so `evil.example/`
//! covers every page of that site.
//!
//! An indicator's canonical URL is the spec's form without tracking
//! parameters ([`canonical_url`]): the spec's own function stays exactly
//! the spec's, so its published cases hold byte for byte.

use super::model::{Kind, NormalizeError, Normalized};

mod host;
mod tracking;

/// Longest input accepted; real links are far shorter, and the repeated
/// unescaping is quadratic in the worst case.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// At most this many lookup expressions: five hosts times six paths.
pub const MAX_EXPRESSIONS: usize = 30;

/// The spec's canonical form of `raw`, e.g. `http://www.google.com/`.
pub fn canonicalize(raw: &str) -> Result<String, NormalizeError> {
    canonicalize_bytes(raw.as_bytes())
}

/// [`canonicalize`] on bytes: after unescaping a URL need not be UTF-8
/// (`http://%01%80.com/`), and the spec works on bytes throughout.
pub fn canonicalize_bytes(raw: &[u8]) -> Result<String, NormalizeError> {
    if raw.len() > MAX_URL_BYTES {
        return Err(invalid("ссылка длиннее 8 КБ"));
    }
    let cleaned: Vec<u8> = raw
        .iter()
        .copied()
        .filter(|b| !matches!(b, b'\t' | b'\r' | b'\n'))
        .collect();
    let trimmed = cleaned.trim_ascii();
    if trimmed.is_empty() {
        return Err(invalid("пустая ссылка"));
    }
    // The fragment goes before unescaping: `host%23.com` is a host with a
    // `#` in it, not a fragment.
    let no_fragment = trimmed.split(|&b| b == b'#').next().unwrap_or_default();
    let url = unescape_fully(no_fragment);
    let (scheme, rest) = split_scheme(&url);
    let rest = trim_start_slashes(rest);
    let authority_end = rest
        .iter()
        .position(|&b| b == b'/' || b == b'?')
        .unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    let host = host::canonical_host(host_of(authority));
    if host.is_empty() {
        return Err(invalid("в ссылке нет имени сайта"));
    }
    let (path, query) = match after.iter().position(|&b| b == b'?') {
        Some(q) => {
            let (path, query) = after.split_at(q);
            (path, query.get(1..))
        }
        None => (after, None),
    };
    let mut out = String::with_capacity(url.len() + 16);
    out.push_str(&scheme);
    out.push_str("://");
    escape_into(&mut out, &host);
    escape_into(&mut out, &normalize_path(path));
    if let Some(query) = query {
        out.push('?');
        escape_into(&mut out, query);
    }
    Ok(out)
}

/// The canonical form of a URL indicator: [`canonicalize`], then without
/// tracking parameters (`utm_*`, `fbclid`, `yclid`, …), so one page is one
/// entry however it was shared.
pub fn canonical_url(raw: &str) -> Result<String, NormalizeError> {
    canonicalize(raw).map(tracking::strip)
}

/// A URL indicator: canonical form for matching, readable form for people.
pub fn normalize_url(raw: &str) -> Result<Normalized, NormalizeError> {
    if raw.trim().is_empty() {
        return Err(invalid("пустая ссылка"));
    }
    let canonical = canonical_url(raw)?;
    let (scheme, host, rest) = split_canonical(&canonical);
    if !matches!(scheme, "http" | "https" | "ftp") {
        return Err(invalid(format!(
            "схема «{scheme}» не поддерживается: нужна http, https или ftp"
        )));
    }
    if let Some(reason) = host::host_problem(host, &unescape_once(host.as_bytes()).0) {
        return Err(invalid(reason));
    }
    let display = format!(
        "{scheme}://{}{}",
        host::display_host(host),
        host::readable(rest)
    );
    Ok(Normalized {
        kind: Kind::Url,
        canonical,
        display,
    })
}

/// How a listed URL is stored: the canonical form without the scheme, which
/// is exactly the first lookup expression of that URL.
pub fn entry_key(canonical: &str) -> String {
    let (_, host, rest) = split_canonical(canonical);
    format!("{host}{}", if rest.is_empty() { "/" } else { rest })
}

/// The spec's host-suffix / path-prefix lookup expressions of a canonical
/// URL, most specific first, without duplicates.
pub fn expressions(canonical: &str) -> Vec<String> {
    let (_, host, rest) = split_canonical(canonical);
    let rest = if rest.is_empty() { "/" } else { rest };
    let mut hosts = vec![host.to_owned()];
    if !host::is_ip(host) {
        let labels: Vec<&str> = host.split('.').collect();
        // The last five labels, then shorter, never the top-level domain alone.
        for take in (2..=labels.len().min(5)).rev() {
            let start = labels.len() - take;
            hosts.push(labels.get(start..).unwrap_or_default().join("."));
        }
    }
    let path = rest.split('?').next().unwrap_or(rest);
    let mut paths = vec![rest.to_owned(), path.to_owned()];
    let mut prefix = String::from("/");
    // Directories only: the part after the last slash is the page itself.
    let dirs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let dir_count = if path.ends_with('/') {
        dirs.len()
    } else {
        dirs.len().saturating_sub(1)
    };
    paths.push(prefix.clone());
    for dir in dirs.iter().take(dir_count.min(3)) {
        prefix.push_str(dir);
        prefix.push('/');
        paths.push(prefix.clone());
    }
    let mut out: Vec<String> = Vec::with_capacity(MAX_EXPRESSIONS);
    for h in &hosts {
        for p in &paths {
            let expr = format!("{h}{p}");
            if !out.contains(&expr) {
                out.push(expr);
            }
        }
    }
    out
}

fn invalid(reason: impl Into<String>) -> NormalizeError {
    NormalizeError::invalid(Kind::Url, reason)
}

/// Scheme (lowercased; `http` when absent) and the rest of the URL. A word
/// before `:` followed by a digit is a host with a port (`localhost:8080`).
fn split_scheme(url: &[u8]) -> (String, &[u8]) {
    let colon = url.iter().position(|&b| b == b':');
    if let Some(colon) = colon
        && let (word, [b':', after @ ..]) = url.split_at(colon)
        && word.first().is_some_and(u8::is_ascii_alphabetic)
        && word
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && !after.first().is_some_and(u8::is_ascii_digit)
    {
        return (String::from_utf8_lossy(word).to_ascii_lowercase(), after);
    }
    ("http".to_owned(), url)
}

fn trim_start_slashes(mut rest: &[u8]) -> &[u8] {
    while let [b'/', tail @ ..] = rest {
        rest = tail;
    }
    rest
}

/// The host of an authority: without `user:pass@` and without `:port`.
fn host_of(authority: &[u8]) -> &[u8] {
    let host = match authority.iter().rposition(|&b| b == b'@') {
        Some(at) => authority.get(at + 1..).unwrap_or_default(),
        None => authority,
    };
    let end = if host.first() == Some(&b'[') {
        host.iter().position(|&b| b == b']').map(|i| i + 1)
    } else {
        None
    }
    .or_else(|| host.iter().position(|&b| b == b':'))
    .unwrap_or(host.len());
    host.get(..end).unwrap_or(host)
}

/// Resolves `.` and `..`, squeezes slashes; the empty path becomes `/`.
fn normalize_path(path: &[u8]) -> Vec<u8> {
    let mut segments: Vec<&[u8]> = Vec::new();
    let mut trailing_slash = false;
    for segment in path.split(|&b| b == b'/') {
        trailing_slash = true;
        match segment {
            b"" | b"." => {}
            b".." => {
                segments.pop();
            }
            other => {
                segments.push(other);
                trailing_slash = false;
            }
        }
    }
    let mut out = vec![b'/'];
    out.extend_from_slice(&segments.join(&b'/'));
    if trailing_slash && !segments.is_empty() {
        out.push(b'/');
    }
    out
}

/// Unescapes until nothing changes. Each productive pass removes two bytes
/// per escape, so this ends within `len / 3` passes.
fn unescape_fully(s: &[u8]) -> Vec<u8> {
    let mut current = s.to_vec();
    loop {
        let (next, changed) = unescape_once(&current);
        if !changed {
            return current;
        }
        current = next;
    }
}

/// One pass of `%XX` decoding; a `%` without two hex digits stays literal.
fn unescape_once(s: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(s.len());
    let mut changed = false;
    let mut rest = s;
    while let [first, tail @ ..] = rest {
        if *first == b'%'
            && let [hi, lo, after @ ..] = tail
            && let (Some(hi), Some(lo)) = (hex_value(*hi), hex_value(*lo))
        {
            out.push(hi << 4 | lo);
            changed = true;
            rest = after;
            continue;
        }
        out.push(*first);
        rest = tail;
    }
    (out, changed)
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Appends bytes, escaping controls, space, non-ASCII, `#` and `%`.
fn escape_into(out: &mut String, bytes: &[u8]) {
    let hex = |n: u8| char::from_digit(u32::from(n), 16).map_or('0', |c| c.to_ascii_uppercase());
    for &b in bytes {
        if b <= 0x20 || b >= 0x7f || b == b'#' || b == b'%' {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 0x0f));
        } else {
            out.push(char::from(b));
        }
    }
}

/// Scheme, host and the rest (path and query) of a canonical URL.
fn split_canonical(canonical: &str) -> (&str, &str, &str) {
    let (scheme, rest) = canonical.split_once("://").unwrap_or(("", canonical));
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, rest) = rest.split_at(end);
    (scheme, host, rest)
}

#[cfg(test)]
mod tests;
