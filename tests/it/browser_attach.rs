//! In headless Chromium: attaching a file to a report keeps the report text
//! typed but not yet saved (the upload goes by htmx and swaps only the list
//! of files), and leaving the changed form asks first. Runs with `--ignored` when DOZOR_TEST_CHROMEDRIVER names
//! chromedriver.

use crate::browser::{Session, click, login, session, type_into, wait_for};
use fantoccini::Locator;

/// Whether a `beforeunload` now would be cancelled (the browser asks).
async fn leaving_asks(b: &fantoccini::Client) -> bool {
    let js = "const e = new Event('beforeunload', {cancelable: true}); \
              window.dispatchEvent(e); return e.defaultPrevented;";
    b.execute(js, vec![]).await.unwrap().as_bool().unwrap()
}

#[tokio::test]
#[ignore = "browser suite: cargo test -- --ignored, with DOZOR_TEST_CHROMEDRIVER"]
async fn browser_attaching_a_file_keeps_the_typed_text() {
    // Bound by name, so the driver, the profile and the database live
    // until the test ends.
    let Some(Session {
        b,
        app,
        base,
        driver: _driver,
        profile,
        db: t,
    }) = session().await
    else {
        return;
    };
    b.set_window_size(390, 844).await.unwrap();
    let m = app.measure_id("4").await;
    let a = app.agency("Прокуратура округа").await;
    login(&b, &base, "prok").await;
    b.goto(&format!("{base}/reports/{m}/{a}/2020-Q3"))
        .await
        .unwrap();
    assert!(!leaving_asks(&b).await, "nothing typed yet: leave freely");
    let text = "Проведены уроки безопасности в 12 школах.";
    type_into(&b, "textarea[name=body]", text).await;
    assert!(leaving_asks(&b).await, "the typed text: leaving asks");
    let file = profile.path().join("акт.txt");
    std::fs::write(&file, "акт проверки").unwrap();
    b.find(Locator::Css("input[type=file]"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    click(&b, ".upload-form button[type=submit]").await;
    wait_for(&b, "#files a[href^='/attachments/']").await;
    let body = b
        .find(Locator::Css("textarea[name=body]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        body.as_deref(),
        Some(text),
        "the typed text survives the upload"
    );
    b.close().await.unwrap();
    t.close().await;
}
