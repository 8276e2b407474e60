//! The request span of the access log, with card numbers masked. The check
//! API takes a card in its query string (`/api/v1/check?q=4111…`), and
//! tower-http's default span records the URI verbatim at every level; full
//! card numbers must never reach a log, so the span records a masked URI.

use axum::http::{Request, Uri};
use dozor_indicator::card::mask_card_numbers;

/// The span tower-http's `TraceLayer` opens for each request: the fields of
/// its default span (method, URI, version), the URI decoded and masked,
/// and the client (behind trusted proxies, the one they name).
pub fn span<B>(req: &Request<B>) -> tracing::Span {
    let client = req
        .extensions()
        .get::<super::client::ClientAddr>()
        .map(|c| c.ip);
    tracing::debug_span!(
        "request",
        method = %req.method(),
        uri = %masked_uri(req.uri()),
        version = ?req.version(),
        client = ?client,
    )
}

/// Path and query percent-decoded (so `4111%201111…` and `4111+1111…` are
/// seen as the card numbers they are), then masked to BIN and last four.
pub fn masked_uri(uri: &Uri) -> String {
    let mut text = decode(uri.path().as_bytes(), false);
    if let Some(q) = uri.query() {
        text.push('?');
        text.push_str(&decode(q.as_bytes(), true));
    }
    mask_card_numbers(&text).into_owned()
}

/// Lossy percent-decoding; `plus` turns `+` into a space, as forms do.
fn decode(s: &[u8], plus: bool) -> String {
    let spaced: Vec<u8>;
    let s = if plus {
        spaced = s
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        &spaced
    } else {
        s
    };
    percent_encoding::percent_decode(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(s: &str) -> String {
        masked_uri(&s.parse().unwrap())
    }

    #[test]
    fn cards_are_masked_however_encoded() {
        assert_eq!(
            m("/api/v1/check?q=4111111111111111"),
            "/api/v1/check?q=411111••••••1111"
        );
        assert!(!m("/x?q=4111+1111+1111+1111").contains("4111 1111 1111 1111"));
        assert!(!m("/x?q=4111%201111%201111%201111").contains("1111 1111 1111 1111"));
        assert_eq!(m("/registry/42?page=2"), "/registry/42?page=2");
    }

    proptest! {
        #[test]
        fn decoding_never_panics(s in "[a-z0-9%+ ]{0,40}") {
            let _ = decode(s.as_bytes(), true);
        }
    }
}
