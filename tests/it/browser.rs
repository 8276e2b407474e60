//! End to end in Debian's headless Chromium: the executor reports, the
//! coordinator returns it, the executor resubmits, the coordinator accepts,
//! and the dashboard cell turns "accepted". Screenshots of the report form
//! and the dashboard, laptop and phone width, go to target/screenshots/.
//! Runs with `--ignored` when DOZOR_TEST_CHROMEDRIVER names chromedriver.

use crate::web_client::{App, PASSWORD};
use fantoccini::{Client, ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn chromedriver() -> Option<String> {
    match std::env::var("DOZOR_TEST_CHROMEDRIVER") {
        Ok(p) if !p.is_empty() => Some(p),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but DOZOR_TEST_CHROMEDRIVER is not set: the browser suite must run")
        }
        _ => {
            eprintln!(
                "skipped: set DOZOR_TEST_CHROMEDRIVER=/usr/bin/chromedriver to run the browser suite"
            );
            None
        }
    }
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) async fn start_driver(path: &str) -> (Driver, u16) {
    let port = free_port();
    let driver = Driver(
        Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {path}: {e}")),
    );
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (driver, port);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

pub(crate) async fn browser(port: u16, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--lang=ru-RU",
    ];
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let binary =
        std::env::var("DOZOR_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({"args": args, "binary": binary}),
    );
    ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session")
}

pub(crate) async fn login(b: &Client, base: &str, login: &str) {
    b.goto(&format!("{base}/login")).await.unwrap();
    b.find(Locator::Css("input[name=login]"))
        .await
        .unwrap()
        .send_keys(login)
        .await
        .unwrap();
    b.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    b.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(b, "header .who").await;
}

