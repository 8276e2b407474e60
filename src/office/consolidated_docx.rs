//! Renders the consolidated report ("Информация о ходе исполнения") as a
//! .docx laid out after ГОСТ Р 7.0.97-2016: A4 landscape, Times New Roman,
//! page numbers centred at the top from the second page on, one table of all
//! measures with a header row repeated on every page, and a closing table on
//! the completeness and timeliness of the agencies' reports. The
//! requisites of the document (`docx_requisites`) frame it: the approval
//! stamp, the author, date and number, the addressee above; the signature
//! and the executor mark below.

use docx_rs::{Paragraph, Table, TableCell, TableRow, WidthType};

use super::OfficeError;
use super::consolidated::{AgencyEntry, AgencySummary, ConsolidatedReport, MeasureRow};
use super::docx_common::{
    CoreMeta, TEXT_SIZE, TEXT_W, bold, cell, centred_bold, header_row, pack, page_setup, plain,
    table,
};
use super::docx_requisites::{head, tail};
use super::requisites::{Issue, Requisites};

const MEASURE_HEAD: [&str; 6] = [
    "№ п/п",
    "Наименование мероприятия",
    "Срок исполнения",
    "Ответственные исполнители",
    "Информация об исполнении",
    "Отметка об исполнении",
];
// The report text gets the widest column: it is what the reader came for.
const MEASURE_COLS: [usize; 6] = [700, 3_400, 1_600, 2_300, 4_937, 2_200];

const SUMMARY_HEAD: [&str; 6] = [
    "Исполнитель",
    "Ожидалось",
    "Представлено",
    "Полнота, %",
    "В срок",
    "Своевременность, %",
];
const SUMMARY_COLS: [usize; 6] = [5_137, 2_000, 2_000, 2_000, 2_000, 2_000];

pub(crate) const NOT_SCHEDULED: &str = "В отчётном периоде исполнение не предусмотрено";
pub(crate) const NO_INFORMATION: &str = "Информация не представлена";

/// The document kind, as ГОСТ Р 7.0.97-2016 prints it above the heading.
pub const KIND: &str = "ИНФОРМАЦИЯ";

/// The heading to the text: «о ходе исполнения плана … за III квартал 2020 г.».
pub fn heading(r: &ConsolidatedReport) -> String {
    format!(
        "о ходе исполнения {} {}",
        of_plan(&r.plan_title),
        r.period_for
    )
}

/// The plan's title after «о ходе исполнения»: «План мероприятий …» becomes
/// «плана мероприятий …»; any other title is quoted after «плана».
fn of_plan(title: &str) -> String {
    let title = title.trim();
    match title.strip_prefix("План ") {
        Some(rest) => format!("плана {rest}"),
        None => format!("плана «{title}»"),
    }
}

/// Builds the .docx of the consolidated report with the given requisites.
pub fn to_docx(
    r: &ConsolidatedReport,
    req: &Requisites,
    issue: &Issue,
) -> Result<Vec<u8>, OfficeError> {
    let summary_heading = "Полнота и своевременность представления информации";
    let title = format!("Информация {}", heading(r));
    let doc = head(page_setup(), req, issue, KIND, &[heading(r)])
        .add_paragraph(Paragraph::new())
        .add_table(measures_table(r))
        .add_paragraph(Paragraph::new())
        // Keeps the heading on the page of the table it names.
        .add_paragraph(centred_bold(summary_heading, TEXT_SIZE).keep_next(true))
        .add_paragraph(Paragraph::new().keep_next(true))
        .add_table(summary_table(&r.summary));
    let doc = annex::append(doc, &r.annexes);
    let meta = CoreMeta {
        creator: &req.author(),
        title: &title,
        date: issue.date,
    };
    pack(tail(doc, req), &meta)
}

/// Percent with one decimal and a decimal comma, as Russian documents write it.
fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |p| format!("{p:.1}").replace('.', ","))
}

/// What the "Отметка об исполнении" column says of one entry.
fn mark_line(e: &AgencyEntry) -> String {
    let mut line = format!("{}: {}", e.agency, e.mark.text());
    if let Some(d) = e.extended_to {
        line.push_str(&format!(" (срок продлён до {})", d.format("%d.%m.%Y")));
    }
    line
}

fn measures_table(r: &ConsolidatedReport) -> Table {
    let mut rows = vec![header_row(&MEASURE_HEAD, &MEASURE_COLS)];
    let mut section = None;
    for m in &r.measures {
        if m.section.is_some() && m.section != section {
            section = m.section.clone();
            rows.push(section_row(m.section.as_deref().unwrap_or_default()));
        }
        rows.push(measure_row(m));
    }
    table(rows, &MEASURE_COLS)
}

/// The section's title across the whole table, before its first measure.
fn section_row(title: &str) -> TableRow {
    let cell = TableCell::new()
        .width(TEXT_W, WidthType::Dxa)
        .grid_span(MEASURE_COLS.len())
        .add_paragraph(bold(title));
    TableRow::new(vec![cell])
}

fn measure_row(m: &MeasureRow) -> TableRow {
    let (info, marks) = if m.entries.is_empty() {
        (vec![plain(NOT_SCHEDULED)], vec![plain(NOT_SCHEDULED)])
    } else {
        let info = m.entries.iter().flat_map(entry_information).collect();
        let marks = m.entries.iter().map(|e| plain(&mark_line(e))).collect();
        (info, marks)
    };
    let [w_no, w_title, w_term, w_exec, w_info, w_mark] = MEASURE_COLS;
    TableRow::new(vec![
        cell(w_no, vec![plain(&m.number)]),
        cell(w_title, vec![plain(&m.title)]),
        cell(w_term, vec![plain(&m.schedule_text)]),
        cell(w_exec, m.executors.iter().map(|x| plain(x)).collect()),
        cell(w_info, info),
        cell(w_mark, marks),
    ])
}

fn entry_information(e: &AgencyEntry) -> Vec<Paragraph> {
    let mut out = vec![bold(&e.agency)];
    match &e.text {
        Some(text) => out.extend(text.split('\n').map(|l| plain(l.trim_end_matches('\r')))),
        None => out.push(plain(NO_INFORMATION)),
    }
    out
}

fn summary_table(summary: &[AgencySummary]) -> Table {
    let mut rows = vec![header_row(&SUMMARY_HEAD, &SUMMARY_COLS)];
    rows.extend(summary.iter().map(|s| {
        let values = [
            s.agency.clone(),
            s.due.to_string(),
            s.submitted.to_string(),
            percent(s.completeness()),
            s.on_time.to_string(),
            percent(s.timeliness()),
        ];
        let cells = values
            .iter()
            .zip(SUMMARY_COLS)
            .map(|(v, w)| cell(w, vec![plain(v)]))
            .collect();
        TableRow::new(cells)
    }));
    table(rows, &SUMMARY_COLS)
}

pub mod annex;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_requisites;
