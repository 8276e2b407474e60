//! Times loading the check index from a store, as the server does at
//! start, and prints the memory it took: the "index" figure of the
//! registry benchmark (`scripts/bench-registry.sh`).
//!
//!     cargo run --release --example check_load -- sqlite:///tmp/registry.db [VALUE]

use dozor::check::service::CheckService;
use std::time::Instant;

/// A line of `/proc/self/status` (VmRSS, VmHWM), or "?" off Linux.
fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .map_or_else(
            || format!("{field}: ?"),
            |l| l.split_whitespace().collect::<Vec<_>>().join(" "),
        )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .ok_or_else(|| anyhow::anyhow!("usage: check_load DATABASE_URL [VALUE]"))?;
    let db = dozor::db::connect(url).await?;
    let before = status("VmRSS");
    let started = Instant::now();
    let service = CheckService::load(&db, None).await?;
    let elapsed = started.elapsed();
    println!(
        "index: {} indicators loaded in {:.2} s; {}; peak {} (before the load: {before})",
        service.len(),
        elapsed.as_secs_f64(),
        status("VmRSS"),
        status("VmHWM"),
    );
    if let Some(value) = args.get(2) {
        println!("{}", serde_json::to_string(&service.check(value))?);
    }
    Ok(())
}
