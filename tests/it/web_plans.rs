//! Plans in the browser: upload, preview with highlights, fixes, confirm;
//! the plan's and a measure's pages.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

on_both_engines!(
    upload_preview_fix_confirm,
    measure_page_lists_reports,
    edits_apply_from_a_period_on,
    metrics_are_configurable,
);

async fn count_for(app: &App, token: &str, period: &str, measure: &str) -> usize {
    let (_, obs) = app
        .client()
        .api(
            "GET",
            &format!("/api/v1/obligations?period={period}"),
            token,
            None,
        )
        .await;
    obs.as_array()
        .unwrap()
        .iter()
        .filter(|o| o["measure"] == measure)
        .count()
}

async fn edits_apply_from_a_period_on(t: &TestDb) {
    let app = App::new(t).await;
    app.at("2020-08-01T06:00:00Z");
    let m = app.measure_id("12").await;
    let mut c = app.login("coord").await;
    let token = c.new_token().await;
    let page = c.get(&format!("/measures/{m}")).await;
    assert!(
        page.body.contains("value=\"2020-Q3\"") && !page.body.contains("value=\"2020-Q2\""),
        "only today's period on"
    );
    let edit = format!("/measures/{m}/edit");
    let fields = |from: &'static str| {
        [
            ("schedule_text", "Постоянно"),
            ("executors", "Прокуратура округа\nУМВД России по ХМАО-Югре"),
            ("from", from),
        ]
    };
    assert_eq!(
        c.post(&edit, &fields("2020-Q2")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a past period"
    );
    let mut e = app.login("prok").await;
    e.get("/obligations").await;
    assert_eq!(
        e.post(&edit, &fields("2020-Q4")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.post(&edit, &fields("2020-Q4")).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        count_for(&app, &token, "2020-Q3", "12").await,
        1,
        "Q3 keeps the plan as it was"
    );
    assert_eq!(
        count_for(&app, &token, "2020-Q4", "12").await,
        2,
        "Q4 has the new executor"
    );
    let page = c.get(&format!("/measures/{m}")).await;
    assert!(page.body.contains("с периода «IV квартал 2020 г.»"));
    // A locked period cannot be reached by an edit.
    c.get("/dashboard?period=2020-Q4").await;
    c.post("/periods/2020-Q4/lock", &[("confirm", "on")]).await;
    c.get(&format!("/measures/{m}")).await;
    let r = c
        .post(
            &edit,
            &[
                ("schedule_text", "Ежеквартально"),
                ("executors", "Прокуратура округа"),
                ("from", "2020-Q4"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count_for(&app, &token, "2020-Q4", "12").await, 2);
    let log = c.get("/audit?action=measure").await;
    assert!(
        log.body
            .contains("изменил срок и исполнителей: <a href=\"/measures/"),
        "{}",
        log.body
    );
    assert!(
        log.body
            .contains("<dt>с периода</dt><dd><ins>IV квартал 2020 г.</ins></dd>"),
        "{}",
        log.body
    );
    assert!(
        log.body
            .contains("Прокуратура округа; УМВД России по ХМАО-Югре</ins>"),
        "{}",
        log.body
    );
}

async fn metrics_are_configurable(t: &TestDb) {
    let app = App::new(t).await;
    app.at("2020-08-01T06:00:00Z");
    let m = app.measure_id("4").await;
    let mut c = app.login("coord").await;
    c.get(&format!("/measures/{m}")).await;
    let r = c
        .post(
            &format!("/measures/{m}/metrics"),
            &[
                ("key_0", "events"),
                ("label_0", "Проведено уроков"),
                ("required_0", "on"),
                ("key_1", "people_reached"),
                ("label_1", "x"),
                ("remove_1", "on"),
                ("label_new", "Охвачено школ"),
                ("required_new", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let a = app.agency("Прокуратура округа").await;
    let mut e = app.login("prok").await;
    let form = e.get(&format!("/reports/{m}/{a}/2020-Q3")).await;
    assert!(form.body.contains("Проведено уроков") && form.body.contains("Охвачено школ"));
    assert!(!form.body.contains("metric_people_reached"), "removed");
    let r = e
        .post(
            &format!("/reports/{m}/{a}/2020-Q3"),
            &[
                ("body", "Уроки"),
                ("metric_events", "3"),
                ("action", "submit"),
            ],
        )
        .await;
    assert!(
        r.body.contains("заполните показатель «Охвачено школ»"),
        "the new metric is required"
    );
    let r = c
        .post(
            &format!("/measures/{m}/metrics"),
            &[("key_0", "forged_key"), ("label_0", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

const CSV: &str = "№;Мероприятие;Срок;Исполнители\n\
1;Совместно с Департаментом культуры провести лекции в библиотеках;когда получится;Прокуратура округа\n\
2;Выпустить памятки;Ежеквартально;\"Администрация г. Сургута (по согласованию)\"\n";

async fn plans(t: &TestDb) -> u64 {
    dozor::db::entity::plan::plan::Entity::find()
        .count(&t.db)
        .await
        .unwrap()
}

async fn upload_preview_fix_confirm(t: &TestDb) {
    let app = App::new(t).await;
    let mut e = app.login("prok").await;
    e.get("/obligations").await;
    assert_eq!(
        e.upload("/plans/preview", "p.csv", "text/csv", CSV.as_bytes())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut c = app.login("coord").await;
    c.get("/plans").await;
    let bad = c
        .upload(
            "/plans/preview",
            "notes.txt",
            "text/plain",
            "просто текст".as_bytes(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Это не план"), "{}", bad.body);
    let preview = c
        .upload(
            "/plans/preview",
            "План 2021.csv",
            "text/csv",
            CSV.as_bytes(),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("не распознан"));
    assert!(
        preview
            .body
            .contains("новое ведомство: Администрация г. Сургута")
    );
    assert!(preview.body.contains("Требуют внимания: 2"));
    assert_eq!(plans(t).await, 1, "nothing stored before the confirmation");
    let r = c
        .post(
            "/plans/confirm",
            &[
                ("title", "План 2021"),
                ("valid_from", "2021-01-01"),
                ("valid_to", "2021-12-31"),
                ("number_0", "1"),
                (
                    "title_0",
                    "Совместно с Департаментом культуры провести лекции в библиотеках",
                ),
                ("schedule_0", "Ежеквартально"),
                ("executors_0", "Прокуратура округа"),
                ("number_1", "2"),
                ("title_1", "Выпустить памятки"),
                ("schedule_1", "II полугодие 2021 г."),
                ("executors_1", "Администрация г. Сургута (по согласованию)"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(plans(t).await, 2);
    let page = c.get(r.location.as_deref().unwrap()).await;
    assert!(
        page.body.contains("II полугодие 2021 г.")
            && page.body.contains("Администрация г. Сургута")
    );
    let list = c.get("/plans").await;
    assert!(list.body.contains("План 2021"));
    let r = c
        .post(
            "/plans/confirm",
            &[("title", "x"), ("number_0", "abc"), ("title_0", "t")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(plans(t).await, 2);
}

async fn measure_page_lists_reports(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("14").await;
    app.at("2020-10-05T06:00:00Z");
    let mut c = app.login("coord").await;
    let page = c.get(&format!("/measures/{m}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("3 квартал 2020 года"));
    assert!(
        page.body.contains("III квартал 2020 г.") && page.body.contains("просрочен"),
        "{}",
        page.body
    );
    let reports = page.body.split("<h2>Отчёты</h2>").nth(1).unwrap();
    assert!(
        !reports.contains("IV квартал 2020 г."),
        "measure 14 owes nothing in Q4"
    );
    let mut e = app.login("umvd").await;
    let page = e.get(&format!("/measures/{m}")).await;
    assert!(
        page.body.contains("Отчётов по мероприятию не требуется"),
        "УМВД owes nothing on measure 14"
    );
}
