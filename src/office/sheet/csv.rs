//! CSV as Excel writes it: UTF-8 (with or without a BOM) or Windows-1251,
//! `;` on Russian systems, `,` elsewhere, or tabs; quoted cells may hold
//! the delimiter and line breaks.

use super::{MAX_COLUMNS, MAX_ROWS, SheetError};

/// The rows of a CSV file, each with its 1-based line number.
pub fn rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, SheetError> {
    let text = crate::office::encoding::decode(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(sniff(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let (mut out, mut lines) = (Vec::new(), Lines::default());
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Unreadable(e.to_string()))?;
        let byte = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines.at(&text, byte);
        if record.len() > MAX_COLUMNS {
            return Err(SheetError::TooLarge(format!(
                "строка {line}: больше {MAX_COLUMNS} столбцов"
            )));
        }
        if out.len() >= MAX_ROWS {
            return Err(SheetError::TooLarge(format!("больше {MAX_ROWS} строк")));
        }
        out.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(out)
}

/// The delimiter of the first line: whichever of `;`, tab and `,` occurs
/// most outside quotes (Excel's choice follows the system's list
/// separator, so a Russian file has `;` and commas inside numbers).
pub fn sniff(text: &str) -> u8 {
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b';', b'\t', b','];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b';'
    } else {
        delimiters[best]
    }
}

/// Line numbers of records, counted here: csv records a record's position
/// before it passes the line ends and blank lines in front of it, so its
/// own line number lags after a CRLF or an empty line.
#[derive(Default)]
struct Lines {
    scanned: usize,
    breaks: usize,
}

impl Lines {
    /// The 1-based line of the record that starts at or after `byte`.
    fn at(&mut self, text: &str, byte: usize) -> usize {
        let bytes = text.as_bytes();
        let mut start = byte.min(bytes.len());
        while bytes.get(start).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            start += 1;
        }
        if start > self.scanned {
            self.breaks += bytes[self.scanned..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.scanned = start;
        }
        self.breaks + 1
    }
}
