//! Finding out who is behind a site (measure 10): which domain to ask about,
//! which protocol its registry speaks, and storing the answer on the
//! indicator with the time of the look-up and an audit entry.

pub mod owner;
pub mod rdap;
pub mod whois;

use crate::accounts::audit;
use crate::actor::Actor;
use crate::config::registry::LookupConfig;
use crate::db::entity::registry::indicator;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use dozor_indicator::model::Kind;
use owner::Owner;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use serde_json::json;

/// The protocol a zone's registry answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Whois,
    Rdap,
}

/// TCI runs .ru, .рф and .su and publishes WHOIS only; every gTLD and most
/// other zones answer RDAP.
pub fn method_for(domain: &str) -> Method {
    let tld = domain
        .trim_end_matches('.')
        .rsplit('.')
        .next()
        .unwrap_or_default();
    match tld.to_ascii_lowercase().as_str() {
        "ru" | "su" | "xn--p1ai" => Method::Whois,
        _ => Method::Rdap,
    }
}

const ONLY_SITES: &str = "Владелец устанавливается только для сайтов и доменов";

/// The domain to ask a registry about for an indicator: the registered
/// name of a domain or of a URL's host (`shop.example.ru` → `example.ru`,
/// `https://evil.github.io/x` → `github.io`).
pub fn domain_of(kind: Kind, canonical: &str) -> Result<String> {
    let host = match kind {
        Kind::Domain => canonical,
        Kind::Url => url_host(canonical),
        _ => return Err(Error::Invalid(ONLY_SITES.into())),
    };
    if host.starts_with('[') || host.parse::<std::net::IpAddr>().is_ok() {
        return Err(Error::Invalid(format!(
            "{ONLY_SITES}: у ссылки вместо имени сайта IP-адрес"
        )));
    }
    registry_domain(host)
        .ok_or_else(|| Error::Invalid(format!("«{host}» — не имя сайта в известной доменной зоне")))
}

/// The host of a canonical URL (`http://host/path`, or the scheme-less
/// stored key `host/path`).
fn url_host(canonical: &str) -> &str {
    let rest = canonical.split_once("://").map_or(canonical, |(_, r)| r);
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

/// The name held at a registry: one label under the longest ICANN public
/// suffix. Unlike `indicator::domain::registrable`, private suffixes (github.io,
/// narod.ru) do not count: no registry knows their sub-sites, and the
/// hosting company that holds the parent name is the one to ask.
fn registry_domain(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let ldh = |l: &&str| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if labels.len() < 2 || !labels.iter().all(ldh) {
        return None;
    }
    let icann = (1..labels.len())
        .filter(|&k| {
            let tail = labels.get(labels.len() - k..).unwrap_or_default().join(".");
            psl::suffix(tail.as_bytes()).is_some_and(|s| {
                s.is_known()
                    && s.typ() == Some(psl::Type::Icann)
                    && s.as_bytes().len() == tail.len()
            })
        })
        .max()?;
    Some(labels.get(labels.len() - icann - 1..)?.join("."))
}

/// A failure of a remote server, in Russian and naming it: the user can
/// tell "the registry is down" from "the name is wrong". There is no 502
/// variant of `Error` (yet), so it is reported as unprocessable.
pub fn upstream_error(protocol: &str, server: &str, why: &str) -> Error {
    Error::Invalid(format!("Сервер {protocol} {server} не дал ответа: {why}"))
}

/// Looks up a registered domain (punycode or Unicode) at its registry.
pub async fn lookup_domain(cfg: &LookupConfig, domain: &str) -> Result<Owner> {
    match method_for(domain) {
        Method::Whois => whois::lookup(&cfg.whois_server, domain, cfg.timeout()).await,
        Method::Rdap => rdap::lookup(&cfg.rdap_base, domain, cfg.timeout()).await,
    }
}

/// The stored look-up result of an indicator, if any and readable.
pub fn owner_of(model: &indicator::Model) -> Option<Owner> {
    serde_json::from_str(model.owner.as_deref()?).ok()
}

/// Looks up the owner of an indicator's site and stores it with `now` as
/// the time of the look-up. The network is asked outside any transaction
/// (a slow registry must not hold the database); on failure nothing is written.
pub async fn lookup_indicator(
    db: &DatabaseConnection,
    cfg: &LookupConfig,
    indicator_id: i32,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Owner> {
    let not_found = || Error::NotFound("Нет такого ресурса в реестре".into());
    let ind = indicator::Entity::find_by_id(indicator_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let kind = Kind::parse(&ind.kind).ok_or_else(|| Error::Invalid(ONLY_SITES.into()))?;
    let domain = domain_of(kind, &ind.canonical)?;
    let owner = lookup_domain(cfg, &domain).await?;
    let stored = serde_json::to_string(&owner)?;

    let txn = crate::db::begin(db).await?;
    // Read again: the indicator may have changed (or gone) while we waited.
    let ind = indicator::Entity::find_by_id(indicator_id)
        .one(&txn)
        .await?
        .ok_or_else(not_found)?;
    let previous = ind
        .owner
        .as_deref()
        .map(|s| serde_json::from_str::<serde_json::Value>(s).unwrap_or_else(|_| json!(s)));
    let before = json!({"owner": previous, "owner_checked_at": ind.owner_checked_at});
    let after = json!({"owner": owner, "owner_checked_at": now});
    let mut a: indicator::ActiveModel = ind.into();
    a.owner = Set(Some(stored));
    a.owner_checked_at = Set(Some(now));
    a.update(&txn).await?;
    audit::record(
        &txn,
        now,
        audit::Entry::change(
            &actor.login,
            "indicator.owner",
            "indicator",
            indicator_id,
            Some(before),
            Some(after),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(owner)
}

#[cfg(test)]
mod tests;
