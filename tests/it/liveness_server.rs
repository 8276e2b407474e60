//! A local site for the liveness tests, on 127.0.0.1 only: plain pages, a
//! HEAD-hostile page, redirect chains, a slow page, and a page that counts
//! how many requests are in flight per `Host` and overall.

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Default)]
struct Stats {
    log: Mutex<Vec<String>>,
    /// In flight now and at most, per `Host` header; the "" key is the total.
    in_flight: Mutex<HashMap<String, usize>>,
    peak: Mutex<HashMap<String, usize>>,
}

pub struct Server {
    pub addr: SocketAddr,
    stats: Arc<Stats>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The same page by the name `localhost`: another host to the checker.
    pub fn localhost_url(&self, path: &str) -> String {
        format!("http://localhost:{}{path}", self.addr.port())
    }

    /// "METHOD /path" of every request, in order.
    pub fn requests(&self) -> Vec<String> {
        self.stats.log.lock().unwrap().clone()
    }

    /// The most `/busy` requests in flight at once for any one host.
    pub fn peak_per_host(&self) -> usize {
        let peak = self.stats.peak.lock().unwrap();
        peak.iter()
            .filter(|(k, _)| !k.is_empty())
            .map(|(_, v)| *v)
            .max()
            .unwrap_or(0)
    }

    /// The most `/busy` requests in flight at once over all hosts.
    pub fn peak_total(&self) -> usize {
        self.stats
            .peak
            .lock()
            .unwrap()
            .get("")
            .copied()
            .unwrap_or(0)
    }
}

pub async fn start() -> Server {
    let stats = Arc::new(Stats::default());
    let app = Router::new()
        .route("/ok", get(|| async { "ok" }))
        .route(
            "/nohead",
            get(|| async { "ok" }).head(|| async { StatusCode::METHOD_NOT_ALLOWED }),
        )
        .route("/redirect/{n}", get(redirect))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                "late"
            }),
        )
        .route("/busy/{id}", get(busy))
        .fallback(|| async { (StatusCode::NOT_FOUND, "нет такой страницы") })
        .layer(middleware::from_fn_with_state(stats.clone(), log))
        .with_state(stats.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Server { addr, stats, task }
}

/// A port nobody listens on.
pub async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

async fn log(State(stats): State<Arc<Stats>>, req: Request, next: Next) -> Response {
    let line = format!("{} {}", req.method(), req.uri().path());
    stats.log.lock().unwrap().push(line);
    next.run(req).await
}

/// `/redirect/n` sends to `/redirect/n-1` by a relative `Location`; 0 is the page.
async fn redirect(Path(n): Path<u32>) -> Response {
    match n.checked_sub(1) {
        Some(next) => (StatusCode::FOUND, [(header::LOCATION, next.to_string())]).into_response(),
        None => "arrived".into_response(),
    }
}

async fn busy(State(stats): State<Arc<Stats>>, headers: HeaderMap) -> &'static str {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("?")
        .to_string();
    let keys = [host, String::new()];
    {
        let mut now = stats.in_flight.lock().unwrap();
        let mut peak = stats.peak.lock().unwrap();
        for k in &keys {
            let n = now.entry(k.clone()).or_default();
            *n += 1;
            let p = peak.entry(k.clone()).or_default();
            *p = (*p).max(*n);
        }
    }
    tokio::time::sleep(Duration::from_millis(80)).await;
    let mut now = stats.in_flight.lock().unwrap();
    for k in &keys {
        if let Some(n) = now.get_mut(k) {
            *n -= 1;
        }
    }
    "busy"
}
