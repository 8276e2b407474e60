//! The plan as a Word table: the first table whose header names the measure
//! column. Paragraphs inside a cell become the cell's lines; the body
//! paragraphs above the table are the title.

use super::table::{PlanError, RawRow, RawTable, has_header};

mod numbering;
mod styles;
use crate::office::zip_read::{OFFICE, Package, ZipError};
use quick_xml::Reader;
use quick_xml::events::Event;

pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

pub fn read(bytes: &[u8]) -> Result<RawTable, PlanError> {
    let unreadable = |e| match e {
        ZipError::TooLarge(what) => PlanError::TooLarge { ext: "docx", what },
        ZipError::Missing(part) => PlanError::UnreadableDocx(format!("no {part} inside")),
        ZipError::Unreadable(why) => PlanError::UnreadableDocx(why),
    };
    let mut package = Package::open(bytes, OFFICE).map_err(unreadable)?;
    let xml = package.read_text("word/document.xml").map_err(unreadable)?;
    // Only documents with automatic numbering have this part.
    let numbering = match package.read_text("word/numbering.xml") {
        Ok(xml) => numbering::Numbering::parse(&xml)?,
        Err(ZipError::Missing(_)) => numbering::Numbering::default(),
        Err(e) => return Err(unreadable(e)),
    };
    let styles = match package.read_text("word/styles.xml") {
        Ok(xml) => styles::Styles::parse(&xml)?,
        Err(ZipError::Missing(_)) => styles::Styles::default(),
        Err(e) => return Err(unreadable(e)),
    };
    parse_document(&xml, numbering, styles)
}

/// A table cell as read, before merges are resolved.
#[derive(Default)]
struct Cell {
    lines: Vec<String>,
    /// How many grid columns the cell covers (`w:gridSpan`).
    span: usize,
    /// `w:vMerge` without `restart`: the cell continues the one above.
    continues: bool,
}

#[derive(Default)]
struct Walk {
    title: Vec<String>,
    para: Option<String>,
    depth: usize,
    rows: Vec<RawRow>,
    cells: Vec<Cell>,
    cell: Cell,
    /// The previous row's value in each grid column, for `w:vMerge`.
    above: Vec<Vec<String>>,
    row_header: bool,
    grid_before: usize,
    grid_after: usize,
    /// The current paragraph's `w:numPr` (level and list) and style: what
    /// the paragraph leaves unset, its style may give.
    num_level: Option<usize>,
    num_id: Option<u32>,
    style: Option<String>,
    /// Inside `w:pPrChange` or `w:rPrChange`: properties before a tracked
    /// change, which Word no longer shows.
    in_change: usize,
    numbering: numbering::Numbering,
    styles: styles::Styles,
}

fn val(e: &quick_xml::events::BytesStart) -> Option<String> {
    e.try_get_attribute("w:val").ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// Is an on/off property on? `<w:tblHeader/>` is; `w:val="0"` or "false" is not.
fn on(e: &quick_xml::events::BytesStart) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}

