//! The SQL of issued documents: find an issue by its number, keep a new one
//! with its audit entry in one transaction, list them, fetch one.

use crate::accounts::audit;
use crate::actor::Actor;
use crate::db::entity::control::issued_document as doc;
use crate::error::{Error, Result};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};
use serde_json::json;

/// What identifies an issue and what it is of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuing {
    pub plan_id: i32,
    pub period: String,
    pub kind: String,
    pub number: String,
    pub organisation: String,
    pub issued_on: NaiveDate,
}

/// The issue under this number, year and author in this form, if any.
pub async fn find(db: &impl ConnectionTrait, i: &Issuing) -> Result<Vec<doc::Model>> {
    Ok(doc::Entity::find()
        .filter(doc::Column::Organisation.eq(&i.organisation))
        .filter(doc::Column::Year.eq(i.issued_on.year()))
        .filter(doc::Column::Number.eq(&i.number))
        .all(db)
        .await?)
}

/// Keeps the issued document and its audit entry in one transaction. A
/// number another request took meanwhile is the same conflict as one found
/// before.
pub async fn keep(
    db: &DatabaseConnection,
    who: &Actor,
    i: &Issuing,
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<doc::Model> {
    let txn = crate::db::begin(db).await?;
    let row = doc::ActiveModel {
        plan_id: Set(i.plan_id),
        period: Set(i.period.clone()),
        kind: Set(i.kind.clone()),
        number: Set(i.number.clone()),
        organisation: Set(i.organisation.clone()),
        issued_on: Set(i.issued_on),
        year: Set(i.issued_on.year()),
        issued_by: Set(who.id),
        issued_by_login: Set(who.login.clone()),
        issued_at: Set(now),
        file_name: Set(file_name.to_owned()),
        content_type: Set(content_type.to_owned()),
        bytes: Set(bytes),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => taken(&i.number, i.issued_on.year()),
        _ => Error::Db(e),
    })?;
    let after = json!({
        "plan_id": row.plan_id, "period": row.period, "kind": row.kind,
        "number": row.number, "organisation": row.organisation,
        "issued_on": row.issued_on, "file_name": row.file_name, "size": row.bytes.len(),
    });
    audit::record(
        &txn,
        now,
        audit::Entry::created(&who.login, "issued_document", row.id, after),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// «№ 15-02/2020 уже присвоен в 2020 году другому документу».
pub fn taken(number: &str, year: i32) -> Error {
    Error::Conflict(format!(
        "Номер № {number} уже присвоен в {year} году другому документу: укажите другой номер"
    ))
}

/// An issued document without its bytes, for the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: i32,
    pub period: String,
    pub kind: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub issued_by_login: String,
    pub file_name: String,
}

/// Every issued document, newest first, without the bytes.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Listed>> {
    type Row = (i32, String, String, String, NaiveDate, String, String);
    let rows: Vec<Row> = doc::Entity::find()
        .select_only()
        .columns([
            doc::Column::Id,
            doc::Column::Period,
            doc::Column::Kind,
            doc::Column::Number,
            doc::Column::IssuedOn,
            doc::Column::IssuedByLogin,
            doc::Column::FileName,
        ])
        .order_by_desc(doc::Column::IssuedAt)
        .order_by_desc(doc::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, period, kind, number, issued_on, issued_by_login, file_name)| Listed {
                id,
                period,
                kind,
                number,
                issued_on,
                issued_by_login,
                file_name,
            },
        )
        .collect())
}

/// One issued document with its bytes.
pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<doc::Model> {
    doc::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Документ {id} не найден")))
}
