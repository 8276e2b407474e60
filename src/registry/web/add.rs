//! Adding values by hand: one value or a pasted list, each normalised as
//! it is typed (htmx) with the stored duplicate shown before saving; the
//! save is one transaction for the whole list.

use super::CaseFields;
use super::{Choice, agencies, categories, kinds};
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::error::{Error, FieldErrors, Result};
use crate::registry::access::writer;
use crate::registry::model::{Added, CaseInput, CaseScope, NewIndicator, proposed_category};
use crate::registry::store;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use dozor_indicator::detect::normalize;
use dozor_indicator::model::{Category, Kind, Status};
use tower_sessions::Session;

/// The most values one form may add.
const MAX_LINES: usize = 1_000;

#[derive(Template, WebTemplate)]
#[template(path = "registry/new.html")]
pub struct NewPage {
    chrome: Chrome,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    agencies: Vec<Choice>,
    /// What was typed, when the form comes back refused.
    typed: NewForm,
    case: CaseFields,
    errors: FieldErrors,
}

pub async fn form(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<NewPage> {
    writer(&s, &user).await?;
    new_page(
        &s,
        &session,
        user,
        NewForm::default(),
        FieldErrors::default(),
    )
    .await
}

async fn new_page(
    s: &AppState,
    session: &Session,
    user: CurrentUser,
    typed: NewForm,
    errors: FieldErrors,
) -> Result<NewPage> {
    Ok(NewPage {
        kinds: kinds(),
        categories: categories(),
        agencies: agencies(s).await?,
        chrome: Chrome::new("Добавить ресурсы", Some(user), csrf::token(session).await?),
        case: typed.case.clone(),
        typed,
        errors,
    })
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct NewForm {
    #[serde(default)]
    values: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    category: String,
    #[serde(flatten)]
    case: CaseFields,
}

impl NewForm {
    fn lines(&self) -> Result<Vec<&str>> {
        let lines: Vec<&str> = self
            .values
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() > MAX_LINES {
            return Err(Error::Invalid(format!(
                "Не больше {MAX_LINES} значений за раз: для большего загрузите файл"
            )));
        }
        Ok(lines)
    }

    /// The category chosen; none when left to each value's kind.
    fn category(&self) -> Result<Option<Category>> {
        match self.category.trim() {
            "" => Ok(None),
            c => Category::parse(c)
                .map(Some)
                .ok_or_else(|| Error::Invalid("Неизвестная категория".into())),
        }
    }

    fn kind(&self) -> Result<Option<Kind>> {
        match self.kind.trim() {
            "" => Ok(None),
            k => Kind::parse(k)
                .map(Some)
                .ok_or_else(|| Error::Invalid("Неизвестный вид ресурса".into())),
        }
    }
}

/// One line of the preview. The raw value is not echoed: it may be a card.
pub struct PreviewRow {
    pub line: usize,
    pub kind: &'static str,
    /// The category it will be saved with.
    pub category: &'static str,
    pub display: String,
    pub error: Option<String>,
    pub existing: Option<(i32, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "registry/preview_partial.html")]
pub struct PreviewPartial {
    rows: Vec<PreviewRow>,
}

/// What the list would add: for htmx, as the user types.
pub async fn preview(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(f): Form<NewForm>,
) -> Result<PreviewPartial> {
    writer(&s, &user).await?;
    let kind = f.kind()?;
    let chosen = f.category()?;
    let mut rows = Vec::new();
    for (i, raw) in f.lines()?.into_iter().enumerate() {
        let row = match normalize(raw, kind, s.card_key()) {
            Ok(n) => PreviewRow {
                line: i + 1,
                kind: n.kind.label(),
                category: chosen.unwrap_or(proposed_category(n.kind)).label(),
                existing: store::find(&s.db, n.kind, &n.canonical)
                    .await?
                    .map(|e| (e.id, Status::parse(&e.status).map_or("", Status::label))),
                display: n.display,
                error: None,
            },
            Err(e) => PreviewRow {
                line: i + 1,
                kind: "",
                category: "",
                display: String::new(),
                existing: None,
                error: Some(e.to_string()),
            },
        };
        rows.push(row);
    }
    Ok(PreviewPartial { rows })
}

pub async fn save(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Form(f): Form<NewForm>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    writer(&s, &user).await?;
    if let Err(e) = checked(&s, &f) {
        return refused(&s, &session, user, f, e).await;
    }
    let lines = f.lines()?;
    let (kind, category, case) = (f.kind()?, f.category()?, f.case.input()?);
    let added = match add_values(&s, &user, &lines, kind, category, case).await {
        Ok(a) => a,
        Err(e) => return refused(&s, &session, user, f, e).await,
    };
    Ok(match added.as_slice() {
        [one] => Redirect::to(&format!("/registry/{}", one.id())),
        _ => {
            let new = added.iter().filter(|a| matches!(a, Added::New(_))).count();
            Redirect::to(&format!(
                "/registry?added={new}&merged={}",
                added.len() - new
            ))
        }
    }
    .into_response())
}

/// Every reason the form cannot be saved: each bad line, each bad field.
fn checked(s: &AppState, f: &NewForm) -> Result<()> {
    let mut errors = FieldErrors::new("Ничего не сохранено");
    match f.lines() {
        Ok(lines) if lines.is_empty() => errors.push("values", "Введите хотя бы одно значение"),
        Ok(lines) => {
            let kind = f.kind().unwrap_or(None);
            for (i, raw) in lines.iter().enumerate() {
                if let Err(e) = normalize(raw, kind, s.card_key()) {
                    errors.push("values", format!("Строка {}: {e}", i + 1));
                }
            }
        }
        Err(e) => errors.push("values", e.to_string()),
    }
    if let Err(e) = f.kind() {
        errors.push("kind", e.to_string());
    }
    if let Err(e) = f.category() {
        errors.push("category", e.to_string());
    }
    f.case.checked(&mut errors);
    errors.into_result()
}

/// The form again, with what was typed and why it was refused. A card
/// number is never sent back: its line is left out and said so.
async fn refused(
    s: &AppState,
    session: &Session,
    user: CurrentUser,
    mut f: NewForm,
    e: Error,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    let status = e.status();
    let mut errors = match e {
        Error::Fields(f) => f,
        Error::Invalid(m) | Error::Conflict(m) => FieldErrors::whole("Ничего не сохранено", m),
        e => return Err(e),
    };
    let kind = f.kind().unwrap_or(None);
    let mut kept = Vec::new();
    for (i, line) in f
        .values
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if looks_like_card(line, kind, s) {
            errors.push(
                "values",
                format!(
                    "Строка {}: номер карты не возвращается в форму — введите его снова",
                    i + 1
                ),
            );
        } else {
            kept.push(line);
        }
    }
    f.values = kept.join("\n");
    let page = new_page(s, session, user, f, errors).await?;
    Ok((status, page).into_response())
}

/// A card, or what may be one mistyped: 13 to 19 digits that are no other
/// kind of value.
fn looks_like_card(line: &str, kind: Option<Kind>, s: &AppState) -> bool {
    match normalize(line, kind, s.card_key()) {
        Ok(n) => n.kind == Kind::Card,
        Err(_) => (13..=19).contains(&line.chars().filter(char::is_ascii_digit).count()),
    }
}

/// Adds the values as one action by `user`, then refreshes the check index.
/// Without a `category`, each value gets the one its kind proposes.
pub async fn add_values(
    s: &AppState,
    user: &CurrentUser,
    raws: &[&str],
    kind: Option<Kind>,
    category: Option<Category>,
    case: Option<CaseInput>,
) -> Result<Vec<Added>> {
    let scope = CaseScope::of(user)?;
    let proposed = |raw: &str| match normalize(raw, kind, s.card_key()) {
        Ok(n) => proposed_category(n.kind),
        // The store refuses the value with its reason.
        Err(_) => Category::Other,
    };
    let values: Vec<NewIndicator> = raws
        .iter()
        .map(|raw| NewIndicator {
            raw,
            kind,
            category: category.unwrap_or_else(|| proposed(raw)),
            case: case.clone(),
            scope,
        })
        .collect();
    let added = store::add_many(&s.db, s.card_key(), &values, &user.actor(), s.now()).await?;
    s.refresh_check().await;
    Ok(added)
}
