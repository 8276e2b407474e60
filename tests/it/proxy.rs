//! Behind a TLS proxy: the client a trusted proxy names keys the check
//! API's limit, HTTPS it reports gets `Secure` cookies and HSTS, and the
//! same headers from anyone else change nothing.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::{App, PASSWORD};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use dozor::check::api::CheckState;
use dozor::check::limit::RateLimiter;
use dozor::check::service::CheckService;
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

on_both_engines!(
    the_check_limit_keys_on_the_client_a_trusted_proxy_names,
    https_from_a_trusted_proxy_marks_cookies_secure,
);

async fn proxied_app(t: &TestDb, per_minute: u32) -> Router {
    let app = App::with_config(t, |c| {
        c.trusted_proxies = vec![
            "127.0.0.1/32".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ];
    })
    .await;
    let state = app.state.clone().with_check(CheckState::new(
        Arc::new(CheckService::empty(None)),
        Arc::new(RateLimiter::new(per_minute)),
    ));
    dozor::app::router(state)
}

async fn send(
    router: &Router,
    path: &str,
    peer: &str,
    headers: &[(&str, &str)],
) -> axum::response::Response {
    let mut b = Request::get(path).extension(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    router
        .clone()
        .oneshot(b.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn check(router: &Router, peer: &str, headers: &[(&str, &str)]) -> StatusCode {
    send(router, "/api/v1/check?q=a.ru", peer, headers)
        .await
        .status()
}

async fn the_check_limit_keys_on_the_client_a_trusted_proxy_names(t: &TestDb) {
    let router = proxied_app(t, 1).await;
    let proxy = "127.0.0.1:40000";
    let a = [("x-forwarded-for", "203.0.113.5")];
    let b = [("forwarded", "for=\"[2001:db8::5]:4711\"")];
    assert_eq!(check(&router, proxy, &a).await, StatusCode::OK);
    assert_eq!(
        check(&router, proxy, &a).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        check(&router, proxy, &b).await,
        StatusCode::OK,
        "another citizen"
    );
    // Two proxies deep: the hop before them.
    let chain = [("x-forwarded-for", "6.6.6.6, 198.51.100.9, 10.1.2.3")];
    assert_eq!(check(&router, proxy, &chain).await, StatusCode::OK);
    let same = [("x-forwarded-for", "7.7.7.7, 198.51.100.9")];
    assert_eq!(
        check(&router, proxy, &same).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the client's own claim on the left does not count"
    );
    // Not trusted: the header is the client's word, and ignored.
    let stranger = "192.0.2.44:5555";
    let spoof = |ip: &'static str| [("x-forwarded-for", ip)];
    assert_eq!(
        check(&router, stranger, &spoof("203.0.113.77")).await,
        StatusCode::OK
    );
    assert_eq!(
        check(&router, stranger, &spoof("203.0.113.78")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Garbage from the proxy: the proxy's own budget, not a panic.
    let junk = [("x-forwarded-for", "\"]]:;, not an address")];
    assert_eq!(check(&router, "10.9.9.9:1", &junk).await, StatusCode::OK);
    assert_eq!(
        check(&router, "10.9.9.9:1", &junk).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

fn cookie(res: &axum::response::Response) -> String {
    cookies(res.headers()).join("\n")
}

fn cookies(headers: &axum::http::HeaderMap) -> Vec<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

async fn https_from_a_trusted_proxy_marks_cookies_secure(t: &TestDb) {
    let app = App::with_config(t, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let via_https = |peer: &str| {
        app.client_from(peer)
            .with_header("x-forwarded-proto", "https")
            .with_header("x-forwarded-for", "203.0.113.5")
    };
    // The login form's cookie, then the session's.
    let mut c = via_https("127.0.0.1:40000");
    let r = c.get("/login").await;
    let hsts = r.headers.get(header::STRICT_TRANSPORT_SECURITY);
    assert_eq!(hsts.unwrap(), "max-age=31536000");
    let form = cookies(&r.headers);
    assert!(
        !form.is_empty() && form.iter().all(|c| c.ends_with("; Secure")),
        "{form:?}"
    );
    let r = c.login("coord", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let session = cookies(&r.headers);
    assert!(
        session
            .iter()
            .any(|c| c.starts_with("dozor_session=") && c.ends_with("; Secure")),
        "{session:?}"
    );
    // RFC 7239 says the same.
    let router = app.router.clone();
    let fwd = [("forwarded", "for=203.0.113.5;proto=https")];
    let res = send(&router, "/login", "127.0.0.1:40000", &fwd).await;
    assert!(cookie(&res).ends_with("; Secure"), "{}", cookie(&res));
    // Plain HTTP through the proxy, or HTTPS claimed by a stranger: neither.
    for mut c in [
        app.client_from("127.0.0.1:40000")
            .with_header("x-forwarded-proto", "http"),
        via_https("192.0.2.44:5555"),
    ] {
        let r = c.login("coord", PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let session = cookies(&r.headers);
        assert!(
            session.iter().any(|c| c.starts_with("dozor_session=")),
            "{session:?}"
        );
        assert!(session.iter().all(|c| !c.contains("Secure")), "{session:?}");
        assert!(r.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
    }
}

/// `--secure-cookies` says TLS is in front whatever the headers: HSTS too.
#[tokio::test]
async fn secure_cookies_send_hsts_on_every_response() {
    let t = crate::helpers::sqlite().await;
    let app = App::new(&t).await;
    let mut state = app.state.clone();
    state.secure_cookies = true;
    let router = dozor::app::router(state);
    let res = send(&router, "/login", "192.0.2.44:5555", &[]).await;
    let c = cookie(&res);
    assert!(c.contains("Secure"), "{c}");
    assert_eq!(c.matches("Secure").count(), 1, "{c}");
    assert!(
        res.headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_some()
    );
    t.close().await;
}
