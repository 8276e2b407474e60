//! Test support: a .docx body read back as Word will see it, paragraphs
//! outside tables and tables of rows of cells of paragraphs.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::super::consolidated_fixture::ref_text;

#[derive(Debug, Default)]
pub struct Para {
    pub text: String,
    pub bold: bool,
}

#[derive(Debug, Default)]
pub struct Row {
    /// The row has `w:tblHeader`: it repeats on every page.
    pub repeats: bool,
    pub cells: Vec<Vec<Para>>,
}

/// The body as paragraphs outside tables and tables of rows of cells.
#[derive(Debug, Default)]
pub struct Body {
    pub paragraphs: Vec<Para>,
    pub tables: Vec<Vec<Row>>,
}

pub fn body(xml: &str) -> Body {
    let mut reader = Reader::from_str(xml);
    let (mut out, mut para, mut in_cell, mut in_text) = (Body::default(), None, false, false);
    // A `w:tab` inside `w:tabs` is a tab stop; elsewhere, a tab in the text.
    let mut in_tabs = false;
    loop {
        let event = reader.read_event().unwrap();
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:tbl" => out.tables.push(Vec::new()),
                "w:tr" => out.tables.last_mut().unwrap().push(Row::default()),
                "w:tblHeader" => last_row(&mut out).repeats = true,
                "w:tc" => {
                    last_row(&mut out).cells.push(Vec::new());
                    in_cell = true;
                }
                "w:p" => para = Some(Para::default()),
                "w:b" => para.as_mut().unwrap().bold = true,
                "w:t" => in_text = true,
                "w:tabs" => in_tabs = true,
                "w:tab" if !in_tabs => para.as_mut().unwrap().text.push('\t'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                para.as_mut().unwrap().text.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => para.as_mut().unwrap().text.push_str(&ref_text(&r)),
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:tabs" => in_tabs = false,
                "w:tc" => in_cell = false,
                "w:p" => {
                    let p = para.take().unwrap();
                    match in_cell {
                        true => last_row(&mut out).cells.last_mut().unwrap().push(p),
                        false => out.paragraphs.push(p),
                    }
                }
                _ => {}
            },
            Event::Eof => return out,
            _ => {}
        }
    }
}

fn last_row(b: &mut Body) -> &mut Row {
    b.tables.last_mut().unwrap().last_mut().unwrap()
}

/// The texts of a cell's paragraphs.
pub fn texts(cell: &[Para]) -> Vec<&str> {
    cell.iter().map(|p| p.text.as_str()).collect()
}
