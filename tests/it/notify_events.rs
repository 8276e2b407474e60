//! Event notices end to end: a report returned and accepted, an extension
//! refused and granted, a period locked and unlocked — each stored for the
//! right executors only and mailed to a local SMTP sink with a `base_url`
//! link; a user who turned mail off sees the notice but gets no mail; a
//! dead relay never fails the action and is retried.

use crate::helpers::{TestDb, on_both_engines};
use crate::smtp_sink::{Mail, Sink};
use crate::web_client::{App, Client, PASSWORD};
use axum::http::StatusCode;
use dozor::accounts::model::Role;
use dozor::accounts::store::{NewUser, create_user};
use dozor::actor::Actor;
use dozor::config::{SmtpConfig, SmtpTls};
use dozor::db::entity::accounts::user;
use dozor::db::entity::control::notification;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use std::time::Duration;

const BASE: &str = "https://dozor.example.ru/yugra";
const UMVD: &str = "umvd@example.org";
const QUIET: &str = "quiet@example.org";
const PROK: &str = "prok@example.org";

on_both_engines!(
    events_tell_the_right_people_by_notice_and_mail,
    a_dead_relay_does_not_fail_the_action,
    reminders_skip_users_who_turned_mail_off
);

fn smtp(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        username: None,
        password: None,
        from: "Дозор <dozor@example.org>".into(),
        tls: SmtpTls::None,
        ca_file: None,
    }
}

/// The app with mail to `port`, links under `BASE`; УМВД's executor and a
/// second one who turns mail off, the prosecutor's executor, all with
/// addresses.
async fn setup(t: &TestDb, port: u16) -> App {
    let app = App::with_config(t, |c| {
        c.smtp = Some(smtp(port));
        c.base_url = BASE.into();
    })
    .await;
    let umvd = app.agency("УМВД").await;
    let n = NewUser {
        login: "quiet",
        display_name: "quiet",
        role: Role::Executor,
        agency_id: Some(umvd),
        email: Some(QUIET),
        password: PASSWORD,
    };
    create_user(&t.db, &n, chrono::Utc::now(), &Actor::named("test"))
        .await
        .unwrap();
    for (login, email) in [("umvd", UMVD), ("prok", PROK)] {
        let mut u = user_of(t, login).await.into_active_model();
        u.email = Set(Some(email.into()));
        u.update(&t.db).await.unwrap();
    }
    app
}

async fn user_of(t: &TestDb, login: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::Login.eq(login))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap()
}

/// The event notices of one user, oldest first.
async fn notices(t: &TestDb, login: &str) -> Vec<notification::Model> {
    let id = user_of(t, login).await.id;
    let mut rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(id))
        .filter(notification::Column::EventKey.ne(""))
        .all(&t.db)
        .await
        .unwrap();
    rows.sort_by_key(|n| n.id);
    rows
}

