//! Reading plans back, and the agency commands.

use super::*;

/// Plans, newest import first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<plan::Model>> {
    Ok(plan::Entity::find()
        .order_by_desc(plan::Column::LastImportedAt)
        .order_by_desc(plan::Column::Id)
        .all(db)
        .await?)
}

/// The plan imported last: what commands use without `--plan`.
/// Every page asks this, so it reads one row, not the list.
pub async fn latest_id(db: &impl ConnectionTrait) -> Result<Option<i32>> {
    Ok(plan::Entity::find()
        .order_by_desc(plan::Column::LastImportedAt)
        .order_by_desc(plan::Column::Id)
        .one(db)
        .await?
        .map(|p| p.id))
}

fn settings(p: &plan::Model) -> Result<Settings> {
    let bad = |what: &str| Error::Invalid(format!("plan {}: stored {what} is invalid", p.id));
    Ok(Settings {
        timezone: p.timezone.parse().map_err(|_| bad("time zone"))?,
        due_shift: DueShift::parse(&p.due_shift).ok_or_else(|| bad("due shift"))?,
        reporting: Every::parse(&p.reporting).ok_or_else(|| bad("reporting period"))?,
        valid_from: p.valid_from,
        valid_to: p.valid_to,
    })
}

/// A stored plan with its measures, executors and partners, in plan order.
pub async fn load(db: &impl ConnectionTrait, id: i32) -> Result<StoredPlan> {
    let p = plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound(format!("plan {id} does not exist")))?;
    let rows = measure::Entity::find()
        .filter(measure::Column::PlanId.eq(id))
        .order_by_asc(measure::Column::Position)
        .all(db)
        .await?;
    let measure_ids: Vec<i32> = rows.iter().map(|m| m.id).collect();
    let ids = measure_ids.clone();
    let executors = measure_executor::Entity::find()
        .filter(measure_executor::Column::MeasureId.is_in(ids.clone()))
        .order_by_asc(measure_executor::Column::MeasureId)
        .order_by_asc(measure_executor::Column::Position)
        .all(db)
        .await?;
    let partners = measure_partner::Entity::find()
        .filter(measure_partner::Column::MeasureId.is_in(ids))
        .order_by_asc(measure_partner::Column::MeasureId)
        .order_by_asc(measure_partner::Column::Position)
        .all(db)
        .await?;
    let mut measures = Vec::with_capacity(rows.len());
    let mut agency_ids = Vec::with_capacity(rows.len());
    for m in rows {
        let schedule: Schedule = serde_json::from_str(&m.schedule).map_err(|_| {
            Error::Invalid(format!("measure {}: stored schedule is invalid", m.number))
        })?;
        let own: Vec<&measure_executor::Model> =
            executors.iter().filter(|e| e.measure_id == m.id).collect();
        agency_ids.push(own.iter().map(|e| e.agency_id).collect());
        measures.push(ParsedMeasure {
            executors: own
                .iter()
                .map(|e| Executor {
                    name: e.name.clone(),
                    by_agreement: e.by_agreement,
                })
                .collect(),
            partners: partners
                .iter()
                .filter(|x| x.measure_id == m.id)
                .map(|x| x.name.clone())
                .collect(),
            number: m.number,
            title: m.title,
            schedule_text: m.schedule_text,
            schedule,
        });
    }
    let revisions = crate::db::entity::plan::measure_revision::Entity::find()
        .filter(
            crate::db::entity::plan::measure_revision::Column::MeasureId.is_in(measure_ids.clone()),
        )
        .order_by_asc(crate::db::entity::plan::measure_revision::Column::Id)
        .all(db)
        .await?
        .iter()
        .filter_map(|r| {
            let i = measure_ids.iter().position(|m| *m == r.measure_id)?;
            crate::plan::revisions::Revision::from_row(r, i)
        })
        .collect();
    Ok(StoredPlan {
        revisions,
        id: p.id,
        title: p.title.clone(),
        settings: settings(&p)?,
        source_name: p.source_name.clone(),
        imported_at: p.imported_at,
        measures,
        agency_ids,
        measure_ids,
    })
}

/// An agency with every spelling that maps to it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct AgencyView {
    pub id: i32,
    pub name: String,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
}

