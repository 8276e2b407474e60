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

thread_local! {
    /// Where this thread's log goes while a test captures it.
    static CAPTURE: std::cell::RefCell<Option<Buffer>> = const { std::cell::RefCell::new(None) };
}

/// One global subscriber for the binary, writing only what a capturing
/// thread logs. A thread-local `set_default` raced with the other tests'
/// threads over the callsites' cached interest and now and then lost the
/// request span; a global dispatcher with a per-event filter cannot.
fn capture_logs() -> Buffer {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        use tracing_subscriber::prelude::*;
        let layer = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(|| CAPTURE.with(|c| c.borrow().clone().unwrap_or_default()))
            .with_filter(tracing_subscriber::filter::filter_fn(|_| {
                CAPTURE.with(|c| c.borrow().is_some())
            }));
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
            .expect("no other global subscriber in the tests");
    });
    let buffer = Buffer::default();
    CAPTURE.with(|c| *c.borrow_mut() = Some(buffer.clone()));
    buffer
}

async fn card_numbers_in_a_query_are_masked_in_the_log(t: &TestDb) {
    let app = App::new(t).await;
    let buffer = capture_logs();
    let mut anon = app.client();
    for path in [
        "/api/v1/check?q=4111111111111111",
        "/api/v1/check?q=4111+1111+1111+1111",
        "/api/v1/check?q=4111%201111%201111%201111",
        "/registry?q=4111-1111-1111-1111",
    ] {
        anon.get(path).await;
    }
    CAPTURE.with(|c| *c.borrow_mut() = None);
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
