//! Bulk import: a parsed feed into the registry in one transaction.
//! Values are normalised first (rejects keep their reasons); duplicates
//! within the file and values already stored are merged, never duplicated;
//! new ones go in with multi-row INSERTs. One audit entry for the whole file
//! (who, file, its hash, counts) and one "reload" in the change log.

use super::detect::normalize;
use super::formats::{Parsed, Reject};
use super::model::{CardKey, Category, Kind, Status};
use super::store::{CaseInput, find, link, record_change, upsert_case};
use crate::accounts::audit;
use crate::error::Result;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub merged: usize,
    pub rejected: usize,
    /// The reasons, with where in the file.
    pub rejects: Vec<(String, String)>,
}

struct Row {
    kind: Kind,
    canonical: String,
    display: String,
    raw: String,
    category: Category,
    first_seen: DateTime<Utc>,
    /// Every case number the file gives for this value.
    cases: Vec<String>,
}

/// Rows per INSERT: SQLite allows 32,766 parameters, PostgreSQL 65,535.
const CHUNK: usize = 2_000;
const COLUMNS: usize = 11;

/// Who imports, and what: for the audit entry.
pub struct Source<'a> {
    pub name: &'a str,
    pub format: &'a str,
    pub sha256: &'a str,
    pub actor: &'a str,
    pub user_id: Option<i32>,
}

pub async fn import(
    db: &DatabaseConnection,
    key: Option<&CardKey>,
    parsed: Parsed,
    src: &Source<'_>,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    for Reject { at, reason } in parsed.rejects {
        report.rejects.push((at, reason));
    }
    let mut seen: HashMap<(Kind, String), usize> = HashMap::new();
    let mut rows: Vec<Row> = Vec::with_capacity(parsed.records.len());
    for r in parsed.records {
        let n = match normalize(&r.raw, r.kind, key) {
            Ok(n) => n,
            Err(e) => {
                report.rejects.push((r.at, e.to_string()));
                continue;
            }
        };
        // A value repeated in the file merges into its first row, cases and all.
        if let Some(&i) = seen.get(&(n.kind, n.canonical.clone())) {
            report.merged += 1;
            if let (Some(row), Some(c)) = (rows.get_mut(i), r.case_number) {
                row.cases.push(c);
            }
            continue;
        }
        seen.insert((n.kind, n.canonical.clone()), rows.len());
        rows.push(Row {
            raw: if n.kind == Kind::Card {
                n.display.clone()
            } else {
                r.raw
            },
            kind: n.kind,
            canonical: n.canonical,
            display: n.display,
            category: r.category.unwrap_or(Category::Other),
            first_seen: r.first_seen.unwrap_or(now),
            cases: r.case_number.into_iter().collect(),
        });
    }
    report.rejected = report.rejects.len();
    let txn = db.begin().await?;
    let existing = existing(&txn, &rows).await?;
    let (old, new): (Vec<Row>, Vec<Row>) = rows
        .into_iter()
        .partition(|r| existing.contains(&(r.kind, r.canonical.clone())));
    report.merged += old.len();
    report.added = new.len();
    for chunk in new.chunks(CHUNK) {
        insert(&txn, chunk, src, now).await?;
    }
    touch(&txn, &old, now).await?;
    for r in new.iter().chain(&old).filter(|r| !r.cases.is_empty()) {
        let Some(ind) = find(&txn, r.kind, &r.canonical).await? else {
            continue;
        };
        for number in &r.cases {
            let input = CaseInput {
                number: number.clone(),
                ..Default::default()
            };
            let case_id = upsert_case(&txn, &input, src.user_id, now).await?;
            link(&txn, ind.id, case_id).await?;
        }
    }
    let after = json!({"file": src.name, "format": src.format, "sha256": src.sha256,
        "added": report.added, "merged": report.merged, "rejected": report.rejected});
    audit::record(
        &txn,
        now,
        audit::Entry::change(
            src.actor,
            "registry.import",
            "registry",
            src.name,
            None,
            Some(after),
        ),
    )
    .await?;
    record_change(&txn, None, now).await?;
    txn.commit().await?;
    Ok(report)
}

fn placeholders(backend: DbBackend, rows: usize, cols: usize) -> String {
    let mut out = String::with_capacity(rows * cols * 4);
    let mut n = 0;
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ",(" });
        for c in 0..cols {
            if c > 0 {
                out.push(',');
            }
            n += 1;
            match backend {
                DbBackend::Postgres => out.push_str(&format!("${n}")),
                _ => out.push('?'),
            }
        }
        out.push(')');
    }
    out
}

async fn insert(
    db: &impl ConnectionTrait,
    rows: &[Row],
    src: &Source<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    let backend = db.get_database_backend();
    let sql = format!(
        "INSERT INTO indicators (kind, canonical, display, raw, category, status, source, first_seen, last_seen, created_by, owner) VALUES {}",
        placeholders(backend, rows.len(), COLUMNS)
    );
    let mut values: Vec<Value> = Vec::with_capacity(rows.len() * COLUMNS);
    for r in rows {
        values.extend([
            r.kind.as_str().into(),
            r.canonical.as_str().into(),
            r.display.as_str().into(),
            r.raw.as_str().into(),
            r.category.as_str().into(),
            Status::Active.as_str().into(),
            src.format.into(),
            r.first_seen.into(),
            now.into(),
            src.user_id.into(),
            Option::<String>::None.into(),
        ]);
    }
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}

/// The (kind, canonical) pairs among `rows` that are stored already.
async fn existing(db: &impl ConnectionTrait, rows: &[Row]) -> Result<HashSet<(Kind, String)>> {
    let mut by_kind: HashMap<Kind, Vec<&str>> = HashMap::new();
    for r in rows {
        by_kind.entry(r.kind).or_default().push(&r.canonical);
    }
    let mut found = HashSet::new();
    for (kind, values) in by_kind {
        for chunk in values.chunks(CHUNK) {
            let got: Vec<String> = super::entity::indicator::Entity::find()
                .select_only()
                .column(super::entity::indicator::Column::Canonical)
                .filter(super::entity::indicator::Column::Kind.eq(kind.as_str()))
                .filter(super::entity::indicator::Column::Canonical.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(db)
                .await?;
            found.extend(got.into_iter().map(|c| (kind, c)));
        }
    }
    Ok(found)
}

/// Marks merged values as seen again.
async fn touch(db: &impl ConnectionTrait, rows: &[Row], now: DateTime<Utc>) -> Result<()> {
    use super::entity::indicator;
    let mut by_kind: HashMap<Kind, Vec<&str>> = HashMap::new();
    for r in rows {
        by_kind.entry(r.kind).or_default().push(&r.canonical);
    }
    for (kind, values) in by_kind {
        for chunk in values.chunks(CHUNK) {
            indicator::Entity::update_many()
                .col_expr(
                    indicator::Column::LastSeen,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(indicator::Column::Kind.eq(kind.as_str()))
                .filter(indicator::Column::Canonical.is_in(chunk.iter().copied()))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
