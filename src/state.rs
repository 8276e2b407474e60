//! `AppState`: everything a handler needs, cheap to clone. It sits below
//! the domains whose handlers use it and knows none of them; what a domain
//! caches per instance it keeps in [`Caches`] under its own type.

use crate::config::Config;
use crate::time::calendar::Calendar;
use crate::time::clock::Clock;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Everything a handler needs, cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub calendar: Arc<Calendar>,
    pub clock: Clock,
    /// Send the session cookie with `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// The domains' per-instance caches, one per type.
    pub caches: Arc<Caches>,
    /// The public check service: its in-memory index and rate limit.
    pub check: crate::check::api::CheckState,
    /// The card HMAC key (`DOZOR_CARD_KEY`); without it cards are refused.
    pub card_key: Option<Arc<dozor_indicator::model::CardKey>>,
}

impl AppState {
    pub fn new(
        db: DatabaseConnection,
        config: Config,
        calendar: Calendar,
        clock: Clock,
        secure_cookies: bool,
    ) -> AppState {
        let proxies = crate::web::client::TrustedProxies::new(&config.trusted_proxies);
        AppState {
            db,
            config: Arc::new(config),
            calendar: Arc::new(calendar),
            clock,
            secure_cookies,
            caches: Arc::default(),
            check: crate::check::api::CheckState {
                service: Arc::new(crate::check::service::CheckService::empty(None)),
                limiter: Arc::new(crate::check::limit::RateLimiter::new(60)),
                proxies,
            },
            card_key: None,
        }
    }

    /// The check service and its limit; the proxies trusted are the
    /// configured ones.
    pub fn with_check(mut self, check: crate::check::api::CheckState) -> AppState {
        self.check = crate::check::api::CheckState {
            proxies: crate::web::client::TrustedProxies::new(&self.config.trusted_proxies),
            ..check
        };
        self
    }

    pub fn with_card_key(mut self, key: Option<dozor_indicator::model::CardKey>) -> AppState {
        self.card_key = key.map(Arc::new);
        self
    }

    pub fn card_key(&self) -> Option<&dozor_indicator::model::CardKey> {
        self.card_key.as_deref()
    }

    /// Brings the check index up to date after a write of this instance, so
    /// the next check sees it; a failure only delays it to the sync loop.
    pub async fn refresh_check(&self) {
        if let Err(e) = self.check.service.sync(&self.db).await {
            tracing::warn!("check index sync after a write: {e}");
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// The per-instance caches of the domains: one value of each type, made on
/// first use, so the state needs to know no domain's cache.
#[derive(Default)]
pub struct Caches(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl Caches {
    /// The cache of type `T`, made empty on first use.
    pub fn get<T: Any + Default + Send + Sync>(&self) -> Arc<T> {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let entry = m
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        match entry.clone().downcast::<T>() {
            Ok(c) => c,
            // A TypeId names one type: the downcast cannot fail.
            Err(_) => Arc::new(T::default()),
        }
    }
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Caches")
    }
}
