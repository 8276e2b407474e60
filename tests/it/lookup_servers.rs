//! The local servers the owner look-up tests talk to, answering in the real
//! formats: a port-43 WHOIS speaking TCI's text and an RDAP server with a
//! bootstrap redirect, a redirect loop and a 404; and the network-only cases.

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use dozor::config::registry::LookupConfig;
use dozor::registry::lookup;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const TCI_ANSWER: &str = "% TCI Whois Service. Terms of use:
% https://tcinet.ru/documents/whois_ru_rf.pdf (in Russian)
% https://tcinet.ru/documents/whois_su.pdf (in Russian)

domain:        XN--E1AFMKFD.XN--P1AI
nserver:       ns1.hoster.ru. 192.0.2.53, 2001:db8::53
nserver:       ns2.hoster.ru.
state:         REGISTERED, DELEGATED, VERIFIED
org:           OOO \"ROMASHKA\"
taxpayer-id:   7700000000
registrar:     RU-CENTER-RF
admin-contact: https://www.nic.ru/whois
created:       2023-02-01T09:45:07Z
paid-till:     2027-02-01T21:00:00Z
free-date:     2027-03-05
source:        TCI

Last updated on 2026-11-28T09:16:30Z
";

pub const TCI_FREE: &str = "% TCI Whois Service. Terms of use:
% https://tcinet.ru/documents/whois_ru_rf.pdf (in Russian)
% https://tcinet.ru/documents/whois_su.pdf (in Russian)

No entries found for the selected source(s).

Last updated on 2026-11-28T09:16:30Z
";

pub const RDAP_ANSWER: &str = r#"{
  "objectClassName": "domain", "handle": "2336799_DOMAIN_COM-VRSN", "ldhName": "EXAMPLE.COM",
  "status": ["client delete prohibited", "client transfer prohibited"],
  "entities": [{"objectClassName": "entity", "handle": "292", "roles": ["registrar"],
    "publicIds": [{"type": "IANA Registrar ID", "identifier": "292"}],
    "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "MarkMonitor Inc."]]],
    "entities": [{"objectClassName": "entity", "roles": ["abuse"],
      "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", ""]]]}]}],
  "events": [{"eventAction": "registration", "eventDate": "1995-08-14T04:00:00Z"},
             {"eventAction": "expiration", "eventDate": "2026-08-13T04:00:00Z"},
             {"eventAction": "last update of RDAP database", "eventDate": "2026-11-28T09:00:00Z"}],
  "nameservers": [{"objectClassName": "nameserver", "ldhName": "A.IANA-SERVERS.NET"},
                  {"objectClassName": "nameserver", "ldhName": "B.IANA-SERVERS.NET"}],
  "rdapConformance": ["rdap_level_0"],
  "notices": [{"title": "Terms of Use", "description": ["Service subject to Terms of Use."]}]
}"#;

/// A WHOIS server for one connection; yields the query line it received.
pub async fn whois_server(answer: &'static str) -> (String, oneshot::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let mut socket = BufReader::new(socket);
        let mut line = String::new();
        socket.read_line(&mut line).await.unwrap();
        let _ = tx.send(line);
        // Port 43's protocol: the server answers and closes.
        socket.get_mut().write_all(answer.as_bytes()).await.unwrap();
        socket.get_mut().shutdown().await.unwrap();
    });
    (addr, rx)
}

fn rdap_json(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/rdap+json")],
        body,
    )
        .into_response()
}

/// An RDAP server on loopback: `/domain/…` answers, `/bootstrap/…` sends
/// there as rdap.org does, `/loop/…` redirects forever, `/metadata/…` and
/// `/plain/…` somewhere the client must not follow.
pub async fn rdap_server() -> String {
    let app = Router::new()
        .route(
            "/domain/{name}",
            get(|Path(name): Path<String>| async move {
                match name.as_str() {
                    "example.com" => rdap_json(StatusCode::OK, RDAP_ANSWER),
                    _ => rdap_json(
                        StatusCode::NOT_FOUND,
                        r#"{"errorCode": 404, "title": "Not Found"}"#,
                    ),
                }
            }),
        )
        .route(
            "/bootstrap/domain/{name}",
            get(|Path(name): Path<String>| async move {
                Redirect::temporary(&format!("/domain/{name}"))
            }),
        )
        .route(
            "/metadata/domain/{name}",
            get(|| async { Redirect::temporary("https://169.254.169.254/latest/meta-data/") }),
        )
        .route(
            "/plain/domain/{name}",
            get(|Path(name): Path<String>| async move {
                Redirect::temporary(&format!("http://rdap.example.net/domain/{name}"))
            }),
        )
        .route(
            "/loop/domain/{name}",
            get(|Path(name): Path<String>| async move {
                Redirect::temporary(&format!("/loop/domain/{name}"))
            }),
        );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// A port nothing listens on.
pub async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().to_string()
}

pub fn config(whois: &str, rdap: &str) -> LookupConfig {
    LookupConfig {
        whois_server: whois.into(),
        rdap_base: rdap.into(),
        timeout_secs: 5,
    }
}

#[tokio::test]
async fn endless_redirects_are_cut() {
    let base = rdap_server().await;
    let cfg = config("127.0.0.1:9", &format!("{base}/loop"));
    let err = lookup::lookup_domain(&cfg, "example.com")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("перенаправлений"), "{err}");
}

/// A hostile redirect is not followed: no request leaves for it.
#[tokio::test]
async fn redirects_to_internal_or_plain_http_addresses_are_refused() {
    let base = rdap_server().await;
    for (path, why) in [
        ("metadata", "перенаправление на внутренний адрес"),
        ("plain", "перенаправление не по HTTPS"),
    ] {
        let cfg = config("127.0.0.1:9", &format!("{base}/{path}"));
        let err = lookup::lookup_domain(&cfg, "example.com")
            .await
            .unwrap_err();
        assert!(err.to_string().contains(why), "{path}: {err}");
    }
}

#[tokio::test]
async fn a_silent_whois_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        let (_socket, _) = listener.accept().await.unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    });
    let cfg = LookupConfig {
        whois_server: addr.clone(),
        timeout_secs: 1,
        ..LookupConfig::default()
    };
    let err = lookup::lookup_domain(&cfg, "example.ru").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("Сервер WHOIS {addr} не дал ответа: время ожидания истекло")
    );
}

#[tokio::test]
async fn an_endless_whois_answer_is_capped() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut answer = TCI_ANSWER.to_string();
        answer.push_str(&"remarks:       padding\n".repeat(10_000));
        let _ = socket.write_all(answer.as_bytes()).await;
        // Never closes on its own: the cap must end the read, not EOF.
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    });
    let text = dozor::registry::lookup::whois::query(
        &addr,
        "пример.рф",
        std::time::Duration::from_secs(5),
    )
    .await
    .unwrap();
    assert_eq!(text.len(), dozor::registry::lookup::whois::MAX_ANSWER);
    assert!(text.starts_with("% TCI Whois Service"));
}
