//! Drives the real router in-process, keeping the session cookie and the
//! CSRF token like a browser does.

use crate::helpers::{SEED, TestDb, now};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dozor::accounts::model::Role;
use dozor::accounts::store::{NewUser, create_user};
use dozor::actor::Actor;
use dozor::{state::AppState, time::clock::Clock};
use tower::ServiceExt;

pub const PASSWORD: &str = "a-long-test-password";

/// The app over a test database, with a clock the test moves.
pub struct App {
    pub router: Router,
    pub state: AppState,
    pub plan_id: i32,
}

impl App {
    /// The seed plan imported, one user per role (executors of the three agencies).
    pub async fn new(t: &TestDb) -> App {
        App::with_config(t, |_| {}).await
    }

    /// `new` with settings changed by `f` (servers the test started).
    pub async fn with_config(t: &TestDb, f: impl FnOnce(&mut dozor::config::Config)) -> App {
        let bytes = std::fs::read(SEED).unwrap();
        let parsed = dozor::plan::import::parse(&bytes, "seed", None)
            .unwrap()
            .1
            .plan;
        let (valid_from, valid_to) = dozor::plan::import::validity(&parsed).unwrap();
        let settings = dozor::plan::store::Settings {
            timezone: chrono_tz::Asia::Yekaterinburg,
            due_shift: dozor::time::calendar::DueShift::Next,
            paid_non_working: dozor::time::calendar::PaidNonWorking::Working,
            reporting: dozor::time::period::Every::Quarter,
            valid_from,
            valid_to,
        };
        let plan_id = match dozor::plan::store::import(
            &t.db,
            &parsed,
            &settings,
            "seed",
            now(),
            &Actor::named("test"),
        )
        .await
        .unwrap()
        {
            dozor::plan::store::Imported::New { id, .. } => id,
            other => panic!("{other:?}"),
        };
        for (login, role, agency) in [
            ("admin", Role::Admin, None),
            ("coord", Role::Coordinator, None),
            ("viewer", Role::Viewer, None),
            ("prok", Role::Executor, Some("Прокуратура округа")),
            ("umvd", Role::Executor, Some("УМВД")),
        ] {
            let agency_id = match agency {
                Some(a) => dozor::agency::store::agency_by_alias(&t.db, a)
                    .await
                    .unwrap(),
                None => None,
            };
            let n = NewUser {
                login,
                display_name: login,
                role,
                agency_id,
                email: None,
                password: PASSWORD,
            };
            create_user(&t.db, &n, now(), &Actor::named("test"))
                .await
                .unwrap();
        }
        let mut config = dozor::config::Config::load(&dozor::config::Overrides {
            database_url: Some(t.url.clone()),
            ..Default::default()
        })
        .unwrap();
        f(&mut config);
        let state = AppState::new(
            t.db.clone(),
            config,
            Default::default(),
            Clock::fixed(now()),
            false,
        );
        App {
            router: dozor::app::router(state.clone()),
            state,
            plan_id,
        }
    }

    /// The same app with a card key (without one, cards are refused).
    pub fn with_card_key(self, key: &[u8]) -> App {
        let key = dozor_indicator::model::CardKey(key.to_vec());
        let state = self.state.with_card_key(Some(key));
        App {
            router: dozor::app::router(state.clone()),
            state,
            plan_id: self.plan_id,
        }
    }

    /// A second instance over the same database: its own pool and its own
    /// in-memory caches (needs a database a second pool can reach: not
    /// in-memory SQLite).
    pub async fn twin(&self, t: &TestDb) -> App {
        let db = dozor::db::connect(&t.url).await.unwrap();
        let state = AppState::new(
            db,
            (*self.state.config).clone(),
            Default::default(),
            self.state.clock.clone(),
            false,
        );
        App {
            router: dozor::app::router(state.clone()),
            state,
            plan_id: self.plan_id,
        }
    }

    pub fn at(&self, instant: &str) {
        self.state.clock.set(instant.parse().unwrap());
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookie: None,
            csrf: None,
            peer: None,
            headers: Vec::new(),
        }
    }

    /// A client whose requests come from the socket address `peer`.
    pub fn client_from(&self, peer: &str) -> Client {
        let mut c = self.client();
        c.peer = Some(peer.parse().unwrap());
        c
    }

    /// A client signed in as `login`.
    pub async fn login(&self, login: &str) -> Client {
        let mut c = self.client();
        let res = c.login(login, PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "login {login}: {}",
            res.body
        );
        c
    }

    pub async fn agency(&self, alias: &str) -> i32 {
        dozor::agency::store::agency_by_alias(&self.state.db, alias)
            .await
            .unwrap()
            .unwrap()
    }

    pub async fn measure_id(&self, number: &str) -> i32 {
        let p = dozor::plan::store::load(&self.state.db, self.plan_id)
            .await
            .unwrap();
        let i = p.measures.iter().position(|m| m.number == number).unwrap();
        p.measure_ids[i]
    }
}

#[allow(dead_code)] // content_type is for the downloads' tests
pub struct Response {
    pub status: StatusCode,
    pub disposition: Option<String>,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent, for documents compared byte for byte.
    pub bytes: Vec<u8>,
}

