//! What Dozor's .docx documents share, laid out after ГОСТ Р 7.0.97-2016:
//! A4 landscape with 20/10 mm margins, Times New Roman 14 pt for the text and
//! 12 pt in tables, page numbers centred at the top from the second page on,
//! fixed-width tables whose header row repeats on every page.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    PageOrientationType, Paragraph, Run, RunFonts, Table, TableCell, TableLayoutType, TableRow,
    WidthType,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::OfficeError;

// Twentieths of a point (1 mm = 56.6929 twips).
const PAGE_W: u32 = 16_838;
const PAGE_H: u32 = 11_906;
const MM_20: i32 = 1_134;
const MM_10: i32 = 567;
/// Page width less the 20 mm left and 10 mm right margins: what a table's
/// column widths add up to.
pub(crate) const TEXT_W: usize = 15_137;

// Half-points.
pub(crate) const TEXT_SIZE: usize = 28;
pub(crate) const TABLE_SIZE: usize = 24;

/// An empty document with the page, fonts, spacing and page numbers set.
pub(crate) fn page_setup() -> Docx {
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

fn serif() -> RunFonts {
    let f = "Times New Roman";
    RunFonts::new().ascii(f).hi_ansi(f).cs(f).east_asia(f)
}

pub(crate) fn centred_bold(text: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(text).bold().size(size))
}

/// A table paragraph.
pub(crate) fn plain(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).size(TABLE_SIZE))
}

/// A bold table paragraph.
pub(crate) fn bold(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).bold().size(TABLE_SIZE))
}

pub(crate) fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
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

/// The header row. `cant_split` is the marker `pack` turns into
/// `w:tblHeader`; no other row sets it.
pub(crate) fn header_row<const N: usize>(head: &[&str; N], widths: &[usize; N]) -> TableRow {
    let cells = head
        .iter()
        .zip(widths)
        .map(|(h, w)| cell(*w, vec![centred_bold(h, TABLE_SIZE)]))
        .collect();
    TableRow::new(cells).cant_split()
}

/// A full-width table of fixed columns.
pub(crate) fn table<const N: usize>(rows: Vec<TableRow>, widths: &[usize; N]) -> Table {
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// What `docProps/core.xml` says of a document: docx-rs can set neither the
/// author nor a date of ours there (it writes «unknown» and 1970).
#[derive(Clone, Debug)]
pub(crate) struct CoreMeta<'a> {
    pub creator: &'a str,
    pub title: &'a str,
    /// The document's date: both created and modified, so that the same
    /// issue packs to the same bytes.
    pub date: chrono::NaiveDate,
}

impl CoreMeta<'_> {
    fn xml(&self) -> String {
        let when = format!("{}T00:00:00Z", self.date.format("%Y-%m-%d"));
        let (creator, title) = (escape(self.creator), escape(self.title));
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>"#
        )
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The finished package: its header rows marked to repeat on every page and
/// its core properties naming the author and the date.
pub(crate) fn pack(doc: Docx, meta: &CoreMeta<'_>) -> Result<Vec<u8>, OfficeError> {
    let mut packed = Cursor::new(Vec::new());
    doc.pack(&mut packed)
        .map_err(|e| OfficeError::Write(e.to_string()))?;
    rewrite(&packed.into_inner(), meta)
}

/// docx-rs 0.4 cannot emit `w:tblHeader`, so the packed document is opened
/// again: the header rows' `w:cantSplit` marker gets it added, and the core
/// properties are written anew.
fn rewrite(packed: &[u8], meta: &CoreMeta<'_>) -> Result<Vec<u8>, OfficeError> {
    let err = |e: &dyn std::fmt::Display| OfficeError::Write(e.to_string());
    let mut archive = ZipArchive::new(Cursor::new(packed)).map_err(|e| err(&e))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| err(&e))?;
        let name = file.name().map_err(|e| err(&e))?.to_string();
        let xml = match name.as_str() {
            "word/document.xml" => {
                let mut xml = String::new();
                file.read_to_string(&mut xml).map_err(|e| err(&e))?;
                xml.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
            }
            "docProps/core.xml" => meta.xml(),
            _ => {
                out.raw_copy_file(file).map_err(|e| err(&e))?;
                continue;
            }
        };
        out.start_file(name, options).map_err(|e| err(&e))?;
        out.write_all(xml.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
}

#[cfg(test)]
pub(crate) mod read;
