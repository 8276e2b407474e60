//! The journal's export: the filtered rows as CSV (UTF-8 with a BOM, `;`
//! as Excel in Russian locales reads it) and as XLSX, with Russian headers.
//! Pure: rows of text in, bytes out.

use rust_xlsxwriter::{Format, Workbook};

pub const HEADERS: [&str; 17] = [
    "№",
    "Дата",
    "Дата окончания",
    "Период",
    "Мероприятие плана",
    "Ведомство",
    "Соорганизаторы",
    "Вид",
    "Муниципальное образование",
    "Место",
    "Аудитория",
    "Охвачено человек",
    "Название",
    "Описание",
    "Партнёры",
    "Ссылки",
    "Сведения вида",
];

/// One exported activity: its cells in `HEADERS` order; `reached` apart,
/// so the spreadsheet keeps it a number.
pub struct Line {
    pub cells: [String; 17],
    pub reached: i64,
}

/// A cell a spreadsheet would run as a formula starts with a quote instead.
fn inert(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

pub fn csv(lines: &[Line]) -> Result<Vec<u8>, String> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(HEADERS).map_err(|e| e.to_string())?;
    for l in lines {
        w.write_record(l.cells.iter().map(|c| inert(c)))
            .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.error().to_string())
}

pub fn xlsx(lines: &[Line]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    sheet.set_name("Журнал мероприятий").map_err(err)?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    let reached = HEADERS
        .iter()
        .position(|h| *h == "Охвачено человек")
        .unwrap_or(11);
    for (r, l) in lines.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in l.cells.iter().enumerate() {
            if c == reached {
                sheet
                    .write_number(row, c as u16, l.reached as f64)
                    .map_err(err)?;
            } else {
                sheet.write_string(row, c as u16, cell).map_err(err)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(title: &str) -> Line {
        let mut cells: [String; 17] = Default::default();
        cells[12] = title.into();
        cells[11] = "25".into();
        Line { cells, reached: 25 }
    }

    #[test]
    fn csv_has_russian_headers_and_defuses_formulas() {
        let bytes = csv(&[line("=HYPERLINK(\"x\")"), line("Урок")]).unwrap();
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.starts_with("№;Дата;"));
        assert!(text.contains("'=HYPERLINK"));
        assert_eq!(text.lines().count(), 3);
    }

    #[test]
    fn xlsx_is_a_zip() {
        let bytes = xlsx(&[line("Урок")]).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
