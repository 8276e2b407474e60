//! Reading the journal: the condition of a filter within a reader's
//! scope, one page newest first, the filtered set's totals, and the rows
//! of an export with their co-organisers.

use super::Scope;
use crate::activity::filter::{Parsed, Place};
use crate::db::entity::activity::{activity, activity_agency};
use crate::error::Result;
use sea_orm::sea_query::{Expr, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

/// Rows per journal page.
pub const PAGE: u64 = 50;
/// The most rows one export holds.
pub const EXPORT_MAX: u64 = 100_000;

fn co_organised_by(agency: i32) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(activity_agency::Column::ActivityId)
        .from(activity_agency::Entity)
        .and_where(activity_agency::Column::AgencyId.eq(agency))
        .to_owned()
}

/// The condition of a filter within a scope. An agency filter, like an
/// executor's scope, takes the agency's own and co-organised activities:
/// a joint activity is one row, so it still counts once.
fn condition(f: &Parsed, scope: Scope) -> Condition {
    let by_agency = |a: i32| {
        Condition::any()
            .add(activity::Column::AgencyId.eq(a))
            .add(activity::Column::Id.in_subquery(co_organised_by(a)))
    };
    let mut c = Condition::all();
    if let Scope::Agency(a) = scope {
        c = c.add(by_agency(a));
    }
    if let Some(a) = f.agency {
        c = c.add(by_agency(a));
    }
    if let Some(p) = f.period {
        c = c.add(activity::Column::Period.eq(p.to_string()));
    }
    if let Some(m) = f.measure {
        c = c.add(activity::Column::MeasureId.eq(m));
    }
    if let Some(k) = f.kind {
        c = c.add(activity::Column::Kind.eq(k.as_str()));
    }
    match f.place {
        Some(Place::Okrug) => c = c.add(activity::Column::MunicipalityId.is_null()),
        Some(Place::Municipality(m)) => c = c.add(activity::Column::MunicipalityId.eq(m)),
        None => {}
    }
    if let Some(a) = &f.audience {
        let escaped = a
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let like = LikeExpr::new(format!("%{escaped}%")).escape('\\');
        c = c.add(activity::Column::Audience.like(like));
    }
    c
}

fn filtered(f: &Parsed, scope: Scope) -> Select<activity::Entity> {
    activity::Entity::find()
        .filter(condition(f, scope))
        .order_by_desc(activity::Column::StartsOn)
        .order_by_desc(activity::Column::Id)
}

/// One page of the journal, newest first, and whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    f: &Parsed,
    scope: Scope,
) -> Result<(Vec<activity::Model>, bool)> {
    let mut rows = filtered(f, scope)
        .offset((f.page - 1) * PAGE)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    Ok((rows, more))
}

/// The filtered set's activities and people reached.
pub async fn totals(db: &impl ConnectionTrait, f: &Parsed, scope: Scope) -> Result<(u64, i64)> {
    let q = activity::Entity::find().filter(condition(f, scope));
    let n = q.clone().count(db).await?;
    // Cast: PostgreSQL sums a bigint as numeric.
    let sum: Option<i64> = q
        .select_only()
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(reached), 0) AS BIGINT)"),
            "reached",
        )
        .into_tuple()
        .one(db)
        .await?;
    Ok((n, sum.unwrap_or(0)))
}

/// The filtered set for an export, newest first, at most `EXPORT_MAX`.
pub async fn export_rows(
    db: &impl ConnectionTrait,
    f: &Parsed,
    scope: Scope,
) -> Result<Vec<activity::Model>> {
    Ok(filtered(f, scope).limit(EXPORT_MAX).all(db).await?)
}

/// The co-organisers of many activities at once, as (activity, agency).
pub async fn co_agencies_of(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<(i32, i32)>> {
    let mut out = Vec::new();
    // Bounded chunks: the database's bound values are limited.
    for chunk in ids.chunks(500) {
        let rows = activity_agency::Entity::find()
            .filter(activity_agency::Column::ActivityId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|r| (r.activity_id, r.agency_id)));
    }
    Ok(out)
}
