//! The report form, where drafts are saved and reports submitted; the
//! coordinator decides there too. "My obligations" is in `obligations`.

use super::current::{Row, report_href};
use super::model::{ExtensionState, ReportState};
use super::store::{self, Key, ReportInput};
use crate::accounts::chrome::Chrome;
use crate::accounts::csrf;
use crate::accounts::model::CurrentUser;
use crate::error::{Error, FieldErrors, Result};
use crate::ru;
use crate::state::AppState;
use crate::time::period::Period;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::response::Redirect;
use serde::Deserialize;
use std::collections::BTreeMap;
use tower_sessions::Session;

pub struct MetricField {
    pub key: String,
    pub label: String,
    pub required: bool,
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "control/report.html")]
pub struct ReportPage {
    chrome: Chrome,
    row: Row,
    post_url: String,
    body: String,
    metrics: Vec<MetricField>,
    comment: Option<String>,
    first_submitted: Option<String>,
    /// The submission that stands, when it is a later one than the first.
    submitted_again: Option<String>,
    editable: bool,
    can_decide: bool,
    locked: bool,
    errors: FieldErrors,
    /// Always none here: the file list's own refusal, for htmx uploads.
    upload_error: Option<String>,
    history: Vec<super::history::Event>,
    /// The extension request as typed, when it came back refused.
    ext: ExtensionTyped,
    /// What the last action did, said where the user looks.
    done: Option<&'static str>,
    extensions: Vec<ExtensionRow>,
    can_request_extension: bool,
    attachments: Vec<(i32, String, String)>,
}

pub struct ExtensionRow {
    pub id: i32,
    pub new_due: String,
    pub reason: String,
    /// `None` for a stored status this version does not know.
    pub state: Option<ExtensionState>,
    pub comment: Option<String>,
}

impl ExtensionRow {
    /// Waiting for the coordinator's decision.
    pub fn pending(&self) -> bool {
        self.state == Some(ExtensionState::Requested)
    }

    /// An unknown status reads as waiting, as the page always showed it.
    pub fn label(&self) -> &'static str {
        self.state.unwrap_or(ExtensionState::Requested).label()
    }
}

fn parse_key(measure_id: i32, agency_id: i32, period: &str) -> Result<Key> {
    let period = Period::parse(period)
        .map_err(|_| Error::NotFound("Нет такого отчётного периода".into()))?;
    Ok(Key {
        measure_id,
        agency_id,
        period,
    })
}

async fn report_page(
    s: &AppState,
    session: &Session,
    user: CurrentUser,
    key: Key,
    typed: Option<(&ReportInput, FieldErrors)>,
) -> Result<ReportPage> {
    if !user.can_read_agency(key.agency_id) {
        return Err(Error::Forbidden);
    }
    let (plan, ob) = store::find(&s.db, &s.calendar, key, s.now()).await?;
    let locked = store::is_locked(&s.db, plan.id, key.period).await?;
    let stored: BTreeMap<String, f64> = ob
        .report
        .as_ref()
        .and_then(|r| serde_json::from_str(&r.metrics).ok())
        .unwrap_or_default();
    let defs = crate::plan::store::metrics_of(&s.db, key.measure_id).await?;
    let labels: Vec<(String, String)> = defs
        .iter()
        .map(|d| (d.key.clone(), d.label.clone()))
        .collect();
    let metrics = defs
        .into_iter()
        .map(|d| MetricField {
            value: match typed {
                Some((input, _)) => input.metrics.get(&d.key).cloned().unwrap_or_default(),
                None => stored
                    .get(&d.key)
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            },
            key: d.key,
            label: d.label,
            required: d.required,
        })
        .collect();
    let state = ob
        .report
        .as_ref()
        .and_then(|r| ReportState::parse(&r.status));
    let editable = !locked
        && user.can_write_agency(key.agency_id)
        && !matches!(state, Some(ReportState::Submitted | ReportState::Accepted));
    let tz = plan.settings.timezone;
    let extensions: Vec<ExtensionRow> = super::store_admin::extensions_of(&s.db, key)
        .await?
        .into_iter()
        .map(|e| ExtensionRow {
            id: e.id,
            new_due: ru::date(e.requested_due),
            state: ExtensionState::parse(&e.status),
            reason: e.reason,
            comment: e.decision_comment,
        })
        .collect();
    let can_request_extension =
        editable && !extensions.iter().any(ExtensionRow::pending) && !ob.facts.complete();
    let attachments = match &ob.report {
        Some(r) => super::attachments::rows(&s.db, r.id).await?,
        None => Vec::new(),
    };
    let history = match &ob.report {
        Some(r) => report_history(s, r.id, &labels, plan.settings.timezone).await?,
        None => Vec::new(),
    };
    Ok(ReportPage {
        attachments,
        extensions,
        can_request_extension,
        chrome: Chrome::new(
            format!("Отчёт по мероприятию {}", ob.number),
            Some(user.clone()),
            csrf::token(session).await?,
        ),
        post_url: report_href(key),
        body: match typed {
            Some((input, _)) => input.body.clone(),
            None => ob
                .report
                .as_ref()
                .map(|r| r.body.clone())
                .unwrap_or_default(),
        },
        comment: ob
            .report
            .as_ref()
            .and_then(|r| r.coordinator_comment.clone()),
        first_submitted: ob
            .report
            .as_ref()
            .and_then(|r| r.first_submitted_at)
            .map(|t| ru::datetime(t, tz)),
        submitted_again: ob
            .facts
            .submitted_at
            .filter(|t| Some(*t) != ob.facts.first_submitted_at)
            .map(|t| ru::datetime(t, tz)),
        can_decide: !locked && user.is_coordinator() && state == Some(ReportState::Submitted),
        editable,
        locked,
        errors: typed.map(|(_, e)| e).unwrap_or_default(),
        upload_error: None,
        history,
        ext: ExtensionTyped::default(),
        done: None,
        row: Row::from(&ob),
        metrics,
    })
}

