//! CSV and TSV with the plan's four columns and a header row. The delimiter
//! is sniffed from the header line: tab, semicolon (Excel in Russian) or comma.

use super::table::{PlanError, RawRow, RawTable};

pub fn read(text: &str, title: &str) -> Result<RawTable, PlanError> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .filter(|d| first.as_bytes().contains(d))
        .ok_or_else(|| PlanError::NotAPlan("no table: neither tab-led rows nor CSV".into()))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| PlanError::NotAPlan(format!("row {}: {e}", i + 1)))?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map_or(i as u64 + 1, |p| p.line());
        rows.push(RawRow::new(
            format!("row {} (line {line})", i + 1),
            rec.iter()
                .map(|c| c.lines().map(str::to_string).collect())
                .collect(),
        ));
    }
    Ok(RawTable {
        title: title.to_string(),
        rows,
    })
}
