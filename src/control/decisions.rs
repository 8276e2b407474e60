//! Where the coordinator goes after a decision, and what the report page
//! then says: on to the next report of the period waiting for a decision
//! (the longest waiting), or back to this one when none is left.

use super::current::report_href;
use super::store::{self, Key};
use crate::error::Result;
use crate::state::AppState;
use axum::response::Redirect;

/// The message for `?done=…` on the report page.
pub fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "draft" => "Черновик сохранён. Координатор его не видит, пока отчёт не представлен.",
        "submitted" => "Отчёт представлен координатору.",
        "accepted" => "Отчёт принят. Открыт следующий отчёт, ждущий решения.",
        "returned" => "Отчёт возвращён на доработку. Открыт следующий отчёт, ждущий решения.",
        "accepted_last" => "Отчёт принят. Других отчётов, ждущих решения, за период нет.",
        "returned_last" => {
            "Отчёт возвращён на доработку. Других отчётов, ждущих решения, за период нет."
        }
        _ => return None,
    })
}

/// After deciding on `key` (`done`: accepted or returned), the next report
/// of its plan and period waiting for a decision, else `key` itself.
pub async fn onwards(s: &AppState, key: Key, done: &str) -> Result<Redirect> {
    let plan = crate::plan::store::plan_of(&s.db, key.measure_id).await?;
    let obs = store::statuses_for(&s.db, &plan, &s.calendar, key.period, None, s.now()).await?;
    let here = report_href(key);
    let next = super::dashboard::queue::queue(&obs)
        .into_iter()
        .find(|w| w.href != here);
    Ok(Redirect::to(&match next {
        Some(w) => format!("{}?done={done}", w.href),
        None => format!("{here}?done={done}_last"),
    }))
}
