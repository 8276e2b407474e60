//! The coordinator's pages of issued documents: the list (`/documents`) and
//! a document downloaded again as issued (`/documents/{id}`).

use super::{ROLES, kind_label, send, store};
use crate::accounts::auth::require;
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use tower_sessions::Session;

/// One line of the list.
pub struct Line {
    pub id: i32,
    pub number: String,
    pub date: String,
    pub period: String,
    pub kind: &'static str,
    pub issued_by: String,
    pub file_name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "control/documents.html")]
pub struct DocumentsPage {
    chrome: Chrome,
    lines: Vec<Line>,
}

/// `GET /documents`: every issued document, newest first.
pub async fn list(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<DocumentsPage> {
    require(&user, &ROLES)?;
    let lines = store::list(&s.db)
        .await?
        .into_iter()
        .map(|d| Line {
            id: d.id,
            number: d.number,
            date: crate::ru::date(d.issued_on),
            period: d.period,
            kind: kind_label(&d.kind),
            issued_by: d.issued_by_login,
            file_name: d.file_name,
        })
        .collect();
    Ok(DocumentsPage {
        chrome: Chrome::new(
            "Выданные документы",
            Some(user),
            csrf::token(&session).await?,
        ),
        lines,
    })
}

/// `GET /documents/{id}`: the document as it was issued, byte for byte.
pub async fn download(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response> {
    require(&user, &ROLES)?;
    Ok(send(&store::get(&s.db, id).await?))
}
