//! What wakes a sync: PostgreSQL's `NOTIFY dozor_registry`, sent at the
//! commit of every registry write (migration m0006), and a poll behind it.
//! A notification can be lost (the listening connection drops and
//! reconnects), so the poll stays as the safety net; the feed itself never
//! depends on either for correctness, only for how soon a write is seen.

use super::CheckService;
use crate::db::REGISTRY_CHANNEL;
use sea_orm::sqlx::postgres::{PgListener, PgPool};
use sea_orm::{DatabaseConnection, DbBackend};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Syncs `service` on every notification and at least every `every`, for
/// as long as the task runs; aborting it stops the listener too.
pub fn spawn_sync_loop(
    service: Arc<CheckService>,
    db: DatabaseConnection,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let wake = Arc::new(Notify::new());
        let _listener = (db.get_database_backend() == DbBackend::Postgres).then(|| {
            AbortOnDrop(tokio::spawn(listen(
                db.get_postgres_connection_pool().clone(),
                wake.clone(),
            )))
        });
        loop {
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                () = wake.notified() => {}
            }
            if let Err(e) = service.sync(&db).await {
                tracing::warn!(error = %e, "check index: sync failed, retrying");
            }
        }
    })
}

/// Wakes `wake` on each notification; reconnects after a failure.
async fn listen(pool: PgPool, wake: Arc<Notify>) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen(REGISTRY_CHANNEL).await {
                Ok(()) => {
                    // Whatever was sent while we were away: sync once.
                    wake.notify_one();
                    while listener.recv().await.is_ok() {
                        wake.notify_one();
                    }
                    tracing::warn!("check index: lost the NOTIFY connection, polling meanwhile");
                }
                Err(e) => tracing::warn!(error = %e, "check index: LISTEN failed"),
            },
            Err(e) => tracing::warn!(error = %e, "check index: no connection for LISTEN"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Aborts the task when dropped, so it lives no longer than its owner.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
