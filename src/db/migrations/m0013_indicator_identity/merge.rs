//! The statements of one merge: the survivor takes the earliest first
//! sighting, the latest last one, an owner look-up if it had none and the
//! status of whichever row has the latest blocking step; every child row
//! moves to it; the others go; an audit entry says what became of them.
//! Ids are inlined: they are the store's own integers, never input.

use super::{ACTOR, Group, Stored, set_form};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;
use serde_json::{Value, json};

/// Tables whose `indicator_id` simply moves to the survivor. The change
/// feed has no foreign key, but its rows are the indicator's history.
const CHILDREN: &[&str] = &[
    "indicator_values",
    "blocking_steps",
    "liveness_checks",
    "registry_changes",
];

fn list(ids: impl IntoIterator<Item = i32>) -> String {
    ids.into_iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(row: &Stored) -> Value {
    json!({
        "id": row.id,
        "kind": row.kind,
        "canonical": row.canonical,
        "display": row.display,
        "status": row.status,
        "category": row.category,
    })
}

/// Folds the group's later rows into its oldest.
pub(super) async fn merge(
    db: &impl ConnectionTrait,
    g: &Group,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some((survivor, others)) = g.rows.split_first() else {
        return Ok(());
    };
    let s = survivor.id;
    let all = list(g.rows.iter().map(|r| r.id));
    let gone = list(others.iter().map(|r| r.id));
    let status = latest_step_status(db, &all).await?;
    let mut sql = vec![
        format!(
            "UPDATE indicators SET \
             first_seen = (SELECT MIN(first_seen) FROM indicators WHERE id IN ({all})), \
             last_seen = (SELECT MAX(last_seen) FROM indicators WHERE id IN ({all})) \
             WHERE id = {s}"
        ),
        format!(
            "UPDATE indicators SET \
             owner = (SELECT o.owner FROM indicators o WHERE o.id IN ({gone}) \
               AND o.owner IS NOT NULL ORDER BY o.owner_checked_at DESC NULLS LAST, o.id LIMIT 1), \
             owner_checked_at = (SELECT o.owner_checked_at FROM indicators o \
               WHERE o.id IN ({gone}) AND o.owner IS NOT NULL \
               ORDER BY o.owner_checked_at DESC NULLS LAST, o.id LIMIT 1) \
             WHERE id = {s} AND owner IS NULL"
        ),
    ];
    // A case linked to two of the rows is linked to the survivor once.
    for o in others {
        let o = o.id;
        sql.push(format!(
            "DELETE FROM indicator_cases WHERE indicator_id = {o} AND case_id IN \
             (SELECT case_id FROM indicator_cases WHERE indicator_id = {s})"
        ));
        sql.push(format!(
            "UPDATE indicator_cases SET indicator_id = {s} WHERE indicator_id = {o}"
        ));
    }
    for table in CHILDREN {
        sql.push(format!(
            "UPDATE {table} SET indicator_id = {s} WHERE indicator_id IN ({gone})"
        ));
    }
    // One raw value once: two spellings stay two, the same spelling is one.
    sql.push(format!(
        "DELETE FROM indicator_values WHERE indicator_id = {s} AND id NOT IN \
         (SELECT MIN(id) FROM indicator_values WHERE indicator_id = {s} GROUP BY raw)"
    ));
    let gone_text = list_text(others);
    sql.push(format!(
        "UPDATE audit_log SET entity_id = '{s}' \
         WHERE entity = 'indicator' AND entity_id IN ({gone_text})"
    ));
    sql.push(format!("DELETE FROM indicators WHERE id IN ({gone})"));
    for statement in &sql {
        db.execute_unprepared(statement).await?;
    }
    if let Some(status) = &status {
        let update = Query::update()
            .table("indicators")
            .value("status", Expr::val(status.as_str()))
            .and_where(Expr::col("id").eq(s))
            .take();
        db.execute(&update).await?;
    }
    // The store's own merge action: the survivor as it was with the rows
    // folded into it, then as it is with their ids.
    let before = json!({
        "kind": survivor.kind,
        "canonical": survivor.canonical,
        "display": survivor.display,
        "status": survivor.status,
        "duplicates": others.iter().map(describe).collect::<Vec<_>>(),
    });
    let after = json!({
        "kind": g.form.kind,
        "canonical": g.form.canonical,
        "display": g.display,
        "status": status.as_deref().unwrap_or(&survivor.status),
        "merged": others.iter().map(|r| r.id).collect::<Vec<_>>(),
    });
    audit(db, now, "indicator.merge", s, before, after).await
}

/// Ids as the audit log's text column holds them.
fn list_text(rows: &[Stored]) -> String {
    rows.iter()
        .map(|r| format!("'{}'", r.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The status of the row whose blocking step was recorded last, if any has
/// one: the merged track's latest step is what the status reflects.
async fn latest_step_status(db: &impl ConnectionTrait, all: &str) -> Result<Option<String>, DbErr> {
    let sql = format!(
        "SELECT i.status AS status FROM indicators i \
         JOIN blocking_steps b ON b.indicator_id = i.id \
         WHERE i.id IN ({all}) ORDER BY b.id DESC LIMIT 1"
    );
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await?;
    row.map(|r| r.try_get::<String>("", "status")).transpose()
}

/// The survivor takes the group's form; audited here unless the merge's
/// entry already says so.
pub(super) async fn rename(
    db: &impl ConnectionTrait,
    g: &Group,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(s) = g.survivor() else {
        return Ok(());
    };
    set_form(db, s.id, &g.form.kind, &g.form.canonical, &g.display).await?;
    if g.rows.len() > 1 {
        return Ok(());
    }
    let before = json!({"kind": s.kind, "canonical": s.canonical, "display": s.display});
    let after = json!({"kind": g.form.kind, "canonical": g.form.canonical, "display": g.display});
    audit(db, now, "indicator.normalize", s.id, before, after).await
}

async fn audit(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    action: &str,
    id: i32,
    before: Value,
    after: Value,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("audit_log")
        .columns([
            "at",
            "actor",
            "action",
            "entity",
            "entity_id",
            "before",
            "after",
        ])
        .values([
            Expr::val(now),
            Expr::val(ACTOR),
            Expr::val(action),
            Expr::val("indicator"),
            Expr::val(id.to_string()),
            Expr::val(before.to_string()),
            Expr::val(after.to_string()),
        ])
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// Tells every instance's check index to load afresh.
pub(super) async fn reload_everything(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("registry_changes")
        .columns(["indicator_id", "at"])
        .values([Expr::val(Option::<i32>::None), Expr::val(now)])
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}