pub(crate) async fn logout(b: &Client) {
    b.find(Locator::Css("header .who button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(b, "input[name=login]").await;
}

pub(crate) async fn wait_for(b: &Client, css: &str) {
    b.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"));
}

pub(crate) async fn click(b: &Client, css: &str) {
    b.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

pub(crate) async fn type_into(b: &Client, css: &str, text: &str) {
    let e = b.find(Locator::Css(css)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn shot(b: &Client, name: &str, width: u32, height: u32) {
    b.set_window_size(width, height).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let png = b.screenshot().await.unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/screenshots");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/{name}.png"), png).unwrap();
}

/// A server on the app's state and a browser on it, for one browser test:
/// held together so that the driver, the profile and the database live as
/// long as the test. `None` when the suite is skipped.
pub(crate) struct Session {
    pub b: Client,
    pub app: App,
    pub base: String,
    pub driver: Driver,
    pub profile: tempfile::TempDir,
    pub db: crate::helpers::TestDb,
}

/// The seed plan's store with the clock in early October 2020, served.
pub(crate) async fn session() -> Option<Session> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let driver_path = chromedriver()?;
    let t = crate::helpers::sqlite_file().await;
    let app = App::new(&t).await;
    app.at("2020-10-05T06:00:00Z");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(dozor::app::serve(listener, app.state.clone()));
    let (driver, port) = start_driver(&driver_path).await;
    let profile = tempfile::tempdir().unwrap();
    let b = browser(port, profile.path()).await;
    Some(Session {
        b,
        app,
        base,
        driver,
        profile,
        db: t,
    })
}

async fn page(b: &Client) -> String {
    b.source().await.unwrap()
}

#[tokio::test]
#[ignore = "browser suite: cargo test -- --ignored, with DOZOR_TEST_CHROMEDRIVER"]
async fn report_returned_resubmitted_accepted_in_chromium() {
    // Bound by name, so the driver, the profile and the database live
    // until the test ends.
    let Some(Session {
        b,
        app,
        base,
        driver: _driver,
        profile: _profile,
        db: t,
    }) = session().await
    else {
        return;
    };
    b.set_window_size(1366, 900).await.unwrap();
    let m = app.measure_id("4").await;
    let a = app.agency("Прокуратура округа").await;
    let report = format!("{base}/reports/{m}/{a}/2020-Q3");

    // 1. The executor fills and submits the report.
    login(&b, &base, "prok").await;
    assert!(
        b.current_url()
            .await
            .unwrap()
            .path()
            .starts_with("/obligations")
    );
    b.goto(&report).await.unwrap();
    type_into(
        &b,
        "textarea[name=body]",
        "Проведены уроки безопасности в 12 школах Ханты-Мансийска.",
    )
    .await;
    type_into(&b, "input[name=metric_events]", "12").await;
    type_into(&b, "input[name=metric_people_reached]", "1240").await;
    shot(&b, "report-form-laptop", 1366, 900).await;
    shot(&b, "report-form-phone", 390, 844).await;
    b.set_window_size(1366, 900).await.unwrap();
    click(&b, "button[value=submit]").await;
    wait_for(&b, ".badge.s-ontime").await;
    logout(&b).await;

    // 2. The coordinator returns it with a comment.
    app.at("2020-10-07T06:00:00Z");
    login(&b, &base, "coord").await;
    b.goto(&report).await.unwrap();
    type_into(
        &b,
        ".return-form textarea[name=comment]",
        "Укажите, сколько учеников охвачено в каждой школе.",
    )
    .await;
    click(&b, ".return-form button").await;
    wait_for(&b, ".badge.s-returned").await;
    logout(&b).await;

    // 3. The executor resubmits; the coordinator accepts.
    login(&b, &base, "prok").await;
    b.goto(&report).await.unwrap();
    assert!(
        page(&b)
            .await
            .contains("Укажите, сколько учеников охвачено")
    );
    type_into(
        &b,
        "textarea[name=body]",
        "Проведены уроки безопасности в 12 школах: по 100 учеников в каждой.",
    )
    .await;
    click(&b, "button[value=submit]").await;
    wait_for(&b, ".badge.s-ontime").await;
    logout(&b).await;
    login(&b, &base, "coord").await;
    b.goto(&report).await.unwrap();
    click(&b, ".decide form:first-child button").await;
    wait_for(&b, ".badge.s-accepted").await;

    // 4. The dashboard cell turns "accepted".
    b.goto(&format!("{base}/dashboard?period=2020-Q3"))
        .await
        .unwrap();
    let cell = b
        .find(Locator::Css(&format!(
            "td.cell a[href='/reports/{m}/{a}/2020-Q3']"
        )))
        .await
        .unwrap();
    assert_eq!(cell.text().await.unwrap(), "принят");
    let td = b
        .find(Locator::XPath(&format!(
            "//a[@href='/reports/{m}/{a}/2020-Q3']/.."
        )))
        .await
        .unwrap();
    assert!(
        td.attr("class")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains("s-accepted")
    );
    shot(&b, "dashboard-laptop", 1366, 900).await;
    shot(&b, "dashboard-phone", 390, 844).await;
    b.set_window_size(1366, 900).await.unwrap();

    // 5. The registry: the add form normalises as one types (htmx), the
    // saved indicator gets the first blocking step.
    b.goto(&format!("{base}/registry/new")).await.unwrap();
    type_into(
        &b,
        "textarea[name=values]",
        "8 (912) 345-67-89\nhttps://ПРИМЕР.рф/вход",
    )
    .await;
    b.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(
            "//div[@id='preview']//code[text()='+7 912 345-67-89']",
        ))
        .await
        .expect("the preview shows the canonical phone");
    assert!(
        page(&b).await.contains("пример.рф"),
        "the IDN host shown in Unicode"
    );
    shot(&b, "registry-add-laptop", 1366, 900).await;
    b.set_window_size(1366, 900).await.unwrap();
    click(&b, "form[action='/registry/new'] button[type=submit]").await;
    wait_for(&b, ".registry").await;
    b.goto(&format!("{base}/registry?q=89123456789"))
        .await
        .unwrap();
    click(&b, "table.registry td a").await;
    wait_for(&b, "#next-step").await;
    click(&b, "#next-step button").await;
    wait_for(&b, "ol.timeline li strong").await;
    assert!(page(&b).await.contains("подано исковое заявление"));
    shot(&b, "registry-indicator-laptop", 1366, 900).await;
    shot(&b, "registry-indicator-phone", 390, 844).await;
    b.close().await.unwrap();
    t.close().await;
}
