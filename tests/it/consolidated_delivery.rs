//! The consolidated report delivered: the download page by role, and
//! `dozor report consolidated` writing the file, or failing without one.

use super::{BUILT_AT, at, quarter, zip_entry};
use crate::helpers::{SEED, TestDb, now, on_both_engines};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dozor::accounts::store::create_token;
use dozor::actor::Actor;
use dozor::time::calendar::Calendar;
use dozor::{state::AppState, time::clock::Clock};
use sea_orm::EntityTrait;
use std::process::Command;
use tower::ServiceExt;

on_both_engines!(download_by_role);
on_both_engines!(sqlite_file; command_writes_the_report, command_issues_under_a_number);

struct Got {
    status: StatusCode,
    content_type: String,
    disposition: String,
    body: Vec<u8>,
}

async fn get(app: &axum::Router, path: &str, token: Option<&str>) -> Got {
    let mut req = Request::get(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let text = |h: header::HeaderName| res.headers().get(h).map(|v| v.to_str().unwrap().to_owned());
    let (content_type, disposition) = (
        text(header::CONTENT_TYPE),
        text(header::CONTENT_DISPOSITION),
    );
    Got {
        status: res.status(),
        content_type: content_type.unwrap_or_default(),
        disposition: disposition.unwrap_or_default(),
        body: axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    }
}

async fn download_by_role(t: &TestDb) {
    let (s, _) = quarter(t).await;
    for u in &s.users {
        create_token(
            &t.db,
            u.id,
            "test",
            &format!("token-{}", u.login),
            now(),
            &Actor::named("test"),
        )
        .await
        .unwrap();
    }
    let config = dozor::config::Config::load(&dozor::config::Overrides {
        database_url: Some(t.url.clone()),
        ..Default::default()
    });
    let app = dozor::app::router(AppState::new(
        t.db.clone(),
        config.unwrap(),
        Calendar::default(),
        Clock::fixed(at(BUILT_AT)),
        false,
    ));
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    for (login, format, mime) in [
        ("coord", "docx", docx),
        ("viewer", "xlsx", xlsx),
        ("admin", "", docx),
    ] {
        let path = format!("/reports/consolidated?period=2020-Q3&format={format}");
        let got = get(&app, &path, Some(&format!("token-{login}"))).await;
        assert_eq!(
            (got.status, got.content_type.as_str()),
            (StatusCode::OK, mime),
            "{login}"
        );
        let ext = if format.is_empty() { "docx" } else { format };
        let ascii =
            format!("attachment; filename=\"consolidated-2020-Q3.{ext}\"; filename*=UTF-8''");
        assert!(got.disposition.starts_with(&ascii), "{}", got.disposition);
        assert!(got.disposition.ends_with(&format!(
            "%20%D0%BE%D1%82%D1%87%D1%91%D1%82%202020-Q3.{ext}"
        )));
        assert!(got.body.starts_with(b"PK"), "a zip package");
    }
    let path = "/reports/consolidated?period=2020-Q3&format=docx";
    assert_eq!(
        get(&app, path, Some("token-prok")).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        get(&app, path, None).await.status.is_redirection(),
        "to the login form"
    );
    let coord = Some("token-coord");
    for bad in [
        "period=2020-07",
        "period=2020-Q5",
        "period=2020-Q3&format=pdf",
    ] {
        let got = get(&app, &format!("/reports/consolidated?{bad}"), coord).await;
        assert_eq!(got.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let dashboard = get(&app, "/dashboard?period=2020-Q3", coord).await;
    let html = String::from_utf8_lossy(&dashboard.body);
    let link = format!(
        "/reports/consolidated?plan={}&amp;period=2020-Q3&amp;format=xlsx",
        s.plan.id
    );
    assert!(html.contains(&link), "{html}");
    // The static segment does not shadow the report pages, nor they it.
    let k = s.key("1", 0);
    let page = format!("/reports/{}/{}/2020-Q3", k.measure_id, k.agency_id);
    let got = get(&app, &page, coord).await;
    assert_eq!(got.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&got.body).contains("Опубликовано 12 статей"));
}

fn dozor(t: &TestDb, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dozor"))
        .args(["--database-url", &t.url])
        .args(args)
        .env_remove("DOZOR_CONFIG")
        .env_remove("DOZOR_CALENDAR")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

async fn command_writes_the_report(t: &TestDb) {
    assert!(dozor(t, &["plan", "import", SEED]).status.success());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q3.docx");
    let out_s = out.to_str().unwrap();
    std::fs::write(&out, b"an older report").unwrap();
    let run = dozor(
        t,
        &[
            "report",
            "consolidated",
            "2020-Q3",
            "--format",
            "docx",
            "-o",
            out_s,
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let doc = zip_entry(&std::fs::read(&out).unwrap(), "word/document.xml");
    assert!(doc.contains("III квартал 2020 г.") && doc.contains("Прокуратура округа"));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["q3.docx"], "no temporary file stays behind");
    let failing = [
        (vec!["2020-Q5"], "is not a period"),
        (
            vec!["2020-07"],
            "is a month period, but plan 1 reports by quarter",
        ),
        (vec!["2020-Q3", "--plan", "99"], "plan 99 does not exist"),
    ];
    let xlsx = dir.path().join("bad.xlsx");
    for (args, message) in failing {
        let mut all = vec!["report", "consolidated"];
        all.extend(args);
        all.extend(["-o", xlsx.to_str().unwrap()]);
        let run = dozor(t, &all);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            !run.status.success() && stderr.contains(message),
            "{all:?}: {stderr}"
        );
        assert!(!xlsx.exists(), "{all:?} wrote a file");
    }
    let run = dozor(t, &["report", "consolidated", "2020-Q3", "-o", "q3.pdf"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success() && stderr.contains("give --format docx or --format xlsx"));
    // Without --format, the file's extension chooses.
    let run = dozor(
        t,
        &[
            "report",
            "consolidated",
            "2020-Q3",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(run.status.success());
    zip_entry(&std::fs::read(&xlsx).unwrap(), "xl/workbook.xml");
}

async fn command_issues_under_a_number(t: &TestDb) {
    assert!(dozor(t, &["plan", "import", SEED]).status.success());
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("dozor.toml");
    std::fs::write(
        &config,
        "[document]\norganisation = \"Прокуратура округа\"\nsignatory_name = \"Иванов Иван Иванович\"\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let out = dir.path().join("q3.docx");
    let out_s = out.to_str().unwrap();
    let issue = [
        "--config",
        config,
        "report",
        "consolidated",
        "2020-Q3",
        "--number",
        "15-02/2020",
        "--date",
        "2020-10-15",
        "-o",
        out_s,
    ];
    let run = dozor(t, &issue);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let first = std::fs::read(&out).unwrap();
    let doc = zip_entry(&first, "word/document.xml");
    assert!(
        doc.contains("15.10.2020 № 15-02/2020"),
        "the date and number"
    );
    assert!(doc.contains("И.И. Иванов") && doc.contains("за III квартал 2020 г."));
    let core = zip_entry(&first, "docProps/core.xml");
    assert!(
        core.contains("<dc:creator>Прокуратура округа</dc:creator>"),
        "{core}"
    );
    // Issued: kept, and the same issue again writes the kept bytes.
    let db = dozor::db::connect(&t.url).await.unwrap();
    let kept = dozor::db::entity::control::issued_document::Entity::find()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert!(kept[0].issued_by_login.starts_with("cli:") && kept[0].issued_by.is_none());
    assert!(kept[0].bytes == first);
    std::fs::remove_file(&out).unwrap();
    assert!(dozor(t, &issue).status.success());
    assert!(std::fs::read(&out).unwrap() == first);
    // The number is taken for another period.
    let run = dozor(
        t,
        &[
            "--config",
            config,
            "report",
            "consolidated",
            "2020-Q2",
            "--number",
            "15-02/2020",
            "--date",
            "2020-10-15",
            "-o",
            out_s,
        ],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        !run.status.success() && stderr.contains("уже присвоен"),
        "{stderr}"
    );
    let bad = dir.path().join("bad.docx");
    let run = dozor(
        t,
        &[
            "report",
            "consolidated",
            "2020-Q3",
            "--date",
            "15.10.2020",
            "-o",
            bad.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "a bad date fails");
    assert!(
        stderr.contains("--date: «15.10.2020» is not a date: write it as YYYY-MM-DD"),
        "{stderr}"
    );
    assert!(!bad.exists());
    // A draft without a number is dated as asked and kept nowhere.
    let run = dozor(
        t,
        &[
            "report",
            "consolidated",
            "2020-Q3",
            "--date",
            "2020-10-01",
            "-o",
            bad.to_str().unwrap(),
        ],
    );
    assert!(run.status.success());
    let doc = zip_entry(&std::fs::read(&bad).unwrap(), "word/document.xml");
    assert!(doc.contains(">01.10.2020<"));
    let count = dozor::db::entity::control::issued_document::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .len();
    assert_eq!(count, 1);
}
