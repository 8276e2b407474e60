//! The owner and liveness parts of an indicator's page: the stored RDAP or
//! WHOIS answer as labelled facts, and the latest liveness checks.

use crate::accounts::model::CurrentUser;
use crate::db::entity::registry::indicator;
use crate::error::Result;
use crate::registry::lookup::{lookup_indicator, owner_of};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Redirect;

/// Liveness checks shown on the page.
const SHOWN_CHECKS: u64 = 20;

pub struct OwnerView {
    pub facts: Vec<(&'static str, String)>,
    pub checked_at: String,
    pub source: String,
}

pub struct LivenessRow {
    pub at: String,
    pub online: bool,
    pub detail: String,
}

fn push(facts: &mut Vec<(&'static str, String)>, label: &'static str, v: Option<&str>) {
    if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
        facts.push((label, v.to_string()));
    }
}

/// The stored RDAP/WHOIS answer as labelled facts.
pub fn owner_view(ind: &indicator::Model) -> Option<OwnerView> {
    let o = owner_of(ind)?;
    let mut facts = Vec::new();
    push(&mut facts, "Домен", Some(&o.domain));
    if !o.registered {
        facts.push(("Регистрация", "домен не зарегистрирован".into()));
    }
    push(&mut facts, "Регистратор", o.registrar.as_deref());
    push(&mut facts, "Организация", o.org.as_deref());
    push(&mut facts, "Администратор", o.person.as_deref());
    push(&mut facts, "ИНН", o.taxpayer_id.as_deref());
    let day = |v: &Option<String>| {
        v.as_deref().map(|d| {
            crate::registry::lookup::owner::day(d).map_or_else(|| d.to_string(), crate::ru::date)
        })
    };
    push(&mut facts, "Зарегистрирован", day(&o.created).as_deref());
    push(&mut facts, "Оплачен до", day(&o.paid_till).as_deref());
    push(&mut facts, "Освобождается", day(&o.free_date).as_deref());
    push(&mut facts, "Состояние", Some(&o.status.join(", ")));
    push(&mut facts, "Серверы имён", Some(&o.name_servers.join(", ")));
    push(&mut facts, "Сервер ответа", Some(&o.server));
    let tz = crate::config::DEFAULT_TIMEZONE;
    Some(OwnerView {
        facts,
        checked_at: ind
            .owner_checked_at
            .map(|t| crate::ru::datetime(t, tz))
            .unwrap_or_default(),
        source: o.source.as_str().to_string(),
    })
}

/// Asks RDAP or WHOIS who runs the site, and stores the answer.
pub async fn look_up_owner(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Redirect> {
    crate::registry::access::writer(&s, &user).await?;
    lookup_indicator(&s.db, &s.config.lookup, id, &user.actor(), s.now()).await?;
    Ok(Redirect::to(&format!("/registry/{id}")))
}

pub async fn owner_and_liveness(
    s: &AppState,
    ind: &indicator::Model,
) -> Result<(Option<OwnerView>, Vec<LivenessRow>)> {
    let tz = crate::config::DEFAULT_TIMEZONE;
    let checks = crate::registry::liveness::store::history(&s.db, ind.id, SHOWN_CHECKS).await?;
    let rows = checks
        .into_iter()
        .map(|c| LivenessRow {
            at: crate::ru::datetime(c.checked_at, tz),
            online: c.online,
            detail: crate::registry::liveness::describe(c.http_status, c.error.as_deref()),
        })
        .collect();
    Ok((owner_view(ind), rows))
}
