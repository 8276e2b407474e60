//! Attaching a file by htmx answers with the list of files alone (the page,
//! and the report text typed on it, stays); without htmx it redirects back.
//! The dashboard's trend chart has its values as a table too.

use crate::web_client::App;
use axum::body::Body;
use axum::http::{StatusCode, header};

#[tokio::test]
async fn htmx_upload_answers_with_the_list_of_files() {
    let t = crate::helpers::sqlite().await;
    let app = App::new(&t).await;
    let m = app.measure_id("8").await;
    let a = app.agency("Прокуратура округа").await;
    let path = format!("/reports/{m}/{a}/2020-Q3");
    app.at("2020-10-05T06:00:00Z");
    let mut e = app.login("prok").await;
    let page = e.get(&path).await;
    assert!(page.body.contains("hx-post=\"/reports/"), "{}", page.body);
    assert!(page.body.contains("data-warn-unsaved"));
    let csrf = e.csrf();
    let b = "dozor-test-boundary";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"акт.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nакт\r\n--{b}--\r\n"
    );
    let req = e
        .request("POST", &format!("{path}/attachments"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={b}"),
        )
        .header("hx-request", "true")
        .body(Body::from(body))
        .unwrap();
    let r = e.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("акт.txt"), "{}", r.body);
    assert!(!r.body.contains("<html"), "the list alone: {}", r.body);
    let r = e
        .upload(&format!("{path}/attachments"), "б.txt", "text/plain", b"x")
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "without htmx: back to the page"
    );

    let mut c = app.login("coord").await;
    let dash = c.get("/dashboard?period=2020-Q3").await.body;
    assert!(dash.contains("<summary>Значения</summary>"), "{dash}");
    assert!(dash.contains("<th>Своевременность</th>"));
    t.close().await;
}
