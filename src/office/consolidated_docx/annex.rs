//! The annexes of the consolidated .docx: each on a new page, «Приложение
//! № N» at the right, its title centred, then its table (header repeated
//! on every page) and its note.

use docx_rs::{AlignmentType, Docx, Paragraph, TableRow};

use super::super::consolidated::Annex;
use super::super::docx_common::{TABLE_SIZE, TEXT_SIZE, TEXT_W, cell, centred_bold, plain};

/// `doc` with every annex appended, numbered from 1.
pub fn append(mut doc: Docx, annexes: &[Annex]) -> Docx {
    for (i, a) in annexes.iter().enumerate() {
        let number = Paragraph::new()
            .add_run(docx_rs::Run::new().add_text(format!("Приложение № {}", i + 1)))
            .size(TEXT_SIZE)
            .align(AlignmentType::Right)
            .page_break_before(true);
        doc = doc
            .add_paragraph(number)
            .add_paragraph(centred_bold(&a.title, TEXT_SIZE).keep_next(true))
            .add_paragraph(Paragraph::new().keep_next(true))
            .add_table(table(a));
        if let Some(n) = &a.note {
            doc = doc.add_paragraph(Paragraph::new()).add_paragraph(plain(n));
        }
    }
    doc
}

/// The first column (the names) twice as wide as each of the others.
fn widths(n: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let unit = TEXT_W / (n + 1);
    let mut w = vec![unit; n];
    w[0] = TEXT_W - unit * (n - 1);
    w
}

fn table(a: &Annex) -> docx_rs::Table {
    let w = widths(a.columns.len());
    let head = a
        .columns
        .iter()
        .zip(&w)
        .map(|(h, w)| cell(*w, vec![centred_bold(h, TABLE_SIZE)]))
        .collect();
    let mut rows = vec![TableRow::new(head).cant_split()];
    for r in a.normalised_rows() {
        let cells = r
            .iter()
            .zip(&w)
            .map(|(c, w)| cell(*w, vec![plain(&c.text())]))
            .collect();
        rows.push(TableRow::new(cells));
    }
    docx_rs::Table::new(rows)
        .set_grid(w)
        .width(TEXT_W, docx_rs::WidthType::Dxa)
        .layout(docx_rs::TableLayoutType::Fixed)
}
