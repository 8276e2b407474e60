//! Reminders end to end: digests stored and mailed to a local SMTP sink,
//! the head copied on overdue items, reruns that repeat nothing, retries
//! after a failed send, and the notification list in the app.

use crate::helpers::{TestDb, on_both_engines};
use crate::smtp_sink::{Mail, Sink};
use crate::web_client::{App, PASSWORD};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use dozor::accounts::model::Role;
use dozor::accounts::store::{NewUser, create_user, set_disabled};
use dozor::actor::Actor;
use dozor::config::{Config, Overrides, SmtpConfig, SmtpTls};
use dozor::control::notify::{DigestReport, run_day};
use dozor::control::store::{ObligationView, obligations_for};
use dozor::db::entity::accounts::user;
use dozor::db::entity::control::{notification, report};
use dozor::db::entity::plan::agency;
use dozor::time::period::Period;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

pub(super) const EXECUTOR: &str = "umvd@example.org";
pub(super) const HEAD: &str = "head@umvd.example";

on_both_engines!(
    digests_are_mailed_once_a_day_with_the_head_on_overdue,
    failed_mail_is_retried,
    reminder_days_missed_while_down_are_caught_up_once
);

pub(super) fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, m, d).unwrap()
}

/// Ten in the morning in Yugra.
pub(super) fn morning(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(5, 0, 0).unwrap().and_utc()
}

pub(super) fn config(port: u16) -> Config {
    let mut c = Config::load_with_env(&Overrides::default(), &|_| None).unwrap();
    c.smtp = Some(SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        username: None,
        password: None,
        from: "Дозор <dozor@example.org>".into(),
        tls: SmtpTls::None,
        ca_file: None,
    });
    c
}

/// УМВД with a mailed executor, a disabled one, one without an address, and
/// a head contact; the first half-year reported and accepted, so that only
/// the third quarter's reports (due 12.10.2020) are open.
pub(super) async fn setup(t: &TestDb) -> (App, i32) {
    let app = App::new(t).await;
    let umvd = app.agency("УМВД").await;
    let u = user::Entity::find()
        .filter(user::Column::Login.eq("umvd"))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let mut u = u.into_active_model();
    u.email = Set(Some(EXECUTOR.into()));
    u.update(&t.db).await.unwrap();
    for (login, email) in [("umvd-off", Some("off@example.org")), ("umvd-nomail", None)] {
        let n = NewUser {
            login,
            display_name: login,
            role: Role::Executor,
            agency_id: Some(umvd),
            email,
            password: PASSWORD,
        };
        create_user(&t.db, &n, morning(day(1, 1)), &Actor::named("test"))
            .await
            .unwrap();
    }
    set_disabled(
        &t.db,
        "umvd-off",
        true,
        morning(day(1, 1)),
        &Actor::named("test"),
    )
    .await
    .unwrap();
    let mut a = agency::Entity::find_by_id(umvd)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    a.head_email = Set(Some(HEAD.into()));
    a.update(&t.db).await.unwrap();
    for p in ["2020-Q1", "2020-Q2"] {
        for o in obligations(&app, umvd, p).await {
            add_report(t, &o, "accepted").await;
        }
    }
    (app, umvd)
}

pub(super) async fn obligations(app: &App, agency: i32, period: &str) -> Vec<ObligationView> {
    let plan = dozor::plan::store::load(&app.state.db, app.plan_id)
        .await
        .unwrap();
    let p = Period::parse(period).unwrap();
    obligations_for(
        &app.state.db,
        &plan,
        &app.state.calendar,
        p,
        Some(agency),
        morning(day(10, 1)),
    )
    .await
    .unwrap()
}

async fn add_report(t: &TestDb, o: &ObligationView, status: &str) {
    let at = morning(o.facts.due);
    report::ActiveModel {
        measure_id: Set(o.key.measure_id),
        agency_id: Set(o.key.agency_id),
        period: Set(o.key.period.to_string()),
        status: Set(status.into()),
        body: Set("Проведено".into()),
        metrics: Set("{}".into()),
        first_submitted_at: Set(Some(at)),
        submitted_at: Set(Some(at)),
        decided_at: Set(None),
        coordinator_comment: Set((status == "returned").then(|| "Дополните".to_string())),
        updated_by: Set(1),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .unwrap();
}

pub(super) async fn run(app: &App, cfg: &Config, d: NaiveDate) -> DigestReport {
    run_day(&app.state.db, &app.state.calendar, cfg, d, morning(d))
        .await
        .unwrap()
}

fn items(m: &Mail) -> usize {
    m.text().lines().filter(|l| l.starts_with("• ")).count()
}

pub(super) fn only<'a>(mails: &'a [Mail], to: &str) -> &'a Mail {
    let found: Vec<&Mail> = mails.iter().filter(|m| m.to == [to]).collect();
    assert_eq!(found.len(), 1, "one mail to {to}: {mails:#?}");
    found[0]
}

