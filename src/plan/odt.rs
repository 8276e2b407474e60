//! The plan as an OpenDocument text (LibreOffice's .odt): the first table
//! whose header names the measure column, read as the Word reader reads
//! its tables. A cell spanning columns is followed by covered cells, which
//! stay empty; a cell spanning rows gives its value to the covered cells
//! below it. Numbers of automatically numbered lists are computed
//! (`lists`), as LibreOffice shows them.

use super::table::{PlanError, RawRow, RawTable, has_header};
use crate::office::zip_read::{OFFICE, Package, ZipError};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

mod lists;

const MIME: &[u8] = b"application/vnd.oasis.opendocument.text";

/// An ODF package names its type in a first, stored entry `mimetype`.
pub fn looks_like(bytes: &[u8]) -> bool {
    let field = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let (Some(name), Some(extra)) = (field(26), field(28)) else {
        return false;
    };
    bytes.starts_with(b"PK\x03\x04")
        && bytes.get(30..30 + name) == Some(b"mimetype".as_slice())
        && bytes
            .get(30 + name + extra..)
            .is_some_and(|b| b.starts_with(MIME))
}

pub fn read(bytes: &[u8]) -> Result<RawTable, PlanError> {
    let unreadable = |e| match e {
        ZipError::TooLarge(what) => PlanError::TooLarge { ext: "odt", what },
        ZipError::Missing(part) => PlanError::UnreadableOdt(format!("no {part} inside")),
        ZipError::Unreadable(why) => PlanError::UnreadableOdt(why),
    };
    let mut package = Package::open(bytes, OFFICE).map_err(unreadable)?;
    let xml = package.read_text("content.xml").map_err(unreadable)?;
    let mut lists = lists::Lists::default();
    match package.read_text("styles.xml") {
        Ok(styles) => lists
            .read_styles(&styles)
            .map_err(|e| PlanError::UnreadableOdt(format!("bad styles XML: {e}")))?,
        Err(ZipError::Missing(_)) => {}
        Err(e) => return Err(unreadable(e)),
    }
    parse_content(&xml, lists)
}

#[derive(Default)]
struct Walk {
    title: Vec<String>,
    para: Option<String>,
    depth: usize,
    rows: Vec<RawRow>,
    cells: Vec<Vec<String>>,
    cell: Vec<String>,
    /// Per grid column: the value of a cell spanning rows, and how many
    /// rows below it still covers.
    down: Vec<(Vec<String>, usize)>,
    /// The current cell's row span, or `None` in a covered cell.
    rows_spanned: Option<usize>,
    /// `table:number-columns-repeated`: LibreOffice writes equal cells once.
    repeat: usize,
    in_header: bool,
    header_rows: usize,
    lists: lists::Lists,
}

fn attr_num(e: &BytesStart, name: &str) -> Option<usize> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .and_then(|v| v.trim().parse().ok())
    })
}

