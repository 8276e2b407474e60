//! Who may see and change the registry. The agencies that execute the
//! plan's measures that feed it (as the coordinator marks them: finding
//! working sites, establishing their owners, blocking) write, and so does the coordinator (the prosecutor's
//! office); admins and viewers read. Other executors see nothing: the
//! registry holds case data.

use crate::accounts::model::{CurrentUser, Role};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::time::period::Period;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

impl Access {
    pub fn can_write(self) -> bool {
        self == Access::Write
    }
}

/// The user's access, or `Forbidden`.
pub async fn access(s: &AppState, user: &CurrentUser) -> Result<Access> {
    match user.role {
        Role::Coordinator => Ok(Access::Write),
        Role::Admin | Role::Viewer => Ok(Access::Read),
        Role::Executor => {
            let agency = user.agency_id.ok_or(Error::Forbidden)?;
            if registry_agencies(s).await?.contains(&agency) {
                Ok(Access::Write)
            } else {
                Err(Error::Forbidden)
            }
        }
    }
}

/// Fails with `Forbidden` unless the user may change the registry.
pub async fn writer(s: &AppState, user: &CurrentUser) -> Result<()> {
    if access(s, user).await?.can_write() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The agencies executing the measures that feed the registry in every
/// active plan, as each plan stands in today's period (edits to executors
/// take effect there).
async fn registry_agencies(s: &AppState) -> Result<Vec<i32>> {
    let mut out = Vec::new();
    for plan in crate::plan::current::active_plans(s).await? {
        let today = s.now().with_timezone(&plan.settings.timezone).date_naive();
        let plan = plan.as_of(Period::containing(plan.settings.reporting, today));
        out.extend(
            plan.agency_ids
                .iter()
                .zip(&plan.feeds_registry)
                .filter(|(_, feeds)| **feeds)
                .flat_map(|(ids, _)| ids.iter().copied()),
        );
    }
    Ok(out)
}