/// The report's submissions, returns and acceptance, from the audit log.
async fn report_history(
    s: &AppState,
    report_id: i32,
    labels: &[(String, String)],
    tz: chrono_tz::Tz,
) -> Result<Vec<super::history::Event>> {
    let rows = crate::accounts::audit::of_object(&s.db, "report", report_id).await?;
    let steps: Vec<super::history::Step<'_>> = rows
        .iter()
        .map(|(r, who)| super::history::Step {
            at: r.at,
            who,
            action: &r.action,
            after: r.after.as_deref(),
        })
        .collect();
    Ok(super::history::events(&steps, labels, tz))
}

/// What was typed into the extension request form.
#[derive(Clone, Debug, Default)]
pub struct ExtensionTyped {
    pub new_due: String,
    pub reason: String,
}

/// The report page with a refused extension request in place: what was
/// typed, and every reason tied to its field.
pub(super) async fn extension_refused(
    s: &AppState,
    session: &Session,
    user: CurrentUser,
    key: Key,
    typed: ExtensionTyped,
    e: Error,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    let status = e.status();
    let errors = match e {
        Error::Fields(f) => f,
        e => FieldErrors::whole(super::store_admin::EXTENSION_REFUSED, e.to_string()),
    };
    let mut page = report_page(s, session, user, key, None).await?;
    page.errors = errors;
    page.ext = typed;
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn report(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path((m, a, p)): Path<(i32, i32, String)>,
    axum::extract::Query(q): axum::extract::Query<DoneQuery>,
) -> Result<ReportPage> {
    let mut page = report_page(&s, &session, user, parse_key(m, a, &p)?, None).await?;
    page.done = q.done.as_deref().and_then(super::decisions::done_message);
    Ok(page)
}

pub async fn save(
    State(s): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path((m, a, p)): Path<(i32, i32, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    let key = parse_key(m, a, &p)?;
    let mut input = ReportInput::default();
    for (k, v) in fields {
        match k.as_str() {
            "body" => input.body = v,
            "action" => input.submit = v == "submit",
            _ => {
                if let Some(metric) = k.strip_prefix("metric_") {
                    input.metrics.insert(metric.to_string(), v);
                }
            }
        }
    }
    match store::save_report(&s.db, &s.calendar, &user, key, &input, s.now()).await {
        Ok(_) => {
            let done = if input.submit { "submitted" } else { "draft" };
            Ok(Redirect::to(&format!("{}?done={done}", report_href(key))).into_response())
        }
        Err(e) => {
            // What was typed comes back with every reason, in place.
            let status = e.status();
            let errors = match e {
                Error::Fields(f) => f,
                Error::Invalid(m) | Error::Conflict(m) | Error::Locked(m) => {
                    FieldErrors::whole("Отчёт не сохранён", m)
                }
                e => return Err(e),
            };
            let page = report_page(&s, &session, user, key, Some((&input, errors))).await?;
            Ok((status, page).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    comment: String,
}

pub async fn accept(
    State(s): State<AppState>,
    user: CurrentUser,
    Path((m, a, p)): Path<(i32, i32, String)>,
) -> Result<Redirect> {
    let key = parse_key(m, a, &p)?;
    store::decide(&s.db, &s.calendar, &user, key, true, "", s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    super::decisions::onwards(&s, key, "accepted").await
}

pub async fn return_report(
    State(s): State<AppState>,
    user: CurrentUser,
    Path((m, a, p)): Path<(i32, i32, String)>,
    Form(f): Form<DecisionForm>,
) -> Result<Redirect> {
    let key = parse_key(m, a, &p)?;
    store::decide(&s.db, &s.calendar, &user, key, false, &f.comment, s.now()).await?;
    super::notify::outbox::deliver_soon(&s);
    super::decisions::onwards(&s, key, "returned").await
}
