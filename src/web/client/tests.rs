//! Whom to believe: trusted and untrusted peers, chains, spoofing, garbage.

use super::*;
use proptest::prelude::*;

fn trusted() -> TrustedProxies {
    TrustedProxies::new(&[
        "127.0.0.1/32".parse().unwrap(),
        "10.0.0.0/8".parse().unwrap(),
        "2001:db8:ffff::/48".parse().unwrap(),
    ])
}

fn h(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut m = HeaderMap::new();
    for (k, v) in pairs {
        m.append(*k, HeaderValue::from_str(v).unwrap());
    }
    m
}

fn client(peer: &str, headers: &HeaderMap) -> String {
    resolve(Some(peer.parse().unwrap()), headers, &trusted())
        .ip
        .to_string()
}

#[test]
fn an_untrusted_peer_is_the_client_whatever_it_sends() {
    let spoof = h(&[
        ("x-forwarded-for", "1.2.3.4"),
        ("forwarded", "for=1.2.3.4;proto=https"),
        ("x-forwarded-proto", "https"),
    ]);
    let c = resolve(Some("203.0.113.9".parse().unwrap()), &spoof, &trusted());
    assert_eq!(c.ip.to_string(), "203.0.113.9");
    assert!(!c.https);
    // Nobody trusted by default.
    let none = resolve(
        Some("127.0.0.1".parse().unwrap()),
        &spoof,
        &Default::default(),
    );
    assert_eq!(none.ip.to_string(), "127.0.0.1");
}

#[test]
fn the_rightmost_untrusted_hop_is_the_client() {
    let x = h(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.1.2.3")]);
    assert_eq!(
        client("127.0.0.1", &x),
        "203.0.113.9",
        "6.6.6.6 was the client's own claim"
    );
    let f = h(&[(
        "forwarded",
        "for=6.6.6.6, for=\"[2001:db8::1]:4711\", for=10.1.2.3",
    )]);
    assert_eq!(client("127.0.0.1", &f), "2001:db8::1");
    // All trusted: the leftmost.
    let all = h(&[("x-forwarded-for", "10.9.9.9, 10.1.2.3")]);
    assert_eq!(client("127.0.0.1", &all), "10.9.9.9");
    // No header from a trusted peer: the peer itself.
    assert_eq!(client("10.0.0.5", &HeaderMap::new()), "10.0.0.5");
    // A v4-mapped peer (a dual-stack socket) is its v4 address.
    assert_eq!(client("::ffff:127.0.0.1", &x), "203.0.113.9");
}

#[test]
fn garbage_stops_at_the_proxy_that_wrote_it() {
    assert_eq!(
        client("127.0.0.1", &h(&[("x-forwarded-for", "garbage")])),
        "127.0.0.1"
    );
    let x = h(&[("x-forwarded-for", "203.0.113.9, ???, 10.1.2.3")]);
    assert_eq!(client("127.0.0.1", &x), "10.1.2.3");
    let f = h(&[("forwarded", "for=unknown")]);
    assert_eq!(client("10.0.0.7", &f), "10.0.0.7");
}

#[test]
fn disagreeing_headers_are_both_ignored() {
    let both = h(&[
        ("x-forwarded-for", "203.0.113.9"),
        ("forwarded", "for=1.2.3.4"),
    ]);
    assert_eq!(client("127.0.0.1", &both), "127.0.0.1");
    let agree = h(&[
        ("x-forwarded-for", "203.0.113.9"),
        ("forwarded", "for=203.0.113.9"),
    ]);
    assert_eq!(client("127.0.0.1", &agree), "203.0.113.9");
}

#[test]
fn https_only_from_a_trusted_peer() {
    let x = h(&[("x-forwarded-proto", "https")]);
    assert!(resolve(Some("10.0.0.1".parse().unwrap()), &x, &trusted()).https);
    assert!(!resolve(Some("192.0.2.1".parse().unwrap()), &x, &trusted()).https);
    assert!(!resolve(None, &x, &trusted()).https);
}

#[test]
fn cookies_get_secure_once() {
    let mut m = h(&[
        ("set-cookie", "a=1; HttpOnly; SameSite=Strict"),
        ("set-cookie", "b=2; Secure"),
        ("set-cookie", "secure=3"),
    ]);
    secure_cookies(&mut m);
    let all: Vec<&str> = m
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(
        all,
        [
            "a=1; HttpOnly; SameSite=Strict; Secure",
            "b=2; Secure",
            "secure=3; Secure"
        ]
    );
}

proptest! {
    /// Whatever a trusted peer sends, the answer is the peer or an address
    /// the headers named; an untrusted peer's headers never matter.
    #[test]
    fn the_answer_is_always_a_named_address(
        xff in "[0-9a-f.:, \\[\\]]{0,40}",
        fwd in "[0-9a-f.:,;= \\[\\]\"for]{0,40}",
        v4 in any::<bool>(),
    ) {
        let headers = h(&[("x-forwarded-for", &xff), ("forwarded", &fwd)]);
        let peer: IpAddr = if v4 { "10.0.0.1".parse().unwrap() } else { "192.0.2.1".parse().unwrap() };
        let c = resolve(Some(peer), &headers, &trusted());
        if v4 {
            let named: Vec<IpAddr> = forwarded::x_forwarded_for(&headers)
                .into_iter()
                .chain(forwarded::forwarded_for(&headers))
                .filter_map(|hop| match hop { Hop::Ip(ip) => Some(ip), Hop::Unknown => None })
                .collect();
            prop_assert!(c.ip == peer || named.contains(&c.ip));
        } else {
            prop_assert_eq!(c.ip, peer);
        }
    }
}
