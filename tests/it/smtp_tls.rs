//! Mail over TLS to the local sink: STARTTLS and implicit TLS delivered when
//! the relay's certificate chains to `ca_file`, AUTH PLAIN/LOGIN over TLS,
//! the same relay refused without the CA (digests stored, nothing sent, the
//! run not failed), and plain text only when `tls = "none"` is asked for.

use crate::helpers::{TestDb, on_both_engines};
use crate::reminders::{EXECUTOR, HEAD, config, day, only, run, setup};
use crate::smtp_sink::{Auth, Options, Security, Sink};
use dozor::config::{CaFile, Config, SmtpTls};
use dozor::control::notify::DigestReport;
use std::path::Path;

on_both_engines!(
    starttls_delivers_only_to_a_relay_signed_by_the_ca,
    implicit_tls_delivers_with_auth_login,
    plain_text_only_when_asked_for
);

const USER: &str = "robot";
const PASSWORD: &str = "m4il-pass";

fn relay(port: u16, tls: SmtpTls, ca: bool, password: &str) -> Config {
    let mut c = config(port);
    let s = c.smtp.as_mut().unwrap();
    s.tls = tls;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tls/ca.pem");
    s.ca_file = ca.then(|| CaFile::load(Path::new(path)).unwrap());
    s.username = Some(USER.into());
    s.password = Some(password.into());
    c
}

fn sink(security: Security, mechanism: &'static str) -> Options {
    Options {
        security,
        auth: Some(Auth {
            user: USER,
            password: PASSWORD,
            mechanism,
        }),
    }
}

fn sent_none(r: &DigestReport) {
    assert!(r.stored >= 3 || r.stored == 0, "{r:?}");
    assert_eq!((r.emailed, r.failed), (0, 2), "{r:?}");
}

/// The executor's digest and the head's copy, both over TLS as `robot`.
fn delivered_over_tls(r: &DigestReport, sink: &Sink) {
    assert_eq!((r.emailed, r.head_copies, r.failed), (1, 1, 0), "{r:?}");
    let mails = sink.take();
    for to in [EXECUTOR, HEAD] {
        let m = only(&mails, to);
        assert!(m.tls, "{m:?}");
        assert_eq!(m.user.as_deref(), Some(USER));
    }
}

async fn starttls_delivers_only_to_a_relay_signed_by_the_ca(t: &TestDb) {
    let (app, _) = setup(t).await;
    let sink = Sink::start_with(sink(Security::StartTls, "PLAIN")).await;
    let d = day(10, 15);
    // The self-signed chain without its CA: refused, the run goes on.
    let r = run(
        &app,
        &relay(sink.port, SmtpTls::StartTls, false, PASSWORD),
        d,
    )
    .await;
    sent_none(&r);
    let r = run(&app, &relay(sink.port, SmtpTls::StartTls, true, "wrong"), d).await;
    sent_none(&r);
    assert!(sink.take().is_empty());
    let r = run(
        &app,
        &relay(sink.port, SmtpTls::StartTls, true, PASSWORD),
        d,
    )
    .await;
    delivered_over_tls(&r, &sink);
}

async fn implicit_tls_delivers_with_auth_login(t: &TestDb) {
    let (app, _) = setup(t).await;
    let sink = Sink::start_with(sink(Security::Tls, "LOGIN")).await;
    let d = day(10, 15);
    let r = run(&app, &relay(sink.port, SmtpTls::Tls, false, PASSWORD), d).await;
    sent_none(&r);
    assert!(sink.take().is_empty());
    let r = run(&app, &relay(sink.port, SmtpTls::Tls, true, PASSWORD), d).await;
    delivered_over_tls(&r, &sink);
}

async fn plain_text_only_when_asked_for(t: &TestDb) {
    let (app, _) = setup(t).await;
    let sink = Sink::start().await;
    let d = day(10, 15);
    // The relay offers no STARTTLS: the default mode does not fall back.
    let r = run(
        &app,
        &relay(sink.port, SmtpTls::StartTls, true, PASSWORD),
        d,
    )
    .await;
    sent_none(&r);
    assert!(sink.take().is_empty());
    let mut plain = config(sink.port);
    assert_eq!(plain.smtp.as_ref().unwrap().tls, SmtpTls::None);
    plain.smtp.as_mut().unwrap().username = None;
    let r = run(&app, &plain, d).await;
    assert_eq!((r.emailed, r.head_copies, r.failed), (1, 1, 0), "{r:?}");
    let mails = sink.take();
    assert!(!only(&mails, EXECUTOR).tls);
}

/// A relay that takes the connection and never answers (STARTTLS set
/// against a port-465 relay waits for a greeting that never comes): the
/// send gives up at its bound instead of stalling the run.
#[tokio::test]
async fn a_silent_relay_is_given_up_at_the_bound() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let cfg = relay(port, SmtpTls::StartTls, true, PASSWORD);
    let mailer = dozor::control::notify::mail::Mailer::new(cfg.smtp.as_ref().unwrap())
        .unwrap()
        .with_send_limit(std::time::Duration::from_secs(2));
    let started = std::time::Instant::now();
    let err = mailer
        .send("executor@example.org", "Тема", "Текст")
        .await
        .unwrap_err();
    assert!(err.contains("no answer from the relay"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    hold.abort();
}