async fn digests_are_mailed_once_a_day_with_the_head_on_overdue(t: &TestDb) {
    let (app, umvd) = setup(t).await;
    let q3 = obligations(&app, umvd, "2020-Q3").await;
    assert!(q3.len() >= 4, "{q3:#?}");
    assert!(
        q3.iter().all(|o| o.facts.due == day(10, 12)),
        "10.10.2020 is a Saturday"
    );
    add_report(t, &q3[0], "submitted").await;
    add_report(t, &q3[1], "returned").await;
    let open = q3.len() - 1;
    let sink = Sink::start().await;
    let cfg = config(sink.port);

    // Three days before: every open item, to the executor only.
    let r = run(&app, &cfg, day(10, 9)).await;
    assert_eq!((r.emailed, r.head_copies, r.failed), (1, 0, 0), "{r:?}");
    let mails = sink.take();
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let m = only(&mails, EXECUTOR);
    assert_eq!(m.from, "dozor@example.org");
    assert_eq!(items(m), open, "{}", m.text());
    assert!(
        m.text()
            .starts_with("Напоминание о сроках отчётов на 09.10.2020\n")
    );
    assert!(
        m.text()
            .contains("III квартал 2020 г., срок 12.10.2020 (до срока 3 дня)")
    );
    assert!(
        m.header("Subject").unwrap().starts_with("=?utf-8?"),
        "encoded Cyrillic"
    );

    // The same day again: nothing new stored, nothing sent twice.
    let again = run(&app, &cfg, day(10, 9)).await;
    assert_eq!((again.stored, again.emailed), (0, 0), "{again:?}");
    assert!(sink.take().is_empty());

    // The day after a digest, and the other quiet days, bring nothing to
    // УМВД (other agencies' older periods may fall due for a reminder).
    let umvd_id = user_ids(t, &["umvd"]).await[0];
    quiet_days(t, &app, &cfg, umvd_id, &[10, 11]).await;
    assert!(sink.take().is_empty());

    let r = run(&app, &cfg, day(10, 12)).await;
    assert_eq!((r.emailed, r.head_copies), (1, 0));
    let mails = sink.take();
    assert!(only(&mails, EXECUTOR).text().contains("(срок сегодня)"));
    quiet_days(t, &app, &cfg, umvd_id, &[13, 14]).await;

    // Three days late: the executor gets every open item, the head the
    // overdue ones — not the returned report, which was submitted.
    let r = run(&app, &cfg, day(10, 15)).await;
    assert_eq!((r.emailed, r.head_copies, r.failed), (1, 1, 0), "{r:?}");
    let mails = sink.take();
    assert_eq!(mails.len(), 2);
    let m = only(&mails, EXECUTOR);
    assert_eq!(items(m), open);
    assert!(m.text().contains("доработайте отчёт"));
    let h = only(&mails, HEAD);
    assert_eq!(items(h), open - 1, "{}", h.text());
    assert!(!h.text().contains("доработайте"));
    assert!(
        h.text()
            .contains("Просроченные отчёты на 15.10.2020 (копия руководителю)")
    );
    assert_eq!(run(&app, &cfg, day(10, 15)).await, DigestReport::default());
    assert!(
        sink.take().is_empty(),
        "the head copy is not repeated either"
    );
    quiet_days(t, &app, &cfg, umvd_id, &[16, 17]).await;

    // Disabled users and users without an address see it in the app only.
    let rows = notification::Entity::find()
        .filter(notification::Column::Day.eq(day(10, 15)))
        .all(&t.db)
        .await
        .unwrap();
    let ids = user_ids(t, &["umvd", "umvd-off", "umvd-nomail"]).await;
    for id in &ids {
        let row = rows
            .iter()
            .find(|n| n.user_id == *id)
            .expect("a notification for every executor");
        assert_eq!(row.emailed, *id == ids[0]);
    }
    notification_page(&app, &rows, ids[0]).await;
}

async fn user_ids(t: &TestDb, logins: &[&str]) -> Vec<i32> {
    let mut out = Vec::new();
    for l in logins {
        let u = user::Entity::find()
            .filter(user::Column::Login.eq(*l))
            .one(&t.db)
            .await
            .unwrap()
            .unwrap();
        out.push(u.id);
    }
    out
}

