//! Turns the rows any import form reads into a `ParsedPlan`: finds the
//! header, skips the column-number row, checks every row, and parses cells.

use super::executors::{partners, split_executors};
use super::model::{ParsedMeasure, ParsedPlan, Schedule};
use super::schedule;
use super::text::{join_lines, measure_number};
use crate::ru::squash;
use std::collections::HashSet;

/// What a reader found: the lines above the table and its rows.
#[derive(Debug, Default)]
pub struct RawTable {
    pub title: String,
    pub rows: Vec<RawRow>,
}

/// One table row; each cell keeps its lines (or paragraphs).
#[derive(Debug)]
pub struct RawRow {
    /// Where the row starts, for messages: "line 14" or "row 3".
    pub at: String,
    pub cells: Vec<Vec<String>>,
}

/// Why a file is not a plan Dozor can import.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("not a plan: {0}")]
    NotAPlan(String),
    #[error("the table has no measures")]
    EmptyTable,
    #[error("{at}: expected {expected} cells, found {found}")]
    WrongCellCount {
        at: String,
        expected: usize,
        found: usize,
    },
    #[error("{at}: «{value}» is not a measure number like 1, 1.2 or 2.10")]
    BadNumber { at: String, value: String },
    #[error("{at}: measure {number} appears twice")]
    DuplicateNumber { at: String, number: String },
    #[error("{at}: measure {number} has no title")]
    EmptyTitle { at: String, number: String },
    #[error("unreadable .docx: {0}")]
    UnreadableDocx(String),
    /// The package unpacks past `office::zip_read::OFFICE`: a zip bomb.
    #[error(".docx too large once unpacked: {0}")]
    DocxTooLarge(String),
}

