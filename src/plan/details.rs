//! A measure's details as the coordinator corrects them after import: the
//! section it belongs to and its partners («совместно с …»). Import guesses
//! both from the document; a plan signed with a merged heading row or an
//! unusual phrasing may need a hand. One transaction with its audit entry.

use crate::accounts::audit;
use crate::accounts::model::CurrentUser;
use crate::db::entity::plan::{measure, measure_partner};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// Longest section title or partner name kept: a plan's headings are a line.
const MAX_LEN: usize = 500;

/// The details as the form sends them.
pub struct DetailsEdit<'a> {
    /// Empty: the measure belongs to no section.
    pub section: &'a str,
    /// One partner per line; blank lines are dropped.
    pub partners: &'a str,
}

/// The section (None when blank) and the partners, squashed and deduplicated.
pub fn normalise(e: &DetailsEdit<'_>) -> Result<(Option<String>, Vec<String>)> {
    let section = crate::ru::squash(e.section);
    let mut partners: Vec<String> = Vec::new();
    for line in e.partners.lines() {
        let p = crate::ru::squash(line);
        if !p.is_empty() && !partners.contains(&p) {
            partners.push(p);
        }
    }
    let too_long = |s: &str| s.chars().count() > MAX_LEN;
    if too_long(&section) || partners.iter().any(|p| too_long(p)) {
        return Err(Error::Invalid(format!(
            "Раздел и соисполнители — не длиннее {MAX_LEN} знаков"
        )));
    }
    Ok(((!section.is_empty()).then_some(section), partners))
}

/// Replaces a measure's section and partners; coordinator only.
pub async fn set_details(
    db: &DatabaseConnection,
    user: &CurrentUser,
    measure_id: i32,
    e: &DetailsEdit<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    if !user.is_coordinator() {
        return Err(Error::Forbidden);
    }
    let (section, partners) = normalise(e)?;
    let txn = crate::db::begin(db).await?;
    let row = measure::Entity::find_by_id(measure_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого мероприятия".into()))?;
    let old: Vec<String> = measure_partner::Entity::find()
        .filter(measure_partner::Column::MeasureId.eq(measure_id))
        .order_by_asc(measure_partner::Column::Position)
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    if row.section == section && old == partners {
        return Ok(());
    }
    let before = json!({"section": row.section, "partners": old});
    let plan_id = row.plan_id;
    let mut active: measure::ActiveModel = row.into();
    active.section = Set(section.clone());
    active.update(&txn).await?;
    measure_partner::Entity::delete_many()
        .filter(measure_partner::Column::MeasureId.eq(measure_id))
        .exec(&txn)
        .await?;
    for (i, name) in partners.iter().enumerate() {
        measure_partner::ActiveModel {
            measure_id: Set(measure_id),
            position: Set(i as i32),
            name: Set(name.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    super::version::bump_plan(&txn, plan_id).await?;
    let after = json!({"section": section, "partners": partners});
    let entry = audit::Entry::change(
        &user.login,
        "measure.details",
        "measure",
        measure_id.to_string(),
        Some(before),
        Some(after),
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit<'a>(section: &'a str, partners: &'a str) -> DetailsEdit<'a> {
        DetailsEdit { section, partners }
    }

    #[test]
    fn blank_section_is_none_and_partners_are_squashed_once_each() {
        let (s, p) = normalise(&edit("  ", " УМВД \n\n  УМВД\nСледственное  управление ")).unwrap();
        assert_eq!(s, None);
        assert_eq!(p, vec!["УМВД", "Следственное управление"]);
        let (s, _) = normalise(&edit(" I. Организационные  меры ", "")).unwrap();
        assert_eq!(s.as_deref(), Some("I. Организационные меры"));
    }

    #[test]
    fn an_overlong_line_is_refused() {
        let long = "я".repeat(MAX_LEN + 1);
        assert!(matches!(
            normalise(&edit(&long, "")),
            Err(Error::Invalid(_))
        ));
        assert!(matches!(
            normalise(&edit("", &long)),
            Err(Error::Invalid(_))
        ));
    }
}
