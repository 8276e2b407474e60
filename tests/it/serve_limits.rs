//! The accept loop on a real socket: a client trickling its headers is cut
//! off, and a shutdown lets requests in flight finish, within a bound.

use crate::helpers::sqlite;
use crate::web_client::App;
use dozor::app::listen::{Limits, serve_until};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

async fn start(
    limits: Limits,
) -> (
    std::net::SocketAddr,
    oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let t = sqlite().await;
    let app = App::new(&t).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _keep = t;
        serve_until(listener, app.router, limits, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    (addr, stop, server)
}

/// Reads until the server closes; how long that took, or `None` if it did not.
async fn closed_within(s: &mut TcpStream, limit: Duration) -> Option<(Duration, String)> {
    let started = Instant::now();
    let mut out = Vec::new();
    let read = tokio::time::timeout(limit, s.read_to_end(&mut out)).await;
    read.ok().map(|_| {
        (
            started.elapsed(),
            String::from_utf8_lossy(&out).into_owned(),
        )
    })
}

#[tokio::test]
async fn a_client_trickling_headers_is_cut_off() {
    let limits = Limits {
        header_read: Duration::from_millis(500),
        grace: Duration::from_secs(5),
    };
    let (addr, _stop, _server) = start(limits).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Still trickling: one more header line, never the end.
        if s.write_all(b"X-Slow: 1\r\n").await.is_err() {
            break;
        }
    }
    let closed = closed_within(&mut s, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "the connection is still open after 6 s");
    // A prompt client on the same server is served.
    let mut ok = TcpStream::connect(addr).await.unwrap();
    ok.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (_, answer) = closed_within(&mut ok, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// The login form's double-submit token, as a cookie and a field.
const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// Sends the head of a sign-in POST and the first bytes of its body: the
/// server must read the whole body (for the CSRF field) before answering.
async fn slow_post(addr: std::net::SocketAddr, body: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: dozor_csrf={TOKEN}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&body.as_bytes()[..4]).await.unwrap();
    s
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish() {
    let (addr, stop, server) = start(Limits::default()).await;
    let body = format!("login=coord&password=wrong&csrf={TOKEN}");
    let body = body.as_str();
    let mut s = slow_post(addr, body).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no new connections after the signal"
    );
    s.write_all(&body.as_bytes()[4..]).await.unwrap();
    let (_, answer) = closed_within(&mut s, Duration::from_secs(5)).await.unwrap();
    // Signed in or not, what matters is that it was answered at all.
    assert!(answer.starts_with("HTTP/1.1 401"), "answered: {answer:?}");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server ends once the request is done")
        .unwrap();
}

#[tokio::test]
async fn shutdown_waits_no_longer_than_the_grace_period() {
    let limits = Limits {
        header_read: Duration::from_secs(10),
        grace: Duration::from_millis(500),
    };
    let (addr, stop, server) = start(limits).await;
    let body = format!("login=coord&password=never-finished&csrf={TOKEN}");
    let mut stuck = slow_post(addr, &body).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server gives up on the stuck request")
        .unwrap();
    let waited = started.elapsed();
    let got = closed_within(&mut stuck, Duration::from_secs(1)).await;
    assert!(waited >= Duration::from_millis(400), "{waited:?} {got:?}");
}