fn parse_document(
    xml: &str,
    numbering: numbering::Numbering,
    styles: styles::Styles,
) -> Result<RawTable, PlanError> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walk {
        numbering,
        styles,
        ..Walk::default()
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| PlanError::UnreadableDocx(format!("bad XML: {e}")))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "w:tbl" => {
                    w.depth += 1;
                    if w.depth == 1 {
                        w.rows.clear();
                        w.above.clear();
                    }
                }
                "w:tr" if w.depth == 1 => {
                    w.cells.clear();
                    w.row_header = false;
                    w.grid_before = 0;
                    w.grid_after = 0;
                }
                "w:tc" if w.depth == 1 => w.cell = Cell::default(),
                "w:p" => start_paragraph(&mut w),
                "w:pPrChange" | "w:rPrChange" => w.in_change += 1,
                _ => property(&mut w, &e),
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => push_text(&mut w, " "),
                "w:br" | "w:cr" => end_paragraph(&mut w, true),
                "w:p" if w.depth > 0 => w.cell.lines.push(String::new()),
                _ => property(&mut w, &e),
            },
            Event::Text(t) => push_text(&mut w, &t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Some(ch) = super::table::reference_text(&r) {
                    push_text(&mut w, &ch);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:p" => end_paragraph(&mut w, false),
                "w:pPrChange" | "w:rPrChange" => w.in_change = w.in_change.saturating_sub(1),
                "w:pPr" if w.in_change == 0 => number_paragraph(&mut w),
                "w:tc" if w.depth == 1 => {
                    let cell = std::mem::take(&mut w.cell);
                    w.cells.push(cell);
                }
                "w:tr" if w.depth == 1 => end_row(&mut w),
                "w:tbl" => {
                    w.depth = w.depth.saturating_sub(1);
                    if w.depth == 0 && has_header(&w.rows) {
                        return Ok(RawTable {
                            title: title(&w.title),
                            rows: w.rows,
                        });
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Err(PlanError::NotAPlan(
        "the document has no table whose header names the measure column".into(),
    ))
}

/// The title: the paragraphs above the table, from the one that starts
/// with «ПЛАН» when there is one, so that an approval block («УТВЕРЖДАЮ …»)
/// above it is left out.
pub(super) fn title(paragraphs: &[String]) -> String {
    let from = paragraphs
        .iter()
        .position(|p| {
            p.trim_start()
                .to_lowercase()
                .split(|c: char| !c.is_alphabetic())
                .next()
                == Some("план")
        })
        .unwrap_or(0);
    paragraphs[from..].join(" ")
}

/// The cell, row and numbering properties the reader uses.
fn property(w: &mut Walk, e: &quick_xml::events::BytesStart) {
    if w.in_change > 0 {
        return;
    }
    let number = || val(e).and_then(|v| v.trim().parse::<usize>().ok());
    match e.name().as_ref() {
        "w:gridSpan" if w.depth == 1 => w.cell.span = number().unwrap_or(1),
        "w:vMerge" if w.depth == 1 => w.cell.continues = val(e).as_deref() != Some("restart"),
        "w:tblHeader" if w.depth == 1 => w.row_header = on(e),
        "w:gridBefore" if w.depth == 1 => w.grid_before = number().unwrap_or(0),
        "w:gridAfter" if w.depth == 1 => w.grid_after = number().unwrap_or(0),
        "w:ilvl" => w.num_level = number(),
        "w:numId" => w.num_id = val(e).and_then(|v| v.trim().parse().ok()),
        "w:pStyle" => w.style = val(e),
        _ => {}
    }
}

/// Lays the row's cells out on the table grid: a cell spanning columns
/// fills the first and leaves the rest empty, and a cell merged down takes
/// the value of the one above. A row of a single cell stays one cell: a
/// section heading.
fn end_row(w: &mut Walk) {
    let at = format!("table row {}", w.rows.len() + 1);
    let cells = std::mem::take(&mut w.cells);
    let single = cells.len() == 1 && w.grid_before == 0 && w.grid_after == 0;
    let mut grid: Vec<Vec<String>> = vec![Vec::new(); w.grid_before];
    for c in cells {
        let lines = if c.continues {
            w.above.get(grid.len()).cloned().unwrap_or_default()
        } else {
            c.lines
        };
        grid.push(lines);
        // A bogus span cannot make a row wider than a table can be.
        let extra = c.span.clamp(1, 64) - 1;
        grid.extend(std::iter::repeat_n(Vec::new(), extra));
    }
    grid.extend(std::iter::repeat_n(Vec::new(), w.grid_after.min(64)));
    w.above.clone_from(&grid);
    let cells = if single {
        grid.truncate(1);
        grid
    } else {
        grid
    };
    let mut row = RawRow::new(at, cells);
    row.repeats_header = w.row_header;
    w.rows.push(row);
}

fn start_paragraph(w: &mut Walk) {
    w.para = Some(String::new());
    w.num_level = None;
    w.num_id = None;
    w.style = None;
}

/// A paragraph in an automatically numbered list starts with its number,
/// as Word shows it. Its own `w:numPr` wins over its style's; list 0
/// means "not numbered" even when the style is.
fn number_paragraph(w: &mut Walk) {
    let style = w.style.take();
    let (style_num, style_level) = match &style {
        Some(s) => w.styles.numbering(s),
        None => (None, None),
    };
    let Some(id) = w.num_id.take().or(style_num).filter(|id| *id != 0) else {
        return;
    };
    let level = w.num_level.take().or(style_level).or_else(|| {
        style
            .as_deref()
            .and_then(|s| w.numbering.level_of_style(id, s))
    });
    if let Some(label) = w.numbering.next(id, level.unwrap_or(0)) {
        push_text(w, &format!("{label} "));
    }
}

fn push_text(w: &mut Walk, s: &str) {
    if let Some(p) = w.para.as_mut() {
        p.push_str(s);
    }
}

/// Closes a paragraph (or a line break inside one, when `soft`).
fn end_paragraph(w: &mut Walk, soft: bool) {
    let Some(text) = w.para.take() else { return };
    if soft {
        w.para = Some(String::new());
    }
    if w.depth > 0 {
        w.cell.lines.push(text);
    } else if !text.trim().is_empty() {
        w.title.push(text);
    }
}

#[cfg(test)]
pub(crate) mod tests;
