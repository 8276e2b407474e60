//! The first worksheet of an XLSX package, read through the bounded zip
//! reader: shared and inline strings, numbers as written (a date is its
//! serial number: `cell::excel_date` turns it into a date), booleans as
//! `1`/`0`, formulas by their cached value.

use super::{MAX_COLUMNS, MAX_ROWS, SheetError};
use crate::office::zip_read::{OFFICE, Package, ZipError};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

impl From<ZipError> for SheetError {
    fn from(e: ZipError) -> Self {
        match e {
            ZipError::TooLarge(m) => SheetError::TooLarge(m),
            other => SheetError::Unreadable(other.to_string()),
        }
    }
}

fn bad_xml(e: impl std::fmt::Display) -> SheetError {
    SheetError::Unreadable(format!("XML: {e}"))
}

pub fn rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, SheetError> {
    let mut package = Package::open(bytes, OFFICE)?;
    let path = first_sheet(&mut package)?;
    let shared = match package.read_text("xl/sharedStrings.xml") {
        Ok(xml) => shared_strings(&xml)?,
        Err(ZipError::Missing(_)) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let xml = package.read_text(&path)?;
    cells(&xml, &shared)
}

/// The part of the workbook's first sheet: its relationship's target.
fn first_sheet(package: &mut Package<'_>) -> Result<String, SheetError> {
    const FALLBACK: &str = "xl/worksheets/sheet1.xml";
    let Ok(workbook) = package.read_text("xl/workbook.xml") else {
        return Ok(FALLBACK.into());
    };
    let Some(id) = first_attr(&workbook, "sheet", "r:id")? else {
        return Ok(FALLBACK.into());
    };
    let Ok(rels) = package.read_text("xl/_rels/workbook.xml.rels") else {
        return Ok(FALLBACK.into());
    };
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event().map_err(bad_xml)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if attr(&e, "Id").as_deref() == Some(id.as_str())
                    && let Some(target) = attr(&e, "Target")
                {
                    return Ok(match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("xl/{target}"),
                    });
                }
            }
            Event::Eof => return Ok(FALLBACK.into()),
            _ => {}
        }
    }
}

/// The attribute `name` of the first element `tag` in `xml`.
fn first_attr(xml: &str, tag: &str, name: &str) -> Result<Option<String>, SheetError> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(bad_xml)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == tag => {
                return Ok(attr(&e, name));
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// `&amp;` and `&#1057;` inside text; nothing for an unknown entity.
fn reference(r: &BytesRef<'_>) -> String {
    crate::office::xml::reference_text(r).unwrap_or_default()
}

/// The shared string table: each `si`'s text runs joined, phonetic runs
/// (`rPh`) left out.
fn shared_strings(xml: &str) -> Result<Vec<String>, SheetError> {
    let mut reader = Reader::from_str(xml);
    let (mut out, mut text, mut in_t, mut in_ph) = (Vec::new(), String::new(), false, false);
    loop {
        match reader.read_event().map_err(bad_xml)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => text.clear(),
                "t" => in_t = true,
                "rPh" => in_ph = true,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => out.push(String::new()),
            Event::Text(t) if in_t && !in_ph => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t && !in_ph => text.push_str(&reference(&r)),
            Event::End(e) => match e.local_name().as_ref() {
                "si" => out.push(std::mem::take(&mut text)),
                "t" => in_t = false,
                "rPh" => in_ph = false,
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {}
        }
        if out.len() > MAX_ROWS * 4 {
            return Err(SheetError::TooLarge("слишком много строк текста".into()));
        }
    }
}

/// One cell being read: its column and type, and its value so far.
#[derive(Default)]
struct Cell {
    column: usize,
    kind: String,
    value: String,
}

/// The worksheet's rows: `(row number, cells by column)`.
fn cells(xml: &str, shared: &[String]) -> Result<Vec<(usize, Vec<String>)>, SheetError> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    let (mut cell, mut in_value) = (None::<Cell>, false);
    loop {
        match reader.read_event().map_err(bad_xml)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "row" => start_row(&mut out, &e)?,
                "c" => cell = Some(start_cell(&e, &out)?),
                "v" | "t" => in_value = cell.is_some(),
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "row" => start_row(&mut out, &e)?,
            Event::Text(t) if in_value => {
                if let Some(c) = cell.as_mut() {
                    c.value.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_value => {
                if let Some(c) = cell.as_mut() {
                    c.value.push_str(&reference(&r));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "v" | "t" => in_value = false,
                "c" => {
                    if let (Some(c), Some(row)) = (cell.take(), out.last_mut()) {
                        put(&mut row.1, c, shared);
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn start_row(out: &mut Vec<(usize, Vec<String>)>, e: &BytesStart<'_>) -> Result<(), SheetError> {
    if out.len() >= MAX_ROWS {
        return Err(SheetError::TooLarge(format!("больше {MAX_ROWS} строк")));
    }
    let previous = out.last().map_or(0, |r| r.0);
    let number = attr(e, "r")
        .and_then(|r| r.parse().ok())
        .unwrap_or(previous + 1);
    out.push((number, Vec::new()));
    Ok(())
}

fn start_cell(e: &BytesStart<'_>, out: &[(usize, Vec<String>)]) -> Result<Cell, SheetError> {
    let next = out.last().map_or(0, |r| r.1.len());
    let column = attr(e, "r").and_then(|r| column(&r)).unwrap_or(next);
    if column >= MAX_COLUMNS {
        return Err(SheetError::TooLarge(format!(
            "больше {MAX_COLUMNS} столбцов"
        )));
    }
    Ok(Cell {
        column,
        kind: attr(e, "t").unwrap_or_default(),
        value: String::new(),
    })
}

/// The 0-based column of a reference such as `AB12`.
fn column(reference: &str) -> Option<usize> {
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let n = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1);
    Some(n - 1)
}

/// Stores a finished cell in its row, resolving a shared string's index
/// and a boolean's digit.
fn put(row: &mut Vec<String>, c: Cell, shared: &[String]) {
    let value = match c.kind.as_str() {
        "s" => c
            .value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i).cloned())
            .unwrap_or_default(),
        _ => c.value,
    };
    if row.len() <= c.column {
        row.resize(c.column + 1, String::new());
    }
    row[c.column] = value;
}
