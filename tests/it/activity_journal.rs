//! The journal's filters, totals, exports and audit trail through the router.

use crate::activity::{app, fields, municipality, record, signed_in, stored};
use crate::helpers::{TestDb, on_both_engines, zip_entry};
use axum::http::StatusCode;
use dozor::db::entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_engines!(
    a_joint_activity_counts_once_and_co_organisers_see_it,
    filters_narrow_the_journal,
    exports_hold_the_filtered_rows_in_scope,
    edits_and_deletions_are_audited_before_and_after,
);

fn total(body: &str, id: &str) -> String {
    let start = body.find(&format!(r#"id="{id}">"#)).unwrap() + id.len() + 6;
    body[start..].split('<').next().unwrap().to_string()
}

async fn a_joint_activity_counts_once_and_co_organisers_see_it(t: &TestDb) {
    let app = app(t).await;
    let m = app.measure_id("4").await.to_string();
    let umvd = app.agency("УМВД").await.to_string();
    let sk = app.agency("СУ СК").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    let joint = record(
        &mut e,
        &fields(
            &m,
            &[
                ("reached", "100"),
                ("co_agencies", &umvd),
                ("title", "Совместно"),
            ],
        ),
    )
    .await;
    let mut f = fields(&m, &[("reached", "50"), ("title", "Сами")]);
    f.push(("co_agencies", &sk));
    f.push(("co_agencies", &umvd));
    f.retain(|(k, v)| !(*k == "co_agencies" && *v == umvd.as_str()));
    record(&mut e, &f).await;
    let mut c = signed_in(&app, "coord").await;
    let all = c.get("/activities").await;
    assert_eq!(total(&all.body, "total-count"), "2");
    assert_eq!(total(&all.body, "total-reached"), "150");
    let mut u = signed_in(&app, "umvd").await;
    let mine = u.get("/activities").await;
    assert!(mine.body.contains(&format!("/activities/{joint}")));
    assert_eq!(total(&mine.body, "total-count"), "1");
    assert_eq!(total(&mine.body, "total-reached"), "100");
    // By agency: each co-organiser's filter holds the joint one, once.
    for (agency, count, reached) in [(umvd.as_str(), "1", "100"), (sk.as_str(), "1", "50")] {
        let page = c.get(&format!("/activities?agency={agency}")).await;
        assert_eq!(total(&page.body, "total-count"), count);
        assert_eq!(total(&page.body, "total-reached"), reached);
    }
    let prok = app.agency("Прокуратура округа").await;
    let page = c.get(&format!("/activities?agency={prok}")).await;
    assert_eq!(
        total(&page.body, "total-reached"),
        "150",
        "the owner's both, each once"
    );
}

async fn filters_narrow_the_journal(t: &TestDb) {
    let app = app(t).await;
    let m4 = app.measure_id("4").await.to_string();
    let m7 = app.measure_id("7").await.to_string();
    let surgut = municipality(&app, "Сургут").await.to_string();
    let nyagan = municipality(&app, "Нягань").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    let a = record(
        &mut e,
        &fields(
            &m4,
            &[
                ("municipality", &surgut),
                ("audience", "учащиеся"),
                ("title", "А"),
            ],
        ),
    )
    .await;
    let b = record(
        &mut e,
        &fields(
            &m7,
            &[
                ("kind", "talk"),
                ("starts_on", "2020-08-01"),
                ("municipality", &nyagan),
                ("audience", "работники предприятий"),
                ("title", "Б"),
            ],
        ),
    )
    .await;
    let c_ = record(
        &mut e,
        &fields(&m4, &[("audience", "пенсионеры"), ("title", "В")]),
    )
    .await;
    let mut c = signed_in(&app, "coord").await;
    let cases: Vec<(String, Vec<i32>)> = vec![
        (format!("municipality={surgut}"), vec![a]),
        ("municipality=okrug".into(), vec![c_]),
        ("period=2020-Q3".into(), vec![b]),
        ("period=2020-Q4".into(), vec![a, c_]),
        (format!("measure={m4}"), vec![a, c_]),
        ("kind=talk".into(), vec![b]),
        (
            "audience=%D1%80%D0%B0%D0%B1%D0%BE%D1%82%D0%BD%D0%B8%D0%BA%D0%B8".into(),
            vec![b],
        ),
        (
            format!("kind=lesson&municipality={surgut}&period=2020-Q4"),
            vec![a],
        ),
    ];
    for (q, want) in cases {
        let page = c.get(&format!("/activities?{q}")).await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        for id in [a, b, c_] {
            let shown = page.body.contains(&format!(r#"href="/activities/{id}""#));
            assert_eq!(shown, want.contains(&id), "{q}: {id}");
        }
        assert_eq!(
            total(&page.body, "total-count"),
            want.len().to_string(),
            "{q}"
        );
    }
    let page = c.get("/activities").await;
    let (pa, pc) = (
        page.body.find(&format!("/activities/{a}\"")).unwrap(),
        page.body.find(&format!("/activities/{b}\"")).unwrap(),
    );
    assert!(pa < pc, "newest first");
    let bad = c.get("/activities?period=вчера").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Период — квартал"));
}

async fn exports_hold_the_filtered_rows_in_scope(t: &TestDb) {
    let app = app(t).await;
    let m = app.measure_id("4").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    record(
        &mut e,
        &fields(&m, &[("title", "Урок прокуратуры"), ("reached", "31")]),
    )
    .await;
    record(
        &mut e,
        &fields(&m, &[("title", "=Беседа прокуратуры"), ("kind", "talk")]),
    )
    .await;
    let mut u = signed_in(&app, "umvd").await;
    record(&mut u, &fields(&m, &[("title", "Урок полиции")])).await;
    let csv = u.get("/activities/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type.unwrap().starts_with("text/csv"));
    assert!(csv.body.contains("Урок полиции"));
    assert!(
        !csv.body.contains("прокуратуры"),
        "another agency's rows stay out"
    );
    assert!(csv.body.contains("Охвачено человек"), "Russian headers");
    let mut c = signed_in(&app, "coord").await;
    let talks = c.get("/activities/export.csv?kind=talk").await;
    assert!(
        talks.body.contains("'=Беседа прокуратуры"),
        "a formula is defused"
    );
    assert!(!talks.body.contains("Урок"));
    assert_eq!(talks.body.lines().count(), 2);
    let xlsx = c.get("/activities/export.xlsx?kind=lesson").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let strings = zip_entry(&xlsx.bytes, "xl/sharedStrings.xml");
    assert!(strings.contains("Урок прокуратуры") && strings.contains("Урок полиции"));
    assert!(!strings.contains("Беседа"));
    assert!(strings.contains("Муниципальное образование"));
    let sheet = zip_entry(&xlsx.bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<v>31</v>"), "reached is a number");
    let mine = u.get("/activities/export.xlsx").await;
    let strings = zip_entry(&mine.bytes, "xl/sharedStrings.xml");
    assert!(!strings.contains("прокуратуры"));
}

async fn edits_and_deletions_are_audited_before_and_after(t: &TestDb) {
    let app = app(t).await;
    let m = app.measure_id("4").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    let id = record(&mut e, &fields(&m, &[("reached", "100")])).await;
    let form = e.get(&format!("/activities/{id}/edit")).await;
    assert!(
        form.body.contains(r#"value="100""#),
        "the form holds what is stored"
    );
    let r = e
        .post(
            &format!("/activities/{id}/edit"),
            &fields(&m, &[("reached", "120"), ("audience", "учащиеся")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("activity"))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(),
        ["create", "activity.edit"]
    );
    let before: serde_json::Value =
        serde_json::from_str(rows[1].before.as_deref().unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_str(rows[1].after.as_deref().unwrap()).unwrap();
    assert_eq!(before["reached"], 100);
    assert_eq!(after["reached"], 120);
    assert_eq!(after["audience"], "учащиеся");
    assert_eq!(rows[1].actor, "prok");
    let mut c = signed_in(&app, "coord").await;
    let log = c.get("/audit").await;
    assert!(
        log.body.contains(&format!(r#"href="/activities/{id}""#)),
        "{}",
        log.body
    );
    assert!(log.body.contains("охвачено человек"));
    assert!(log.body.contains("записал в журнал"));
    let confirm = e.get(&format!("/activities/{id}/delete")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    let r = e.post(&format!("/activities/{id}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(stored(&app).await, 0);
    let last = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.action, "activity.delete");
    assert!(last.before.unwrap().contains("120"));
    assert!(last.after.is_none());
    assert_eq!(
        e.get(&format!("/activities/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}
