//! The seed's text form: what Word gives when its table is copied as text.
//! Title lines, then rows separated by blank lines, one cell per tab-led
//! line; a line without a leading tab continues the cell above.

use super::table::{RawRow, RawTable};

pub fn read(text: &str) -> RawTable {
    let mut table = RawTable::default();
    let mut title: Vec<&str> = Vec::new();
    let mut row: Option<RawRow> = None;
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        // A tab-led line is a cell even when the cell is empty.
        if !line.starts_with('\t') && line.trim().is_empty() {
            if let Some(r) = row.take() {
                table.rows.push(r);
            }
            continue;
        }
        if let Some(cells) = line.strip_prefix('\t') {
            in_table = true;
            let r = row.get_or_insert_with(|| RawRow::new(format!("line {}", i + 1), Vec::new()));
            r.cells
                .extend(cells.split('\t').map(|c| vec![c.to_string()]));
        } else if let Some(cell) = row.as_mut().and_then(|r| r.cells.last_mut()) {
            cell.push(line.to_string());
        } else if !in_table {
            title.push(line);
        }
        // Text after the table (signatures, notes) is not part of any row.
    }
    if let Some(r) = row.take() {
        table.rows.push(r);
    }
    table.title = title.join(" ");
    table
}

/// Does the text look like the tab-led form rather than CSV/TSV?
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| l.starts_with('\t'))
}
