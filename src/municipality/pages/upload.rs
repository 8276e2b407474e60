//! The upload of a population or crime-statistics table: the same import
//! as the CLI's, its Russian report shown above the list (422 when nothing
//! was stored).

use super::super::import::{self, Table};
use super::{build, editor};
use crate::accounts::model::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// The upload form's fields: which table, whether to skip bad rows, the file.
async fn fields(m: &mut Multipart) -> Result<(Table, bool, String, Vec<u8>)> {
    let (mut table, mut skip, mut file) = (None, false, None);
    while let Some(field) = m.next_field().await? {
        match field.name().unwrap_or_default() {
            "table" => {
                table = match field.text().await?.as_str() {
                    "population" => Some(Table::Population),
                    "crime" => Some(Table::Crime),
                    _ => None,
                }
            }
            "skip_invalid" => skip = true,
            "file" => {
                let name = crate::web::file_name::clean(field.file_name().unwrap_or(""), "таблица");
                file = Some((name, field.bytes().await?.to_vec()));
            }
            _ => {}
        }
    }
    let table = table.ok_or_else(|| Error::Invalid("Выберите, что в таблице".into()))?;
    let (name, bytes) = file.ok_or_else(|| Error::Invalid("Выберите файл таблицы".into()))?;
    Ok((table, skip, name, bytes))
}

pub async fn upload(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    mut multipart: Multipart,
) -> Result<Response> {
    editor(&user)?;
    let (table, skip, name, bytes) = fields(&mut multipart).await?;
    let report = import::run(&s.db, table, &bytes, &name, skip, &user.actor(), s.now()).await?;
    let status = match report.stored {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let page = build(&s, &session, user, Some((report.stored, report.lines()))).await?;
    Ok((status, page).into_response())
}
