//! The registry in the browser: the list (`list`), adding by hand (`add`)
//! and by upload (`bulk`), the blocking document (`doc`) and an indicator's
//! page (`indicator`); here, what those pages share: the choices of the
//! selects, the case fields, the status colours and file downloads.

pub mod add;
pub mod bulk;
pub mod doc;
pub mod indicator;
pub mod list;

use crate::error::{Error, Result};
use crate::registry::model::CaseInput;
use crate::state::AppState;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use dozor_indicator::model::{Category, Kind, Status};

pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Active => "s-overdue",
        Status::Blocking | Status::Appeal => "s-late",
        Status::Blocked | Status::Inaccessible => "s-accepted",
        Status::Restored => "s-returned",
    }
}

/// A choice in a filter's select.
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn kinds() -> Vec<Choice> {
    Kind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().into(),
            label: k.label().into(),
        })
        .collect()
}

pub fn categories() -> Vec<Choice> {
    Category::ALL
        .iter()
        .map(|c| Choice {
            value: c.as_str().into(),
            label: c.label().into(),
        })
        .collect()
}

fn statuses() -> Vec<Choice> {
    Status::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: s.label().into(),
        })
        .collect()
}

pub async fn agencies(s: &AppState) -> Result<Vec<Choice>> {
    Ok(crate::agency::store::agency_rows(&s.db)
        .await?
        .into_iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: a.short_name.unwrap_or(a.name),
        })
        .collect())
}

pub fn download(mime: &str, name: &str, body: Vec<u8>) -> Response {
    let headers = [
        (header::CONTENT_TYPE, mime.to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ];
    (headers, body).into_response()
}

pub fn date_field(v: &str, what: &str) -> Result<Option<NaiveDate>> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v, "%d.%m.%Y"))
        .map(Some)
        .map_err(|_| Error::Invalid(format!("{what}: укажите дату, например 20.10.2020")))
}

/// The case fields shared by the add form and the indicator page.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct CaseFields {
    #[serde(default)]
    pub case_number: String,
    #[serde(default)]
    pub case_date: String,
    #[serde(default)]
    pub case_agency: String,
    #[serde(default)]
    pub case_article: String,
    #[serde(default)]
    pub case_damage: String,
}

impl CaseFields {
    /// None when no number is given; every bad field is named, in Russian.
    pub fn input(&self) -> Result<Option<CaseInput>> {
        let mut errors = crate::error::FieldErrors::new("Не сохранено");
        let case = self.checked(&mut errors);
        errors.into_result()?;
        Ok(case)
    }

    /// The case, with each bad field's reason added to `errors`.
    pub fn checked(&self, errors: &mut crate::error::FieldErrors) -> Option<CaseInput> {
        if self.case_number.trim().is_empty() {
            return None;
        }
        let damage = match self
            .case_damage
            .trim()
            .replace([' ', '\u{a0}', '\u{202f}'], "")
        {
            d if d.is_empty() => None,
            d => d.parse::<i64>().map_or_else(
                |_| {
                    errors.push("case_damage", "Ущерб: укажите сумму в рублях целым числом");
                    None
                },
                Some,
            ),
        };
        let registered_on = date_field(&self.case_date, "Дата КУСП").unwrap_or_else(|e| {
            errors.push("case_date", e.to_string());
            None
        });
        let agency_id = match self.case_agency.trim() {
            "" => None,
            a => a.parse().map_or_else(
                |_| {
                    errors.push("case_agency", "Ведомство: выберите из списка");
                    None
                },
                Some,
            ),
        };
        Some(CaseInput {
            number: self.case_number.clone(),
            registered_on,
            agency_id,
            article: Some(self.case_article.trim().to_string()).filter(|a| !a.is_empty()),
            damage,
        })
    }
}
