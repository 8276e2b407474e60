//! Reading plans back: the list, the latest, one in full, the plan of a
//! measure, and a measure's metrics.

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
        paid_non_working: PaidNonWorking::parse(&p.paid_non_working)
            .ok_or_else(|| bad("paid non-working days"))?,
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
        .ok_or_else(|| Error::NotFound(format!("План {id} не найден")))?;
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
    let feeds_registry = rows.iter().map(|m| m.feeds_registry).collect();
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
            section: m.section,
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
        feeds_registry,
    })
}

/// The plan a measure belongs to.
pub async fn plan_of(db: &impl ConnectionTrait, measure_id: i32) -> Result<StoredPlan> {
    let m = measure::Entity::find_by_id(measure_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound("Нет такого мероприятия".into()))?;
    load(db, m.plan_id).await
}

/// The metrics a report on the measure carries, in order.
pub async fn metrics_of(
    db: &impl ConnectionTrait,
    measure_id: i32,
) -> Result<Vec<measure_metric::Model>> {
    Ok(measure_metric::Entity::find()
        .filter(measure_metric::Column::MeasureId.eq(measure_id))
        .order_by_asc(measure_metric::Column::Position)
        .all(db)
        .await?)
}
