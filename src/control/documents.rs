//! Issued documents: what Dozor issued under a registration number, kept
//! byte for byte so that it can be downloaded again later, even after its
//! period is locked and the reports moved on. The coordinator and the admin
//! see them (`/documents`, `GET /api/v1/documents`); the number rules and
//! the download response live here, the SQL in `store`.

pub mod api;
pub mod pages;
pub mod store;

use crate::accounts::model::Role;
use crate::actor::Actor;
use crate::db::entity::control::issued_document as doc;
use crate::error::{Error, Result};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use store::Issuing;

/// Who issues documents and reads the issued ones.
pub const ROLES: [Role; 2] = [Role::Coordinator, Role::Admin];

/// The longest registration number taken: «15-02/2020» is ten.
const MAX_NUMBER: usize = 40;

/// The registration number as given, trimmed; `None` when blank.
pub fn number(raw: Option<&str>) -> Result<Option<String>> {
    let Some(n) = raw.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if n.chars().count() > MAX_NUMBER {
        return Err(Error::Invalid(format!(
            "Регистрационный номер — не длиннее {MAX_NUMBER} знаков"
        )));
    }
    if n.chars()
        .any(|c| c.is_control() || crate::web::file_name::is_invisible(c))
    {
        return Err(Error::Invalid(
            "В регистрационном номере есть непечатаемые знаки".into(),
        ));
    }
    Ok(Some(n.to_owned()))
}

/// Among the documents under the wanted number (this author, this year),
/// the very issue asked for again, if it is there. The number may name the
/// same report in both forms; anything else under it is another document,
/// and the number is taken.
pub fn same_issue<'a>(found: &'a [doc::Model], wanted: &Issuing) -> Result<Option<&'a doc::Model>> {
    let mut same = None;
    for d in found {
        let same_report = d.plan_id == wanted.plan_id
            && d.period == wanted.period
            && d.issued_on == wanted.issued_on;
        let this_report = d.plan_id == wanted.plan_id && d.period == wanted.period;
        if this_report && d.issued_on != wanted.issued_on {
            return Err(Error::Conflict(format!(
                "Номер № {} уже присвоен этому отчёту {}: укажите эту дату или другой номер",
                wanted.number,
                crate::ru::date(d.issued_on)
            )));
        }
        if !same_report {
            return Err(store::taken(&wanted.number, d.year));
        }
        if d.kind == wanted.kind {
            same = Some(d);
        }
    }
    Ok(same)
}

/// Keeps a new issue. Two requests for the same issue at once both find
/// nothing kept; the later insert hits the unique index, and that request
/// answers with the document the earlier one kept.
pub async fn keep(
    db: &DatabaseConnection,
    who: &Actor,
    wanted: &Issuing,
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<doc::Model> {
    match store::keep(db, who, wanted, file_name, content_type, bytes, now).await {
        Err(Error::Conflict(message)) => {
            let found = store::find(db, wanted).await?;
            same_issue(&found, wanted)?
                .cloned()
                .ok_or(Error::Conflict(message))
        }
        other => other,
    }
}

/// `attachment` with an ASCII name for old clients and the Russian one in
/// RFC 5987's `filename*`, which every current browser prefers.
pub fn disposition(ascii: &str, russian: &str) -> String {
    let encoded: String = russian
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A document as a download. Documents name agencies and their failings:
/// no shared caches.
pub fn attachment(content_type: &str, disposition: String, bytes: Vec<u8>) -> Response {
    let headers = [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ];
    (headers, bytes).into_response()
}

/// The kept document, as it was issued.
pub fn send(d: &doc::Model) -> Response {
    let ext = d.file_name.rsplit('.').next().unwrap_or("bin");
    let ascii = format!("document-{}.{ext}", d.id);
    attachment(
        &d.content_type,
        disposition(&ascii, &d.file_name),
        d.bytes.clone(),
    )
}

/// The kind as the list names it.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "consolidated_docx" => "Сводный отчёт (.docx)",
        "consolidated_xlsx" => "Сводный отчёт (.xlsx)",
        _ => "Документ",
    }
}
