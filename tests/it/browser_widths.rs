//! Each role's main pages in headless Chromium at phone (390×844) and laptop
//! (1366×768) size: none may scroll sideways. A failure names the page, the
//! width and the element reaching furthest right. Screenshots go to
//! target/screenshots/role-page-width.png. With DOZOR_TEST_AXE naming
//! axe-core's axe.min.js, each page at both sizes also has no critical or
//! serious axe violation. Runs with `--ignored` when
//! DOZOR_TEST_CHROMEDRIVER names chromedriver.

use crate::browser::{Session, click, login, logout, session, type_into, wait_for};
use fantoccini::Client;
use std::time::Duration;

/// A role's pages: file name part, path.
type Pages<'a> = Vec<(&'a str, &'a str)>;

static AXE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

const SIZES: [(u32, u32); 2] = [(390, 844), (1366, 768)];

/// The page's overflow in pixels and the element furthest right that is not
/// inside a scrolling region, as `tag#id.class «text»`.
const MEASURE: &str = r#"
const doc = document.documentElement;
const width = Math.min(window.innerWidth, doc.clientWidth);
let worst = null, right = 0;
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.right <= width + 1 || r.right <= right) continue;
  let clipped = false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
  }
  if (clipped) continue;
  worst = el; right = r.right;
}
const name = worst ? worst.tagName.toLowerCase() + (worst.id ? '#' + worst.id : '')
  + (worst.className && typeof worst.className === 'string' ? '.' + worst.className.trim().split(/\s+/).join('.') : '')
  + ' «' + (worst.textContent || '').trim().slice(0, 60) + '»' : '';
return [doc.scrollWidth - width, name];
"#;

/// Runs the injected axe-core and answers its critical and serious findings.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
  .filter(v => v.impact === 'critical' || v.impact === 'serious')
  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))));
"#;

fn axe_source() -> Option<String> {
    let path = std::env::var("DOZOR_TEST_AXE")
        .ok()
        .filter(|p| !p.is_empty());
    match path {
        Some(p) => Some(std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but DOZOR_TEST_AXE is not set: the axe check must run")
        }
        None => {
            eprintln!("axe skipped: set DOZOR_TEST_AXE to node_modules/axe-core/axe.min.js");
            None
        }
    }
}

async fn axe(b: &Client, axe: &str, role: &str, path: &str, bad: &mut Vec<String>) {
    b.execute(axe, vec![]).await.unwrap();
    let v = b.execute_async(AXE_RUN, vec![]).await.unwrap();
    let found = v.as_array().cloned().unwrap_or_default();
    eprintln!("axe {role} {path}: {} critical or serious", found.len());
    for finding in &found {
        bad.push(format!(
            "{role} {path}: axe {}",
            finding.as_str().unwrap_or("")
        ));
    }
}

async fn check(b: &Client, base: &str, role: &str, page: &str, path: &str, bad: &mut Vec<String>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/screenshots");
    std::fs::create_dir_all(dir).unwrap();
    for (w, h) in SIZES {
        b.set_window_size(w, h).await.unwrap();
        b.goto(&format!("{base}{path}")).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        let v = b.execute(MEASURE, vec![]).await.unwrap();
        let over = v[0].as_f64().unwrap_or(0.0);
        if over > 0.0 {
            bad.push(format!(
                "{role} {path} at {w}px: {over}px too wide, widest {}",
                v[1].as_str().unwrap_or("")
            ));
        }
        if let Some(src) = AXE.get_or_init(axe_source) {
            axe(b, src, role, path, bad).await;
        }
        let png = b.screenshot().await.unwrap();
        std::fs::write(format!("{dir}/{role}-{page}-{w}.png"), png).unwrap();
    }
}

#[tokio::test]
#[ignore = "browser suite: cargo test -- --ignored, with DOZOR_TEST_CHROMEDRIVER"]
async fn browser_pages_fit_phone_and_laptop() {
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
    let m = app.measure_id("4").await;
    let a = app.agency("Прокуратура округа").await;
    let report = format!("/reports/{m}/{a}/2020-Q3");
    let plan = format!("/plans/{}", app.plan_id);
    let measure = format!("/measures/{m}");
    // Long unbroken words: a URL in a report and in the registry.
    let long = format!("https://example.com/{}", "очень-длинный-адрес".repeat(12));
    b.set_window_size(1366, 768).await.unwrap();
    login(&b, &base, "prok").await;
    b.goto(&format!("{base}{report}")).await.unwrap();
    type_into(
        &b,
        "textarea[name=body]",
        &format!("Проверены ссылки: {long}"),
    )
    .await;
    type_into(&b, "input[name=metric_events]", "12").await;
    type_into(&b, "input[name=metric_people_reached]", "1240").await;
    click(&b, "button[value=submit]").await;
    wait_for(&b, ".badge.s-ontime").await;
    logout(&b).await;
    login(&b, &base, "coord").await;
    b.goto(&format!("{base}/registry/new")).await.unwrap();
    let url = format!(
        "https://example.com/{}",
        "a-very-long-path-segment".repeat(3)
    );
    type_into(&b, "textarea[name=values]", &url).await;
    wait_for(&b, "#preview code").await;
    click(&b, "form[action='/registry/new'] button[type=submit]").await;
    wait_for(&b, "#next-step").await;
    let entry = b.current_url().await.unwrap().path().to_string();
    logout(&b).await;
    let pages: [(&str, &str, Pages); 3] = [
        (
            "coord",
            "coordinator",
            vec![
                ("dashboard", "/dashboard"),
                ("plans", "/plans"),
                ("plan", &plan),
                ("measure", &measure),
                ("report", &report),
                ("registry", "/registry"),
                ("registry-new", "/registry/new"),
                ("activities", "/activities"),
                ("activities-new", "/activities/new"),
                ("registry-entry", &entry),
                ("audit", "/audit"),
                ("documents", "/documents"),
                ("notifications", "/notifications"),
                ("not-found", "/no-such-page"),
                ("municipalities", "/municipalities"),
            ],
        ),
        (
            "prok",
            "executor",
            vec![
                ("obligations", "/obligations"),
                ("report", &report),
                ("activities", "/activities"),
                ("activities-new", "/activities/new"),
            ],
        ),
        (
            "admin",
            "admin",
            vec![("users", "/admin/users"), ("agencies", "/admin/agencies")],
        ),
    ];
    let mut bad = Vec::new();
    for (user, role, list) in pages {
        b.set_window_size(1366, 768).await.unwrap();
        login(&b, &base, user).await;
        for (page, path) in list {
            check(&b, &base, role, page, path, &mut bad).await;
        }
        b.set_window_size(1366, 768).await.unwrap();
        logout(&b).await;
    }
    b.close().await.unwrap();
    t.close().await;
    assert!(bad.is_empty(), "pages scroll sideways:\n{}", bad.join("\n"));
}
