//! The names and links of the objects one page of the audit log speaks of:
//! «отчёт УМВД по мероприятию 7 за III квартал 2020 г.» with a link to the
//! report, rather than «report 12». One query per kind of object on the
//! page, not one per row.

use super::audit_text::entity_word;
use crate::db::entity::activity::{activity, activity_attachment};
use crate::db::entity::audit_log;
use crate::db::entity::control::{attachment, extension, issued_document, report};
use crate::db::entity::plan::{agency, measure, plan};
use crate::db::entity::{accounts::user, registry::indicator};
use crate::error::Result;
use crate::time::period::{Period, russian};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// An object as the log names it.
pub struct Object {
    pub label: String,
    pub href: Option<String>,
}

/// The objects of `rows`, keyed by (entity, id).
#[derive(Default)]
pub struct Objects {
    known: HashMap<(String, String), Object>,
}

fn ids(rows: &[audit_log::Model], entity: &str) -> Vec<i32> {
    rows.iter()
        .filter(|r| r.entity == entity)
        .filter_map(|r| r.entity_id.as_deref()?.parse().ok())
        .collect()
}

fn period_label(p: &str) -> String {
    Period::parse(p).map_or_else(|_| p.to_string(), russian)
}

impl Objects {
    pub async fn load(db: &impl ConnectionTrait, rows: &[audit_log::Model]) -> Result<Objects> {
        let mut o = Objects::default();
        let reports = report::Entity::find()
            .filter(report::Column::Id.is_in(ids(rows, "report")))
            .all(db)
            .await?;
        let extensions = extension::Entity::find()
            .filter(extension::Column::Id.is_in(ids(rows, "extension")))
            .all(db)
            .await?;
        let mut measure_ids: Vec<i32> = reports.iter().map(|r| r.measure_id).collect();
        measure_ids.extend(extensions.iter().map(|e| e.measure_id));
        measure_ids.extend(ids(rows, "measure"));
        let numbers: HashMap<i32, String> = measure::Entity::find()
            .filter(measure::Column::Id.is_in(measure_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m.number))
            .collect();
        let mut agency_ids: Vec<i32> = reports.iter().map(|r| r.agency_id).collect();
        agency_ids.extend(extensions.iter().map(|e| e.agency_id));
        agency_ids.extend(ids(rows, "agency"));
        let agencies: HashMap<i32, String> = agency::Entity::find()
            .filter(agency::Column::Id.is_in(agency_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.short_name.unwrap_or(a.name)))
            .collect();
        let obligation = |m: i32, a: i32, p: &str| {
            let n = numbers.get(&m).map_or("?", String::as_str);
            let who = agencies.get(&a).map_or("?", String::as_str);
            (
                format!("«{who}» по мероприятию {n} за {}", period_label(p)),
                format!("/reports/{m}/{a}/{p}"),
            )
        };
        for r in &reports {
            let (text, href) = obligation(r.measure_id, r.agency_id, &r.period);
            o.put("report", r.id, format!("отчёт {text}"), Some(href));
        }
        for e in &extensions {
            let (text, href) = obligation(e.measure_id, e.agency_id, &e.period);
            o.put(
                "extension",
                e.id,
                format!("продление срока {text}"),
                Some(href),
            );
        }
        for (id, n) in &numbers {
            o.put(
                "measure",
                *id,
                format!("мероприятие {n}"),
                Some(format!("/measures/{id}")),
            );
        }
        for (id, name) in &agencies {
            o.put(
                "agency",
                *id,
                format!("ведомство «{name}»"),
                Some("/admin/agencies".into()),
            );
        }
        o.load_others(db, rows).await?;
        o.load_activities(db, rows).await?;
        Ok(o)
    }

    async fn load_others(
        &mut self,
        db: &impl ConnectionTrait,
        rows: &[audit_log::Model],
    ) -> Result<()> {
        for p in plan::Entity::find()
            .filter(plan::Column::Id.is_in(ids(rows, "plan")))
            .all(db)
            .await?
        {
            self.put(
                "plan",
                p.id,
                format!("план «{}»", p.title),
                Some(format!("/plans/{}", p.id)),
            );
        }
        for i in indicator::Entity::find()
            .filter(indicator::Column::Id.is_in(ids(rows, "indicator")))
            .all(db)
            .await?
        {
            self.put(
                "indicator",
                i.id,
                format!("ресурс «{}»", i.display),
                Some(format!("/registry/{}", i.id)),
            );
        }
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(ids(rows, "user")))
            .all(db)
            .await?
        {
            let label = format!("пользователя {} ({})", u.display_name, u.login);
            self.put("user", u.id, label, Some("/admin/users".into()));
        }
        for a in attachment::Entity::find()
            .filter(attachment::Column::Id.is_in(ids(rows, "attachment")))
            .all(db)
            .await?
        {
            self.put("attachment", a.id, format!("файл «{}»", a.file_name), None);
        }
        for d in issued_document::Entity::find()
            .filter(issued_document::Column::Id.is_in(ids(rows, "issued_document")))
            .all(db)
            .await?
        {
            let label = format!(
                "сводный отчёт за {} № {} от {}",
                period_label(&d.period),
                d.number,
                crate::ru::date(d.issued_on)
            );
            self.put(
                "issued_document",
                d.id,
                label,
                Some(format!("/documents/{}", d.id)),
            );
        }
        Ok(())
    }

    /// Activities of the journal and their files, linked to the activity.
    async fn load_activities(
        &mut self,
        db: &impl ConnectionTrait,
        rows: &[audit_log::Model],
    ) -> Result<()> {
        let files = activity_attachment::Entity::find()
            .filter(activity_attachment::Column::Id.is_in(ids(rows, "activity_attachment")))
            .all(db)
            .await?;
        for f in &files {
            let href = format!("/activities/{}", f.activity_id);
            self.put(
                "activity_attachment",
                f.id,
                format!("файл «{}»", f.file_name),
                Some(href),
            );
        }
        for a in activity::Entity::find()
            .filter(activity::Column::Id.is_in(ids(rows, "activity")))
            .all(db)
            .await?
        {
            let label = format!(
                "проведённое мероприятие «{}» от {}",
                a.title,
                crate::ru::date(a.starts_on)
            );
            self.put(
                "activity",
                a.id,
                label,
                Some(format!("/activities/{}", a.id)),
            );
        }
        Ok(())
    }

    fn put(&mut self, entity: &str, id: i32, label: String, href: Option<String>) {
        self.known
            .insert((entity.to_string(), id.to_string()), Object { label, href });
    }

    /// The object of one log row: looked up, or said from its kind and id.
    pub fn of(&self, row: &audit_log::Model) -> Object {
        let id = row.entity_id.clone().unwrap_or_default();
        if let Some(o) = self.known.get(&(row.entity.clone(), id.clone())) {
            return Object {
                label: o.label.clone(),
                href: o.href.clone(),
            };
        }
        if row.entity == "period" {
            // `plan/period`, as the locks log it.
            let (plan, period) = id.split_once('/').unwrap_or(("", id.as_str()));
            return Object {
                label: format!("период {}", period_label(period)),
                href: (!plan.is_empty()).then(|| format!("/dashboard?period={period}")),
            };
        }
        let word = entity_word(&row.entity).unwrap_or(row.entity.as_str());
        let label = match id.is_empty() {
            true => word.to_string(),
            false => format!("{word} № {id}"),
        };
        Object { label, href: None }
    }
}