pub struct Client {
    router: Router,
    cookie: Option<String>,
    csrf: Option<String>,
    /// The socket peer its page requests carry, as `ConnectInfo`.
    peer: Option<std::net::SocketAddr>,
    /// Extra headers of its page requests (a proxy's, say).
    headers: Vec<(&'static str, String)>,
}

impl Client {
    /// A client of another router (a second instance over the same database).
    pub fn of(router: Router) -> Client {
        Client {
            router,
            cookie: None,
            csrf: None,
            peer: None,
            headers: Vec::new(),
        }
    }

    pub async fn send(&mut self, req: Request<Body>) -> Response {
        let res = self.router.clone().oneshot(req).await.unwrap();
        if let Some(c) = res.headers().get(header::SET_COOKIE) {
            let c = c.to_str().unwrap();
            self.cookie = Some(c.split(';').next().unwrap().to_string());
        }
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let content_type = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string());
        let disposition = res
            .headers()
            .get(header::CONTENT_DISPOSITION)
            .map(|v| v.to_str().unwrap().to_string());
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(t) = find_csrf(&body) {
            self.csrf = Some(t);
        }
        Response {
            status,
            disposition,
            location,
            content_type,
            headers,
            body,
            bytes: bytes.to_vec(),
        }
    }

    /// Sends `name: value` with every page request from now on.
    pub fn with_header(mut self, name: &'static str, value: &str) -> Client {
        self.headers.push((name, value.to_string()));
        self
    }

    pub fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(c) = &self.cookie {
            b = b.header(header::COOKIE, c);
        }
        if let Some(peer) = self.peer {
            b = b.extension(axum::extract::ConnectInfo(peer));
        }
        for (k, v) in &self.headers {
            b = b.header(*k, v);
        }
        b
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.get_with_headers(path, &[]).await
    }

    /// A page request with extra headers (`Referer`, `Host`).
    pub async fn get_with_headers(&mut self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut b = self.request("GET", path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    /// Posts a form with the page's CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let csrf = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts these fields (no CSRF token added) with extra headers.
    pub async fn post_with_headers(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response {
        let mut b = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(b.body(Body::from(body)).unwrap()).await
    }

    /// Posts exactly these fields, CSRF token or not.
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub async fn get_with_token(&mut self, path: &str, token: &str) -> Response {
        let req = Request::builder()
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// A JSON request with a bearer token (no cookie).
    pub async fn api(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if body.is_some() {
            b = b.header(header::CONTENT_TYPE, "application/json");
        }
        let req = b
            .body(body.map_or_else(Body::empty, |v| Body::from(v.to_string())))
            .unwrap();
        let res = self.send(req).await;
        let json = serde_json::from_str(&res.body).unwrap_or(serde_json::Value::Null);
        (res.status, json)
    }

    /// Adds `bad-shop.ru` (phishing) through the API with `case`.
    pub async fn add_with_case(
        &mut self,
        token: &str,
        case: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let body = serde_json::json!({
            "values": ["bad-shop.ru"],
            "category": "phishing",
            "case": case,
        });
        self.api("POST", "/api/v1/indicators", token, Some(body))
            .await
    }

    /// A JSON PUT with the session cookie, and the CSRF header when given.
    pub async fn put_json_session(
        &mut self,
        path: &str,
        csrf: Option<&str>,
        body: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let mut b = self
            .request("PUT", path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = csrf {
            b = b.header("x-csrf-token", t);
        }
        let res = self
            .send(b.body(Body::from(body.to_string())).unwrap())
            .await;
        (
            res.status,
            serde_json::from_str(&res.body).unwrap_or(serde_json::Value::Null),
        )
    }

    /// Uploads one file as the `file` field, the CSRF token in the query.
    pub async fn upload(
        &mut self,
        path: &str,
        name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Response {
        self.upload_with(path, &[], name, content_type, bytes).await
    }

    /// Uploads text fields, then one file as the `file` field; the form's
    /// token goes first, as the pages' forms put it.
    pub async fn upload_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Response {
        let csrf = self.csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.send_multipart(path, &all, name, content_type, bytes)
            .await
    }

    /// Posts a multipart form of exactly these fields and then the file.
    pub async fn send_multipart(
        &mut self,
        uri: &str,
        fields: &[(&str, &str)],
        name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Response {
        let boundary = "dozor-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = self
            .request("POST", uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub fn csrf(&self) -> String {
        self.csrf.clone().unwrap_or_default()
    }

    /// Creates an API token on the tokens page and returns it.
    pub async fn new_token(&mut self) -> String {
        self.get("/tokens").await;
        let r = self.post("/tokens", &[("name", "test")]).await;
        r.body
            .split("<code class=\"token\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string()
    }

    pub async fn login(&mut self, login: &str, password: &str) -> Response {
        self.get("/login").await;
        self.post(
            "/login",
            &[("login", login), ("password", password), ("next", "/")],
        )
        .await
    }
}

fn find_csrf(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(html[at..].split('"').next()?.to_string())
}
