//! Who may read and write which activity, and the checks a write needs the
//! store for: the measure's plan and executors in the activity's period,
//! the plan's years, the municipality, the co-organisers and control's
//! period lock. An executor writes only its agency's activities on the
//! measures its agency executes; a coordinator writes any; nobody writes
//! into a locked period (it changes only after an audited unlock).

use super::model::{Errors, Input};
use super::store::{self, Scope};
use crate::accounts::model::{CurrentUser, Role};
use crate::db::entity::activity::activity;
use crate::error::{Error, Result};
use crate::time::period::{Every, Period};
use sea_orm::{ConnectionTrait, EntityTrait};

/// May `user` write activities at all?
pub fn writer(user: &CurrentUser) -> Result<()> {
    match user.role {
        Role::Coordinator => Ok(()),
        Role::Executor if user.agency_id.is_some() => Ok(()),
        _ => Err(Error::Forbidden),
    }
}

/// What `user` reads of the journal.
pub fn scope(user: &CurrentUser) -> Result<Scope> {
    match (user.role, user.agency_id) {
        (Role::Executor, Some(a)) => Ok(Scope::Agency(a)),
        (Role::Executor, None) => Err(Error::Forbidden),
        _ => Ok(Scope::All),
    }
}

/// The activity, when `user` may read it; not found otherwise (an
/// executor does not learn that another agency's activity exists).
pub async fn readable(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
) -> Result<activity::Model> {
    let missing = || Error::NotFound("Нет такого мероприятия в журнале".into());
    let a = store::find(db, id).await?.ok_or_else(missing)?;
    match scope(user)? {
        Scope::All => Ok(a),
        Scope::Agency(mine) if a.agency_id == mine => Ok(a),
        Scope::Agency(mine) if store::co_agencies(db, id).await?.contains(&mine) => Ok(a),
        Scope::Agency(_) => Err(missing()),
    }
}

/// The stored activity `user` may change: an executor only its agency's.
pub async fn writable(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
) -> Result<activity::Model> {
    writer(user)?;
    let a = readable(db, user, id).await?;
    if user.role == Role::Executor && user.agency_id != Some(a.agency_id) {
        return Err(Error::Forbidden);
    }
    ensure_open(db, a.plan_id, a.starts_on).await?;
    Ok(a)
}

/// Where a checked input lands.
#[derive(Debug)]
pub struct Placed {
    pub plan_id: i32,
    pub agency_id: i32,
    /// The quarter of the start date.
    pub period: Period,
}

async fn ensure_open(
    db: &impl ConnectionTrait,
    plan_id: i32,
    day: chrono::NaiveDate,
) -> Result<()> {
    let plan = crate::plan::store::load(db, plan_id).await?;
    let period = Period::containing(plan.settings.reporting, day);
    if crate::control::store::is_locked(db, plan_id, period).await? {
        return Err(Error::Locked(format!(
            "Период «{}» закрыт координатором: мероприятия за него не меняются",
            crate::time::period::russian(period)
        )));
    }
    Ok(())
}

fn field(name: &str, why: &str) -> Error {
    super::model::refusal(name, why)
}

/// Checks `input` against the store for `user`: the plan, the agency that
/// executes the measure in that period, the municipality, the lock.
pub async fn place(db: &impl ConnectionTrait, user: &CurrentUser, input: &Input) -> Result<Placed> {
    writer(user)?;
    let plan = match crate::plan::store::plan_of(db, input.measure_id).await {
        Ok(p) => p,
        Err(Error::NotFound(_)) => return Err(field("measure", "Нет такого мероприятия плана")),
        Err(e) => return Err(e),
    };
    let agency_id = match (user.role, user.agency_id, input.agency_id) {
        (Role::Executor, Some(mine), Some(a)) if a != mine => return Err(Error::Forbidden),
        (Role::Executor, Some(mine), _) => mine,
        (_, _, Some(a)) => a,
        _ => return Err(field("agency", "Выберите ведомство-исполнителя")),
    };
    let s = &plan.settings;
    if input.starts_on < s.valid_from || input.starts_on > s.valid_to {
        let why = format!(
            "Дата вне срока действия плана: с {} по {}",
            crate::ru::date(s.valid_from),
            crate::ru::date(s.valid_to)
        );
        return Err(field("starts_on", &why));
    }
    let reporting = Period::containing(s.reporting, input.starts_on);
    let index = plan.measure_ids.iter().position(|m| *m == input.measure_id);
    let executes = index.is_some_and(|i| plan.as_of(reporting).agency_ids[i].contains(&agency_id));
    if !executes {
        if user.role == Role::Executor {
            return Err(Error::Forbidden);
        }
        return Err(field(
            "agency",
            "Это ведомство не исполняет выбранное мероприятие",
        ));
    }
    let mut errors = Errors::new(super::model::NOT_RECORDED);
    if let Some(m) = input.municipality_id
        && !store::municipalities(db)
            .await?
            .iter()
            .any(|(id, _)| *id == m)
    {
        errors.push("municipality", "Нет такого муниципального образования");
    }
    for a in &input.co_agencies {
        let known = crate::db::entity::plan::agency::Entity::find_by_id(*a)
            .one(db)
            .await?;
        if known.is_none() {
            errors.push("co_agencies", "Нет такого ведомства");
        }
    }
    if !errors.is_empty() {
        return Err(Error::Fields(errors));
    }
    ensure_open(db, plan.id, input.starts_on).await?;
    Ok(Placed {
        plan_id: plan.id,
        agency_id,
        period: Period::containing(Every::Quarter, input.starts_on),
    })
}
