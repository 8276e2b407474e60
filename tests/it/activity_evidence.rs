//! Evidence files of an activity follow the report attachments' rules.

use crate::activity::{app, fields, record, signed_in};
use crate::helpers::{TestDb, on_both_engines};
use axum::http::StatusCode;

on_both_engines!(evidence_follows_the_attachment_rules);

fn file_ids(body: &str) -> Vec<String> {
    body.split("/activities/files/")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

async fn evidence_follows_the_attachment_rules(t: &TestDb) {
    let app = app(t).await;
    let m = app.measure_id("4").await.to_string();
    let umvd = app.agency("УМВД").await.to_string();
    let mut e = signed_in(&app, "prok").await;
    let id = record(&mut e, &fields(&m, &[])).await;
    let joint = record(
        &mut e,
        &fields(&m, &[("co_agencies", &umvd), ("title", "Совместный")]),
    )
    .await;
    let upload = format!("/activities/{id}/files");
    e.get(&format!("/activities/{id}")).await;
    let r = e
        .upload(
            &upload,
            "C:\\фото\\урок.jpg",
            "image/jpeg",
            b"\xff\xd8\xffjpeg",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = e
        .upload(&upload, "x.html", "text/html", b"<script>alert(1)</script>")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let empty = e.upload(&upload, "пусто.pdf", "application/pdf", b"").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Файл пустой"));
    let big = vec![b'a'; 20 * 1024 * 1024 + 1];
    let r = e.upload(&upload, "big.pdf", "application/pdf", &big).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Файл больше 20 МБ"));
    let page = e.get(&format!("/activities/{id}")).await;
    assert!(
        page.body.contains("урок.jpg"),
        "the name cleaned of its folders"
    );
    let ids = file_ids(&page.body);
    assert_eq!(ids.len(), 2);
    let photo = e.get(&format!("/activities/files/{}", ids[0])).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.content_type.as_deref(), Some("image/jpeg"));
    assert!(photo.disposition.unwrap().starts_with("attachment;"));
    let html = e.get(&format!("/activities/files/{}", ids[1])).await;
    assert_eq!(
        html.content_type.as_deref(),
        Some("application/octet-stream")
    );
    // Readers of the activity get the files; nobody else learns of them.
    let mut u = signed_in(&app, "umvd").await;
    assert_eq!(
        u.get(&format!("/activities/files/{}", ids[0])).await.status,
        StatusCode::NOT_FOUND
    );
    let r = u.upload(&upload, "a.pdf", "application/pdf", b"%PDF").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = u
        .upload(
            &format!("/activities/{joint}/files"),
            "a.pdf",
            "application/pdf",
            b"%PDF",
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a co-organiser does not write"
    );
    let mut c = signed_in(&app, "coord").await;
    assert_eq!(
        c.get(&format!("/activities/files/{}", ids[0])).await.status,
        StatusCode::OK
    );
    let log = c.get("/audit").await;
    assert!(log.body.contains("приложил"));
}
