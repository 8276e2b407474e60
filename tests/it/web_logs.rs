//! The request log never holds a full card number: the access log's span
//! records the URI masked, at every level up to TRACE.

use crate::helpers::{TestDb, on_both_engines};
use crate::web_client::App;
use std::io::Write;
use std::sync::{Arc, Mutex};

on_both_engines!(card_numbers_in_a_query_are_masked_in_the_log);

/// A log sink the test reads back.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn card_numbers_in_a_query_are_masked_in_the_log(t: &TestDb) {
    let app = App::new(t).await;
    let buffer = Buffer::default();
    let sink = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    let mut anon = app.client();
    for path in [
        "/api/v1/check?q=4111111111111111",
        "/api/v1/check?q=4111+1111+1111+1111",
        "/api/v1/check?q=4111%201111%201111%201111",
        "/registry?q=4111-1111-1111-1111",
    ] {
        anon.get(path).await;
    }
    drop(guard);
    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("/api/v1/check"),
        "the request is logged: {log}"
    );
    assert!(log.contains("411111"), "BIN kept for the reader: {log}");
    let digits: String = log
        .chars()
        .map(|c| if c.is_ascii_digit() { c } else { ' ' })
        .collect();
    for run in [
        "4111111111111111",
        "4111 1111 1111 1111",
        "4111%201111",
        "4111+1111+1111",
        "4111-1111-1111-1111",
    ] {
        assert!(!log.contains(run), "{run} in the log: {log}");
    }
    assert!(
        !digits.split_whitespace().any(|d| d.len() >= 13),
        "no long run of digits: {log}"
    );
}
