//! Measures how soon a registry write is listed by the check index of every
//! instance: two servers over one PostgreSQL database (each with its own
//! pool, index, NOTIFY listener and 1 s poll, as `dozor serve` runs), batch
//! writes through one's API and single writes through the other's, for a
//! bounded time. The lag of a value is from its POST's answer to the moment
//! the *other* instance lists it. Prints p50, p90, p99 and max.
//!
//!     cargo run --release --example sync_lag -- [ADMIN_URL] [SECONDS]
//!
//! ADMIN_URL defaults to postgres://postgres@127.0.0.1:5432/test; a fresh
//! database is made next to it and dropped at the end.

use dozor::accounts::model::{Role, new_api_token};
use dozor::accounts::store::{NewUser, create_token, create_user};
use dozor::check::service::{CheckService, spawn_sync_loop};
use dozor::{state::AppState, time::clock::Clock};
use sea_orm::ConnectionTrait;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Pending = Arc<Mutex<Vec<(String, Instant, Arc<CheckService>)>>>;

async fn instance(url: &str) -> anyhow::Result<(Arc<CheckService>, String)> {
    let db = dozor::db::connect(url).await?;
    let service = Arc::new(CheckService::load(&db, None).await?);
    spawn_sync_loop(service.clone(), db.clone(), Duration::from_secs(1));
    let config = dozor::config::Config::load(&dozor::config::Overrides {
        database_url: Some(url.to_string()),
        ..Default::default()
    })?;
    let check = dozor::check::api::CheckState::new(
        service.clone(),
        Arc::new(dozor::check::limit::RateLimiter::new(0)),
    );
    let state =
        AppState::new(db, config, Default::default(), Clock::System, false).with_check(check);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(dozor::app::serve(listener, state));
    Ok((service, format!("http://{addr}/api/v1/indicators")))
}

/// One writer: batches of `size` values to `url`, a pause between them.
struct Writer {
    url: String,
    token: String,
    size: usize,
    pause: Duration,
    /// The instance that must list what this one writes.
    other: Arc<CheckService>,
    tag: &'static str,
}

/// Writes until `until`, queueing each value to be watched on `w.other`.
async fn writer(w: Writer, pending: Pending, until: Instant) -> anyhow::Result<usize> {
    let Writer {
        url,
        token,
        size,
        pause,
        other,
        tag,
    } = w;
    let http = reqwest::Client::new();
    let mut n = 0;
    while Instant::now() < until {
        let values: Vec<String> = (0..size).map(|i| format!("lag-{tag}-{n}-{i}.ru")).collect();
        let body = serde_json::json!({"values": values, "category": "phishing"});
        let res = http
            .post(&url)
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "write failed: {}", res.status());
        let answered = Instant::now();
        {
            let mut p = pending.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
            p.extend(values.into_iter().map(|v| (v, answered, other.clone())));
        }
        n += 1;
        tokio::time::sleep(pause).await;
    }
    Ok(n * size)
}

/// Watches the queued values every millisecond, until the writers are
/// done and every value is listed (or 15 s more have passed); their lags.
async fn watch(pending: Pending, done: Arc<AtomicBool>) -> Vec<Duration> {
    let mut lags = Vec::new();
    let mut give_up: Option<Instant> = None;
    loop {
        let now = Instant::now();
        let empty = match pending.lock() {
            Ok(mut p) => {
                p.retain(|(v, at, s)| {
                    let listed = s.check(v).listed;
                    if listed {
                        lags.push(now.duration_since(*at));
                    }
                    !listed
                });
                p.is_empty()
            }
            Err(_) => true,
        };
        if done.load(Ordering::Acquire) {
            let give_up = *give_up.get_or_insert(now + Duration::from_secs(15));
            if empty || now > give_up {
                return lags;
            }
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    tracing_subscriber::fmt().with_env_filter("warn").init();
    let args: Vec<String> = std::env::args().collect();
    let admin_url = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".into());
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let name = format!("dozor_lag_{}", std::process::id());
    let admin = dozor::db::connect(&admin_url).await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await?;
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(b, _)| b);
    let url = format!("{base}/{name}");
    let db = dozor::db::open(&url).await?;
    dozor::agency::store::seed_builtin_agencies(&db, chrono::Utc::now()).await?;
    let user = NewUser {
        login: "lag",
        display_name: "lag",
        role: Role::Coordinator,
        agency_id: None,
        email: None,
        password: "a-long-bench-password",
    };
    let id = create_user(
        &db,
        &user,
        chrono::Utc::now(),
        &dozor::actor::Actor::named("bench"),
    )
    .await?;
    let token = new_api_token();
    create_token(
        &db,
        id,
        "bench",
        &token,
        chrono::Utc::now(),
        &dozor::actor::Actor::named("bench"),
    )
    .await?;
    let (sa, ua) = instance(&url).await?;
    let (sb, ub) = instance(&url).await?;
    let pending: Pending = Arc::default();
    let until = Instant::now() + Duration::from_secs(seconds);
    let done = Arc::new(AtomicBool::new(false));
    let watcher = tokio::spawn(watch(pending.clone(), done.clone()));
    let batch = Writer {
        url: ua,
        token: token.clone(),
        size: 500,
        pause: Duration::from_millis(100),
        other: sb.clone(),
        tag: "a",
    };
    let single = Writer {
        url: ub,
        token,
        size: 1,
        pause: Duration::from_millis(10),
        other: sa.clone(),
        tag: "b",
    };
    let (batches, singles) = tokio::join!(
        writer(batch, pending.clone(), until),
        writer(single, pending.clone(), until),
    );
    done.store(true, Ordering::Release);
    let written = batches? + singles?;
    let mut lags = watcher.await?;
    let missing = written - lags.len();
    lags.sort();
    let at = |q: f64| {
        lags.get(((lags.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{written} values written in {seconds} s; listed by the other instance: {}, missing after 15 s: {missing}",
        lags.len()
    );
    println!(
        "lag: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.9).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        lags.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    drop(db);
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await;
    Ok(())
}