/// A parsed plan and the warnings to print on stderr.
#[derive(Debug)]
pub struct ParseOutput {
    pub plan: ParsedPlan,
    pub warnings: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Column {
    Number,
    Title,
    Schedule,
    Executors,
}

fn classify(header: &str) -> Option<Column> {
    let h = squash(header).to_lowercase();
    let h = h.trim_end_matches('.');
    if matches!(
        h,
        "№" | "n" | "#" | "no" | "№ п/п" | "n п/п" | "п/п" | "№п/п" | "№ пп"
    ) {
        Some(Column::Number)
    } else if h.contains("мероприят") || h.starts_with("наименование") {
        Some(Column::Title)
    } else if h.contains("срок") {
        Some(Column::Schedule)
    } else if h.contains("исполнител") || h.starts_with("ответственн") {
        Some(Column::Executors)
    } else {
        None
    }
}

/// The column of each kind, when `cells` is a header row.
fn header_columns(cells: &[Vec<String>]) -> Option<[usize; 4]> {
    let kinds: Vec<Option<Column>> = cells.iter().map(|c| classify(&join_lines(c))).collect();
    let find = |k: Column| kinds.iter().position(|x| *x == Some(k));
    Some([
        find(Column::Number)?,
        find(Column::Title)?,
        find(Column::Schedule)?,
        find(Column::Executors)?,
    ])
}

/// Does a row header name the measure column? Used to pick a .docx table.
pub fn is_header(cells: &[Vec<String>]) -> bool {
    header_columns(cells).is_some()
}

fn is_column_numbers(cells: &[Vec<String>]) -> bool {
    cells
        .iter()
        .enumerate()
        .all(|(i, c)| join_lines(c).trim_end_matches('.') == (i + 1).to_string())
}

/// Builds the plan from a reader's rows.
pub fn build(table: RawTable) -> Result<ParseOutput, PlanError> {
    let mut rows = table.rows.into_iter();
    let (cols, width) = loop {
        let Some(row) = rows.next() else {
            return Err(PlanError::NotAPlan(
                "no header row naming the columns №, Мероприятие, Срок, Исполнители".into(),
            ));
        };
        if let Some(cols) = header_columns(&row.cells) {
            break (cols, row.cells.len());
        }
    };
    let mut measures = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    for row in rows {
        if row.cells.len() == width && is_column_numbers(&row.cells) && measures.is_empty() {
            continue;
        }
        if row.cells.len() != width {
            return Err(PlanError::WrongCellCount {
                at: row.at,
                expected: width,
                found: row.cells.len(),
            });
        }
        let m = measure(&row, cols, &mut warnings)?;
        if !seen.insert(m.number.clone()) {
            return Err(PlanError::DuplicateNumber {
                at: row.at,
                number: m.number,
            });
        }
        measures.push(m);
    }
    if measures.is_empty() {
        return Err(PlanError::EmptyTable);
    }
    let plan = ParsedPlan {
        title: squash(&table.title),
        measures,
    };
    Ok(ParseOutput { plan, warnings })
}

fn measure(
    row: &RawRow,
    [n, t, s, e]: [usize; 4],
    warnings: &mut Vec<String>,
) -> Result<ParsedMeasure, PlanError> {
    let raw_number = join_lines(&row.cells[n]);
    let number = measure_number(&raw_number).ok_or_else(|| PlanError::BadNumber {
        at: row.at.clone(),
        value: raw_number,
    })?;
    let title = join_lines(&row.cells[t]);
    if title.is_empty() {
        return Err(PlanError::EmptyTitle {
            at: row.at.clone(),
            number,
        });
    }
    let schedule_text = join_lines(&row.cells[s]);
    let schedule = schedule::parse(&schedule_text);
    if schedule == Schedule::Unrecognized {
        warnings.push(format!(
            "measure {number}: schedule «{schedule_text}» is not recognised; it creates no obligations"
        ));
    }
    let executors = split_executors(&row.cells[e]);
    if executors.is_empty() {
        warnings.push(format!("measure {number}: no responsible executors"));
    }
    Ok(ParsedMeasure {
        partners: partners(&title),
        number,
        title,
        schedule_text,
        schedule,
        executors,
    })
}

/// A plan that cannot be read is `plan_invalid` in the API.
impl From<PlanError> for crate::error::Error {
    fn from(e: PlanError) -> Self {
        crate::error::Error::PlanInvalid(e.to_string())
    }
}

impl PlanError {
    /// The message in Russian, for the UI.
    pub fn ru(&self) -> String {
        match self {
            PlanError::NotAPlan(_) => {
                "Это не план: не найдена таблица со столбцами «№», «Мероприятие», «Срок», «Исполнители»".into()
            }
            PlanError::EmptyTable => "В таблице плана нет мероприятий".into(),
            PlanError::WrongCellCount { at, expected, found } => {
                format!("{}: ожидалось ячеек — {expected}, найдено — {found}", ru_at(at))
            }
            PlanError::BadNumber { at, value } => {
                format!("{}: «{value}» — не номер мероприятия (1, 1.2, 2.10)", ru_at(at))
            }
            PlanError::DuplicateNumber { at, number } => {
                format!("{}: мероприятие {number} повторяется", ru_at(at))
            }
            PlanError::EmptyTitle { at, number } => {
                format!("{}: у мероприятия {number} нет наименования", ru_at(at))
            }
            PlanError::UnreadableDocx(_) => "Файл .docx повреждён или не читается".into(),
            PlanError::DocxTooLarge(_) => {
                let l = crate::office::zip_read::OFFICE;
                format!(
                    "Файл .docx слишком велик после распаковки: допускается до {} МБ текста и сжатие не более чем в {} раз",
                    l.total / (1024 * 1024),
                    l.ratio
                )
            }
        }
    }
}

/// "line 14" → "строка 14", "table row 3" → "строка таблицы 3".
fn ru_at(at: &str) -> String {
    at.replace("table row", "строка таблицы")
        .replace("row", "строка")
        .replace("line", "строка файла")
}
