//! What every page carries: a skip link to the content, a labelled main
//! menu, an icon, and htmx told not to inject the inline style the CSP
//! forbids.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::{StatusCode, header};

on_both_engines!(every_page_has_a_skip_link_a_labelled_menu_and_an_icon);

async fn every_page_has_a_skip_link_a_labelled_menu_and_an_icon(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    for path in ["/dashboard", "/plans", "/registry", "/no-such-page"] {
        let page = c.get(path).await;
        let b = &page.body;
        assert!(
            b.contains(r##"<a class="skip" href="#main">Перейти к содержанию</a>"##),
            "{path}: {b}"
        );
        assert!(b.contains(r#"id="main""#), "{path}");
        assert!(
            b.contains(r#"<link rel="icon" href="/static/favicon.svg""#),
            "{path}"
        );
        assert!(
            b.contains(r#"<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>"#),
            "{path}"
        );
        if page.status == StatusCode::OK {
            assert!(b.contains(r#"<nav aria-label="Разделы">"#), "{path}");
        }
    }
    let icon = c.get("/static/favicon.svg").await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(icon.body.starts_with("<svg"));
    // The indicator's style comes from the stylesheet instead.
    let css = c.get("/static/dozor.css").await;
    assert!(css.body.contains(".htmx-indicator"));
}

on_both_engines!(errors_speak_russian_and_lead_back);

/// A refused page names what happened in words, never a bare status code
/// or axum's English, and leads back to the page the request came from.
async fn errors_speak_russian_and_lead_back(t: &TestDb) {
    let app = App::new(t).await;
    let mut c = app.login("coord").await;
    let missing = c.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("<h1>Страница не найдена</h1>"),
        "{}",
        missing.body
    );
    assert!(!missing.body.contains("Ошибка 404"));
    // A query that does not parse: axum refuses it in English plain text.
    let from = "http://dozor.local/dashboard?period=2020-Q3";
    let bad = c
        .get_with_headers(
            "/dashboard?plan=abc",
            &[("host", "dozor.local"), ("referer", from)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bad.headers[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    assert!(
        bad.body.contains("<h1>Проверьте введённые данные</h1>"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("заполнены неверно"), "{}", bad.body);
    assert!(!bad.body.contains("Failed to deserialize"), "{}", bad.body);
    assert!(
        bad.body.contains(
            r#"<a href="/dashboard?period=2020-Q3">← Вернуться на предыдущую страницу</a>"#
        ),
        "{}",
        bad.body
    );
    // Another site's page is no way back.
    let foreign = c
        .get_with_headers(
            "/no-such-page",
            &[
                ("host", "dozor.local"),
                ("referer", "https://evil.example/x"),
            ],
        )
        .await;
    assert!(!foreign.body.contains("Вернуться на предыдущую"));
    // The API keeps its JSON.
    let api = c.get("/api/v1/obligations?plan=abc").await;
    assert!(!api.body.contains("<h1>"), "{}", api.body);
}
