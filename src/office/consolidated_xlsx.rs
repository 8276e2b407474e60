//! Renders the consolidated report as an .xlsx for analysis: one row per
//! measure and agency with the reported metrics as numbers, and a second
//! sheet with each agency's completeness and timeliness. The first rows
//! repeat the .docx's heading and its date and number; each section of the
//! plan is a merged row before its first measure.

use chrono::Datelike;
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, RowNum, Workbook, Worksheet,
};

use super::OfficeError;
use super::consolidated::{AgencyEntry, ConsolidatedReport, MeasureRow};
use super::consolidated_docx::{KIND, NO_INFORMATION, NOT_SCHEDULED, heading};
use super::requisites::{Issue, Requisites};

/// The heading, the date and number, a blank row: the table starts below.
const HEAD_ROW: RowNum = 3;

const REPORT_HEAD: [(&str, f64); 7] = [
    ("№ п/п", 7.0),
    ("Наименование мероприятия", 50.0),
    ("Срок исполнения", 20.0),
    ("Исполнитель", 30.0),
    ("Информация об исполнении", 70.0),
    ("Отметка об исполнении", 28.0),
    ("Продлено до", 13.0),
];
const METRIC_WIDTH: f64 = 16.0;

const SUMMARY_HEAD: [(&str, f64); 6] = [
    ("Исполнитель", 40.0),
    ("Ожидалось", 12.0),
    ("Представлено", 14.0),
    ("Полнота, %", 12.0),
    ("В срок", 10.0),
    ("Своевременность, %", 20.0),
];

struct Formats {
    head: Format,
    title: Format,
    section: Format,
    text: Format,
    number: Format,
    date: Format,
    percent: Format,
}

/// Builds the .xlsx of the consolidated report; its properties name the
/// author and the document's date (rust_xlsxwriter would stamp the clock).
pub fn to_xlsx(
    r: &ConsolidatedReport,
    req: &Requisites,
    issue: &Issue,
) -> Result<Vec<u8>, OfficeError> {
    let top = Format::new().set_align(FormatAlign::Top);
    let f = Formats {
        title: Format::new().set_bold().set_text_wrap(),
        section: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        text: top.clone().set_text_wrap(),
        number: top.clone(),
        date: top.clone().set_num_format("dd.mm.yyyy"),
        percent: top.set_num_format("0.0"),
    };
    let mut book = Workbook::new();
    book.set_properties(&properties(r, req, issue).map_err(write_error)?);
    report_sheet(book.add_worksheet(), r, issue, &f).map_err(write_error)?;
    summary_sheet(book.add_worksheet(), r, &f).map_err(write_error)?;
    annex::append(&mut book, &r.annexes).map_err(write_error)?;
    book.save_to_buffer().map_err(write_error)
}

fn properties(r: &ConsolidatedReport, req: &Requisites, issue: &Issue) -> Xlsx<DocProperties> {
    let d = issue.date;
    let created = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    Ok(DocProperties::new()
        .set_author(req.author())
        .set_title(format!("{KIND} {}", heading(r)))
        .set_creation_datetime(&created))
}

fn write_error(e: rust_xlsxwriter::XlsxError) -> OfficeError {
    OfficeError::Write(e.to_string())
}

type Xlsx<T = ()> = Result<T, rust_xlsxwriter::XlsxError>;

fn header(ws: &mut Worksheet, at: RowNum, head: &[(&str, f64)], f: &Formats) -> Xlsx {
    for (col, (title, width)) in (0..).zip(head) {
        ws.write_string_with_format(at, col, *title, &f.head)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(at + 1, 0)?;
    Ok(())
}

fn report_sheet(ws: &mut Worksheet, r: &ConsolidatedReport, issue: &Issue, f: &Formats) -> Xlsx {
    ws.set_name("Отчёт")?;
    let first_metric = REPORT_HEAD.len() as ColNum;
    let last_col = first_metric + r.metric_columns.len() as ColNum - 1;
    let title = format!("{} {}", KIND, heading(r));
    ws.merge_range(0, 0, 0, last_col, &title, &f.title)?;
    // A long heading wraps; the row grows to show it.
    ws.set_row_height(0, 45)?;
    ws.write_string(1, 0, issue.date_and_number())?;
    header(ws, HEAD_ROW, &REPORT_HEAD, f)?;
    for (col, (_, label)) in (first_metric..).zip(&r.metric_columns) {
        ws.write_string_with_format(HEAD_ROW, col, label, &f.head)?;
        ws.set_column_width(col, METRIC_WIDTH)?;
    }
    let mut row: RowNum = HEAD_ROW + 1;
    let mut section = None;
    for m in &r.measures {
        if m.section.is_some() && m.section != section {
            section = m.section.clone();
            let title = m.section.as_deref().unwrap_or_default();
            ws.merge_range(row, 0, row, last_col, title, &f.section)?;
            row += 1;
        }
        if m.entries.is_empty() {
            measure_cells(ws, row, m, f)?;
            ws.write_string_with_format(row, 5, NOT_SCHEDULED, &f.text)?;
            row += 1;
        }
        for e in &m.entries {
            measure_cells(ws, row, m, f)?;
            entry_cells(ws, row, e, first_metric, f)?;
            row += 1;
        }
    }
    Ok(())
}

fn measure_cells(ws: &mut Worksheet, row: RowNum, m: &MeasureRow, f: &Formats) -> Xlsx {
    ws.write_string_with_format(row, 0, &m.number, &f.text)?;
    ws.write_string_with_format(row, 1, &m.title, &f.text)?;
    ws.write_string_with_format(row, 2, &m.schedule_text, &f.text)?;
    Ok(())
}

fn entry_cells(
    ws: &mut Worksheet,
    row: RowNum,
    e: &AgencyEntry,
    first_metric: ColNum,
    f: &Formats,
) -> Xlsx {
    ws.write_string_with_format(row, 3, &e.agency, &f.text)?;
    let text = e.text.as_deref().unwrap_or(NO_INFORMATION);
    ws.write_string_with_format(row, 4, text, &f.text)?;
    ws.write_string_with_format(row, 5, e.mark.text(), &f.text)?;
    if let Some(d) = e.extended_to {
        // The crate's chrono support is a feature not enabled here; ISO text is
        // the lossless bridge.
        let date = ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string())?;
        ws.write_datetime_with_format(row, 6, date, &f.date)?;
    }
    for (col, value) in (first_metric..).zip(&e.metrics) {
        if let Some(v) = value {
            ws.write_number_with_format(row, col, *v, &f.number)?;
        }
    }
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, r: &ConsolidatedReport, f: &Formats) -> Xlsx {
    ws.set_name("Сводка")?;
    header(ws, 0, &SUMMARY_HEAD, f)?;
    for (row, s) in (1..).zip(&r.summary) {
        ws.write_string_with_format(row, 0, &s.agency, &f.text)?;
        ws.write_number_with_format(row, 1, s.due, &f.number)?;
        ws.write_number_with_format(row, 2, s.submitted, &f.number)?;
        if let Some(p) = s.completeness() {
            ws.write_number_with_format(row, 3, p, &f.percent)?;
        }
        ws.write_number_with_format(row, 4, s.on_time, &f.number)?;
        if let Some(p) = s.timeliness() {
            ws.write_number_with_format(row, 5, p, &f.percent)?;
        }
    }
    Ok(())
}

pub mod annex;
#[cfg(test)]
mod tests;