pub async fn agencies(db: &impl ConnectionTrait) -> Result<Vec<AgencyView>> {
    let all = agency::Entity::find()
        .order_by_asc(agency::Column::Id)
        .all(db)
        .await?;
    let aliases = agency_alias::Entity::find()
        .order_by_asc(agency_alias::Column::Id)
        .all(db)
        .await?;
    Ok(all
        .into_iter()
        .map(|a| AgencyView {
            aliases: aliases
                .iter()
                .filter(|x| x.agency_id == a.id && x.alias != a.name)
                .map(|x| x.alias.clone())
                .collect(),
            id: a.id,
            name: a.name,
            short_name: a.short_name,
        })
        .collect())
}

/// Maps one more spelling to the agency that `agency` names.
pub async fn add_alias(
    db: &DatabaseConnection,
    agency: &str,
    alias: &str,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<i32> {
    if alias_key(alias).is_empty() {
        return Err(Error::Invalid("the alias is empty".into()));
    }
    let txn = crate::db::begin(db).await?;
    let id = agency_by_alias(&txn, agency)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no agency is called «{agency}»")))?;
    match agency_by_alias(&txn, alias).await? {
        Some(other) if other == id => return Ok(id),
        Some(other) => {
            return Err(Error::Conflict(format!(
                "«{alias}» already names agency {other}"
            )));
        }
        None => insert_alias(&txn, id, alias).await?,
    }
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor,
            action: "agency.alias_add",
            entity: "agency",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({"alias": alias})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Creates an agency that no plan has named yet.
pub async fn add_agency(
    db: &DatabaseConnection,
    name: &str,
    short_name: Option<&str>,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<i32> {
    let name = crate::plan::text::squash(name);
    if name.is_empty() {
        return Err(Error::Invalid("the agency name is empty".into()));
    }
    let txn = crate::db::begin(db).await?;
    if let Some(other) = agency_by_alias(&txn, &name).await? {
        return Err(Error::Conflict(format!(
            "«{name}» already names agency {other}"
        )));
    }
    let id = create_agency(&txn, &name, short_name, now).await?;
    audit::record(
        &txn,
        now,
        audit::Entry {
            actor,
            action: "agency.create",
            entity: "agency",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({"name": name, "short_name": short_name})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes an agency's names and head contact; the old state goes to the audit log.
pub async fn update_agency(
    db: &DatabaseConnection,
    id: i32,
    name: &str,
    short_name: Option<&str>,
    head_email: Option<&str>,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<()> {
    let name = crate::plan::text::squash(name);
    if name.is_empty() {
        return Err(Error::Invalid("Укажите наименование ведомства".into()));
    }
    if let Some(e) = head_email
        && (!e.contains('@') || e.contains(char::is_whitespace))
    {
        return Err(Error::Invalid(format!(
            "«{e}» — не адрес электронной почты"
        )));
    }
    let txn = crate::db::begin(db).await?;
    let a = agency::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого ведомства".into()))?;
    if let Some(other) = agency_by_alias(&txn, &name).await?
        && other != id
    {
        return Err(Error::Conflict(format!(
            "«{name}» уже называет другое ведомство"
        )));
    }
    let before = json!({"name": a.name, "short_name": a.short_name, "head_email": a.head_email});
    let mut row: agency::ActiveModel = a.into();
    row.name = Set(name.clone());
    row.short_name = Set(short_name
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty()));
    row.head_email = Set(head_email
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty()));
    let saved = row.update(&txn).await?;
    if agency_by_alias(&txn, &name).await?.is_none() {
        insert_alias(&txn, id, &name).await?;
    }
    audit::record(&txn, now, audit::Entry {
        actor,
        action: "agency.update",
        entity: "agency",
        entity_id: Some(id.to_string()),
        before: Some(before),
        after: Some(json!({"name": saved.name, "short_name": saved.short_name, "head_email": saved.head_email})),
    })
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Agencies with their head contacts, for the admin page.
pub async fn agency_rows(db: &impl ConnectionTrait) -> Result<Vec<agency::Model>> {
    Ok(agency::Entity::find()
        .order_by_asc(agency::Column::Id)
        .all(db)
        .await?)
}
