//! One identity per resource: stored indicators take the forms the
//! normalisers give now, and rows that thereby share a form become one.
//!
//! A Telegram page listed as a social page (`social t.me/name`) is the
//! messenger account `@name` is (`messenger t.me/name`); a messenger link
//! listed as a URL is that account or phone; a URL loses its tracking
//! parameters. Each row is re-normalised from its canonical value under its
//! own kind (the raw value of a card is masked, and cards, kept only as
//! HMACs, are left alone; a value the normalisers now refuse stays as it
//! is). Of the rows that end up with one form the oldest keeps its id; the
//! others' raw values, cases, blocking steps, liveness checks, change-feed
//! rows and audit entries move to it, and an audit entry lists what was
//! merged, so nothing is lost. One transaction on both engines; run again,
//! it finds nothing to do. There is no way back: `down` leaves the data.

use dozor_indicator::detect::normalize;
use dozor_indicator::model::Kind;
use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;
use std::collections::{BTreeMap, HashSet};

mod merge;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who the audit entries name.
const ACTOR: &str = "migration:m0013_indicator_identity";

/// One stored indicator, as much of it as the merge reads.
#[derive(Clone, Debug)]
struct Stored {
    id: i32,
    kind: String,
    canonical: String,
    display: String,
    status: String,
    category: String,
}

/// The form a row has now.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Form {
    kind: String,
    canonical: String,
}

/// The rows of one form, oldest first, and the display of that form.
struct Group {
    form: Form,
    display: String,
    rows: Vec<Stored>,
}

impl Group {
    fn survivor(&self) -> Option<&Stored> {
        self.rows.first()
    }

    /// Whether the survivor is stored under another form.
    fn renamed(&self) -> bool {
        self.survivor()
            .is_some_and(|s| s.kind != self.form.kind || s.canonical != self.form.canonical)
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let groups = groups(db).await?;
        let now = chrono::Utc::now();
        let mut changed = false;
        // Merges first: a survivor takes its form once no other row holds it.
        for g in groups.iter().filter(|g| g.rows.len() > 1) {
            merge::merge(db, g, now).await?;
            changed = true;
        }
        let renamed: Vec<&Group> = groups.iter().filter(|g| g.renamed()).collect();
        // Through a form no indicator has (`#` is escaped in URLs and found
        // in no other kind), so that two rows trading forms never collide
        // on the unique (kind, canonical).
        for g in &renamed {
            if let Some(s) = g.survivor() {
                set_form(db, s.id, &s.kind, &format!("#m0013 {}", s.id), &s.display).await?;
            }
        }
        for g in &renamed {
            merge::rename(db, g, now).await?;
            changed = true;
        }
        if changed {
            merge::reload_everything(db, now).await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    /// Merges and renames stand or fall together, on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// Rows read at once: a whole country's registry is tens of millions of
/// rows, of which only the few whose form changes are kept.
const PAGE: u64 = 10_000;

const COLUMNS: [&str; 6] = ["id", "kind", "canonical", "display", "status", "category"];

fn stored(r: &sea_orm::QueryResult) -> Result<Stored, DbErr> {
    Ok(Stored {
        id: r.try_get("", "id")?,
        kind: r.try_get("", "kind")?,
        canonical: r.try_get("", "canonical")?,
        display: r.try_get("", "display")?,
        status: r.try_get("", "status")?,
        category: r.try_get("", "category")?,
    })
}

/// The indicators after id `after`, but the cards, oldest first.
async fn page(db: &impl ConnectionTrait, after: i32) -> Result<Vec<Stored>, DbErr> {
    let query = Query::select()
        .columns(COLUMNS)
        .from("indicators")
        .and_where(Expr::col("id").gt(after))
        .and_where(Expr::col("kind").ne(Kind::Card.as_str()))
        .order_by("id", Order::Asc)
        .limit(PAGE)
        .take();
    db.query_all(&query).await?.iter().map(stored).collect()
}

/// The indicator stored under `form`, if any.
async fn holder(db: &impl ConnectionTrait, form: &Form) -> Result<Option<Stored>, DbErr> {
    let query = Query::select()
        .columns(COLUMNS)
        .from("indicators")
        .and_where(Expr::col("kind").eq(form.kind.as_str()))
        .and_where(Expr::col("canonical").eq(form.canonical.as_str()))
        .take();
    db.query_one(&query).await?.as_ref().map(stored).transpose()
}

/// The form the normalisers give `row` now, with its display; its own when
/// they refuse it (a value accepted once is not dropped by an upgrade).
fn current_form(row: &Stored) -> (Form, String) {
    let renormalised =
        Kind::parse(&row.kind).and_then(|kind| normalize(&row.canonical, Some(kind), None).ok());
    match renormalised {
        Some(n) => (
            Form {
                kind: n.kind.as_str().to_owned(),
                canonical: n.canonical,
            },
            n.display,
        ),
        None => (
            Form {
                kind: row.kind.clone(),
                canonical: row.canonical.clone(),
            },
            row.display.clone(),
        ),
    }
}

/// The rows whose form changes, by the form they take, each with the row
/// that already has that form (unless it moves too); oldest first.
async fn groups(db: &impl ConnectionTrait) -> Result<Vec<Group>, DbErr> {
    let mut by_form: BTreeMap<Form, Group> = BTreeMap::new();
    let mut moving = HashSet::new();
    let mut after = i32::MIN;
    loop {
        let rows = page(db, after).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for row in rows {
            let (form, display) = current_form(&row);
            if form.kind == row.kind && form.canonical == row.canonical {
                continue;
            }
            moving.insert(row.id);
            by_form
                .entry(form.clone())
                .or_insert_with(|| Group {
                    form,
                    display,
                    rows: Vec::new(),
                })
                .rows
                .push(row);
        }
    }
    let mut out: Vec<Group> = by_form.into_values().collect();
    for g in &mut out {
        if let Some(h) = holder(db, &g.form).await?
            && !moving.contains(&h.id)
        {
            g.rows.push(h);
        }
        g.rows.sort_by_key(|r| r.id);
    }
    out.sort_by_key(|g| g.survivor().map(|s| s.id));
    Ok(out)
}

async fn set_form(
    db: &impl ConnectionTrait,
    id: i32,
    kind: &str,
    canonical: &str,
    display: &str,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("indicators")
        .value("kind", Expr::val(kind))
        .value("canonical", Expr::val(canonical))
        .value("display", Expr::val(display))
        .and_where(Expr::col("id").eq(id))
        .take();
    db.execute(&update).await.map(|_| ())
}

#[cfg(test)]
mod tests;
