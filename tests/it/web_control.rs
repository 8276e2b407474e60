//! Locks, extensions and the audit log through the router.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;

on_both_engines!(
    locked_periods_do_not_change,
    extensions_move_the_due_date,
    audit_log_is_for_coordinators,
    attachments_are_served_only_to_those_allowed,
    trend_of_settled_periods_follows_writes,
);
on_both_engines!(sqlite_file; another_instances_writes_reach_the_cached_figures);

fn trend_svg(body: &str) -> String {
    let start = body.find("<svg class=\"trend\"").unwrap();
    let end = body[start..].find("</svg>").unwrap();
    body[start..start + end].to_string()
}

async fn trend_of_settled_periods_follows_writes(t: &TestDb) {
    let app = App::new(t).await;
    app.at("2021-02-01T06:00:00Z");
    let mut c = app.login("coord").await;
    let before = trend_svg(&c.get("/dashboard?period=2020-Q4").await.body);
    let again = trend_svg(&c.get("/dashboard?period=2020-Q4").await.body);
    assert_eq!(before, again, "served from memory, unchanged");
    let m = app.measure_id("1").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    let mut e = app.login("prok").await;
    e.get(&path).await;
    let r = e
        .post(
            &path,
            &[
                ("body", "Поздний отчёт"),
                ("metric_publications", "2"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = trend_svg(&c.get("/dashboard?period=2020-Q4").await.body);
    assert_ne!(
        before, after,
        "a late report in a settled period moves its completeness"
    );
}

/// The settled periods' figures and the plan each instance keeps in memory
/// follow writes made through another instance at once: their counters are
/// read from the database on every request.
async fn another_instances_writes_reach_the_cached_figures(t: &TestDb) {
    let app = App::new(t).await;
    app.at("2021-02-01T06:00:00Z");
    let other = app.twin(t).await;
    let mut c = other.login("coord").await;
    let before = trend_svg(&c.get("/dashboard?period=2020-Q4").await.body);
    assert_eq!(
        before,
        trend_svg(&c.get("/dashboard?period=2020-Q4").await.body)
    );
    let m = app.measure_id("1").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    let mut e = app.login("prok").await;
    e.get(&path).await;
    let fields = [
        ("body", "Поздний отчёт"),
        ("metric_publications", "2"),
        ("action", "submit"),
    ];
    assert_eq!(e.post(&path, &fields).await.status, StatusCode::SEE_OTHER);
    let after = trend_svg(&c.get("/dashboard?period=2020-Q4").await.body);
    assert_ne!(before, after, "the other instance's write is seen at once");
}

async fn attachments_are_served_only_to_those_allowed(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("8").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    let upload = format!("{path}/attachments");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    e.get(&path).await;
    let r = e
        .upload(
            &upload,
            "../памятка.pdf",
            "application/pdf",
            b"%PDF-1.4 leaflet",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = e.get(&path).await;
    assert!(page.body.contains("памятка.pdf"));
    let id = page
        .body
        .split("/attachments/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let file = e.get(&format!("/attachments/{id}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body, "%PDF-1.4 leaflet");
    assert!(file.disposition.unwrap().starts_with("attachment;"));
    let mut other = app.login("umvd").await;
    assert_eq!(
        other.get(&format!("/attachments/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let mut c = app.login("coord").await;
    assert_eq!(
        c.get(&format!("/attachments/{id}")).await.status,
        StatusCode::OK
    );
    let html = e
        .upload(&upload, "x.html", "text/html", b"<script>alert(1)</script>")
        .await;
    assert_eq!(html.status, StatusCode::SEE_OTHER);
    let page = e.get(&path).await;
    let id2 = page
        .body
        .split("/attachments/")
        .nth(2)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let served = e.get(&format!("/attachments/{id2}")).await;
    assert_eq!(
        served.content_type.as_deref(),
        Some("application/octet-stream"),
        "never served as HTML"
    );
    let big = vec![b'x'; 20 * 1024 * 1024 + 1];
    let r = e
        .upload(&upload, "big.bin", "application/octet-stream", &big)
        .await;
    assert!(
        r.status.is_client_error(),
        "over 20 MB is refused: {}",
        r.status
    );
    let r = other.upload(&upload, "x.txt", "text/plain", b"x").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    e.post(
        &path,
        &[
            ("body", "Выпущено 500 памяток"),
            ("metric_materials", "500"),
            ("action", "submit"),
        ],
    )
    .await;
    let r = e
        .upload(&upload, "late.pdf", "application/pdf", b"%PDF")
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

async fn locked_periods_do_not_change(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("1").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    e.get(&path).await;
    e.post(
        &path,
        &[
            ("body", "Публикации"),
            ("metric_publications", "4"),
            ("action", "submit"),
        ],
    )
    .await;
    let mut c = app.login("coord").await;
    let dash = c.get("/dashboard?period=2020-Q3").await;
    assert!(dash.body.contains(r#"<input type="checkbox" name="confirm" required> отчёты и решения за III квартал 2020 г. больше не изменятся"#), "{}", dash.body);
    // Without the confirmation nothing is closed.
    let r = c.post("/periods/2020-Q3/lock", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Подтвердите закрытие периода"),
        "{}",
        r.body
    );
    assert!(
        !c.get("/dashboard?period=2020-Q3")
            .await
            .body
            .contains("Период закрыт")
    );
    assert_eq!(
        c.post("/periods/2020-Q3/lock", &[("confirm", "on")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let dash = c.get("/dashboard?period=2020-Q3").await;
    assert!(dash.body.contains("Период закрыт"));
    assert_eq!(
        c.post(&format!("{path}/accept"), &[]).await.status,
        StatusCode::CONFLICT
    );
    let other = format!("/reports/{}/{a}/2020-Q3", app.measure_id("2").await);
    let r = e.post(&other, &[("body", "x"), ("action", "draft")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("закрыт координатором"));
    // Executors cannot lock; unlocking needs a reason; then work goes on.
    assert_eq!(
        e.post("/periods/2020-Q3/unlock", &[("reason", "x")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.post("/periods/2020-Q3/unlock", &[("reason", "")])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        c.post(
            "/periods/2020-Q3/unlock",
            &[("reason", "Ошибка в отчёте УМВД")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.post(&format!("{path}/accept"), &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let log = c.get("/audit?action=period").await;
    // The log says it in words: who, what, which period, and why.
    assert!(
        log.body.contains(
            "открыл <a href=\"/dashboard?period=2020-Q3\">период III квартал 2020 г.</a>"
        ),
        "{}",
        log.body
    );
    assert!(
        log.body
            .contains("<dt>причина</dt><dd><ins>Ошибка в отчёте УМВД</ins></dd>"),
        "{}",
        log.body
    );
    assert!(
        log.body
            .contains("закрыл <a href=\"/dashboard?period=2020-Q3\">")
    );
    assert!(!log.body.contains("принял <a"), "filtered to periods");
}

async fn extensions_move_the_due_date(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("7").await;
    let a = app.agency("УМВД").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-08T06:00:00Z");
    let mut e = app.login("umvd").await;
    e.get(&path).await;
    let r = e
        .post(
            &format!("{path}/extension"),
            &[("new_due", "2020-10-01"), ("reason", "Проверка")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "must be later than 12.10.2020"
    );
    // Refused in place: the report page, the request as typed, each
    // reason tied to its field.
    assert!(r.body.contains("Продление не запрошено"), "{}", r.body);
    assert!(r.body.contains("Новый срок должен быть позже 12.10.2020"));
    assert!(r.body.contains(r#"value="2020-10-01" id="f-new_due" aria-invalid="true" aria-describedby="err-new_due""#), "{}", r.body);
    assert!(r.body.contains(r#"value="Проверка" id="f-reason">"#));
    let r = e
        .post(
            &format!("{path}/extension"),
            &[("new_due", "скоро"), ("reason", " ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["new_due", "reason"] {
        assert!(
            r.body.contains(&format!(r##"href="#f-{field}""##)),
            "{field}: {}",
            r.body
        );
    }
    assert!(r.body.contains(r#"value="скоро""#));
    let r = e
        .post(
            &format!("{path}/extension"),
            &[
                ("new_due", "2020-10-20"),
                ("reason", "Итоги проверки будут 19.10"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = e
        .post(
            &format!("{path}/extension"),
            &[("new_due", "2020-10-25"), ("reason", "ещё")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "one pending request at a time"
    );
    let mut c = app.login("coord").await;
    let page = c.get(&path).await;
    assert!(page.body.contains("ожидает решения"));
    let id = page
        .body
        .split("/extensions/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        e.post(&format!("/extensions/{id}/grant"), &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.post(&format!("/extensions/{id}/grant"), &[]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.post(&format!("/extensions/{id}/grant"), &[]).await.status,
        StatusCode::CONFLICT
    );
    // Submitted after the original date, before the granted one.
    app.at("2020-10-15T06:00:00Z");
    e.get(&path).await;
    e.post(
        &path,
        &[
            ("body", "Беседы в 5 коллективах"),
            ("metric_events", "5"),
            ("action", "submit"),
        ],
    )
    .await;
    let page = c.get(&path).await;
    assert!(page.body.contains("продлён до 20.10.2020"));
    assert!(
        page.body.contains("представлен в срок"),
        "on time against the granted date"
    );
    let dash = c.get("/dashboard?period=2020-Q3").await;
    assert!(dash.body.contains("С учётом продлений"));
}

async fn audit_log_is_for_coordinators(t: &TestDb) {
    let app = App::new(t).await;
    for (login, status) in [
        ("coord", StatusCode::OK),
        ("admin", StatusCode::OK),
        ("viewer", StatusCode::FORBIDDEN),
        ("prok", StatusCode::FORBIDDEN),
    ] {
        let mut c = app.login(login).await;
        assert_eq!(c.get("/audit").await.status, status, "{login}");
    }
    let mut c = app.login("admin").await;
    let page = c.get("/audit?entity=plan").await;
    assert!(
        page.body.contains("загрузил <a href=\"/plans/"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("\">пользователя "), "filtered to plans");
}
