//! Several plans active at once: the seed plan (2020) and a second one valid
//! in 2026, the tests' today. The dashboard, the executor's list, the API and
//! the reminders cover every active plan; `?plan=` narrows to one; a plan
//! past its validity drops out unless the coordinator keeps it active; the
//! switch is audited and refused to an executor; a period lock keeps its
//! plan; the CLI without `--plan`
//! keeps using the plan imported last.

use crate::cli::dozor;
use crate::helpers::{SEED, TestDb, now, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use chrono::NaiveDate;
use dozor::actor::Actor;
use dozor::db::entity::{audit_log, control::notification};
use dozor::plan::model::{ParsedPlan, Schedule};
use dozor::plan::store::{Imported, Settings};
use dozor::time::period::Every;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_engines!(every_active_plan_is_covered_and_the_filter_narrows);
on_both_engines!(each_plans_section_gives_its_own_consolidated_report);
on_both_engines!(sqlite_file; the_cli_without_plan_uses_the_plan_imported_last);

/// What marks the second plan's measures in pages and digests.
const MARK: &str = "План-2026";

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The seed's measures again, retitled and quarterly without limits, valid
/// through 2026: the next plan, imported after the seed.
async fn import_second(db: &sea_orm::DatabaseConnection) -> i32 {
    let bytes = std::fs::read(SEED).unwrap();
    let seed = dozor::plan::import::parse(&bytes, "seed", None)
        .unwrap()
        .1
        .plan;
    let mut measures = seed.measures;
    for m in &mut measures {
        m.title = format!("{MARK}: {}", m.title);
        m.schedule = Schedule::Recurring {
            every: Every::Quarter,
            due_day: None,
            from: None,
            to: None,
        };
    }
    let plan = ParsedPlan {
        title: "План на 2026 год".into(),
        measures,
    };
    let settings = Settings {
        timezone: chrono_tz::Asia::Yekaterinburg,
        due_shift: dozor::time::calendar::DueShift::Next,
        paid_non_working: dozor::time::calendar::PaidNonWorking::Working,
        reporting: Every::Quarter,
        valid_from: date("2026-01-01"),
        valid_to: date("2026-12-31"),
    };
    let later = now() + chrono::Duration::minutes(1);
    match dozor::plan::store::import(db, &plan, &settings, "next", later, &Actor::named("test"))
        .await
        .unwrap()
    {
        Imported::New { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

/// The plans whose sections a page shows.
fn sections(html: &str) -> BTreeSet<i32> {
    html.split("data-plan=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

fn plans_of(obligations: &Value) -> BTreeSet<i64> {
    obligations
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["plan_id"].as_i64().unwrap())
        .collect()
}

/// The stored digest of the executor `umvd` on `day`, over the plans active then.
async fn digest(app: &App, day: &str) -> String {
    let mut cfg = (*app.state.config).clone();
    cfg.reminders.repeat_every_days = 1;
    let d = date(day);
    let morning = d.and_hms_opt(5, 0, 0).unwrap().and_utc();
    dozor::control::notify::run_day(&app.state.db, &app.state.calendar, &cfg, d, morning)
        .await
        .unwrap();
    let umvd = dozor::db::entity::accounts::user::Entity::find()
        .filter(dozor::db::entity::accounts::user::Column::Login.eq("umvd"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(umvd.id))
        .filter(notification::Column::Day.eq(d))
        .one(&app.state.db)
        .await
        .unwrap()
        .map(|n| n.body)
        .unwrap_or_default()
}

async fn every_active_plan_is_covered_and_the_filter_narrows(t: &TestDb) {
    let app = App::new(t).await;
    let (seed, next) = (app.plan_id, import_second(&t.db).await);
    let both = BTreeSet::from([seed, next]);
    let mut coord = app.login("coord").await;
    let mut exec = app.login("umvd").await;
    let exec_token = exec.new_token().await;
    let coord_token = coord.new_token().await;
    let mut api = app.client();

    // Today (28.11.2026) the 2020 plan is past its validity: it drops out.
    assert_eq!(sections(&coord.get("/dashboard").await.body), [next].into());
    assert_eq!(
        sections(&exec.get("/obligations").await.body),
        [next].into()
    );
    let before = digest(&app, "2026-11-27").await;
    assert!(before.contains(MARK), "{before}");
    assert!(
        !before.contains(" плана «"),
        "one plan needs no name: {before}"
    );
    assert!(
        !before
            .lines()
            .any(|l| l.starts_with("• ") && !l.contains(MARK)),
        "{before}"
    );
    // Chosen explicitly, it is still shown.
    let chosen = coord.get(&format!("/dashboard?plan={seed}")).await;
    assert_eq!(sections(&chosen.body), [seed].into());
    assert!(
        chosen.body.contains("(не действует)"),
        "the filter marks it"
    );

    // An executor may not keep it active: neither by the form nor the API.
    exec.get("/obligations").await;
    let path = format!("/plans/{seed}/activity");
    let r = exec.post(&path, &[("activity", "kept")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (status, err) = api
        .api(
            "PUT",
            &format!("/api/v1{path}"),
            &exec_token,
            Some(json!({"activity": "kept"})),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let r = coord.get(&format!("/plans/{seed}")).await;
    assert!(r.body.contains("План не действует"), "{}", r.body);
    let r = coord.post(&path, &[("activity", "sometimes")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The coordinator keeps it: audited once, with before and after.
    let r = coord.post(&path, &[("activity", "kept")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        coord
            .get(&format!("/plans/{seed}"))
            .await
            .body
            .contains("План действует")
    );
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("plan.activity"))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(
        (audit[0].actor.as_str(), audit[0].entity_id.as_deref()),
        ("coord", Some(seed.to_string().as_str()))
    );
    assert_eq!(audit[0].before.as_deref(), Some(r#"{"activity":"auto"}"#));
    assert_eq!(audit[0].after.as_deref(), Some(r#"{"activity":"kept"}"#));

    // Now both plans: the dashboard, the executor's list, the API, the reminders.
    let dash = coord.get("/dashboard").await;
    assert_eq!(sections(&dash.body), both);
    assert!(
        dash.body.contains(MARK) && dash.body.contains("IV квартал 2020 г."),
        "{}",
        dash.body
    );
    assert_eq!(sections(&exec.get("/obligations").await.body), both);
    let (_, obs) = api
        .api("GET", "/api/v1/obligations", &exec_token, None)
        .await;
    assert_eq!(plans_of(&obs), both.iter().map(|i| i64::from(*i)).collect());
    let after = digest(&app, "2026-11-28").await;
    let items: Vec<&str> = after.lines().filter(|l| l.starts_with("• ")).collect();
    assert!(items.iter().any(|l| l.contains(MARK)), "{after}");
    assert!(
        items
            .iter()
            .all(|l| l.contains(MARK) == l.contains("плана «План на 2026 год»")),
        "with two plans, each item names its plan: {after}"
    );
    assert!(
        items
            .iter()
            .any(|l| !l.contains(MARK) && l.contains("2020 г.")),
        "{after}"
    );

    // The filter narrows each to one plan.
    let one = format!("?plan={next}");
    assert_eq!(
        sections(&coord.get(&format!("/dashboard{one}")).await.body),
        [next].into()
    );
    assert_eq!(
        sections(&exec.get(&format!("/obligations{one}")).await.body),
        [next].into()
    );
    let (_, obs) = api
        .api(
            "GET",
            &format!("/api/v1/obligations{one}"),
            &exec_token,
            None,
        )
        .await;
    assert_eq!(plans_of(&obs), [i64::from(next)].into());
    let (status, _) = api
        .api("GET", "/api/v1/obligations?plan=999", &exec_token, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A period is locked for the plan whose section the form is in, not
    // for the plan imported last.
    let r = coord
        .post("/periods/2020-Q3/lock", &[("plan", &seed.to_string())])
        .await;
    let back = format!("/dashboard?plan={seed}&period=2020-Q3");
    assert_eq!(r.location.as_deref(), Some(back.as_str()));
    assert!(coord.get(&back).await.body.contains("Период закрыт"));
    let other = coord
        .get(&format!("/dashboard?plan={next}&period=2020-Q3"))
        .await;
    assert!(!other.body.contains("Период закрыт"));

    // Closed through the API, the next plan drops out in turn.
    let (status, out) = api
        .api(
            "PUT",
            &format!("/api/v1/plans/{next}/activity"),
            &coord_token,
            Some(json!({"activity": "closed"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(
        out,
        json!({"id": next, "activity": "closed", "active": false})
    );
    assert_eq!(sections(&coord.get("/dashboard").await.body), [seed].into());
}

async fn the_cli_without_plan_uses_the_plan_imported_last(t: &TestDb) {
    let app = App::new(t).await;
    let next = import_second(&t.db).await;
    // Both active: the seed kept, the next within its validity.
    dozor::plan::store::set_activity(
        &t.db,
        &Actor::named("test"),
        app.plan_id,
        dozor::plan::model::activity::Activity::Kept,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(
        dozor::plan::store::active_plans(&t.db, now())
            .await
            .unwrap(),
        vec![app.plan_id, next]
    );
    let out = dozor(t, &["plan", "due", "2026-Q3"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with(&format!("Plan {next}: План на 2026 год")),
        "{stdout}"
    );
    let id = app.plan_id.to_string();
    let out = dozor(t, &["plan", "due", "2020-Q3", "--plan", &id]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with(&format!("Plan {id}: ")), "{stdout}");
}

/// With two plans on the dashboard, each section's links and issue form
/// give that plan's consolidated report, drafted or issued.
async fn each_plans_section_gives_its_own_consolidated_report(t: &TestDb) {
    let app = App::new(t).await;
    let (seed, next) = (app.plan_id, import_second(&t.db).await);
    let mut coord = app.login("coord").await;
    let page = coord
        .get(&format!("/dashboard?plan={seed}&period=2020-Q3"))
        .await;
    let link = format!("/reports/consolidated?plan={seed}&amp;period=2020-Q3&amp;format=docx");
    assert!(page.body.contains(&link), "{}", page.body);
    assert!(page.body.contains(&format!(
        r#"<input type="hidden" name="plan" value="{seed}">"#
    )));
    let title = |bytes: &[u8]| crate::helpers::zip_entry(bytes, "word/document.xml");
    let old = coord
        .get(&format!("/reports/consolidated?plan={seed}&period=2020-Q3"))
        .await;
    assert_eq!(old.status, StatusCode::OK, "{}", old.body);
    assert!(
        !title(&old.bytes).contains("на 2026 год"),
        "the seed's report"
    );
    let new = coord
        .get(&format!("/reports/consolidated?plan={next}&period=2026-Q3"))
        .await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    assert!(
        title(&new.bytes).contains("2026 год"),
        "the next plan's report"
    );
    // Issued under a number, it is kept as the chosen plan's.
    let r = coord
        .post(
            "/reports/consolidated",
            &[
                ("plan", &next.to_string()),
                ("period", "2026-Q3"),
                ("number", "1-02/2026"),
                ("format", "docx"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    use sea_orm::EntityTrait;
    let kept = dozor::db::entity::control::issued_document::Entity::find()
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].plan_id, next);
    let missing = coord
        .get("/reports/consolidated?plan=999&period=2026-Q3")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
