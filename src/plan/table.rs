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
    /// Marked in Word as a header row repeated on each page (`w:tblHeader`).
    pub repeats_header: bool,
}

impl RawRow {
    pub fn new(at: String, cells: Vec<Vec<String>>) -> RawRow {
        RawRow {
            at,
            cells,
            repeats_header: false,
        }
    }
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
    /// Word 97–2003 (an OLE2 compound file), which Dozor does not read.
    #[error("a legacy Word .doc file; save it as .docx")]
    LegacyDoc,
    #[error("unreadable .docx: {0}")]
    UnreadableDocx(String),
    #[error("unreadable .odt: {0}")]
    UnreadableOdt(String),
    /// The package (`.docx` or `.odt`, as `ext` says) unpacks past
    /// `office::zip_read::OFFICE`: a zip bomb.
    #[error(".{ext} too large once unpacked: {what}")]
    TooLarge { ext: &'static str, what: String },
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

/// The header at `rows[i]`: one row naming the columns, or two rows that
/// name them once each cell's two halves are read together. Returns the
/// columns and how many rows the header takes.
fn header_at(rows: &[RawRow], i: usize) -> Option<([usize; 4], usize)> {
    let row = rows.get(i)?;
    let one = header_columns(&row.cells);
    let two = rows
        .get(i + 1)
        .filter(|next| continues_header(&row.cells, &next.cells))
        .and_then(|next| header_columns(&join_rows(&row.cells, &next.cells)));
    match (one, two) {
        (_, Some(cols)) => Some((cols, 2)),
        (Some(cols), None) => Some((cols, 1)),
        (None, None) => None,
    }
}

/// Can `next` be the second row of a header starting with `row`: as wide,
/// with two cells or more filled, and no measure number or column number?
fn continues_header(row: &[Vec<String>], next: &[Vec<String>]) -> bool {
    let filled = next.iter().filter(|c| !join_lines(c).is_empty()).count();
    next.len() == row.len()
        && filled >= 2
        && !is_column_numbers(next)
        && !next
            .iter()
            .any(|c| measure_number(&join_lines(c)).is_some())
}

/// Each cell's two halves read together; a cell merged down both rows says
/// the same thing twice and is read once.
fn join_rows(row: &[Vec<String>], next: &[Vec<String>]) -> Vec<Vec<String>> {
    row.iter()
        .zip(next)
        .map(|(a, b)| {
            if a == b {
                a.clone()
            } else {
                a.iter().chain(b).cloned().collect()
            }
        })
        .collect()
}

/// Does one of the table's first rows start a header naming the measure
/// column? Used to pick a .docx table.
pub fn has_header(rows: &[RawRow]) -> bool {
    (0..rows.len().min(4)).any(|i| header_at(rows, i).is_some())
}

fn is_column_numbers(cells: &[Vec<String>]) -> bool {
    cells
        .iter()
        .enumerate()
        .all(|(i, c)| join_lines(c).trim_end_matches('.') == (i + 1).to_string())
}

/// A section heading: a row with one cell only (a cell merged across the
/// table), or with only its first or its title cell filled, and that cell
/// not a measure number.
fn section_heading(cells: &[Vec<String>], title_col: usize) -> Option<String> {
    let filled: Vec<(usize, String)> = cells
        .iter()
        .map(|c| join_lines(c))
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let [(at, text)] = filled.as_slice() else {
        return None;
    };
    let placed = cells.len() == 1 || *at == 0 || *at == title_col;
    (placed && measure_number(text).is_none()).then(|| text.clone())
}

/// Builds the plan from a reader's rows.
pub fn build(table: RawTable) -> Result<ParseOutput, PlanError> {
    let rows = table.rows;
    let Some((start, (cols, span))) =
        (0..rows.len()).find_map(|i| header_at(&rows, i).map(|h| (i, h)))
    else {
        return Err(PlanError::NotAPlan(
            "no header row naming the columns №, Мероприятие, Срок, Исполнители".into(),
        ));
    };
    let width = rows[start].cells.len();
    let header: Vec<&Vec<Vec<String>>> =
        rows[start..start + span].iter().map(|r| &r.cells).collect();
    let mut measures = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    let mut section = None;
    for row in &rows[start + span..] {
        // The header again, as Word repeats it on each page or as someone
        // copied it there, and the column-number row wherever it stands.
        let repeated = row.repeats_header
            || header.contains(&&row.cells)
            || header_columns(&row.cells).is_some()
            || (row.cells.len() == width && is_column_numbers(&row.cells));
        if repeated {
            continue;
        }
        if let Some(heading) = section_heading(&row.cells, cols[1]) {
            section = Some(heading);
            continue;
        }
        if row.cells.len() != width {
            return Err(PlanError::WrongCellCount {
                at: row.at.clone(),
                expected: width,
                found: row.cells.len(),
            });
        }
        let mut m = measure(row, cols, &mut warnings)?;
        m.section = section.clone();
        if !seen.insert(m.number.clone()) {
            return Err(PlanError::DuplicateNumber {
                at: row.at.clone(),
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
        section: None,
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
            PlanError::LegacyDoc => "Это файл .doc старого формата Word 97–2003: откройте его в Word и сохраните как .docx («Файл» → «Сохранить как» → «Документ Word»)".into(),
            PlanError::UnreadableDocx(_) => "Файл .docx повреждён или не читается".into(),
            PlanError::UnreadableOdt(_) => "Файл .odt повреждён или не читается".into(),
            PlanError::TooLarge { ext, .. } => {
                let l = crate::office::zip_read::OFFICE;
                format!(
                    "Файл .{ext} слишком велик после распаковки: допускается до {} МБ текста и сжатие не более чем в {} раз",
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

pub(super) use crate::office::xml::reference_text;
