//! The production calendar as the Russian open data portal publishes it
//! (data.gov.ru «Производственный календарь»): a header
//! `Год/Месяц,Январь,…,Декабрь,Всего рабочих дней,Всего праздничных и
//! выходных дней,…` and a row per year whose month cells list the days off
//! by number, `"1,2,3,4,5,6,7,8,11,12,18,19,25,26"`. `22*` marks a shortened
//! pre-holiday working day, `24+` a transferred day off.

use super::CalendarError;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

const MONTHS: [&str; 12] = [
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
];
const YEAR_HEADER: &str = "Год/Месяц";
/// The columns after the months that, when present, are checked.
const WORKING_TOTAL: usize = 13;
const OFF_TOTAL: usize = 14;

fn err(line: u64, column: usize, message: impl Into<String>) -> CalendarError {
    CalendarError::Csv {
        line,
        column,
        message: message.into(),
    }
}

/// Each listed year and its days off.
pub(super) fn parse(text: &str) -> Result<BTreeMap<i32, BTreeSet<NaiveDate>>, CalendarError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(err(1, 0, "empty: no header `Год/Месяц,Январь,…,Декабрь`")),
        Some(r) => r.map_err(|e| csv_error(text, e))?,
    };
    check_header(&header, line_of(text, header.position()))?;
    let mut years = BTreeMap::new();
    for record in records {
        let record = record.map_err(|e| csv_error(text, e))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = line_of(text, record.position());
        let (year, off) = parse_row(&record, line)?;
        if years.insert(year, off).is_some() {
            return Err(err(line, 1, format!("year {year} is listed twice")));
        }
    }
    if years.is_empty() {
        return Err(err(2, 0, "no year rows after the header"));
    }
    Ok(years)
}

/// The line a record starts on. The reader's own count skips blank lines,
/// so count from the byte offset, past the line ends it points at.
fn line_of(text: &str, position: Option<&csv::Position>) -> u64 {
    let Some(p) = position else { return 0 };
    let start = usize::try_from(p.byte())
        .unwrap_or(usize::MAX)
        .min(text.len());
    let blank = text.as_bytes()[start..]
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    let newlines = text.as_bytes()[..start + blank]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    newlines as u64 + 1
}

fn csv_error(text: &str, e: csv::Error) -> CalendarError {
    let line = line_of(text, e.position());
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
        _ => e.to_string(),
    };
    err(line, 0, message)
}

fn check_header(header: &csv::StringRecord, line: u64) -> Result<(), CalendarError> {
    let field = |i: usize| header.get(i).map(str::trim).unwrap_or("");
    if field(0) != YEAR_HEADER {
        return Err(err(
            line,
            1,
            format!(
                "the header must open with «{YEAR_HEADER}», not «{}»",
                field(0)
            ),
        ));
    }
    for (i, month) in MONTHS.iter().enumerate() {
        if !field(i + 1).eq_ignore_ascii_case(month) {
            return Err(err(
                line,
                i + 2,
                format!("expected the month «{month}», found «{}»", field(i + 1)),
            ));
        }
    }
    Ok(())
}

fn parse_row(
    record: &csv::StringRecord,
    line: u64,
) -> Result<(i32, BTreeSet<NaiveDate>), CalendarError> {
    let field = |i: usize| record.get(i).map(str::trim).unwrap_or("");
    let year: i32 = field(0)
        .parse()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| err(line, 1, format!("«{}» is not a year like 2020", field(0))))?;
    if record.len() < 13 {
        return Err(err(
            line,
            0,
            format!(
                "year {year} has {} cells, not the year and twelve months",
                record.len()
            ),
        ));
    }
    let mut off = BTreeSet::new();
    for (i, month) in MONTHS.iter().enumerate() {
        let column = i + 2;
        for token in field(i + 1).split(',').map(str::trim) {
            if token.is_empty() {
                continue;
            }
            let (number, working) = match token.strip_suffix('*') {
                Some(n) => (n, true),
                None => (token.strip_suffix('+').unwrap_or(token), false),
            };
            let bad = || {
                err(
                    line,
                    column,
                    format!("«{token}» is not a day of {month} {year} like 12, 22* or 24+"),
                )
            };
            let day: u32 = number.parse().map_err(|_| bad())?;
            let date = NaiveDate::from_ymd_opt(year, i as u32 + 1, day).ok_or_else(bad)?;
            // A shortened day is a working day: nothing to record.
            if !working && !off.insert(date) {
                return Err(err(line, column, format!("day {day} is listed twice")));
            }
        }
    }
    check_total(
        record,
        line,
        WORKING_TOTAL,
        days_in(year) - off.len(),
        "working days",
    )?;
    check_total(record, line, OFF_TOTAL, off.len(), "days off")?;
    Ok((year, off))
}

fn days_in(year: i32) -> usize {
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(365, |d| d.ordinal() as usize)
}

/// A total column, when the row has it, must agree with the month cells.
fn check_total(
    record: &csv::StringRecord,
    line: u64,
    index: usize,
    counted: usize,
    what: &str,
) -> Result<(), CalendarError> {
    let Some(cell) = record.get(index).map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(());
    };
    match cell.parse::<usize>() {
        Ok(total) if total == counted => Ok(()),
        Ok(total) => Err(err(
            line,
            index + 1,
            format!("the row says {total} {what}, the months list {counted}"),
        )),
        Err(_) => Err(err(
            line,
            index + 1,
            format!("«{cell}» is not a number of {what}"),
        )),
    }
}
