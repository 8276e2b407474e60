//! The proxy headers `X-Forwarded-For`, `X-Forwarded-Proto` and `Forwarded`
//! (RFC 7239) read into the hops they list, left (the first client) to right
//! (the proxy nearest to us). Pure and total: anything unreadable becomes
//! `Hop::Unknown`, never a panic; whom to believe is `client.rs`'s business.

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// One hop of a chain: an address, or something that names none
/// (`unknown`, an obfuscated `_node`, garbage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hop {
    Ip(IpAddr),
    Unknown,
}

/// The hops of every `X-Forwarded-For` header, in order (several headers
/// read as one comma list, as HTTP says).
pub fn x_forwarded_for(headers: &HeaderMap) -> Vec<Hop> {
    let mut hops = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else {
            hops.push(Hop::Unknown);
            continue;
        };
        hops.extend(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(node),
        );
    }
    hops
}

/// The `for=` hops of every `Forwarded` header; an element without `for=`
/// is a hop that did not say who it was.
pub fn forwarded_for(headers: &HeaderMap) -> Vec<Hop> {
    elements(headers)
        .iter()
        .map(|pairs| match value_of(pairs, "for") {
            Some(v) => unquote(v).map_or(Hop::Unknown, |v| node(&v)),
            None => Hop::Unknown,
        })
        .collect()
}

/// Whether the first proxy says the client spoke HTTPS: the first value of
/// `X-Forwarded-Proto`, else the first `proto=` of `Forwarded`.
pub fn https(headers: &HeaderMap) -> bool {
    let xfp = headers
        .get_all("x-forwarded-proto")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .find(|s| !s.is_empty());
    let proto = match xfp {
        Some(p) => Some(p.to_string()),
        None => elements(headers)
            .iter()
            .find_map(|pairs| value_of(pairs, "proto").and_then(unquote)),
    };
    proto.is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// Every `Forwarded` element as its `key=value` pairs (key lower-cased).
fn elements(headers: &HeaderMap) -> Vec<Vec<(String, &str)>> {
    let mut out = Vec::new();
    for value in headers.get_all("forwarded") {
        let Ok(text) = value.to_str() else {
            out.push(Vec::new());
            continue;
        };
        for element in split_outside_quotes(text, ',') {
            if element.trim().is_empty() {
                continue;
            }
            let pairs = split_outside_quotes(element, ';')
                .into_iter()
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
                .collect();
            out.push(pairs);
        }
    }
    out
}

fn value_of<'a>(pairs: &[(String, &'a str)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
}

/// Splits at `sep` where it is not inside a quoted string; an unclosed
/// quote runs to the end (and fails to unquote later).
fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == sep && !quoted => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// A token as is, a quoted string without its quotes and escapes; `None`
/// for a quote that does not close.
fn unquote(v: &str) -> Option<String> {
    let Some(inner) = v.strip_prefix('"') else {
        return Some(v.to_string());
    };
    let inner = inner.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            c => out.push(c),
        }
    }
    Some(out)
}

/// `1.2.3.4`, `1.2.3.4:80`, `2001:db8::1`, `[2001:db8::1]`, `[2001:db8::1]:4711`.
fn node(s: &str) -> Hop {
    let ip = s
        .parse::<IpAddr>()
        .or_else(|_| s.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
        .or_else(|| {
            let inner = s.strip_prefix('[')?.strip_suffix(']')?;
            inner.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
        });
    ip.map_or(Hop::Unknown, |ip| Hop::Ip(ip.to_canonical()))
}

#[cfg(test)]
mod tests;
