//! All SQL of the liveness checker: which URL indicators are due, one row
//! per check, and the history an indicator's page shows.

use super::is_watched;
use crate::db::entity::registry::{indicator, liveness_check};
use crate::error::Result;
use chrono::{DateTime, Utc};
use dozor_indicator::model::{Kind, Status};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// One check to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCheck {
    pub indicator_id: i32,
    pub checked_at: DateTime<Utc>,
    pub online: bool,
    pub http_status: Option<i32>,
    /// A `liveness::Failure` code.
    pub error: Option<String>,
}

/// URL indicators with a watched status whose last check is older than
/// `cutoff` (or that were never checked), least recently checked first,
/// at most `limit`. Only http(s) URLs: an ftp one has nothing to ask.
pub async fn due(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<indicator::Model>> {
    let watched: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|s| is_watched(*s))
        .map(Status::as_str)
        .collect();
    let checks = liveness_check::Entity;
    let of_this_indicator = Expr::col((checks, liveness_check::Column::IndicatorId))
        .equals((indicator::Entity, indicator::Column::Id));
    // Correlated on (indicator_id, checked_at), which the index covers.
    let recent = Query::select()
        .expr(Expr::val(1))
        .from(checks)
        .and_where(of_this_indicator.clone())
        .and_where(Expr::col((checks, liveness_check::Column::CheckedAt)).gte(cutoff))
        .to_owned();
    let last = Query::select()
        .expr(Expr::col((checks, liveness_check::Column::CheckedAt)).max())
        .from(checks)
        .and_where(of_this_indicator)
        .to_owned();
    let last: Expr = last.into();
    // NULLs sort first on SQLite and last on PostgreSQL: say it outright.
    let never_checked_first: Expr = Expr::case(last.clone().is_null(), 0).finally(1).into();
    Ok(indicator::Entity::find()
        .filter(indicator::Column::Kind.eq(Kind::Url.as_str()))
        .filter(indicator::Column::Status.is_in(watched))
        .filter(
            Condition::any()
                .add(indicator::Column::Canonical.starts_with("http://"))
                .add(indicator::Column::Canonical.starts_with("https://")),
        )
        .filter(Expr::exists(recent).not())
        .order_by(never_checked_first, Order::Asc)
        .order_by(last, Order::Asc)
        .order_by(indicator::Column::Id, Order::Asc)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn insert(db: &impl ConnectionTrait, check: NewCheck) -> Result<liveness_check::Model> {
    Ok(liveness_check::ActiveModel {
        indicator_id: Set(check.indicator_id),
        checked_at: Set(check.checked_at),
        online: Set(check.online),
        http_status: Set(check.http_status),
        error: Set(check.error),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// An indicator's checks, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    indicator_id: i32,
    limit: u64,
) -> Result<Vec<liveness_check::Model>> {
    Ok(liveness_check::Entity::find()
        .filter(liveness_check::Column::IndicatorId.eq(indicator_id))
        .order_by_desc(liveness_check::Column::CheckedAt)
        .order_by_desc(liveness_check::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn last_check(
    db: &impl ConnectionTrait,
    indicator_id: i32,
) -> Result<Option<liveness_check::Model>> {
    Ok(history(db, indicator_id, 1).await?.into_iter().next())
}
