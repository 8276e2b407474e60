//! The coordinator's view of a period: each agency's reports counted by
//! where they stand, and the queue of submitted reports awaiting a decision.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;

on_both_engines!(submitted_reports_queue_up_and_the_table_counts_them);

async fn submitted_reports_queue_up_and_the_table_counts_them(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("1").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut prok = app.login("prok").await;
    prok.get(&path).await;
    let fields = [
        ("body", "Публикации"),
        ("metric_publications", "4"),
        ("action", "submit"),
    ];
    assert_eq!(
        prok.post(&path, &fields).await.status,
        StatusCode::SEE_OTHER
    );

    let mut c = app.login("coord").await;
    let dash = c.get("/dashboard?period=2020-Q3").await;
    let b = &dash.body;
    assert!(b.contains(">Ждут решения: 1</h2>"), "{b}");
    assert!(
        b.contains(&format!(r#"<a href="{path}">Мероприятие 1 — "#)),
        "{b}"
    );
    assert!(
        b.contains("<th>Ждут решения</th><th>Приняты</th><th>На доработке</th><th>Просрочены</th>")
    );
    let row = |b: &str, name: &str| {
        let at = b.find(&format!("<tr><td>{name}</td>")).expect(name);
        b[at..at + b[at..].find("</tr>").unwrap()].to_string()
    };
    let prok_row = row(b, "Прокуратура округа");
    // The seed asks 14 reports of it this quarter: 1 awaiting, none accepted or returned.
    assert!(
        prok_row.contains("<td>14</td><td>1</td><td>0</td><td>0</td>"),
        "{prok_row}"
    );

    // Accepted, it leaves the queue and counts as accepted.
    c.get(&path).await;
    let r = c.post(&format!("{path}/accept"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.at("2020-10-20T06:00:00Z");
    let dash = c.get("/dashboard?period=2020-Q3").await;
    assert!(!dash.body.contains("Ждут решения: "), "{}", dash.body);
    let prok_row = row(&dash.body, "Прокуратура округа");
    assert!(
        prok_row.contains("<td>14</td><td>0</td><td>1</td><td>0</td>"),
        "{prok_row}"
    );
    // Past the due date, what nobody sent is overdue in the total.
    let total = dash.body[dash.body.find(r#"<tr class="total">"#).unwrap()..].to_string();
    let overdue: u32 = total
        .split("<td>")
        .nth(6)
        .and_then(|c| c.split("</td>").next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(overdue > 0, "{total}");
}
