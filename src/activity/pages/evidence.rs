//! Evidence of an activity (photos, scans): uploaded under the report
//! attachments' rules (`control::attachments::accept`), served under the
//! same download rules to those who may read the activity, audited.

use crate::accounts::audit;
use crate::accounts::model::CurrentUser;
use crate::activity::{rules, store};
use crate::db::entity::activity::activity_attachment;
use crate::error::{Error, Result};
use crate::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::{ConnectionTrait, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

/// The files as the page lists them: id, name, size in KB.
pub async fn rows(db: &impl ConnectionTrait, id: i32) -> Result<Vec<(i32, String, String)>> {
    Ok(crate::control::attachments::listed(
        store::files(db, id).await?,
    ))
}

pub async fn upload(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
    mut multipart: Multipart,
) -> Result<Response> {
    rules::writable(&s.db, &user, id).await?;
    let file = crate::control::attachments::accept(crate::web::upload(&mut multipart).await?)?;
    let now = s.now();
    let txn = crate::db::begin(&s.db).await?;
    // Again inside the transaction: the period may have been locked since.
    rules::writable(&txn, &user, id).await?;
    let sha = dozor_indicator::hex(&Sha256::digest(&file.bytes));
    let size = file.bytes.len();
    let row = store::add_file(
        &txn,
        activity_attachment::ActiveModel {
            activity_id: Set(id),
            file_name: Set(file.name.clone()),
            content_type: Set(file.content_type),
            size: Set(size as i64),
            sha256: Set(sha.clone()),
            content: Set(file.bytes.to_vec()),
            uploaded_by: Set(user.id),
            uploaded_at: Set(now),
            ..Default::default()
        },
    )
    .await?;
    let after = json!({"activity_id": id, "file_name": file.name, "size": size, "sha256": sha});
    let entry = audit::Entry::created(&user.login, "activity_attachment", row.id, after);
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!("/activities/{id}")).into_response())
}

pub async fn download(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response> {
    let missing = || Error::NotFound("Нет такого файла".into());
    let f = store::file(&s.db, id).await?.ok_or_else(missing)?;
    rules::readable(&s.db, &user, f.activity_id)
        .await
        .map_err(|_| missing())?;
    Ok(crate::control::attachments::serve(
        id,
        &f.file_name,
        &f.content_type,
        f.content,
    ))
}
