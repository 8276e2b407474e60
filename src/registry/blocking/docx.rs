//! Renders the list of resources for blocking («Перечень информационных
//! ресурсов, используемых для совершения преступлений»): the attachment to a
//! claim in court (judicial track) or to an extrajudicial request to restrict
//! access. One row per resource: what it is, its category, when it was first
//! seen, who is behind it, the crime reports and cases it came from, and
//! where its blocking stands.
//!
//! A4 landscape, like the consolidated report: seven columns, long URLs and
//! several cases to a row do not fit portrait's 170 mm of text width.

use chrono::NaiveDate;
use docx_rs::{AlignmentType, Paragraph, Run, Table, TableRow};

use super::Track;
use crate::office::OfficeError;
use crate::office::docx_common::{
    CoreMeta, TEXT_SIZE, cell, centred_bold, header_row, pack, page_setup, plain, table,
};
use crate::office::docx_requisites::{letterhead, tail};
use crate::office::requisites::{Issue, Requisites};
use crate::ru;
use dozor_indicator::model::{Category, Kind, Status};

/// What the list is attached to: a claim in court (`Judicial`) or a request
/// to restrict access out of court (`Extrajudicial`).
pub type Purpose = Track;

/// The document's data, in the order the resources were selected.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockingList {
    pub purpose: Purpose,
    pub date: NaiveDate,
    pub author: String,
    pub agency: Option<String>,
    pub items: Vec<BlockingItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlockingItem {
    pub kind: Kind,
    /// As shown everywhere; a card's is masked (BIN and the last four digits).
    pub display: String,
    pub category: Category,
    pub first_seen: NaiveDate,
    pub status: Status,
    /// The latest step on the blocking track, if any was taken.
    pub last_step: Option<StepLine>,
    /// Owner or administrator data in one line.
    pub owner: Option<String>,
    pub cases: Vec<CaseLine>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepLine {
    /// `blocking::step_label`, e.g. «подано исковое заявление».
    pub label: &'static str,
    pub on: NaiveDate,
}

/// A crime report (КУСП) or criminal case a resource came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseLine {
    pub number: String,
    pub registered_on: Option<NaiveDate>,
    /// The article of the Criminal Code as entered, e.g. «159 ч. 3».
    pub article: Option<String>,
    /// Damage in roubles.
    pub damage: Option<i64>,
}

impl CaseLine {
    /// «№ 12001710001000123 от 12.10.2020, ст. 159 ч. 3 УК РФ, ущерб 1 250 000 руб.»
    pub fn text(&self) -> String {
        let starts_with_digit = self.number.starts_with(|c: char| c.is_ascii_digit());
        let mut out = match starts_with_digit {
            true => format!("№ {}", self.number),
            false => self.number.clone(),
        };
        if let Some(d) = self.registered_on {
            out.push_str(&format!(" от {}", ru::date(d)));
        }
        if let Some(a) = self.article.as_deref().map(str::trim) {
            let article = match (a.contains("УК"), a.starts_with("ст")) {
                (true, _) => a.to_owned(),
                (false, true) => format!("{a} УК РФ"),
                (false, false) => format!("ст. {a} УК РФ"),
            };
            out.push_str(&format!(", {article}"));
        }
        if let Some(d) = self.damage {
            // A no-break space keeps the sum and its unit on one line.
            out.push_str(&format!(", ущерб {}\u{a0}руб.", ru::number(d as f64)));
        }
        out
    }
}

const SUBJECT: &str = "Перечень информационных ресурсов, используемых для совершения преступлений,";

/// The document's title for its purpose.
pub fn title(purpose: Purpose) -> String {
    let to = match purpose {
        Track::Judicial => {
            "к исковому заявлению о признании информации запрещённой к распространению"
        }
        Track::Extrajudicial => "к требованию о принятии мер по ограничению доступа",
    };
    format!("{SUBJECT} {to}")
}

const HEAD: [&str; 7] = [
    "№ п/п",
    "Информационный ресурс",
    "Категория",
    "Впервые выявлен",
    "Сведения о владельце",
    "Уголовные дела / КУСП",
    "Статус блокировки",
];
// The resource and its cases get the widest columns: they are what the
// court or the regulator acts on.
const COLS: [usize; 7] = [600, 3_000, 1_700, 1_300, 2_600, 3_937, 2_000];

pub(crate) const NO_OWNER: &str = "Не установлены";

/// Builds the .docx of the list, framed by the configured requisites (the
/// list dates itself: «по состоянию на»).
pub fn render(doc: &BlockingList, req: &Requisites) -> Result<Vec<u8>, OfficeError> {
    let issue = Issue {
        date: doc.date,
        number: None,
    };
    let title = title(doc.purpose);
    let mut docx = letterhead(page_setup(), req, &issue, false)
        .add_paragraph(centred_bold(&title, TEXT_SIZE))
        .add_paragraph(
            text_line(&format!("по состоянию на {}", ru::date(doc.date)))
                .align(AlignmentType::Center),
        );
    let issuer: Vec<&str> = [doc.agency.as_deref(), Some(doc.author.as_str())]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if !issuer.is_empty() {
        docx = docx.add_paragraph(text_line(&format!("Составитель: {}", issuer.join(", "))));
    }
    let total = format!(
        "Всего информационных ресурсов в перечне: {}.",
        doc.items.len()
    );
    let docx = docx
        .add_paragraph(Paragraph::new())
        .add_table(items_table(&doc.items))
        .add_paragraph(Paragraph::new())
        .add_paragraph(text_line(&total));
    // The author is the configured organisation, else the compiler's agency.
    let creator = match (&req.organisation, &doc.agency) {
        (None, Some(agency)) => agency.clone(),
        _ => req.author(),
    };
    let meta = CoreMeta {
        creator: &creator,
        title: &title,
        date: doc.date,
    };
    pack(tail(docx, req), &meta)
}

/// A line of text outside the table.
fn text_line(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn items_table(items: &[BlockingItem]) -> Table {
    let mut rows = vec![header_row(&HEAD, &COLS)];
    rows.extend(items.iter().enumerate().map(|(i, it)| item_row(i + 1, it)));
    table(rows, &COLS)
}

fn item_row(number: usize, it: &BlockingItem) -> TableRow {
    let owner = it
        .owner
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .unwrap_or(NO_OWNER);
    let cases = match it.cases.is_empty() {
        true => vec![plain("—")],
        false => it.cases.iter().map(|c| plain(&c.text())).collect(),
    };
    let mut status = vec![plain(&capital(it.status.label()))];
    if let Some(s) = &it.last_step {
        status.push(plain(&format!("{} {}", s.label, ru::date(s.on))));
    }
    let [w_no, w_res, w_cat, w_seen, w_owner, w_cases, w_status] = COLS;
    TableRow::new(vec![
        cell(w_no, vec![plain(&number.to_string())]),
        cell(
            w_res,
            vec![plain(&it.display), plain(&format!("({})", it.kind.label()))],
        ),
        cell(w_cat, vec![plain(&capital(it.category.label()))]),
        cell(w_seen, vec![plain(&ru::date(it.first_seen))]),
        cell(w_owner, vec![plain(owner)]),
        cell(w_cases, cases),
        cell(w_status, status),
    ])
}

/// The label with a capital first letter, as a table cell starts.
fn capital(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
