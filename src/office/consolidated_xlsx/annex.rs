//! The annexes of the consolidated .xlsx: a sheet each, «Приложение N»,
//! the title on top, then the header and the rows; numbers stay numbers.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::super::consolidated::{Annex, Cell};

type Xlsx<T = ()> = Result<T, rust_xlsxwriter::XlsxError>;

pub fn append(book: &mut Workbook, annexes: &[Annex]) -> Xlsx {
    for (i, a) in annexes.iter().enumerate() {
        sheet(book.add_worksheet(), i + 1, a)?;
    }
    Ok(())
}

fn sheet(ws: &mut Worksheet, number: usize, a: &Annex) -> Xlsx {
    ws.set_name(format!("Приложение {number}"))?;
    let bold = Format::new().set_bold().set_text_wrap();
    let text = Format::new().set_text_wrap();
    ws.write_string_with_format(0, 0, &a.title, &bold)?;
    for (col, h) in (0..).zip(&a.columns) {
        ws.write_string_with_format(2, col, h, &bold)?;
        ws.set_column_width(col, if col == 0 { 36.0 } else { 16.0 })?;
    }
    ws.set_freeze_panes(3, 0)?;
    let mut row = 3;
    for r in a.normalised_rows() {
        for (col, c) in (0..).zip(&r) {
            match c {
                Cell::Text(t) => ws.write_string_with_format(row, col, t, &text)?,
                Cell::Number(n) => ws.write_number(row, col, *n)?,
                Cell::Empty => ws,
            };
        }
        row += 1;
    }
    if let Some(n) = &a.note {
        ws.write_string(row + 1, 0, n)?;
    }
    Ok(())
}
