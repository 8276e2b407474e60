//! The `/municipalities` page: who may read it and who may change it, and
//! the upload form, which reports in Russian as the CLI does; and the
//! `dozor municipality population` / `dozor crime import` commands.

use crate::cli::{dozor, fails};
use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;

on_both_engines!(
    executors_are_refused_viewers_only_read,
    the_coordinator_uploads_tables_and_edits,
);

on_both_engines!(sqlite_file; the_commands_import_and_fail_in_russian);

async fn executors_are_refused_viewers_only_read(t: &TestDb) {
    let app = App::new(t).await;
    let mut e = app.login("prok").await;
    assert_eq!(e.get("/municipalities").await.status, StatusCode::FORBIDDEN);
    let csv = "municipality,year,population\nСургут,2020,1\n";
    let r = e
        .upload_with(
            "/municipalities/import",
            &[("table", "population")],
            "p.csv",
            "text/csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut v = app.login("viewer").await;
    let page = v.get("/municipalities").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ханты-Мансийский район"));
    assert!(
        !page.body.contains("/municipalities/import"),
        "no upload form for a viewer"
    );
    let r = v
        .post(
            "/municipalities",
            &[("name", "Новый"), ("kind", "городской округ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = v
        .post("/municipalities/2/aliases", &[("alias", "Сургутище")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn the_coordinator_uploads_tables_and_edits(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    c.get("/municipalities").await;
    let csv =
        "Муниципальное образование;Год;Численность населения;Оценка\nг. Сургут;2020;380 000;да\n";
    let r = c
        .upload_with(
            "/municipalities/import",
            &[("table", "population")],
            "p.csv",
            "text/csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("Добавлено: 1, обновлено: 0, без изменений: 0."),
        "{}",
        r.body
    );
    assert!(r.body.contains("≈ 380"), "{}", r.body);
    let xlsx = crate::municipalities::crimes_xlsx();
    let r = c
        .upload_with(
            "/municipalities/import",
            &[("table", "crime")],
            "c.xlsx",
            "application/octet-stream",
            &xlsx,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("III квартал 2020 г."), "{}", r.body);
    assert!(
        r.body.contains("1\u{202f}234\u{202f}567,89 ₽"),
        "{}",
        r.body
    );
    let bad = "period;municipality;registered;solved;damage\n2020-Q1;Атлантида;1;1;1\n";
    let r = c
        .upload_with(
            "/municipalities/import",
            &[("table", "crime"), ("skip_invalid", "1")],
            "b.csv",
            "text/csv",
            bad.as_bytes(),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "skipping stores the none good rows"
    );
    assert!(
        r.body
            .contains("строка 2: муниципальное образование «Атлантида» не найдено"),
        "{}",
        r.body
    );
    let r = c
        .upload_with(
            "/municipalities/import",
            &[("table", "crime")],
            "b.csv",
            "text/csv",
            bad.as_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ничего не сохранено"), "{}", r.body);
    let r = c
        .post(
            "/municipalities",
            &[("name", "Атлантида"), ("kind", "городской округ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let surgut = dozor::municipality::store::resolve(&t.db, "Сургут")
        .await
        .unwrap()
        .unwrap();
    let r = c
        .post(
            &format!("/municipalities/{surgut}/aliases"),
            &[("alias", "Сургутград")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c
        .post(
            &format!("/municipalities/{surgut}/population"),
            &[("year", "2021"), ("population", "390000")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get("/municipalities").await.body;
    assert!(
        page.contains("«Сургутград»") && page.contains("Атлантида"),
        "{page}"
    );
    assert!(page.contains("390\u{202f}000 (2021)"), "{page}");
    let mut a = app.login("admin").await;
    assert_eq!(a.get("/municipalities").await.status, StatusCode::OK);
}

async fn the_commands_import_and_fail_in_russian(t: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p.display().to_string()
    };
    let good = write(
        "p.csv",
        "municipality,year,population\nСургут,2020,380000\n",
    );
    let out = dozor(t, &["municipality", "population", &good]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Добавлено: 1, обновлено: 0, без изменений: 0."),
        "{stdout}"
    );
    let bad = write(
        "c.csv",
        "Период;Муниципальное образование;Зарегистрировано;Раскрыто;Ущерб, руб.\n2020-Q1;Сургут;1;1;1\n2020-Q1;Атлантида;1;1;1\n",
    );
    let err = fails(t, &["crime", "import", &bad]);
    assert!(
        err.contains("строка 3: муниципальное образование «Атлантида» не найдено"),
        "{err}"
    );
    assert!(err.contains("Ничего не сохранено"), "{err}");
    let out = dozor(t, &["crime", "import", &bad, "--skip-invalid"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Добавлено: 1")
    );
    let list = dozor(t, &["municipality", "list"]);
    assert!(
        String::from_utf8(list.stdout)
            .unwrap()
            .contains("Сургут — городской округ  380000 (2020)")
    );
}
