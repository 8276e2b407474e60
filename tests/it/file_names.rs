//! Attachment names lose bidirectional controls and other invisible format
//! characters, on upload and again when served (rows stored before).

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use axum::http::StatusCode;
use dozor::db::entity::control::attachment;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

on_both_engines!(bidi_controls_leave_attachment_names);

/// The percent-encoded UTF-8 of U+202E (RIGHT-TO-LEFT OVERRIDE).
const RLO: &str = "%E2%80%AE";

async fn bidi_controls_leave_attachment_names(t: &TestDb) {
    let app = App::new(t).await;
    let m = app.measure_id("8").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    e.get(&path).await;
    let upload = format!("{path}/attachments");
    let name = "счёт\u{202E}fdp.exe\u{2066}\u{200F}";
    let r = e
        .upload(&upload, name, "application/pdf", b"%PDF-1.4")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = attachment::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.file_name, "счётfdp.exe");
    let page = e.get(&path).await;
    assert!(page.body.contains("счётfdp.exe"), "{}", page.body);
    assert!(!page.body.contains('\u{202E}'));
    // A name stored before the fix is cleaned on the way out.
    let id = stored.id;
    let mut old = stored.into_active_model();
    old.file_name = Set("старый\u{202E}fdp.exe".into());
    old.update(&app.state.db).await.unwrap();
    let file = e.get(&format!("/attachments/{id}")).await;
    assert_eq!(file.status, StatusCode::OK);
    let disposition = file.disposition.unwrap();
    assert!(!disposition.contains(RLO), "{disposition}");
    assert!(disposition.ends_with("fdp.exe"), "{disposition}");
}
