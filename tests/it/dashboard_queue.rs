//! The coordinator's view of a period: each agency's reports counted by
//! where they stand, and the queue of submitted reports awaiting a decision.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;

on_both_engines!(submitted_reports_queue_up_and_the_table_counts_them);
on_both_engines!(each_action_is_confirmed_and_decisions_lead_to_the_next_report);

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

/// Saving and submitting say so on the report; a decision opens the next
/// report waiting for one, and says when none is left.
async fn each_action_is_confirmed_and_decisions_lead_to_the_next_report(t: &TestDb) {
    let app = App::new(t).await;
    app.at("2020-10-05T06:00:00Z");
    let a = app.agency("Прокуратура округа").await;
    let mut prok = app.login("prok").await;
    let mut paths = Vec::new();
    for (n, action) in [("1", "draft"), ("1", "submit"), ("2", "submit")] {
        let path = format!("/reports/{}/{a}/2020-Q3", app.measure_id(n).await);
        prok.get(&path).await;
        let mut fields = vec![("body", "Проведено"), ("action", action)];
        if n == "1" {
            fields.push(("metric_publications", "4"));
        } else {
            fields.push(("metric_broadcasts", "2"));
        }
        let r = prok.post(&path, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let done = if action == "submit" {
            "submitted"
        } else {
            "draft"
        };
        let to = format!("{path}?done={done}");
        assert_eq!(r.location.as_deref(), Some(to.as_str()));
        let page = prok.get(&to).await;
        let said = if action == "submit" {
            "Отчёт представлен координатору."
        } else {
            "Черновик сохранён."
        };
        assert!(page.body.contains(said), "{}", page.body);
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    let mut c = app.login("coord").await;
    c.get(&paths[0]).await;
    let r = c.post(&format!("{}/accept", paths[0]), &[]).await;
    let next = format!("{}?done=accepted", paths[1]);
    assert_eq!(
        r.location.as_deref(),
        Some(next.as_str()),
        "on to the next one"
    );
    assert!(
        c.get(&next)
            .await
            .body
            .contains("Отчёт принят. Открыт следующий отчёт")
    );
    let r = c
        .post(&format!("{}/return", paths[1]), &[("comment", "Нет цифр")])
        .await;
    let back = format!("{}?done=returned_last", paths[1]);
    assert_eq!(r.location.as_deref(), Some(back.as_str()), "none left");
    let page = c.get(&back).await;
    assert!(
        page.body
            .contains("Других отчётов, ждущих решения, за период нет.")
    );
    // An unknown word says nothing.
    assert!(
        !c.get(&format!("{}?done=hacked", paths[1]))
            .await
            .body
            .contains("notice ok")
    );
}
