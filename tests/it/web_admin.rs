//! The admin's pages: users and agencies; only the admin may use them.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::{App, PASSWORD};
use axum::http::StatusCode;

on_both_engines!(
    admin_manages_users,
    admin_manages_agencies,
    an_executor_needs_an_existing_agency,
);

/// A missing agency was a foreign key failure (500); none at all made an
/// executor who could write nothing.
async fn an_executor_needs_an_existing_agency(t: &TestDb) {
    let app = App::new(t).await;
    let mut a = app.login("admin").await;
    a.get("/admin/users").await;
    for (agency, message) in [
        ("999999", "Нет ведомства с номером 999999"),
        ("", "Выберите ведомство исполнителя"),
    ] {
        let r = a
            .post(
                "/admin/users",
                &[
                    ("login", "ghost"),
                    ("display_name", "ghost"),
                    ("role", "executor"),
                    ("agency_id", agency),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains(message), "{}", r.body);
    }
    let mut ghost = app.client();
    let r = ghost.login("ghost", PASSWORD).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "no such user was made");
}

async fn admin_manages_users(t: &TestDb) {
    let app = App::new(t).await;
    for login in ["coord", "prok", "viewer"] {
        let mut c = app.login(login).await;
        assert_eq!(
            c.get("/admin/users").await.status,
            StatusCode::FORBIDDEN,
            "{login}"
        );
        assert_eq!(
            c.post("/admin/users/umvd/disable", &[]).await.status,
            StatusCode::FORBIDDEN,
            "{login}"
        );
    }
    let mut a = app.login("admin").await;
    a.get("/admin/users").await;
    let sk = app.agency("СУ СК").await.to_string();
    let r = a
        .post(
            "/admin/users",
            &[
                ("login", "sk2"),
                ("display_name", "Следователь"),
                ("role", "executor"),
                ("agency_id", &sk),
                ("email", "sk@example.org"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("пароль не короче 10 символов"),
        "{}",
        r.body
    );
    let r = a
        .post(
            "/admin/users",
            &[
                ("login", "sk2"),
                ("display_name", "Следователь"),
                ("role", "executor"),
                ("agency_id", &sk),
                ("email", "sk@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = a
        .post(
            "/admin/users",
            &[
                ("login", "SK2"),
                ("display_name", "x"),
                ("role", "viewer"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "logins are case-insensitive"
    );
    let mut sk2 = app.login("sk2").await;
    assert_eq!(
        sk2.get("/obligations?period=2020-Q3").await.status,
        StatusCode::OK
    );
    a.post("/admin/users/sk2/disable", &[]).await;
    assert_eq!(
        sk2.get("/obligations?period=2020-Q3").await.status,
        StatusCode::SEE_OTHER,
        "a disabled user's session ends"
    );
    assert_eq!(
        app.client().login("sk2", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        a.post("/admin/users/admin/disable", &[]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    a.post("/admin/users/sk2/enable", &[]).await;
    assert_eq!(
        app.client().login("sk2", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn admin_manages_agencies(t: &TestDb) {
    let app = App::new(t).await;
    let mut a = app.login("admin").await;
    let page = a.get("/admin/agencies").await;
    assert!(page.body.contains("УМВД России по ХМАО-Югре"));
    let id = app.agency("УМВД").await;
    let r = a
        .post(
            &format!("/admin/agencies/{id}"),
            &[
                (
                    "name",
                    "Управление МВД России по Ханты-Мансийскому автономному округу – Югре",
                ),
                ("short_name", "УМВД"),
                ("head_email", "not-an-email"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = a
        .post(
            &format!("/admin/agencies/{id}"),
            &[
                (
                    "name",
                    "Управление МВД России по Ханты-Мансийскому автономному округу – Югре",
                ),
                ("short_name", "УМВД"),
                ("head_email", "head@umvd.example"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = a
        .post(
            &format!("/admin/agencies/{id}/aliases"),
            &[("alias", "УМВД Югры")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        dozor::agency::store::agency_by_alias(&t.db, "умвд  югры")
            .await
            .unwrap(),
        Some(id)
    );
    let r = a
        .post(
            &format!("/admin/agencies/{id}/aliases"),
            &[("alias", "Прокуратура округа")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = a
        .post(
            "/admin/agencies",
            &[
                ("name", "Департамент ИТ Югры"),
                ("head_email", "it@example.org"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = a.get("/admin/agencies").await;
    assert!(
        page.body.contains("head@umvd.example")
            && page.body.contains("Департамент ИТ Югры")
            && page.body.contains("it@example.org")
    );
    let mut c = app.login("coord").await;
    assert_eq!(c.get("/admin/agencies").await.status, StatusCode::FORBIDDEN);
}