fn parse_content(xml: &str, lists: lists::Lists) -> Result<RawTable, PlanError> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walk {
        lists,
        ..Walk::default()
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| PlanError::UnreadableOdt(format!("bad XML: {e}")))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => {
                    w.depth += 1;
                    if w.depth == 1 {
                        w.rows.clear();
                        w.down.clear();
                    }
                }
                "table:table-header-rows" if w.depth == 1 => w.in_header = true,
                "table:table-row" if w.depth == 1 => w.cells.clear(),
                "table:table-cell" | "table:covered-table-cell" if w.depth == 1 => {
                    start_cell(&mut w, &e)
                }
                "text:p" | "text:h" => w.para = Some(label(&mut w)),
                "text:list" => w.lists.open_list(&e),
                "text:list-item" => w.lists.open_item(&e, false),
                "text:list-header" => w.lists.open_item(&e, true),
                _ => w.lists.style_event(&e, true),
            },
            Event::Empty(e) => match e.name().as_ref() {
                "text:tab" => push_text(&mut w, " "),
                "text:s" => {
                    let n = attr_num(&e, "text:c").unwrap_or(1).min(64);
                    push_text(&mut w, &" ".repeat(n));
                }
                "text:line-break" => end_paragraph(&mut w, true),
                "text:p" | "text:h" if w.depth > 0 => {
                    let line = label(&mut w);
                    w.cell.push(line);
                }
                "table:table-cell" | "table:covered-table-cell" if w.depth == 1 => {
                    start_cell(&mut w, &e);
                    end_cell(&mut w);
                }
                _ => w.lists.style_event(&e, true),
            },
            Event::Text(t) => push_text(&mut w, &t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Some(ch) = super::table::reference_text(&r) {
                    push_text(&mut w, &ch);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "text:p" | "text:h" => end_paragraph(&mut w, false),
                "text:list" => w.lists.close_list(),
                "text:list-style" => w.lists.list_style(None),
                "table:table-cell" | "table:covered-table-cell" if w.depth == 1 => end_cell(&mut w),
                "table:table-header-rows" if w.depth == 1 => w.in_header = false,
                "table:table-row" if w.depth == 1 => {
                    let at = format!("table row {}", w.rows.len() + 1);
                    let mut row = RawRow::new(at, std::mem::take(&mut w.cells));
                    // The first header row is the header itself; the rest
                    // repeat on each page with it.
                    row.repeats_header = w.in_header && w.header_rows > 0;
                    if w.in_header {
                        w.header_rows += 1;
                    }
                    w.rows.push(row);
                }
                "table:table" => {
                    w.depth = w.depth.saturating_sub(1);
                    if w.depth == 0 && has_header(&w.rows) {
                        return Ok(RawTable {
                            title: super::docx::title(&w.title),
                            rows: w.rows,
                        });
                    }
                    w.header_rows = 0;
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

fn start_cell(w: &mut Walk, e: &BytesStart) {
    w.cell.clear();
    w.rows_spanned = (e.name().as_ref() == "table:table-cell")
        .then(|| attr_num(e, "table:number-rows-spanned").unwrap_or(1));
    // A table is not that wide; a bogus count must not make it so.
    w.repeat = attr_num(e, "table:number-columns-repeated")
        .unwrap_or(1)
        .clamp(1, 64);
}

fn end_cell(w: &mut Walk) {
    let lines = std::mem::take(&mut w.cell);
    let spanned = w.rows_spanned.take();
    for _ in 0..w.repeat {
        w.rows_spanned = spanned;
        w.cell.clone_from(&lines);
        one_cell(w);
    }
}

fn one_cell(w: &mut Walk) {
    let g = w.cells.len();
    if w.down.len() <= g {
        w.down.resize(g + 1, (Vec::new(), 0));
    }
    let lines = std::mem::take(&mut w.cell);
    let value = match w.rows_spanned.take() {
        Some(n) => {
            w.down[g] = (lines.clone(), n.saturating_sub(1));
            lines
        }
        None => match &mut w.down[g] {
            (above, left) if *left > 0 => {
                *left -= 1;
                above.clone()
            }
            _ => Vec::new(),
        },
    };
    w.cells.push(value);
}

/// A paragraph's opening text: its list label, when it is the first of a
/// numbered item.
fn label(w: &mut Walk) -> String {
    w.lists
        .take_label()
        .map(|l| format!("{l} "))
        .unwrap_or_default()
}

fn push_text(w: &mut Walk, s: &str) {
    if let Some(p) = w.para.as_mut() {
        p.push_str(s);
    }
}

fn end_paragraph(w: &mut Walk, soft: bool) {
    let Some(text) = w.para.take() else { return };
    if soft {
        w.para = Some(String::new());
    }
    if w.depth > 0 {
        w.cell.push(text);
    } else if !text.trim().is_empty() {
        w.title.push(text);
    }
}

#[cfg(test)]
mod tests;
