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
