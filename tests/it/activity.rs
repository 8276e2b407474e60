//! The activity journal through the router: recording every kind with its
//! own fields, the form's errors, the role rules and period locks. The
//! other files (`activity_journal`, `activity_evidence`) share these helpers.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::{App, Client};
use axum::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

on_both_engines!(
    every_kind_is_recorded_with_its_fields,
    bad_input_comes_back_with_each_field_named,
    executors_write_only_their_agencys_measures,
    locked_periods_refuse_activities,
    viewers_and_admins_only_read,
);

/// A form's fields.
type Fields<'a> = Vec<(&'a str, &'a str)>;

/// A municipality's id by name.
pub async fn municipality(app: &App, name: &str) -> i32 {
    dozor::activity::store::municipalities(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|(_, n)| n == name)
        .unwrap()
        .0
}

/// The seed plan (every store has the okrug's 22 municipalities), at a
/// day late in 2020.
pub async fn app(t: &TestDb) -> App {
    let app = App::new(t).await;
    app.at("2020-12-20T06:00:00Z");
    app
}

/// Signed in with a form's token at hand.
pub async fn signed_in(app: &App, login: &str) -> Client {
    let mut c = app.login(login).await;
    c.get("/activities").await;
    c
}

/// The quick form's required fields for measure `m`, then `extra`.
pub fn fields<'a>(m: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut out = vec![
        ("measure", m),
        ("starts_on", "2020-10-15"),
        ("kind", "lesson"),
        ("municipality", ""),
        ("reached", "25"),
        ("title", "Урок финансовой безопасности"),
    ];
    for (k, v) in extra {
        out.retain(|(key, _)| key != k);
        out.push((k, v));
    }
    out
}