/// The mails of one delivery: waits for `n`, then a little for strays.
async fn mails(sink: &Sink, n: usize) -> Vec<Mail> {
    let mut got = Vec::new();
    for _ in 0..100 {
        got.extend(sink.take());
        if got.len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    got.extend(sink.take());
    got
}

fn to(mails: &[Mail]) -> Vec<String> {
    let mut all: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    all.sort();
    all
}

async fn submit(e: &mut Client, path: &str) {
    e.get(path).await;
    let r = e
        .post(
            path,
            &[
                ("body", "Беседы в 5 коллективах"),
                ("metric_events", "5"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

fn extension_id(page: &str) -> String {
    page.split("/extensions/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

async fn events_tell_the_right_people_by_notice_and_mail(t: &TestDb) {
    let sink = Sink::start().await;
    let app = setup(t, sink.port).await;
    let m = app.measure_id("7").await;
    let a = app.agency("УМВД").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");

    // The second executor turns mail off, with the page's CSRF token only.
    let mut q = app.login("quiet").await;
    let page = q.get("/notifications").await.body;
    assert!(page.contains("Не присылать мне письма"), "{page}");
    let r = q.post_raw("/notifications/mail", &[("mail", "off")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF token");
    assert!(!user_of(t, "quiet").await.mail_off);
    let r = q.post("/notifications/mail", &[("mail", "off")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(user_of(t, "quiet").await.mail_off);
    assert!(!user_of(t, "umvd").await.mail_off, "one's own setting only");
    assert!(
        q.get("/notifications")
            .await
            .body
            .contains("Письма отключены")
    );

    // Returned with the comment: УМВД's executors told, the prosecutor's not.
    let mut e = app.login("umvd").await;
    submit(&mut e, &path).await;
    let mut c = app.login("coord").await;
    c.get(&path).await;
    let r = c
        .post(
            &format!("{path}/return"),
            &[("comment", "Приложите список коллективов")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let got = mails(&sink, 1).await;
    assert_eq!(to(&got), [UMVD], "not to the one with mail off: {got:#?}");
    let text = got[0].text();
    assert!(
        text.starts_with("Отчёт возвращён на доработку\nМероприятие № 7 «"),
        "{text}"
    );
    assert!(text.contains("Министерства внутренних дел"), "{text}");
    assert!(text.contains("III квартал 2020 г."), "{text}");
    assert!(text.contains("Замечание координатора: Приложите список коллективов"));
    assert!(text.contains(&format!("{BASE}{path}\n")), "{text}");
    assert!(got[0].header("Subject").unwrap().starts_with("=?utf-8?"));
    for login in ["umvd", "quiet"] {
        let n = notices(t, login).await;
        assert_eq!(n.len(), 1, "{login}");
        assert!(n[0].body.contains("Приложите список коллективов"));
        assert_eq!(n[0].link.as_deref(), Some(path.as_str()));
        assert_eq!(n[0].emailed, login == "umvd");
    }
    assert!(notices(t, "prok").await.is_empty());

    // Sent again and accepted.
    submit(&mut e, &path).await;
    c.get(&path).await;
    assert_eq!(
        c.post(&format!("{path}/accept"), &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let got = mails(&sink, 1).await;
    assert_eq!(to(&got), [UMVD]);
    assert!(got[0].text().starts_with("Отчёт принят координатором\n"));
    assert_eq!(notices(t, "quiet").await.len(), 2);

    // An extension refused, then granted.
    let other = format!("/reports/{}/{a}/2020-Q3", app.measure_id("2").await);
    for (grant, due) in [(false, "2020-10-20"), (true, "2020-10-22")] {
        e.get(&other).await;
        let r = e
            .post(
                &format!("{other}/extension"),
                &[("new_due", due), ("reason", "Итоги проверки позже")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let id = extension_id(&c.get(&other).await.body);
        let verb = if grant { "grant" } else { "refuse" };
        let r = c
            .post(
                &format!("/extensions/{id}/{verb}"),
                &[("comment", "Согласовано")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let got = mails(&sink, 1).await;
        assert_eq!(to(&got), [UMVD]);
        let text = got[0].text();
        let heading = if grant {
            "Срок отчёта продлён до 22.10.2020\n"
        } else {
            "В продлении срока отчёта до 20.10.2020 отказано\n"
        };
        assert!(text.starts_with(heading), "{text}");
        assert!(text.contains("Мероприятие № 2 «"), "{text}");
        assert!(text.contains("Комментарий координатора: Согласовано"));
        assert!(text.contains(&format!("{BASE}{other}\n")), "{text}");
    }
    assert!(notices(t, "prok").await.is_empty());

    // A period locked and unlocked: every executor of the plan's agencies.
    c.get("/dashboard?period=2020-Q3").await;
    let r = c.post("/periods/2020-Q3/lock", &[("confirm", "on")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let got = mails(&sink, 2).await;
    assert_eq!(to(&got), [PROK, UMVD]);
    let text = got[0].text();
    assert!(
        text.starts_with("Период закрыт координатором\nПлан «"),
        "{text}"
    );
    assert!(text.contains("III квартал 2020 г."));
    let link = format!("{BASE}/obligations?plan={}&period=2020-Q3\n", app.plan_id);
    assert!(text.contains(&link), "{text}");
    let r = c
        .post("/periods/2020-Q3/unlock", &[("reason", "Ошибка в отчёте")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let got = mails(&sink, 2).await;
    assert_eq!(to(&got), [PROK, UMVD]);
    assert!(got[0].text().contains("Причина: Ошибка в отчёте"));
    // The same action again at the same instant is a new notice, not a clash.
    assert_eq!(
        c.post("/periods/2020-Q3/lock", &[("confirm", "on")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(to(&mails(&sink, 2).await), [PROK, UMVD]);
    c.post("/periods/2020-Q3/unlock", &[("reason", "Снова")])
        .await;
    mails(&sink, 2).await;
    assert_eq!(notices(t, "prok").await.len(), 4);
    assert_eq!(notices(t, "quiet").await.len(), 8);
    assert!(notices(t, "coord").await.is_empty());

    // In the app: the notice, with the link to its page.
    let page = e.get("/notifications").await.body;
    assert!(page.contains("Период открыт координатором"), "{page}");
    assert!(
        page.contains(&format!("<a href=\"{path}\">Открыть</a>")),
        "{page}"
    );
    assert!(page.contains(UMVD), "where mail goes");
}

async fn a_dead_relay_does_not_fail_the_action(t: &TestDb) {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = setup(t, closed).await;
    let m = app.measure_id("7").await;
    let a = app.agency("УМВД").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("umvd").await;
    submit(&mut e, &path).await;
    let mut c = app.login("coord").await;
    c.get(&path).await;
    let r = c
        .post(&format!("{path}/return"), &[("comment", "Дополните")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the action stands");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let n = notices(t, "umvd").await;
    assert_eq!(n.len(), 1);
    assert!(!n[0].emailed, "not mailed, so tried again");

    // The next delivery, with the relay back, mails it once.
    let sink = Sink::start().await;
    let mut cfg = (*app.state.config).clone();
    cfg.smtp = Some(smtp(sink.port));
    let deliver = dozor::control::notify::outbox::deliver;
    let sent = deliver(&app.state.db, &cfg, app.state.now()).await.unwrap();
    assert_eq!(sent, 2, "both of УМВД's executors take mail here");
    assert_eq!(to(&sink.take()), [QUIET, UMVD]);
    assert_eq!(
        deliver(&app.state.db, &cfg, app.state.now()).await.unwrap(),
        0
    );
    assert!(notices(t, "umvd").await[0].emailed);
}

async fn reminders_skip_users_who_turned_mail_off(t: &TestDb) {
    let sink = Sink::start().await;
    let app = setup(t, sink.port).await;
    let mut u = user_of(t, "quiet").await.into_active_model();
    u.mail_off = Set(true);
    u.update(&t.db).await.unwrap();
    // Three days before the third quarter's date (12.10.2020).
    let today = chrono::NaiveDate::from_ymd_opt(2020, 10, 9).unwrap();
    let now = today.and_hms_opt(5, 0, 0).unwrap().and_utc();
    let r = dozor::control::notify::run_day(
        &app.state.db,
        &app.state.calendar,
        &app.state.config,
        today,
        now,
    )
    .await
    .unwrap();
    assert_eq!(r.failed, 0, "{r:?}");
    let got = sink.take();
    let to = to(&got);
    assert!(to.contains(&UMVD.to_string()), "{to:?}");
    assert!(!to.contains(&QUIET.to_string()), "{to:?}");
    let digest = got.iter().find(|m| m.to == [UMVD]).unwrap().text();
    assert!(
        digest.contains(&format!("{BASE}/obligations\n")),
        "{digest}"
    );
    let quiet = user_of(t, "quiet").await.id;
    let stored = notification::Entity::find()
        .filter(notification::Column::UserId.eq(quiet))
        .filter(notification::Column::EventKey.eq(""))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "the digest stays in the app");
    assert!(!stored[0].emailed);
}
