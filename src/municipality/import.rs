//! Importing population and crime-statistics tables, for the CLI and the
//! page alike: the file read by the sheet reader, every row checked and
//! its municipality resolved before anything is stored; with a bad row
//! nothing is stored unless the caller skips bad rows. Rows upsert by
//! municipality and year or period, in one transaction with one audit entry.

use super::rows::{self, Checked, RowError};
use super::store::{self, Outcome};
use crate::accounts::audit;
use crate::actor::Actor;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use std::collections::HashMap;

/// What an import did, or would have done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Every bad row, by row number.
    pub errors: Vec<RowError>,
    /// Unknown columns, passed over.
    pub warning: Option<String>,
    /// Whether anything was stored: not when a row was bad and bad rows
    /// were not to be skipped.
    pub stored: bool,
}

impl Report {
    /// The report in Russian, one line each.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.warning.iter().cloned().collect();
        if self.stored {
            out.push(format!(
                "Добавлено: {}, обновлено: {}, без изменений: {}.",
                self.added, self.updated, self.unchanged
            ));
        } else {
            out.push("Ничего не сохранено: исправьте строки с ошибками и загрузите файл снова (или пропустите их).".into());
        }
        if !self.errors.is_empty() {
            out.push(format!("Строки с ошибками ({}):", self.errors.len()));
            out.extend(self.errors.iter().map(ToString::to_string));
        }
        out
    }
}

/// What a file holds: population by year, or crime statistics by period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Population,
    Crime,
}

/// Reads, checks and stores `bytes` as a `table`.
pub async fn run(
    db: &DatabaseConnection,
    table: Table,
    bytes: &[u8],
    file_name: &str,
    skip_invalid: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Report> {
    let sheet = crate::office::sheet::read(bytes)?;
    let txn = crate::db::begin(db).await?;
    let keys = store::keys(&txn).await?;
    let report = match table {
        Table::Population => {
            let checked = rows::population(&sheet).map_err(Error::Invalid)?;
            let key = |r: &rows::PopulationRow| r.year.to_string();
            let (good, report) = resolve(checked, &keys, |r| &r.municipality, key, |r| r.row);
            store_rows(&txn, good, report, skip_invalid, population_row).await?
        }
        Table::Crime => {
            let checked = rows::crime(&sheet).map_err(Error::Invalid)?;
            let key = |r: &rows::CrimeRow| r.period.to_string();
            let (good, report) = resolve(checked, &keys, |r| &r.municipality, key, |r| r.row);
            store_rows(&txn, good, report, skip_invalid, crime_row).await?
        }
    };
    let (report, changes) = report;
    if report.stored {
        let action = match table {
            Table::Population => "municipality.population_import",
            Table::Crime => "municipality.crime_import",
        };
        audit::record(
            &txn,
            now,
            audit::Entry {
                actor: &actor.login,
                action,
                entity: "municipality",
                entity_id: None,
                before: None,
                after: Some(json!({
                    "file": file_name,
                    "added": report.added,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "skipped": report.errors.len(),
                    "changes": changes,
                })),
            },
        )
        .await?;
        txn.commit().await?;
    }
    Ok(report)
}

/// The good rows with their municipality's id; unknown municipalities and
/// rows given twice join the bad ones, all in row order.
fn resolve<T>(
    checked: Checked<T>,
    keys: &HashMap<String, i32>,
    name: impl Fn(&T) -> &str,
    slot: impl Fn(&T) -> String,
    row: impl Fn(&T) -> usize,
) -> (Vec<(i32, T)>, Report) {
    let mut errors = checked.errors;
    let (mut good, mut seen) = (Vec::new(), HashMap::new());
    for r in checked.rows {
        let Some(&id) = keys.get(&super::model::name_key(name(&r))) else {
            errors.push(RowError {
                row: row(&r),
                reason: format!(
                    "муниципальное образование «{}» не найдено (добавьте его или его написание на странице «Муниципальные образования»)",
                    name(&r)
                ),
            });
            continue;
        };
        if let Some(first) = seen.insert((id, slot(&r)), row(&r)) {
            errors.push(RowError {
                row: row(&r),
                reason: format!("повторяет строку {first}: то же муниципальное образование и срок"),
            });
            continue;
        }
        good.push((id, r));
    }
    errors.sort_by_key(|e| e.row);
    let report = Report {
        errors,
        warning: checked.warning,
        ..Default::default()
    };
    (good, report)
}

/// Stores the good rows unless a bad one forbids it; returns the report
/// and the changes for the audit log.
async fn store_rows<'a, T, C: ConnectionTrait, F>(
    txn: &'a C,
    good: Vec<(i32, T)>,
    mut report: Report,
    skip_invalid: bool,
    one: impl Fn(&'a C, i32, T) -> F,
) -> Result<(Report, Vec<serde_json::Value>)>
where
    F: std::future::Future<Output = Result<Option<serde_json::Value>>> + 'a,
{
    let mut changes = Vec::new();
    if !report.errors.is_empty() && !skip_invalid {
        return Ok((report, changes));
    }
    for (id, r) in good {
        match one(txn, id, r).await? {
            None => report.unchanged += 1,
            Some(change) if change["before"].is_null() => {
                report.added += 1;
                changes.push(change);
            }
            Some(change) => {
                report.updated += 1;
                changes.push(change);
            }
        }
    }
    report.stored = true;
    Ok((report, changes))
}

fn change<T: serde::Serialize>(
    outcome: Outcome<T>,
    id: i32,
    slot: String,
    after: serde_json::Value,
) -> Option<serde_json::Value> {
    let before = match outcome {
        Outcome::Unchanged => return None,
        Outcome::Added => serde_json::Value::Null,
        Outcome::Updated(b) => json!(b),
    };
    Some(json!({"municipality_id": id, "slot": slot, "before": before, "after": after}))
}

async fn population_row(
    txn: &impl ConnectionTrait,
    id: i32,
    r: rows::PopulationRow,
) -> Result<Option<serde_json::Value>> {
    let outcome = store::upsert_population(txn, id, r.year, r.population, r.approximate).await?;
    let after = json!([r.population, r.approximate]);
    Ok(change(outcome, id, r.year.to_string(), after))
}

async fn crime_row(
    txn: &impl ConnectionTrait,
    id: i32,
    r: rows::CrimeRow,
) -> Result<Option<serde_json::Value>> {
    let figures = (r.registered, r.solved, r.damage_kopecks);
    let period = r.period.to_string();
    let outcome = store::upsert_crime(txn, id, &period, figures).await?;
    Ok(change(outcome, id, period, json!(figures)))
}
