//! Tests of the liveness rules: online statuses, HEAD then GET, redirects,
//! the URL a check fetches, and properties.

use super::*;
use proptest::prelude::*;

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

#[test]
fn online_statuses() {
    for s in [200, 204, 300, 304, 401, 403, 407, 429] {
        assert!(is_online_status(s), "{s}");
    }
    for s in [400, 404, 410, 451, 500, 502, 503, 599] {
        assert!(!is_online_status(s), "{s}");
    }
}

#[test]
fn head_gets_a_second_opinion_unless_unreachable() {
    assert!(retry_with_get(Ok(405)));
    assert!(retry_with_get(Ok(501)));
    assert!(retry_with_get(Ok(404)));
    assert!(retry_with_get(Err(Failure::Request)));
    assert!(!retry_with_get(Ok(200)));
    assert!(!retry_with_get(Ok(403)));
    for f in [
        Failure::Dns,
        Failure::Connect,
        Failure::Timeout,
        Failure::Tls,
    ] {
        assert!(!retry_with_get(Err(f)), "{f:?}");
    }
    assert!(!retry_with_get(Err(Failure::PrivateAddress)));
}

#[test]
fn redirects_resolve_relative_to_the_current_url() {
    let base = url("http://a.example/x/y?q=1");
    let go = |loc: &str| resolve_location(&base, loc.as_bytes()).map(|u| u.to_string());
    assert_eq!(go("/z").unwrap(), "http://a.example/z");
    assert_eq!(go("z").unwrap(), "http://a.example/x/z");
    assert_eq!(go("../w#frag").unwrap(), "http://a.example/w");
    assert_eq!(go("//b.example/p").unwrap(), "http://b.example/p");
    assert_eq!(
        go("https://c.example:8443/").unwrap(),
        "https://c.example:8443/"
    );
    assert_eq!(go("?n=2").unwrap(), "http://a.example/x/y?n=2");
    assert_eq!(go("ftp://x/"), Err(Failure::BadRedirect));
    assert_eq!(go("javascript:alert(1)"), Err(Failure::BadRedirect));
    assert_eq!(go("http://"), Err(Failure::BadRedirect));
    let utf8 = resolve_location(&base, "/путь".as_bytes()).unwrap();
    assert_eq!(utf8.path(), "/%D0%BF%D1%83%D1%82%D1%8C");
    let latin1 = resolve_location(&base, b"/caf\xe9").unwrap();
    assert_eq!(latin1.path(), "/caf%E9");
}

#[test]
fn redirect_limit() {
    let base = url("http://a.example/");
    assert_eq!(
        after_response(&base, 302, Some(b"/n"), 0),
        Next::Follow(url("http://a.example/n"))
    );
    assert_eq!(
        after_response(&base, 308, Some(b"/n"), MAX_REDIRECTS),
        Next::Fail(Failure::TooManyRedirects)
    );
    // A redirect without a Location is a plain 3xx answer: online.
    assert_eq!(after_response(&base, 302, None, 0), Next::Done(true));
    assert_eq!(after_response(&base, 200, Some(b"/n"), 0), Next::Done(true));
    assert_eq!(after_response(&base, 404, None, 3), Next::Done(false));
}

#[test]
fn fetch_url_keeps_the_raw_port() {
    let u = fetch_url("http://127.0.0.1/ok", "http://127.0.0.1:8080/ok").unwrap();
    assert_eq!(u.as_str(), "http://127.0.0.1:8080/ok");
    let u = fetch_url("http://evil.example/a", "evil.example:81/a").unwrap();
    assert_eq!(u.as_str(), "http://evil.example:81/a");
    let u = fetch_url("https://[::1]/", "https://user:pw@[::1]:8443/").unwrap();
    assert_eq!(u.as_str(), "https://[::1]:8443/");
    // A raw value of another URL lends no port.
    let u = fetch_url("http://evil.example/a", "http://other.example:81/a").unwrap();
    assert_eq!(u.as_str(), "http://evil.example/a");
    // A `://` in the query is no scheme.
    let u = fetch_url(
        "http://e.example/?u=http://x:99/",
        "e.example/?u=http://x:99/",
    )
    .unwrap();
    assert_eq!(u.port(), None);
    assert_eq!(
        fetch_url("ftp://e.example/", "ftp://e.example/"),
        Err(Failure::UnsupportedScheme)
    );
    assert_eq!(fetch_url("http://", ""), Err(Failure::BadUrl));
}

#[test]
fn literal_hosts_meet_the_guard() {
    let refused = |s: &str| literal_host_allowed(&url(s), false);
    assert_eq!(refused("http://127.0.0.1:9/"), Err(Failure::PrivateAddress));
    assert_eq!(
        refused("http://[::ffff:7f00:1]/"),
        Err(Failure::PrivateAddress)
    );
    assert_eq!(refused("http://0x7f.1/"), Err(Failure::PrivateAddress));
    assert_eq!(refused("http://8.8.8.8/"), Ok(()));
    // Names are the resolver's business.
    assert_eq!(refused("http://localhost/"), Ok(()));
    assert_eq!(
        literal_host_allowed(&url("http://127.0.0.1/"), true),
        Ok(())
    );
}

#[test]
fn statuses_and_codes() {
    assert!(is_watched(Status::Active) && is_watched(Status::Blocked));
    assert!(!is_watched(Status::Inaccessible) && !is_watched(Status::Restored));
    for f in Failure::ALL {
        assert_eq!(Failure::parse(f.code()), Some(f));
    }
    assert_eq!(describe(Some(404), None), "HTTP 404");
    assert_eq!(describe(None, Some("timeout")), "сервер не ответил вовремя");
    assert_eq!(
        describe(Some(302), Some("too_many_redirects")),
        "слишком много перенаправлений (HTTP 302)"
    );
    assert_eq!(describe(None, Some("старый текст")), "старый текст");
}

proptest! {
    #[test]
    fn nothing_panics_on_arbitrary_locations(
        base in "(http|https)://[a-z0-9.:\\[\\]@%-]{0,30}/[ -~]{0,30}",
        location in proptest::collection::vec(any::<u8>(), 0..80),
        status in 100u16..1000,
        hop in 0u8..8,
    ) {
        if let Ok(base) = Url::parse(&base) {
            let _ = after_response(&base, status, Some(&location), hop);
            if let Ok(next) = resolve_location(&base, &location) {
                prop_assert!(matches!(next.scheme(), "http" | "https"));
                prop_assert!(next.fragment().is_none());
                let _ = literal_host_allowed(&next, false);
            }
        }
    }

    #[test]
    fn nothing_panics_on_arbitrary_stored_values(canonical in "\\PC{0,60}", raw in "\\PC{0,60}") {
        let _ = fetch_url(&canonical, &raw);
        let _ = fetch_url(&format!("http://{canonical}"), &raw);
        let _ = urls::raw_port(&raw);
        let _ = describe(None, Some(&raw));
    }
}
