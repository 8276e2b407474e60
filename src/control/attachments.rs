//! Report attachments: up to 20 MB each, kept in the database beside the
//! report (so backups and both engines need nothing else), served only to
//! those who may read the report, always as a download.

use super::current::report_href;
use super::model::ReportState;
use super::store::{self, Key};
use crate::accounts::audit;
use crate::accounts::model::CurrentUser;
use crate::db::entity::control::{attachment, report};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::time::period::Period;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};

pub const MAX_ATTACHMENT: usize = 20 * 1024 * 1024;

/// Attachments of a report, without their content.
pub async fn list(db: &impl ConnectionTrait, report_id: i32) -> Result<Vec<(i32, String, i64)>> {
    Ok(attachment::Entity::find()
        .select_only()
        .columns([
            attachment::Column::Id,
            attachment::Column::FileName,
            attachment::Column::Size,
        ])
        .filter(attachment::Column::ReportId.eq(report_id))
        .order_by_asc(attachment::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// A report's files as the page lists them: id, name, size in KB.
pub async fn rows(db: &impl ConnectionTrait, report_id: i32) -> Result<Vec<(i32, String, String)>> {
    Ok(listed(list(db, report_id).await?))
}

/// Files (id, name, bytes) as a page lists them: id, name, size in KB.
pub fn listed(files: Vec<(i32, String, i64)>) -> Vec<(i32, String, String)> {
    files
        .into_iter()
        .map(|(id, name, size)| {
            let kb = crate::ru::number(size as f64 / 1024.0);
            (id, name, format!("{kb} КБ"))
        })
        .collect()
}

/// The list of files alone: what an htmx upload swaps in, so the report
/// text typed but not saved stays on the page.
#[derive(Template, WebTemplate)]
#[template(path = "control/files_partial.html")]
pub struct FilesPartial {
    pub attachments: Vec<(i32, String, String)>,
    /// Why the file just sent was not taken.
    pub upload_error: Option<String>,
}

/// A file name safe for storage and for the Content-Disposition header.
fn clean_name(raw: &str) -> String {
    crate::web::file_name::clean(raw, "файл")
}

/// An uploaded file that passed the attachment rules.
pub struct Accepted {
    pub name: String,
    pub content_type: String,
    pub bytes: axum::body::Bytes,
}

/// The attachment rules, for reports and for every other evidence file
/// (the activity journal's): a file is there, not empty, at most 20 MB;
/// its name cleaned; a type it did not say is `application/octet-stream`.
pub fn accept(file: Option<crate::web::Upload>) -> Result<Accepted> {
    let file = file.ok_or_else(|| Error::Invalid("Выберите файл".into()))?;
    let name = clean_name(&file.file_name);
    let content_type = file
        .content_type
        .unwrap_or_else(|| "application/octet-stream".into());
    let bytes = file.bytes;
    if bytes.is_empty() {
        return Err(Error::Invalid("Файл пустой".into()));
    }
    if bytes.len() > MAX_ATTACHMENT {
        return Err(Error::Invalid("Файл больше 20 МБ".into()));
    }
    Ok(Accepted {
        name,
        content_type,
        bytes,
    })
}

pub async fn upload(
    State(s): State<AppState>,
    user: CurrentUser,
    Path((m, a, p)): Path<(i32, i32, String)>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response> {
    let period =
        Period::parse(&p).map_err(|_| Error::NotFound("Нет такого отчётного периода".into()))?;
    let key = Key {
        measure_id: m,
        agency_id: a,
        period,
    };
    if !user.can_write_agency(a) {
        return Err(Error::Forbidden);
    }
    let htmx = headers.contains_key("hx-request");
    match store_upload(&s, &user, key, multipart).await {
        Ok(report_id) if htmx => {
            let attachments = rows(&s.db, report_id).await?;
            Ok(FilesPartial {
                attachments,
                upload_error: None,
            }
            .into_response())
        }
        Ok(_) => Ok(Redirect::to(&report_href(key)).into_response()),
        // The refusal is said in the file list itself, where the person
        // looks, and the text typed in the report stays as it was.
        Err(e) if htmx && e.status().is_client_error() => {
            let (_, ob) = store::find(&s.db, &s.calendar, key, s.now()).await?;
            let attachments = match ob.report {
                Some(r) => rows(&s.db, r.id).await?,
                None => Vec::new(),
            };
            let partial = FilesPartial {
                attachments,
                upload_error: Some(e.public_message()),
            };
            Ok((e.status(), partial).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Stores one uploaded file of the report `key`, making a draft when there
/// is no report yet; the report's id.
async fn store_upload(
    s: &AppState,
    user: &CurrentUser,
    key: Key,
    mut multipart: Multipart,
) -> Result<i32> {
    let period = key.period;
    let Accepted {
        name,
        content_type,
        bytes,
    } = accept(crate::web::upload(&mut multipart).await?)?;
    let now = s.now();
    let txn = crate::db::begin(&s.db).await?;
    let (plan, ob) = store::find(&txn, &s.calendar, key, now).await?;
    if store::is_locked(&txn, plan.id, period).await? {
        return Err(Error::Locked("Период закрыт координатором".into()));
    }
    let report = match ob.report {
        Some(r)
            if matches!(
                ReportState::parse(&r.status),
                Some(ReportState::Submitted | ReportState::Accepted)
            ) =>
        {
            return Err(Error::Conflict(
                "К представленному отчёту файлы не добавляются".into(),
            ));
        }
        Some(r) => r,
        None => new_draft(&txn, key, user.id, now).await?,
    };
    let sha = dozor_indicator::hex(&Sha256::digest(&bytes));
    let row = attachment::ActiveModel {
        report_id: Set(report.id),
        file_name: Set(name.clone()),
        content_type: Set(content_type),
        size: Set(bytes.len() as i64),
        sha256: Set(sha.clone()),
        content: Set(bytes.to_vec()),
        uploaded_by: Set(user.id),
        uploaded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let after =
        json!({"report_id": report.id, "file_name": name, "size": bytes.len(), "sha256": sha});
    audit::record(
        &txn,
        now,
        audit::Entry::created(&user.login, "attachment", row.id, after),
    )
    .await?;
    txn.commit().await?;
    Ok(report.id)
}

async fn new_draft(
    db: &impl ConnectionTrait,
    key: Key,
    user: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<report::Model> {
    Ok(report::ActiveModel {
        measure_id: Set(key.measure_id),
        agency_id: Set(key.agency_id),
        period: Set(key.period.to_string()),
        status: Set(ReportState::Draft.as_str().into()),
        body: Set(String::new()),
        metrics: Set("{}".into()),
        first_submitted_at: Set(None),
        submitted_at: Set(None),
        decided_at: Set(None),
        coordinator_comment: Set(None),
        updated_by: Set(user),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Types a browser may show inline are still sent as downloads; only these
/// keep their type, everything else is `application/octet-stream`.
fn served_type(stored: &str) -> &'static str {
    match stored {
        "application/pdf" => "application/pdf",
        "image/png" => "image/png",
        "image/jpeg" => "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
        _ => "application/octet-stream",
    }
}

pub async fn download(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response> {
    let a = attachment::Entity::find_by_id(id)
        .one(&s.db)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого файла".into()))?;
    let r = report::Entity::find_by_id(a.report_id)
        .one(&s.db)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого файла".into()))?;
    if !user.can_read_agency(r.agency_id) {
        return Err(Error::NotFound("Нет такого файла".into()));
    }
    Ok(serve(id, &a.file_name, &a.content_type, a.content))
}

/// A stored attachment as a download: always `attachment`, its type only
/// when one of the known safe ones, never cached.
pub fn serve(id: i32, file_name: &str, content_type: &str, content: Vec<u8>) -> Response {
    let disposition = format!(
        "attachment; filename=\"attachment-{id}\"; filename*=UTF-8''{}",
        // Cleaned again: names stored before invisible characters were
        // stripped on upload must not reach the browser either.
        crate::web::urlencode(&clean_name(file_name)).replace('/', "%2F")
    );
    (
        [
            (header::CONTENT_TYPE, served_type(content_type).to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        content,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("C:\\Users\\x\\отчёт.pdf"), "отчёт.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b<c>.docx"), "abc.docx");
        assert_eq!(clean_name(".htaccess"), "htaccess");
        assert_eq!(clean_name(""), "файл");
        assert_eq!(clean_name("счёт\u{202E}fdp.exe"), "счётfdp.exe");
        assert_eq!(served_type("text/html"), "application/octet-stream");
    }
}
