//! The cases of an imported batch: each case number found or created once,
//! then every (indicator, case) pair linked with multi-row inserts that skip
//! links already there. Runs on either engine, inside the import's
//! transaction, after the batch's rows are stored.

use super::Stamp;
use super::rows::Row;
use crate::db::entity::registry::indicator;
use crate::error::Result;
use crate::registry::model::CaseInput;
use crate::registry::store::cases::upsert_case;
use dozor_indicator::model::Kind;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement,
    Value,
};
use std::collections::{BTreeSet, HashMap};

/// Values per `IN (…)` and link pairs per insert: small enough for any engine.
const CHUNK: usize = 1_000;

pub(super) async fn link_cases(
    db: &impl ConnectionTrait,
    rows: &[Row],
    stamp: &Stamp,
) -> Result<()> {
    let with: Vec<&Row> = rows.iter().filter(|r| !r.cases.is_empty()).collect();
    if with.is_empty() {
        return Ok(());
    }
    let ids = ids_of(db, &with).await?;
    let mut case_ids: HashMap<&str, i32> = HashMap::new();
    let mut links: BTreeSet<(i32, i32)> = BTreeSet::new();
    for r in with {
        let Some(&id) = ids.get(&(r.kind, r.canonical.clone())) else {
            continue;
        };
        for number in &r.cases {
            let case_id = match case_ids.get(number.as_str()) {
                Some(&c) => c,
                None => {
                    let input = CaseInput {
                        number: number.clone(),
                        ..Default::default()
                    };
                    let c = upsert_case(db, &input, stamp.scope, stamp.user_id, stamp.now).await?;
                    case_ids.insert(number, c);
                    c
                }
            };
            links.insert((id, case_id));
        }
    }
    let links: Vec<(i32, i32)> = links.into_iter().collect();
    for chunk in links.chunks(CHUNK) {
        insert_links(db, chunk).await?;
    }
    Ok(())
}

/// The stored ids of `rows`, by kind and canonical value.
async fn ids_of(db: &impl ConnectionTrait, rows: &[&Row]) -> Result<HashMap<(Kind, String), i32>> {
    let mut by_kind: HashMap<Kind, Vec<&str>> = HashMap::new();
    for r in rows {
        by_kind.entry(r.kind).or_default().push(&r.canonical);
    }
    let mut ids = HashMap::new();
    for (kind, values) in by_kind {
        for chunk in values.chunks(CHUNK) {
            let got: Vec<(i32, String)> = indicator::Entity::find()
                .select_only()
                .columns([indicator::Column::Id, indicator::Column::Canonical])
                .filter(indicator::Column::Kind.eq(kind.as_str()))
                .filter(indicator::Column::Canonical.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(db)
                .await?;
            ids.extend(got.into_iter().map(|(id, c)| ((kind, c), id)));
        }
    }
    Ok(ids)
}

async fn insert_links(db: &impl ConnectionTrait, pairs: &[(i32, i32)]) -> Result<()> {
    let backend = db.get_database_backend();
    let mut sql = String::from("INSERT INTO indicator_cases (indicator_id, case_id) VALUES ");
    let mut values: Vec<Value> = Vec::with_capacity(pairs.len() * 2);
    for (i, (indicator_id, case_id)) in pairs.iter().enumerate() {
        if i > 0 {
            sql.push(',');
        }
        match backend {
            DbBackend::Postgres => sql.push_str(&format!("(${},${})", 2 * i + 1, 2 * i + 2)),
            _ => sql.push_str("(?,?)"),
        }
        values.push((*indicator_id).into());
        values.push((*case_id).into());
    }
    sql.push_str(" ON CONFLICT (indicator_id, case_id) DO NOTHING");
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}
