//! The proxy-header parser: the syntaxes proxies write, and garbage.

use super::*;
use axum::http::HeaderValue;
use proptest::prelude::*;

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.append(*k, HeaderValue::from_str(v).unwrap());
    }
    h
}

fn ip(s: &str) -> Hop {
    Hop::Ip(s.parse().unwrap())
}

#[test]
fn x_forwarded_for_lists_and_headers_in_order() {
    let h = headers(&[
        ("x-forwarded-for", "203.0.113.7, 10.0.0.2"),
        (
            "x-forwarded-for",
            " 2001:db8::1 ,,[2001:db8::2]:80, 198.51.100.1:443",
        ),
    ]);
    assert_eq!(
        x_forwarded_for(&h),
        [
            ip("203.0.113.7"),
            ip("10.0.0.2"),
            ip("2001:db8::1"),
            ip("2001:db8::2"),
            ip("198.51.100.1")
        ]
    );
    let h = headers(&[("x-forwarded-for", "nonsense, ::ffff:10.0.0.1")]);
    assert_eq!(x_forwarded_for(&h), [Hop::Unknown, ip("10.0.0.1")]);
}

#[test]
fn forwarded_reads_for_with_quotes_ports_and_case() {
    let h = headers(&[
        (
            "forwarded",
            "for=192.0.2.60;proto=http;by=203.0.113.43, For=\"[2001:db8:cafe::17]:4711\"",
        ),
        (
            "forwarded",
            "for=unknown, for=_hidden;proto=https, by=10.0.0.1",
        ),
        ("forwarded", "for=\"198.51.100.9, not a split\""),
    ]);
    assert_eq!(
        forwarded_for(&h),
        [
            ip("192.0.2.60"),
            ip("2001:db8:cafe::17"),
            Hop::Unknown,
            Hop::Unknown,
            Hop::Unknown,
            Hop::Unknown
        ]
    );
    let h = headers(&[("forwarded", "for=\"[2001:db8::1]\";proto=\"https\"")]);
    assert_eq!(forwarded_for(&h), [ip("2001:db8::1")]);
    assert!(https(&h));
}

#[test]
fn https_from_either_header() {
    assert!(https(&headers(&[("x-forwarded-proto", "HTTPS")])));
    assert!(https(&headers(&[("x-forwarded-proto", "https, http")])));
    assert!(!https(&headers(&[("x-forwarded-proto", "http")])));
    assert!(https(&headers(&[("forwarded", "for=1.2.3.4;proto=https")])));
    assert!(!https(&headers(&[("forwarded", "for=1.2.3.4")])));
    assert!(!https(&HeaderMap::new()));
}

#[test]
fn unclosed_quotes_and_odd_bytes_are_unknown() {
    let h = headers(&[("forwarded", "for=\"[2001:db8::1]:80")]);
    assert_eq!(forwarded_for(&h), [Hop::Unknown]);
    let mut h = HeaderMap::new();
    h.append(
        "x-forwarded-for",
        HeaderValue::from_bytes(b"\xff1.2.3.4").unwrap(),
    );
    assert_eq!(x_forwarded_for(&h), [Hop::Unknown]);
}

proptest! {
    /// Whatever the bytes, parsing returns (and at most one hop per comma).
    #[test]
    fn any_header_value_parses_without_panic(v in proptest::collection::vec(any::<u8>(), 0..80)) {
        if let Ok(value) = HeaderValue::from_bytes(&v) {
            let mut h = HeaderMap::new();
            h.append("x-forwarded-for", value.clone());
            h.append("forwarded", value.clone());
            h.append("x-forwarded-proto", value);
            let commas = v.iter().filter(|b| **b == b',').count();
            prop_assert!(x_forwarded_for(&h).len() <= commas + 1);
            prop_assert!(forwarded_for(&h).len() <= commas + 1);
            let _ = https(&h);
        }
    }

    /// Text made of the headers' own punctuation, where a parser slips.
    #[test]
    fn header_punctuation_parses_without_panic(v in "[\\[\\]\";,=:\\\\a-f0-9. for_]{0,60}") {
        let h = headers(&[("x-forwarded-for", &v), ("forwarded", &v)]);
        let _ = (x_forwarded_for(&h), forwarded_for(&h), https(&h));
    }

    /// Addresses written out come back in order, either syntax.
    #[test]
    fn written_chains_read_back(ips in proptest::collection::vec(any::<std::net::IpAddr>(), 1..6)) {
        let xff = ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        let fwd = ips
            .iter()
            .map(|ip| match ip {
                IpAddr::V4(v4) => format!("for={v4}"),
                IpAddr::V6(v6) => format!("for=\"[{v6}]:4711\""),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let h = headers(&[("x-forwarded-for", &xff), ("forwarded", &fwd)]);
        let want: Vec<Hop> = ips.iter().map(|ip| Hop::Ip(ip.to_canonical())).collect();
        prop_assert_eq!(x_forwarded_for(&h), want.clone());
        prop_assert_eq!(forwarded_for(&h), want);
    }
}
