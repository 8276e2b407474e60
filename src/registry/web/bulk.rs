//! Bulk import by upload: a feed file (CSV, URLhaus, PhishTank, MISP,
//! STIX) into the registry as one transaction, and the report of what was
//! added, merged and rejected, with the reasons.

use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::error::{Error, Result};
use crate::registry::access::writer;
use crate::registry::bulk::{self, ImportReport, Source};
use crate::registry::formats::{self, Format};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use sha2::{Digest, Sha256};
use tower_sessions::Session;

/// Rejects shown on the page; the rest are counted.
const SHOWN_REJECTS: usize = 200;

#[derive(Template, WebTemplate)]
#[template(path = "registry/import.html")]
pub struct ImportPage {
    chrome: Chrome,
    formats: Vec<&'static str>,
    report: Option<ImportReport>,
    file: String,
    hidden_rejects: usize,
}

fn page(chrome: Chrome) -> ImportPage {
    ImportPage {
        chrome,
        formats: Format::ALL.iter().map(|f| f.as_str()).collect(),
        report: None,
        file: String::new(),
        hidden_rejects: 0,
    }
}

pub async fn form(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<ImportPage> {
    writer(&s, &user).await?;
    let chrome = Chrome::new(
        "Загрузка файла в реестр",
        Some(user),
        csrf::token(&session).await?,
    );
    Ok(page(chrome))
}

/// The uploaded file and the format chosen for it.
async fn read_upload(mut multipart: Multipart) -> Result<(String, Vec<u8>, Format)> {
    let (mut file, mut format) = (None, None);
    while let Some(field) = multipart.next_field().await? {
        match field.name() {
            Some("file") => {
                let name = crate::web::file_name::clean(field.file_name().unwrap_or(""), "файл");
                file = Some((name, field.bytes().await?.to_vec()));
            }
            Some("format") => {
                let f = field.text().await?;
                format = Some(f.parse::<Format>().map_err(|_| {
                    Error::Invalid("Формат: csv, urlhaus, phishtank, misp или stix".into())
                })?);
            }
            _ => {}
        }
    }
    let (name, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| Error::Invalid("Выберите непустой файл".into()))?;
    let format = format.ok_or_else(|| Error::Invalid("Выберите формат файла".into()))?;
    Ok((name, bytes, format))
}

pub async fn upload(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    multipart: Multipart,
) -> Result<ImportPage> {
    writer(&s, &user).await?;
    let (name, bytes, format) = read_upload(multipart).await?;
    let parsed = formats::parse(format, &bytes).map_err(|e| {
        Error::Invalid(format!(
            "Файл «{name}» не прочитан как {}: {e}",
            format.as_str()
        ))
    })?;
    let sha = dozor_indicator::hex(&Sha256::digest(&bytes));
    let src = Source {
        name: &name,
        format: format.as_str(),
        sha256: &sha,
        actor: user.actor(),
        scope: crate::registry::model::CaseScope::of(&user)?,
    };
    let mut report = bulk::import(&s.db, s.card_key(), parsed, &src, s.now()).await?;
    s.refresh_check().await;
    let hidden = report.rejects.len().saturating_sub(SHOWN_REJECTS);
    report.rejects.truncate(SHOWN_REJECTS);
    let chrome = Chrome::new(
        "Загрузка файла в реестр",
        Some(user),
        csrf::token(&session).await?,
    );
    Ok(ImportPage {
        report: Some(report),
        file: name,
        hidden_rejects: hidden,
        ..page(chrome)
    })
}
