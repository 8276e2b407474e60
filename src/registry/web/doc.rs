//! The blocking document for the resources ticked in the list: a .docx to
//! attach to a claim (judicial) or an extrajudicial request.

use super::download;
use crate::accounts::model::CurrentUser;
use crate::error::{Error, Result};
use crate::registry::blocking::Track;
use crate::state::AppState;
use axum::response::Response;

pub async fn blocking_doc(
    s: &AppState,
    user: &CurrentUser,
    ids: &[i32],
    purpose: &str,
) -> Result<Response> {
    crate::registry::access::writer(s, user).await?;
    let purpose =
        Track::parse(purpose).ok_or_else(|| Error::Invalid("Выберите вид документа".into()))?;
    let agency = match user.agency_id {
        Some(id) => crate::agency::store::agency_rows(&s.db)
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .map(|a| a.name),
        None => None,
    };
    let tz = crate::config::DEFAULT_TIMEZONE;
    let today = s.now().with_timezone(&tz).date_naive();
    let list = crate::registry::selection::blocking_list(
        &s.db,
        ids,
        purpose,
        &user.display_name,
        agency.as_deref(),
        today,
    )
    .await?;
    let req = s.config.document.trimmed();
    let bytes = crate::registry::blocking::docx::render(&list, &req)?;
    let name = format!(
        "perechen-{}-{}.docx",
        purpose.as_str(),
        today.format("%Y%m%d")
    );
    Ok(download(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &name,
        bytes,
    ))
}
