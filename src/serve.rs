//! `dozor serve`: open the store, load the demo when asked, listen.

use crate::accounts::store as accounts;
use crate::cli::ServeArgs;
use crate::command::Context;
use crate::time::calendar::Calendar;
use crate::{state::AppState, time::clock::Clock};
use anyhow::{Context as _, Result, bail};

/// A new, empty SQLite file for the demo, in the temporary folder.
pub fn fresh_demo_database() -> Result<String> {
    let path = std::env::temp_dir().join(format!("dozor-demo-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(format!("sqlite://{}", path.display()))
}

/// The configured calendar; the demo, whose plan is 2020's, gets the shipped
/// 2020 calendar (decree transfers, paid non-working days) when none is configured.
pub fn calendar(config: &crate::config::Config, demo: bool) -> Result<Calendar> {
    match &config.calendar {
        None if demo => {
            Calendar::from_toml(crate::demo::CALENDAR_2020).context("the shipped 2020 calendar")
        }
        _ => config.calendar(),
    }
}

pub async fn run(ctx: &Context, a: ServeArgs) -> Result<()> {
    let calendar = calendar(&ctx.config, a.demo)?;
    let db = ctx.db().await?;
    let now = chrono::Utc::now();
    if a.demo {
        eprintln!("loading the demo: the 2020 plan, municipalities, users and reports…");
        crate::demo::load(&db, &calendar, now)
            .await
            .context("cannot load the demo")?;
    }
    if accounts::count_users(&db).await? == 0 {
        bail!(
            "no users yet: create the first admin with\n  echo 'a-long-password' | dozor user add admin --role admin --password-stdin\nor start with --demo"
        );
    }
    let listener = tokio::net::TcpListener::bind(a.bind)
        .await
        .with_context(|| format!("cannot listen on {}", a.bind))?;
    let addr = listener.local_addr()?;
    println!("Dozor is serving on http://{addr}");
    if a.demo {
        println!("Demo logins (password «{}»):", crate::demo::DEMO_PASSWORD);
        for (login, name, role, _) in crate::demo::DEMO_USERS {
            println!("  {login:<12} {} — {name}", role.label());
        }
    }
    // The background loops, stopped once the server has drained.
    let mut loops = Vec::new();
    let store = crate::accounts::session_store::DbSessionStore::new(db.clone());
    loops.push(tokio::spawn(async move {
        loop {
            let _ = store.delete_expired(chrono::Utc::now()).await;
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    }));
    let (reminder_db, reminder_cal, reminder_cfg) =
        (db.clone(), calendar.clone(), ctx.config.clone());
    loops.push(tokio::spawn(async move {
        loop {
            crate::control::notify::tick(
                &reminder_db,
                &reminder_cal,
                &reminder_cfg,
                chrono::Utc::now(),
            )
            .await;
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    }));
    // The demo's sites are made up: checking them would only ask DNS.
    if a.demo {
        eprintln!("liveness checks: off in the demo");
    } else if ctx.config.liveness.enabled {
        loops.push(crate::registry::liveness::run::spawn_liveness_loop(
            db.clone(),
            ctx.config.liveness.clone(),
            Clock::System,
        ));
    }
    let card_key = crate::registry::commands::card_key()?;
    let service = std::sync::Arc::new(
        crate::check::service::CheckService::load(&db, card_key.clone()).await?,
    );
    eprintln!("check index: {} indicators", service.len());
    loops.push(crate::check::service::spawn_sync_loop(
        service.clone(),
        db.clone(),
        std::time::Duration::from_secs(1),
    ));
    let check = crate::check::api::CheckState::new(
        service,
        std::sync::Arc::new(crate::check::limit::RateLimiter::new(a.check_rate_limit)),
    );
    let state = AppState::new(
        db,
        ctx.config.clone(),
        calendar,
        Clock::System,
        a.secure_cookies,
    )
    .with_check(check)
    .with_card_key(card_key);
    crate::app::serve(listener, state).await?;
    for task in loops {
        task.abort();
    }
    eprintln!("Dozor stopped");
    Ok(())
}
