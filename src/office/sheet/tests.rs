//! The sheet reader on CSV as Excel and the csv crate write it, in both
//! encodings; on XLSX as rust_xlsxwriter writes it; on a zip bomb; and on
//! arbitrary bytes.

use super::*;
use proptest::prelude::*;
use std::io::Write;

fn cells(row: &[&str]) -> Vec<String> {
    row.iter().map(|c| c.to_string()).collect()
}

#[test]
fn excel_csv_with_semicolons_and_a_bom() {
    let text = "\u{feff}Год;Муниципалитет;Ущерб\r\n2020;\"Сургут; город\";\"1 234,5\"\r\n;;\r\n\r\n2021;Урай;7\r\n";
    let s = read(text.as_bytes()).unwrap();
    assert_eq!(s.header, cells(&["Год", "Муниципалитет", "Ущерб"]));
    assert_eq!(s.rows.len(), 2);
    assert_eq!(s.rows[0].number, 2);
    assert_eq!(
        s.rows[0].cells,
        cells(&["2020", "Сургут; город", "1 234,5"])
    );
    assert_eq!(s.rows[1].number, 5, "empty rows are skipped, numbers kept");
}

#[test]
fn windows_1251_and_commas_and_tabs() {
    let (bytes, _, _) = windows_1251("Год,Город\n2020,Сургут\n");
    let s = read(&bytes).unwrap();
    assert_eq!(s.header, cells(&["Год", "Город"]));
    assert_eq!(s.rows[0].cells, cells(&["2020", "Сургут"]));
    let s = read("a\tb\n1\t2,5\n".as_bytes()).unwrap();
    assert_eq!(s.rows[0].cells, cells(&["1", "2,5"]));
}

/// `text` in Windows-1251 (Cyrillic and ASCII only).
pub fn windows_1251(text: &str) -> (Vec<u8>, (), ()) {
    let bytes = text
        .chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 0x410 + 0xc0) as u8,
            'Ё' => 0xa8,
            'ё' => 0xb8,
            c => c as u8,
        })
        .collect();
    (bytes, (), ())
}

#[test]
fn an_empty_file_is_refused_in_russian() {
    assert_eq!(read(b""), Err(SheetError::Empty));
    assert_eq!(read(b"\n;;\n"), Err(SheetError::Empty));
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_strings_numbers_booleans_and_dates() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Период").unwrap();
    sheet.write_string(0, 2, "Дата & время").unwrap();
    sheet.write_string(2, 0, "2020-Q1").unwrap();
    sheet.write_number(2, 1, 1234567.5).unwrap();
    sheet.write_boolean(2, 2, true).unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 3, 31).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    sheet
        .write_datetime_with_format(2, 3, &date, &format)
        .unwrap();
    let s = read(&book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(s.header, cells(&["Период", "", "Дата & время"]));
    assert_eq!(s.rows.len(), 1);
    assert_eq!(s.rows[0].number, 3);
    assert_eq!(
        s.rows[0].cells[..3],
        cells(&["2020-Q1", "1234567.5", "1"])[..]
    );
    assert_eq!(
        cell::date(&s.rows[0].cells[3]),
        chrono::NaiveDate::from_ymd_opt(2020, 3, 31)
    );
}

#[test]
fn a_zip_bomb_xlsx_is_refused() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let mut xml = b"<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>".to_vec();
    xml.extend(std::iter::repeat_n(b'a', 5 * 1024 * 1024));
    w.write_all(&xml).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 100_000);
    assert!(
        matches!(read(&bytes), Err(SheetError::TooLarge(_))),
        "{:?}",
        read(&bytes)
    );
}

#[test]
fn a_huge_column_reference_is_refused_not_allocated() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(b"<worksheet><sheetData><row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row></sheetData></worksheet>")
        .unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(matches!(read(&bytes), Err(SheetError::TooLarge(_))));
}

fn table() -> impl Strategy<Value = Vec<Vec<String>>> {
    let cell = "[a-zA-Zа-яА-ЯёЁ0-9 ,;\"'.\\-]{0,12}".prop_map(|s| s.trim().to_string());
    // A header names columns: words, no delimiters (which would make the
    // first line's delimiter ambiguous, for Excel as for us).
    let name = "[a-zA-Zа-яА-Я]{1,10}";
    (1usize..5).prop_flat_map(move |width| {
        let header = proptest::collection::vec(name, width);
        let body = proptest::collection::vec(proptest::collection::vec(cell.clone(), width), 0..8);
        (header, body).prop_map(|(h, b)| std::iter::once(h).chain(b).collect())
    })
}

/// What the reader keeps of a written table: rows with some text, without
/// their trailing empty cells.
fn kept(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            let mut r = r.clone();
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        })
        .filter(|r| !r.is_empty())
        .collect()
}

fn got(s: &Sheet) -> Vec<Vec<String>> {
    std::iter::once(s.header.clone())
        .chain(s.rows.iter().map(|r| r.cells.clone()))
        .collect()
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read(&bytes);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        let _ = read(&zipped);
    }

    #[test]
    fn csv_with_semicolons_round_trips(rows in table()) {
        let mut w = ::csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let want = kept(&rows);
        match read(&bytes) {
            Ok(s) => prop_assert_eq!(got(&s), want),
            Err(e) => prop_assert!(want.is_empty(), "{e}"),
        }
    }

    #[test]
    fn xlsx_round_trips(rows in table()) {
        let want = kept(&rows);
        match read(&xlsx(&rows)) {
            Ok(s) => prop_assert_eq!(got(&s), want),
            Err(e) => prop_assert!(want.is_empty(), "{e}"),
        }
    }
}
