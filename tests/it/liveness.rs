//! The liveness checker against local servers the tests start: HEAD and
//! GET, redirects, timeouts, refused connections, the SSRF guard. The caps,
//! the history and due selection run on both engines in `rounds`.

#[path = "liveness_rounds.rs"]
mod rounds;
#[path = "liveness_server.rs"]
mod server;

use dozor::config::registry::LivenessConfig;
use dozor::registry::liveness::run::Checker;
use dozor::registry::liveness::{Failure, Method};
use std::time::Duration;

pub fn config(concurrency: usize) -> LivenessConfig {
    LivenessConfig {
        concurrency,
        allow_private: true,
        ..LivenessConfig::default()
    }
}

pub fn checker(cfg: &LivenessConfig) -> Checker {
    Checker::with_timeout(cfg, Duration::from_millis(500)).unwrap()
}

async fn check(url: &str) -> dozor::registry::liveness::Outcome {
    checker(&config(4)).check_url(url).await
}

#[tokio::test]
async fn a_page_answering_200_is_online_by_head() {
    let s = server::start().await;
    let o = check(&s.url("/ok")).await;
    assert!(o.online, "{o:?}");
    assert_eq!(
        (o.http_status, o.method, o.failure),
        (Some(200), Some(Method::Head), None)
    );
    assert_eq!(s.requests(), ["HEAD /ok"]);
}

#[tokio::test]
async fn head_405_falls_back_to_get() {
    let s = server::start().await;
    let o = check(&s.url("/nohead")).await;
    assert!(o.online, "{o:?}");
    assert_eq!((o.http_status, o.method), (Some(200), Some(Method::Get)));
    assert_eq!(s.requests(), ["HEAD /nohead", "GET /nohead"]);
}

#[tokio::test]
async fn up_to_five_redirects_are_followed() {
    let s = server::start().await;
    for n in [3u8, 5] {
        let o = check(&s.url(&format!("/redirect/{n}"))).await;
        assert!(o.online, "{n}: {o:?}");
        assert_eq!((o.http_status, o.redirects), (Some(200), n));
    }
    assert!(s.requests().contains(&"HEAD /redirect/0".to_string()));
}

#[tokio::test]
async fn six_redirects_are_too_many() {
    let s = server::start().await;
    let o = check(&s.url("/redirect/6")).await;
    assert!(!o.online);
    assert_eq!(o.failure, Some(Failure::TooManyRedirects));
    assert_eq!(o.failure.unwrap().code(), "too_many_redirects");
    assert_eq!((o.http_status, o.redirects), (Some(302), 5));
    assert!(!s.requests().contains(&"HEAD /redirect/0".to_string()));
}

#[tokio::test]
async fn a_slow_page_times_out() {
    let s = server::start().await;
    let started = std::time::Instant::now();
    let o = check(&s.url("/slow")).await;
    assert_eq!(
        (o.online, o.failure),
        (false, Some(Failure::Timeout)),
        "{o:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "no GET retry after a timeout"
    );
    assert_eq!(s.requests(), ["HEAD /slow"]);
}

#[tokio::test]
async fn not_found_is_offline_after_asking_get_too() {
    let s = server::start().await;
    let o = check(&s.url("/gone")).await;
    assert_eq!(
        (o.online, o.http_status, o.failure),
        (false, Some(404), None)
    );
    assert_eq!(s.requests(), ["HEAD /gone", "GET /gone"]);
}

#[tokio::test]
async fn a_refused_connection_is_offline() {
    let port = server::closed_port().await;
    let o = check(&format!("http://127.0.0.1:{port}/")).await;
    assert_eq!((o.online, o.http_status), (false, None));
    assert_eq!(o.failure, Some(Failure::Connect), "{o:?}");
}

#[tokio::test]
async fn private_addresses_are_refused_by_default() {
    let s = server::start().await;
    let guarded = checker(&LivenessConfig::default());
    // A literal address, and a name that resolves to loopback.
    for url in [
        s.url("/ok"),
        s.localhost_url("/ok"),
        "http://[::1]:9/".into(),
    ] {
        let o = guarded.check_url(&url).await;
        assert_eq!(
            (o.online, o.failure),
            (false, Some(Failure::PrivateAddress)),
            "{url}"
        );
    }
    assert!(s.requests().is_empty(), "nothing reached the server");
}
