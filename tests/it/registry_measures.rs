//! Which measures feed the registry is a property of a measure: proposed
//! from its text at import, set by the coordinator on the measure's page,
//! and the registry's writers follow it.

use crate::helpers::{TestDb, now, on_both_engines};
use crate::web_client::{App, PASSWORD};
use axum::http::StatusCode;
use dozor::accounts::model::Role;
use dozor::accounts::store::{NewUser, create_user};
use dozor::actor::Actor;
use dozor::db::entity::{audit_log, plan::measure_executor};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

on_both_engines!(
    the_seed_feeds_the_registry_through_measures_9_and_10,
    the_coordinator_moves_the_registry_to_another_measure,
);

async fn feeding(app: &App) -> Vec<String> {
    let p = dozor::plan::store::load(&app.state.db, app.plan_id)
        .await
        .unwrap();
    p.measures
        .iter()
        .zip(&p.feeds_registry)
        .filter(|(_, f)| **f)
        .map(|(m, _)| m.number.clone())
        .collect()
}

async fn the_seed_feeds_the_registry_through_measures_9_and_10(t: &TestDb) {
    let app = App::new(t).await;
    assert_eq!(feeding(&app).await, ["9", "10"]);
    let m9 = app.measure_id("9").await;
    let m6 = app.measure_id("6").await;
    let mut c = app.login("coord").await;
    let page = c.get(&format!("/measures/{m9}")).await;
    assert!(
        page.body
            .contains(r#"<input type="checkbox" name="feeds_registry" checked>"#),
        "{}",
        page.body
    );
    let page = c.get(&format!("/measures/{m6}")).await;
    assert!(page.body.contains("Мероприятие ведёт реестр ресурсов"));
    assert!(!page.body.contains(r#"name="feeds_registry" checked"#));
    // An executor sees the property but not the form.
    let mut prok = app.login("prok").await;
    let page = prok.get(&format!("/measures/{m9}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("исполнители ведут реестр ресурсов"));
    assert!(!page.body.contains(&format!("/measures/{m9}/registry")));
    // The preview at import shows the proposal: the seed's 9 and 10.
    let seed = std::fs::read(crate::helpers::SEED).unwrap();
    let preview = c
        .upload("/plans/preview", "khmao-2020.txt", "text/plain", &seed)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        preview
            .body
            .matches("Исполнители ведут реестр ресурсов")
            .count(),
        2
    );
    // What a confirmed import stores is the proposal from the text as sent.
    let r = c
        .post(
            "/plans/confirm",
            &[
                ("title", "План 2021"),
                ("valid_from", "2021-01-01"),
                ("valid_to", "2021-12-31"),
                ("number_0", "1"),
                ("title_0", "Провести лекции в библиотеках"),
                ("schedule_0", "Ежеквартально"),
                ("executors_0", "Прокуратура округа"),
                ("number_1", "2"),
                (
                    "title_1",
                    "Направлять регистраторам доменных имён сведения о мошеннических сайтах",
                ),
                ("schedule_1", "Постоянно"),
                ("executors_1", "УМВД России по ХМАО-Югре"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = dozor::plan::store::latest_id(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(id, app.plan_id);
    let p = dozor::plan::store::load(&app.state.db, id).await.unwrap();
    assert_eq!(p.feeds_registry, [false, true]);
}

/// A new agency executing measure `number` besides the seed's executors,
/// and an executor user of it.
async fn executor_of(app: &App, number: &str, agency: &str, login: &str) {
    let db = &app.state.db;
    let id = dozor::accounts::agencies::add_agency(db, agency, None, now(), &Actor::named("test"))
        .await
        .unwrap();
    measure_executor::ActiveModel {
        measure_id: Set(app.measure_id(number).await),
        position: Set(10),
        agency_id: Set(id),
        name: Set(agency.to_string()),
        by_agreement: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let n = NewUser {
        login,
        display_name: login,
        role: Role::Executor,
        agency_id: Some(id),
        email: None,
        password: PASSWORD,
    };
    create_user(db, &n, now(), &Actor::named("test"))
        .await
        .unwrap();
}

async fn registry_audits(app: &App) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("measure.registry"))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn the_coordinator_moves_the_registry_to_another_measure(t: &TestDb) {
    let app = App::new(t).await;
    // Set up before any page loads the plan.
    executor_of(&app, "9", "Служба мониторинга сети", "nine").await;
    executor_of(&app, "6", "Департамент информационных технологий", "six").await;
    let m9 = app.measure_id("9").await;
    let m6 = app.measure_id("6").await;
    let mut nine = app.login("nine").await;
    let mut six = app.login("six").await;
    let mut umvd = app.login("umvd").await;
    assert_eq!(nine.get("/registry/new").await.status, StatusCode::OK);
    assert_eq!(six.get("/registry/new").await.status, StatusCode::FORBIDDEN);

    // Only the coordinator sets it.
    let mut prok = app.login("prok").await;
    prok.get(&format!("/measures/{m6}")).await;
    let r = prok
        .post(
            &format!("/measures/{m6}/registry"),
            &[("feeds_registry", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = nine.post(&format!("/measures/{m9}/registry"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(feeding(&app).await, ["9", "10"]);
    assert!(registry_audits(&app).await.is_empty());
    assert_eq!(six.get("/registry/new").await.status, StatusCode::FORBIDDEN);

    let mut c = app.login("coord").await;
    c.get(&format!("/measures/{m9}")).await;
    let r = c.post(&format!("/measures/{m9}/registry"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c
        .post(
            &format!("/measures/{m6}/registry"),
            &[("feeds_registry", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(feeding(&app).await, ["6", "10"]);

    // The registry's writers follow at once.
    assert_eq!(six.get("/registry/new").await.status, StatusCode::OK);
    let r = six
        .post(
            "/registry/new",
            &[("values", "six-scam.ru"), ("category", "phishing")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        nine.get("/registry/new").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(nine.get("/registry").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        umvd.get("/registry/new").await.status,
        StatusCode::OK,
        "still measure 10"
    );

    let audits = registry_audits(&app).await;
    let seen: Vec<_> = audits
        .iter()
        .map(|a| {
            (
                a.actor.as_str(),
                a.entity_id.clone().unwrap(),
                a.before.clone().unwrap(),
                a.after.clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "coord",
                m9.to_string(),
                r#"{"feeds_registry":true}"#.to_string(),
                r#"{"feeds_registry":false}"#.to_string()
            ),
            (
                "coord",
                m6.to_string(),
                r#"{"feeds_registry":false}"#.to_string(),
                r#"{"feeds_registry":true}"#.to_string()
            ),
        ]
    );
    // Saving what is already set changes nothing and logs nothing.
    let r = c
        .post(
            &format!("/measures/{m6}/registry"),
            &[("feeds_registry", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(registry_audits(&app).await.len(), 2);
}