/// Records an activity and answers its id.
pub async fn record(c: &mut Client, fields: &[(&str, &str)]) -> i32 {
    let r = c.post("/activities/new", fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.location.unwrap();
    assert!(to.ends_with("?saved=1"), "{to}");
    to.trim_start_matches("/activities/")
        .trim_end_matches("?saved=1")
        .parse()
        .unwrap()
}

pub async fn stored(app: &App) -> u64 {
    dozor::db::entity::activity::activity::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn every_kind_is_recorded_with_its_fields(t: &TestDb) {
    let app = app(t).await;
    let m = app.measure_id("4").await.to_string();
    let surgut = municipality(&app, "Сургут").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    let cases: Vec<(&str, Fields, &str)> = vec![
        (
            "broadcast",
            vec![
                ("d_channel", "radio"),
                ("d_programme", "Югра"),
                ("d_air_time", "19:30"),
            ],
            "Канал: радио",
        ),
        ("lesson", vec![], "Урок"),
        ("lecture", vec![], "Лекция, семинар"),
        ("talk", vec![], "Беседа"),
        (
            "leaflets",
            vec![
                ("d_print_run", "1 000"),
                ("d_distributed", "800"),
                ("d_placed", "МФЦ"),
            ],
            "Распространено экземпляров: 800",
        ),
        (
            "visit",
            vec![("d_inspection", "Проверка № 7")],
            "Проверка, в ходе которой проведён выезд: Проверка № 7",
        ),
        ("event", vec![], "Правовое просветительское мероприятие"),
        (
            "publication",
            vec![("d_outlet", "«Новости Югры»")],
            "Издание, сайт: «Новости Югры»",
        ),
        ("other", vec![], "Иное"),
    ];
    for (i, (kind, extra, shown)) in cases.iter().enumerate() {
        let title = format!("Мероприятие {i}");
        let mut f = fields(
            &m,
            &[("kind", kind), ("municipality", &surgut), ("title", &title)],
        );
        f.extend(extra.iter().copied());
        // Another kind's field posted too (a no-JS form sends them all) is dropped.
        f.push(("d_print_run", "5"));
        let id = record(&mut e, &f).await;
        let page = e.get(&format!("/activities/{id}?saved=1")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Мероприятие записано в журнал"));
        let shown = shown.replace('«', "&#171;").replace('»', "&#187;");
        assert!(
            page.body.contains(shown.as_str())
                || page
                    .body
                    .contains(&shown.replace("&#171;", "«").replace("&#187;", "»")),
            "{kind}: {}",
            page.body
        );
        assert!(page.body.contains("Сургут"));
        let row = dozor::db::entity::activity::activity::Entity::find_by_id(id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.kind, *kind);
        assert_eq!(row.period, "2020-Q4");
        assert_eq!(row.fingerprint.len(), 64);
        let details: serde_json::Value = serde_json::from_str(&row.details).unwrap();
        if *kind != "leaflets" {
            assert!(details.get("print_run").is_none(), "{kind}: {details}");
        }
    }
    assert_eq!(stored(&app).await, 9);
    // The same activity twice is one: its fingerprint says so.
    let r = e
        .post(
            "/activities/new",
            &fields(
                &m,
                &[
                    ("kind", "other"),
                    ("municipality", &surgut),
                    ("title", "мероприятие  8"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("уже записано"));
    assert_eq!(stored(&app).await, 9);
}

async fn bad_input_comes_back_with_each_field_named(t: &TestDb) {
    let app = app(t).await;
    let m = app.measure_id("2").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    let f = fields(
        &m,
        &[
            ("kind", "broadcast"),
            ("reached", "много"),
            ("title", ""),
            ("ends_on", "2020-10-01"),
            ("links", "javascript:alert(1)"),
            ("venue", "Школа № 5 <b>"),
        ],
    );
    let r = e.post("/activities/new", &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Мероприятие не записано"), "{}", r.body);
    for (name, words) in [
        ("reached", "Охвачено человек: целое число"),
        ("title", "Укажите название"),
        ("ends_on", "Окончание раньше начала"),
        ("links", "Ссылка 1"),
        ("d_channel", "Укажите: канал"),
        ("d_programme", "Укажите: программа"),
    ] {
        let marked = format!(
            r#"id="f-{name}" name="{name}" aria-invalid="true" aria-describedby="e-{name}""#
        );
        assert!(r.body.contains(&marked), "{name} marked: {}", r.body);
        assert!(r.body.contains(&format!(r#"id="e-{name}""#)), "{name}");
        assert!(
            r.body.contains(&format!(r##"href="#f-{name}""##)),
            "{name} in the list"
        );
        assert!(r.body.contains(words), "{words}");
    }
    // What was typed comes back, escaped.
    assert!(r.body.contains(r#"value="много""#));
    assert!(
        r.body.contains("Школа № 5 &#60;b&#62;") || r.body.contains("Школа № 5 &lt;b&gt;"),
        "{}",
        r.body
    );
    assert!(
        !r.body
            .contains(r#"id="f-municipality" name="municipality" aria-invalid"#)
    );
    assert_eq!(stored(&app).await, 0);
    // A date outside the plan's years is the date's fault.
    let r = e
        .post(
            "/activities/new",
            &fields(&m, &[("starts_on", "15.10.2019")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Дата вне срока действия плана"),
        "{}",
        r.body
    );
    let r = e
        .post("/activities/new", &fields(&m, &[("municipality", "99999")]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Нет такого муниципального образования"));
    assert_eq!(stored(&app).await, 0);
}

async fn executors_write_only_their_agencys_measures(t: &TestDb) {
    let app = app(t).await;
    let only_prok = app.measure_id("12").await.to_string();
    let shared = app.measure_id("4").await.to_string();
    let prok = app.agency("Прокуратура округа").await.to_string();
    let umvd_id = app.agency("УМВД").await.to_string();
    let mut u = signed_in(&app, "umvd").await;
    let r = u.post("/activities/new", &fields(&only_prok, &[])).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a measure УМВД does not execute"
    );
    let r = u
        .post("/activities/new", &fields(&shared, &[("agency", &prok)]))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "another agency's activity");
    assert_eq!(stored(&app).await, 0);
    let form = u.get("/activities/new").await;
    assert!(form.body.contains(">4. "), "its measures offered");
    assert!(!form.body.contains(">12. "), "only its measures offered");
    let mut e = signed_in(&app, "prok").await;
    let own = record(&mut e, &fields(&only_prok, &[])).await;
    let joint = record(
        &mut e,
        &fields(
            &shared,
            &[("co_agencies", &umvd_id), ("title", "Совместный урок")],
        ),
    )
    .await;
    // Not its own and not co-organised: as if it did not exist.
    assert_eq!(
        u.get(&format!("/activities/{own}")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = u
        .post(&format!("/activities/{own}/edit"), &fields(&only_prok, &[]))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Co-organised: read, not written.
    let page = u.get(&format!("/activities/{joint}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&format!("/activities/{joint}/edit")));
    let r = u
        .post(
            &format!("/activities/{joint}/edit"),
            &fields(&shared, &[("reached", "1")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        u.post(&format!("/activities/{joint}/delete"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // A coordinator writes any, choosing the executing agency.
    let mut c = signed_in(&app, "coord").await;
    let r = c
        .post(
            "/activities/new",
            &fields(&only_prok, &[("agency", &umvd_id)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("не исполняет"));
    let r = c.post("/activities/new", &fields(&shared, &[])).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a coordinator names the agency"
    );
    let id = record(
        &mut c,
        &fields(
            &shared,
            &[("agency", &umvd_id), ("title", "От координатора")],
        ),
    )
    .await;
    assert_eq!(
        u.get(&format!("/activities/{id}")).await.status,
        StatusCode::OK
    );
}

async fn locked_periods_refuse_activities(t: &TestDb) {
    let app = app(t).await;
    let m = app.measure_id("4").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    let before = record(&mut e, &fields(&m, &[("starts_on", "2020-08-10")])).await;
    let mut c = signed_in(&app, "coord").await;
    c.get("/dashboard?period=2020-Q3").await;
    let r = c.post("/periods/2020-Q3/lock", &[("confirm", "on")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = e
        .post(
            "/activities/new",
            &fields(&m, &[("starts_on", "2020-08-11"), ("title", "Позже")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("закрыт"), "{}", r.body);
    let r = e
        .post(
            &format!("/activities/{before}/edit"),
            &fields(&m, &[("starts_on", "2020-08-10"), ("reached", "30")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a locked activity stays");
    let r = e
        .post(
            &format!("/activities/{before}/edit"),
            &fields(&m, &[("starts_on", "2020-10-10")]),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "nor moves out of its period"
    );
    assert_eq!(
        c.post(&format!("/activities/{before}/delete"), &[])
            .await
            .status,
        StatusCode::CONFLICT
    );
    // The next quarter is open.
    record(&mut e, &fields(&m, &[("starts_on", "2020-10-11")])).await;
    assert_eq!(stored(&app).await, 2);
}

async fn viewers_and_admins_only_read(t: &TestDb) {
    let app = app(t).await;
    let m = app.measure_id("4").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    let id = record(&mut e, &fields(&m, &[])).await;
    for login in ["viewer", "admin"] {
        let mut v = signed_in(&app, login).await;
        let journal = v.get("/activities").await;
        assert!(
            journal.body.contains(&format!("/activities/{id}")),
            "{login} reads"
        );
        assert!(!journal.body.contains("/activities/new"));
        assert_eq!(v.get("/activities/new").await.status, StatusCode::FORBIDDEN);
        let r = v
            .post("/activities/new", &fields(&m, &[("agency", "1")]))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
        assert_eq!(
            v.get(&format!("/activities/{id}/edit")).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let anon = app.client().get("/activities").await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER, "sign in first");
}
