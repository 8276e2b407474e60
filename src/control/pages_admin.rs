//! Handlers for the coordinator's controls over time: locking and
//! unlocking a period, and extensions (asked by executors, decided by the
//! coordinator).

use super::current::report_href;
use super::store::Key;
use super::store_admin;
use crate::accounts::model::CurrentUser;
use crate::error::{Error, FieldErrors, Result};
use crate::plan::current::chosen_plan;
use crate::state::AppState;
use crate::time::period::Period;
use axum::extract::{Form, Path, State};
use axum::response::Redirect;
use chrono::NaiveDate;
use serde::Deserialize;

fn period(p: &str) -> Result<Period> {
    Period::parse(p).map_err(|_| Error::NotFound("Нет такого отчётного периода".into()))
}

/// Back to the dashboard, narrowed to the plan whose period it was.
fn back_to_dashboard(plan: i32, p: Period) -> Redirect {
    Redirect::to(&format!("/dashboard?plan={plan}&period={p}"))
}

/// The dashboard's section says whose period it is; without it, the plan
/// imported last (as the CLI does).
#[derive(Deserialize)]
pub struct LockForm {
    #[serde(default, deserialize_with = "super::current::empty_none")]
    plan: Option<i32>,
    /// The box «отчёты за период больше не изменятся»: closing is not
    /// undone by a click, so the page asks for it.
    confirm: Option<String>,
}

pub async fn lock(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(p): Path<String>,
    Form(f): Form<LockForm>,
) -> Result<Redirect> {
    let p = period(&p)?;
    if f.confirm.is_none() {
        return Err(Error::Invalid(
            "Подтвердите закрытие периода: отметьте, что отчёты и решения по нему больше не изменятся".into(),
        ));
    }
    let plan = chosen_plan(&s, f.plan).await?;
    store_admin::lock(&s.db, &user, plan.id, p, s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    Ok(back_to_dashboard(plan.id, p))
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
    #[serde(default, deserialize_with = "super::current::empty_none")]
    plan: Option<i32>,
}

pub async fn unlock(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(p): Path<String>,
    Form(f): Form<ReasonForm>,
) -> Result<Redirect> {
    let p = period(&p)?;
    let plan = chosen_plan(&s, f.plan).await?;
    store_admin::unlock(&s.db, &user, plan.id, p, &f.reason, s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    Ok(back_to_dashboard(plan.id, p))
}

#[derive(Deserialize)]
pub struct ExtensionForm {
    new_due: String,
    #[serde(default)]
    reason: String,
}

pub async fn request_extension(
    State(s): State<AppState>,
    session: tower_sessions::Session,
    user: CurrentUser,
    Path((m, a, p)): Path<(i32, i32, String)>,
    Form(f): Form<ExtensionForm>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    let key = Key {
        measure_id: m,
        agency_id: a,
        period: period(&p)?,
    };
    let asked = NaiveDate::parse_from_str(f.new_due.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(f.new_due.trim(), "%d.%m.%Y"));
    let done = match asked {
        Ok(new_due) => store_admin::request_extension(
            &s.db,
            &s.calendar,
            &user,
            key,
            new_due,
            &f.reason,
            s.now(),
        )
        .await
        .map(|_| ()),
        Err(_) => {
            let mut bad = FieldErrors::new(store_admin::EXTENSION_REFUSED);
            bad.push("new_due", "Укажите новый срок датой, например 20.10.2020");
            if f.reason.trim().is_empty() {
                bad.push("reason", "Укажите причину продления");
            }
            Err(Error::Fields(bad))
        }
    };
    match done {
        Ok(()) => Ok(Redirect::to(&report_href(key)).into_response()),
        // The report page again, the request as typed and why it was refused.
        Err(e @ (Error::Fields(_) | Error::Locked(_) | Error::Conflict(_))) => {
            let typed = super::pages::ExtensionTyped {
                new_due: f.new_due,
                reason: f.reason,
            };
            super::pages::extension_refused(&s, &session, user, key, typed, e).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    comment: String,
}

async fn decide(
    s: &AppState,
    user: &CurrentUser,
    id: i32,
    grant: bool,
    comment: &str,
) -> Result<Redirect> {
    let e = store_admin::decide_extension(&s.db, user, id, grant, comment, s.now()).await?;
    super::notify::outbox::deliver_soon(s);
    let key = Key {
        measure_id: e.measure_id,
        agency_id: e.agency_id,
        period: period(&e.period)?,
    };
    Ok(Redirect::to(&report_href(key)))
}

pub async fn grant(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<DecisionForm>,
) -> Result<Redirect> {
    decide(&s, &user, id, true, &f.comment).await
}

pub async fn refuse(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<DecisionForm>,
) -> Result<Redirect> {
    decide(&s, &user, id, false, &f.comment).await
}
