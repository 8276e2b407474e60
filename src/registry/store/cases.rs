//! Cases as the registry writes them: found by number or created, with the
//! references the client gave checked first (a missing agency is a clear
//! 422, not a foreign key failure), an executor kept to its own agency's
//! cases, and card numbers masked out of the free text before it is stored.

use crate::db::entity::plan::agency;
use crate::db::entity::registry::case;
use crate::error::{Error, Result};
use crate::registry::model::{CaseInput, CaseScope, MAX_ARTICLE, MAX_CASE_NUMBER};
use chrono::{DateTime, Utc};
use dozor_indicator::card::{mask_card_numbers, mask_cards_in_case_number};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// An error naming `what` when `text` is longer than `max` characters.
pub(super) fn too_long(what: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(Error::Invalid(format!("{what}: не длиннее {max} символов")));
    }
    Ok(())
}

/// The case with this number, created (or completed) from `c`.
pub async fn upsert_case(
    db: &impl ConnectionTrait,
    c: &CaseInput,
    scope: CaseScope,
    user_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32> {
    let number = mask_cards_in_case_number(&crate::ru::squash(&c.number)).into_owned();
    if number.is_empty() {
        return Err(Error::Invalid(
            "Укажите номер КУСП или уголовного дела".into(),
        ));
    }
    if c.damage.is_some_and(|d| d < 0) {
        return Err(Error::Invalid("Ущерб не может быть отрицательным".into()));
    }
    too_long("Номер КУСП или дела", &number, MAX_CASE_NUMBER)?;
    let article = c
        .article
        .as_deref()
        .map(|a| mask_card_numbers(a.trim()).into_owned())
        .filter(|a| !a.is_empty());
    too_long(
        "Статья УК РФ",
        article.as_deref().unwrap_or_default(),
        MAX_ARTICLE,
    )?;
    if !scope.allows(c.agency_id) {
        return Err(Error::Invalid(
            "Исполнитель указывает только дела своего ведомства".into(),
        ));
    }
    if let Some(id) = c.agency_id
        && agency::Entity::find_by_id(id).one(db).await?.is_none()
    {
        return Err(Error::Invalid(format!("Нет ведомства с номером {id}")));
    }
    if let Some(existing) = case::Entity::find()
        .filter(case::Column::Number.eq(&number))
        .one(db)
        .await?
    {
        if !scope.allows(existing.agency_id) {
            return Err(Error::Invalid(format!(
                "Дело «{number}» ведёт другое ведомство: связать с ним может его исполнитель или координатор"
            )));
        }
        return Ok(existing.id);
    }
    let agency_id = match scope {
        // An executor's case is its agency's unless it says otherwise.
        CaseScope::Agency(own) => c.agency_id.or(Some(own)),
        CaseScope::Any => c.agency_id,
    };
    let row = case::ActiveModel {
        number: Set(number),
        registered_on: Set(c.registered_on),
        agency_id: Set(agency_id),
        article: Set(article),
        damage: Set(c.damage),
        created_by: Set(user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}