/// The executor reads their digests in the app; nobody else can touch them.
async fn notification_page(app: &App, rows: &[notification::Model], umvd_id: i32) {
    let mut c = app.login("umvd").await;
    let page = c.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    let newest = b
        .find("Напоминание о сроках отчётов на 15.10.2020")
        .expect("today's digest");
    let older = b
        .find("Напоминание о сроках отчётов на 09.10.2020")
        .expect("an older digest");
    assert!(newest < older, "newest first");
    assert_eq!(
        b.matches("Отметить прочитанным").count(),
        3,
        "three unread: 09, 12, 15.10"
    );
    let mine = rows.iter().find(|n| n.user_id == umvd_id).unwrap();
    let other = rows.iter().find(|n| n.user_id != umvd_id).unwrap();
    let r = c
        .post(&format!("/notifications/{}/read", other.id), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "another's notification");
    let r = c
        .post(&format!("/notifications/{}/read", mine.id), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let b = c.get("/notifications").await.body;
    assert_eq!(b.matches("Отметить прочитанным").count(), 2);
    assert!(b.contains("Прочитано"));
    let mut prok = app.login("prok").await;
    let b = prok.get("/notifications").await.body;
    assert!(
        !b.contains(&format!("/notifications/{}/read", mine.id)),
        "only one's own"
    );
}

async fn failed_mail_is_retried(t: &TestDb) {
    let (app, umvd) = setup(t).await;
    assert!(!obligations(&app, umvd, "2020-Q3").await.is_empty());
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = run(&app, &config(closed), day(10, 15)).await;
    assert!(r.stored >= 3 && r.emailed == 0 && r.failed == 2, "{r:?}");
    let rows = notification::Entity::find().all(&t.db).await.unwrap();
    assert!(rows.iter().all(|n| !n.emailed));
    let sink = Sink::start().await;
    let r = run(&app, &config(sink.port), day(10, 15)).await;
    assert_eq!(
        (r.stored, r.emailed, r.head_copies, r.failed),
        (0, 1, 1, 0),
        "{r:?}"
    );
    let mails = sink.take();
    only(&mails, EXECUTOR);
    only(&mails, HEAD);
    // Without SMTP the digests are still stored, for the app.
    let mut off = config(0);
    off.smtp = None;
    let r = run(&app, &off, day(10, 18)).await;
    assert!(r.mail_off && r.stored >= 3 && r.emailed == 0, "{r:?}");
}

/// Days on which УМВД is sent nothing, run in order.
async fn quiet_days(t: &TestDb, app: &App, cfg: &Config, umvd_id: i32, days: &[u32]) {
    for &quiet in days {
        let r = run(app, cfg, day(10, quiet)).await;
        assert_eq!((r.emailed, r.head_copies), (0, 0), "10.{quiet}: {r:?}");
        let mine = notification::Entity::find()
            .filter(notification::Column::UserId.eq(umvd_id))
            .filter(notification::Column::Day.eq(day(10, quiet)))
            .all(&t.db)
            .await
            .unwrap();
        assert!(mine.is_empty(), "10.{quiet}");
    }
}

/// The server was down on the due day and on the next repeat: the first
/// run after sends what is now overdue, once, to the executor and the head;
/// the days after are quiet until the next reminder day.
async fn reminder_days_missed_while_down_are_caught_up_once(t: &TestDb) {
    let (app, umvd) = setup(t).await;
    let open = obligations(&app, umvd, "2020-Q3").await.len();
    let sink = Sink::start().await;
    let cfg = config(sink.port);
    run(&app, &cfg, day(10, 9)).await;
    sink.take();
    // Down from 10.10 to 10.16: the due day (12.10) and the repeat (15.10)
    // passed unsent.
    let r = run(&app, &cfg, day(10, 17)).await;
    assert_eq!((r.emailed, r.head_copies, r.failed), (1, 1, 0), "{r:?}");
    let mails = sink.take();
    let m = only(&mails, EXECUTOR);
    assert_eq!(items(m), open, "{}", m.text());
    assert!(
        m.text().contains("(срок прошёл 5 дней назад)"),
        "{}",
        m.text()
    );
    assert_eq!(items(only(&mails, HEAD)), open);
    // Caught up: a rerun brings nothing, the next repeat (18.10) does.
    assert_eq!(run(&app, &cfg, day(10, 17)).await, DigestReport::default());
    assert!(sink.take().is_empty());
    let r = run(&app, &cfg, day(10, 18)).await;
    assert_eq!((r.emailed, r.head_copies), (1, 1), "{r:?}");
    assert!(
        only(&sink.take(), EXECUTOR)
            .text()
            .contains("(срок прошёл 6 дней назад)")
    );
}
