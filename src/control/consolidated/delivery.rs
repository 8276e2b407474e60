//! How the consolidated report goes out. Without a number it is a draft:
//! rendered on each request, kept nowhere, dated as asked (today by
//! default). With a registration number it is issued: rendered once, kept
//! in `issued_documents` with an audit entry, and given back as kept to
//! every later request for the same issue (number, period, form and date),
//! so a second click downloads the document already registered instead of
//! failing. A number already given to another document is refused.

use super::build;
use super::format::Format;
use crate::accounts::auth::require;
use crate::accounts::model::{CurrentUser, Role};
use crate::actor::Actor;
use crate::control::current::pick_period;
use crate::control::documents::{self, store::Issuing};
use crate::db::entity::control::issued_document;
use crate::error::{Error, Result};
use crate::office::requisites::{Issue, Requisites};
use crate::plan::current::chosen_plan;
use crate::plan::store::StoredPlan;
use crate::state::AppState;
use crate::time::calendar::Calendar;
use crate::time::period::Period;
use axum::extract::{Form, Query, State};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use serde::Deserialize;

/// `attachment` of the draft of `period`.
pub fn disposition(period: Period, format: Format) -> String {
    let ext = format.extension();
    documents::disposition(
        &format!("consolidated-{period}.{ext}"),
        &format!("Сводный отчёт {period}.{ext}"),
    )
}

/// The Russian file name of an issue: «Сводный отчёт 2020-Q3 № 15-02-2020.docx».
pub fn issued_name(period: Period, number: &str, format: Format) -> String {
    let number = crate::web::file_name::clean(&number.replace(['/', '\\'], "-"), "");
    format!("Сводный отчёт {period} № {number}.{}", format.extension())
}

/// What one request asks for, as written; every part optional.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ask<'a> {
    /// The plan; the one imported last when none is given.
    pub plan: Option<i32>,
    pub period: Option<&'a str>,
    pub format: Option<&'a str>,
    pub number: Option<&'a str>,
    pub date: Option<&'a str>,
}

#[derive(Deserialize)]
pub struct DownloadQuery {
    #[serde(default, deserialize_with = "crate::control::current::empty_none")]
    pub plan: Option<i32>,
    pub period: Option<String>,
    pub format: Option<String>,
}

/// `GET /reports/consolidated?period=2020-Q3&format=docx|xlsx`: the draft
/// dated today. Without a period, the current one; without a format, .docx.
pub async fn download(
    State(s): State<AppState>,
    user: CurrentUser,
    Query(q): Query<DownloadQuery>,
) -> Result<Response> {
    let ask = Ask {
        plan: q.plan,
        period: q.period.as_deref(),
        format: q.format.as_deref(),
        ..Ask::default()
    };
    respond(&s, &user, ask).await
}

/// The dashboard's form: period, format, number and date.
#[derive(Deserialize)]
pub struct IssueForm {
    /// Blank or absent: the plan imported last.
    #[serde(default, deserialize_with = "crate::control::current::empty_none")]
    pub plan: Option<i32>,
    pub period: Option<String>,
    pub format: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
}

/// `POST /reports/consolidated`: issues the report under the number given
/// (a draft when it is left blank). A form, so that it carries the CSRF token.
pub async fn issue(
    State(s): State<AppState>,
    user: CurrentUser,
    Form(f): Form<IssueForm>,
) -> Result<Response> {
    let ask = Ask {
        plan: f.plan,
        period: f.period.as_deref(),
        format: f.format.as_deref(),
        number: f.number.as_deref(),
        date: f.date.as_deref(),
    };
    respond(&s, &user, ask).await
}

/// The report asked for, for the pages and the API alike.
pub async fn respond(s: &AppState, user: &CurrentUser, ask: Ask<'_>) -> Result<Response> {
    require(user, &[Role::Coordinator, Role::Viewer, Role::Admin])?;
    let format = match ask.format.filter(|f| !f.is_empty()) {
        None => Format::Docx,
        Some(f) => {
            Format::parse(f).ok_or_else(|| Error::Invalid("Формат отчёта: docx или xlsx".into()))?
        }
    };
    let number = documents::number(ask.number)?;
    if number.is_some() {
        // Registering a document is the coordinator's act; a viewer reads drafts.
        require(user, &documents::ROLES)?;
    }
    let plan = chosen_plan(s, ask.plan).await?;
    let period = pick_period(&plan, ask.period, s)?;
    let date = issue_date(ask.date, s.now(), plan.settings.timezone)?;
    let issue = Issue { date, number };
    let req = s.config.document.trimmed();
    let Some(number) = issue.number.clone() else {
        let report = build(&s.db, &plan, &s.calendar, period, s.now()).await?;
        let bytes = format.render(&report, &req, &issue)?;
        let disposition = disposition(period, format);
        return Ok(documents::attachment(
            format.content_type(),
            disposition,
            bytes,
        ));
    };
    let wanted = Issuing {
        plan_id: plan.id,
        period: period.to_string(),
        kind: format.kind().to_owned(),
        number,
        organisation: req.organisation.clone().unwrap_or_default(),
        issued_on: date,
    };
    let by = Issuer {
        db: &s.db,
        calendar: &s.calendar,
        who: &user.actor(),
        now: s.now(),
    };
    let kept = issued(&by, &plan, &wanted, format, (&req, &issue)).await?;
    Ok(documents::send(&kept))
}

/// Who issues a document, against which store and calendar, and when.
pub struct Issuer<'a> {
    pub db: &'a DatabaseConnection,
    pub calendar: &'a Calendar,
    pub who: &'a Actor,
    pub now: DateTime<Utc>,
}

/// The issue asked for: the kept one when it exists, else rendered and kept
/// now. The page, the API and the CLI issue through it.
pub async fn issued(
    by: &Issuer<'_>,
    plan: &StoredPlan,
    wanted: &Issuing,
    format: Format,
    (req, issue): (&Requisites, &Issue),
) -> Result<issued_document::Model> {
    let found = documents::store::find(by.db, wanted).await?;
    if let Some(kept) = documents::same_issue(&found, wanted)? {
        return Ok(kept.clone());
    }
    let period = Period::parse(&wanted.period)?;
    let report = build(by.db, plan, by.calendar, period, by.now).await?;
    let bytes = format.render(&report, req, issue)?;
    let name = issued_name(period, &wanted.number, format);
    let ct = format.content_type();
    documents::keep(by.db, by.who, wanted, &name, ct, bytes, by.now).await
}

/// The document's date: as given (`2020-10-15` or `15.10.2020`), else
/// today in the plan's zone.
pub fn issue_date(given: Option<&str>, now: DateTime<Utc>, tz: chrono_tz::Tz) -> Result<NaiveDate> {
    match given.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(now.with_timezone(&tz).date_naive()),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(d, "%d.%m.%Y"))
            .map_err(|_| Error::Invalid(format!("«{d}» — не дата документа: пишите ГГГГ-ММ-ДД"))),
    }
}
