//! Renders the consolidated report ("Информация о ходе исполнения") as a
//! .docx laid out after ГОСТ Р 7.0.97-2016: A4 landscape, Times New Roman,
//! page numbers centred at the top from the second page on, one table of all
//! measures with a header row repeated on every page, and a closing table on
//! the completeness and timeliness of the agencies' reports.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    PageOrientationType, Paragraph, Run, RunFonts, Table, TableCell, TableLayoutType, TableRow,
    WidthType,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::OfficeError;
use super::consolidated::{AgencyEntry, AgencySummary, ConsolidatedReport, MeasureRow};

// Twentieths of a point (1 mm = 56.6929 twips).
const PAGE_W: u32 = 16_838;
const PAGE_H: u32 = 11_906;
const MM_20: i32 = 1_134;
const MM_10: i32 = 567;
/// Page width less the 20 mm left and 10 mm right margins.
const TEXT_W: usize = 15_137;

// Half-points.
const TEXT_SIZE: usize = 28;
const TABLE_SIZE: usize = 24;

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

/// Builds the .docx of the consolidated report.
pub fn to_docx(r: &ConsolidatedReport) -> Result<Vec<u8>, OfficeError> {
    let title = [
        "Информация о ходе исполнения".to_owned(),
        r.plan_title.clone(),
        format!("за {}", r.period_label),
    ];
    let summary_heading = "Полнота и своевременность представления информации";
    let doc = title
        .iter()
        .fold(page_setup(), |doc, line| {
            doc.add_paragraph(centred_bold(line, TEXT_SIZE))
        })
        .add_paragraph(Paragraph::new())
        .add_table(measures_table(r))
        .add_paragraph(Paragraph::new())
        // Keeps the heading on the page of the table it names.
        .add_paragraph(centred_bold(summary_heading, TEXT_SIZE).keep_next(true))
        .add_paragraph(Paragraph::new().keep_next(true))
        .add_table(summary_table(&r.summary));
    let mut packed = Cursor::new(Vec::new());
    doc.pack(&mut packed)
        .map_err(|e| OfficeError::Write(e.to_string()))?;
    repeat_header_rows(&packed.into_inner())
}

fn page_setup() -> Docx {
    let margins = PageMargin::new()
        .top(MM_20)
        .bottom(MM_20)
        .left(MM_20)
        .right(MM_10);
    let single = LineSpacing::new()
        .before(0)
        .after(0)
        .line(240)
        .line_rule(LineSpacingType::Auto);
    let number = Paragraph::new()
        .align(AlignmentType::Center)
        .add_page_num(PageNum::new());
    Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(margins.header(MM_10).footer(MM_10).gutter(0))
        .default_fonts(serif())
        .default_size(TEXT_SIZE)
        .default_line_spacing(single)
        .header(Header::new().add_paragraph(number))
        // ГОСТ Р 7.0.97-2016 numbers pages from the second one on.
        .first_header(Header::new().add_paragraph(Paragraph::new()))
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

fn serif() -> RunFonts {
    let f = "Times New Roman";
    RunFonts::new().ascii(f).hi_ansi(f).cs(f).east_asia(f)
}

fn centred_bold(text: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(text).bold().size(size))
}

fn plain(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).size(TABLE_SIZE))
}

fn bold(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).bold().size(TABLE_SIZE))
}

fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    // A cell without a paragraph is invalid OOXML; Word refuses to open it.
    let paragraphs = if paragraphs.is_empty() {
        vec![Paragraph::new()]
    } else {
        paragraphs
    };
    paragraphs.into_iter().fold(
        TableCell::new().width(width, WidthType::Dxa),
        TableCell::add_paragraph,
    )
}

/// The header row. `cant_split` is the marker `repeat_header_rows` turns into
/// `w:tblHeader`; no other row sets it.
fn header_row(head: &[&str; 6], widths: &[usize; 6]) -> TableRow {
    let cells = head
        .iter()
        .zip(widths)
        .map(|(h, w)| cell(*w, vec![centred_bold(h, TABLE_SIZE)]))
        .collect();
    TableRow::new(cells).cant_split()
}

fn table(rows: Vec<TableRow>, widths: &[usize; 6]) -> Table {
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

fn measures_table(r: &ConsolidatedReport) -> Table {
    let mut rows = vec![header_row(&MEASURE_HEAD, &MEASURE_COLS)];
    rows.extend(r.measures.iter().map(measure_row));
    table(rows, &MEASURE_COLS)
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

/// docx-rs 0.4 cannot emit `w:tblHeader`, so the packed document is opened
/// again and the header rows' `w:cantSplit` marker gets it added.
fn repeat_header_rows(packed: &[u8]) -> Result<Vec<u8>, OfficeError> {
    let err = |e: &dyn std::fmt::Display| OfficeError::Write(e.to_string());
    let mut archive = ZipArchive::new(Cursor::new(packed)).map_err(|e| err(&e))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| err(&e))?;
        if file.name().map_err(|e| err(&e))? != "word/document.xml" {
            out.raw_copy_file(file).map_err(|e| err(&e))?;
            continue;
        }
        let mut xml = String::new();
        file.read_to_string(&mut xml).map_err(|e| err(&e))?;
        let xml = xml.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />");
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        out.start_file("word/document.xml", options)
            .map_err(|e| err(&e))?;
        out.write_all(xml.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
}

#[cfg(test)]
#[path = "consolidated_docx_tests.rs"]
mod tests;
