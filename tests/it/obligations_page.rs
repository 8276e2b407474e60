//! «Мои обязательства» opens on the current period; what earlier periods
//! still owe follows it, announced at the top.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;

on_both_engines!(the_current_period_comes_first_and_the_overdue_are_announced);

async fn the_current_period_comes_first_and_the_overdue_are_announced(t: &TestDb) {
    let app = App::new(t).await;
    // Mid-November: the third quarter's reports, due 10 October, are late.
    app.at("2020-11-15T06:00:00Z");
    let mut umvd = app.login("umvd").await;
    let page = umvd.get("/obligations").await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    let current = b
        .find("<h2>Отчёты за IV квартал 2020 г.</h2>")
        .expect("the current period");
    let earlier = b
        .find("Требуют внимания за прошлые периоды</h2>")
        .expect("the earlier periods");
    assert!(current < earlier, "the current period first");
    let notice = b
        .find("За прошлые периоды требуют внимания отчётов:")
        .expect("announced");
    assert!(notice < current, "announced above");
    assert!(b.contains(r#"<nav class="periods" aria-label="Периоды">"#));
    // In the first quarter nothing earlier is owed, nothing announced.
    app.at("2020-02-01T06:00:00Z");
    let page = umvd.get("/obligations").await;
    assert!(!page.body.contains("За прошлые периоды требуют внимания"));
}
