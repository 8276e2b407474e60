//! A measure's section and partners are the coordinator's to correct on
//! the measure's page: audited, shown on the plan, refused to others.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use dozor::db::entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_engines!(the_coordinator_corrects_a_measures_section_and_partners);

async fn details_audits(app: &App) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("measure.details"))
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn the_coordinator_corrects_a_measures_section_and_partners(t: &TestDb) {
    let app = App::new(t).await;
    let m6 = app.measure_id("6").await;
    let path = format!("/measures/{m6}/details");
    let form = [
        ("section", "  II. Профилактика  в сети "),
        (
            "partners",
            "Департамент образования\n\nДепартамент образования\n  СМИ округа ",
        ),
    ];
    let mut prok = app.login("prok").await;
    prok.get(&format!("/measures/{m6}")).await;
    assert_eq!(prok.post(&path, &form).await.status, StatusCode::FORBIDDEN);
    assert!(details_audits(&app).await.is_empty());

    let mut c = app.login("coord").await;
    let page = c.get(&format!("/measures/{m6}")).await;
    assert!(page.body.contains(&path), "the coordinator gets the form");
    let before = dozor::plan::store::load(&app.state.db, app.plan_id)
        .await
        .unwrap();
    let i = before.measure_ids.iter().position(|m| *m == m6).unwrap();
    let old_partners = before.measures[i].partners.clone();

    let r = c.post(&path, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = dozor::plan::store::load(&app.state.db, app.plan_id)
        .await
        .unwrap();
    assert_eq!(
        p.measures[i].section.as_deref(),
        Some("II. Профилактика в сети")
    );
    assert_eq!(
        p.measures[i].partners,
        ["Департамент образования", "СМИ округа"]
    );
    let page = c.get(&format!("/measures/{m6}")).await;
    assert!(
        page.body
            .contains("<dt>Раздел плана</dt><dd>II. Профилактика в сети</dd>")
    );
    assert!(page.body.contains("Департамент образования; СМИ округа"));
    let plan = c.get(&format!("/plans/{}", app.plan_id)).await;
    assert!(
        plan.body
            .contains(r#"<tr class="section"><th colspan="4">II. Профилактика в сети</th></tr>"#),
        "the plan page shows the new section"
    );

    let audits = details_audits(&app).await;
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].actor, "coord");
    let before: serde_json::Value =
        serde_json::from_str(audits[0].before.as_deref().unwrap()).unwrap();
    assert_eq!(before["partners"], serde_json::json!(old_partners));
    assert_eq!(before["section"], serde_json::Value::Null);

    // The same again logs nothing; an overlong section is refused whole.
    assert_eq!(c.post(&path, &form).await.status, StatusCode::SEE_OTHER);
    assert_eq!(details_audits(&app).await.len(), 1);
    let long = "я".repeat(501);
    let r = c
        .post(&path, &[("section", long.as_str()), ("partners", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("не длиннее 500 знаков"), "{}", r.body);
    let p = dozor::plan::store::load(&app.state.db, app.plan_id)
        .await
        .unwrap();
    assert_eq!(p.measures[i].partners.len(), 2, "nothing half-written");

    // Clearing both leaves the measure in no section, with no partners.
    let r = c.post(&path, &[("section", ""), ("partners", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let p = dozor::plan::store::load(&app.state.db, app.plan_id)
        .await
        .unwrap();
    assert_eq!(p.measures[i].section, None);
    assert!(p.measures[i].partners.is_empty());
}
