//! The plan as a Word table: the first table whose header names the measure
//! column. Paragraphs inside a cell become the cell's lines; the body
//! paragraphs above the table are the title.

use super::table::{PlanError, RawRow, RawTable, is_header};
use crate::office::zip_read::{OFFICE, Package, ZipError};
use quick_xml::Reader;
use quick_xml::events::Event;

pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

pub fn read(bytes: &[u8]) -> Result<RawTable, PlanError> {
    let xml = Package::open(bytes, OFFICE)
        .and_then(|mut p| p.read_text("word/document.xml"))
        .map_err(|e| match e {
            ZipError::TooLarge(what) => PlanError::DocxTooLarge(what),
            ZipError::Missing(part) => PlanError::UnreadableDocx(format!("no {part} inside")),
            ZipError::Unreadable(why) => PlanError::UnreadableDocx(why),
        })?;
    parse_document(&xml)
}

#[derive(Default)]
struct Walk {
    title: Vec<String>,
    para: Option<String>,
    depth: usize,
    rows: Vec<RawRow>,
    cells: Vec<Vec<String>>,
    cell: Vec<String>,
}

fn parse_document(xml: &str) -> Result<RawTable, PlanError> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walk::default();
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
                    }
                }
                "w:tr" if w.depth == 1 => w.cells.clear(),
                "w:tc" if w.depth == 1 => w.cell.clear(),
                "w:p" => w.para = Some(String::new()),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => push_text(&mut w, " "),
                "w:br" | "w:cr" => end_paragraph(&mut w, true),
                "w:p" if w.depth > 0 => w.cell.push(String::new()),
                _ => {}
            },
            Event::Text(t) => push_text(&mut w, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let ch = r
                    .resolve_char_ref()
                    .ok()
                    .flatten()
                    .map(String::from)
                    .or_else(|| {
                        let name = r.xml10_content();
                        quick_xml::escape::resolve_predefined_entity(&name).map(String::from)
                    });
                if let Some(ch) = ch {
                    push_text(&mut w, &ch);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:p" => end_paragraph(&mut w, false),
                "w:tc" if w.depth == 1 => {
                    let cell = std::mem::take(&mut w.cell);
                    w.cells.push(cell);
                }
                "w:tr" if w.depth == 1 => {
                    let at = format!("table row {}", w.rows.len() + 1);
                    let cells = std::mem::take(&mut w.cells);
                    w.rows.push(RawRow { at, cells });
                }
                "w:tbl" => {
                    w.depth = w.depth.saturating_sub(1);
                    if w.depth == 0 && w.rows.iter().take(3).any(|r| is_header(&r.cells)) {
                        return Ok(RawTable {
                            title: w.title.join(" "),
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
        w.cell.push(text);
    } else if !text.trim().is_empty() {
        w.title.push(text);
    }
}
