//! Liveness checks of URL indicators (measure 9): what counts as online,
//! where a redirect leads and which URL a check fetches. Pure logic; the
//! network side is `run`, the SQL `store`; the settings
//! are `crate::config::registry::LivenessConfig`.
//!
//! Online means a web server answered for the resource: a final status
//! below 400, or 401, 403, 407 and 429, which are a live server refusing
//! us (a phishing kit behind a login or an anti-bot wall still works for
//! its victims). Offline: no answer (DNS, connection, TLS, timeout), any
//! other 4xx (404, 410, 451, ...), any 5xx, more than [`MAX_REDIRECTS`]
//! redirects, a redirect to nowhere, or an address the SSRF guard refuses.

use dozor_indicator::model::Status;
use url::Url;

mod ip;
pub mod net_guard;
mod outcome;
pub mod run;
pub mod store;
mod urls;

pub use ip::is_public_ip;
pub use outcome::{Failure, Method, Outcome, describe};
pub use urls::{fetch_url, literal_host_allowed, resolve_location};

/// Redirects followed at most; one more makes the check fail.
pub const MAX_REDIRECTS: u8 = 5;

/// Whether indicators with this status are still checked. Only the end
/// states in which nobody needs to know any more are skipped: found
/// inaccessible (gone), and restored (wrongly listed, access given back).
/// Blocked ones stay watched: measure 9 is about finding blocked sites that
/// still work.
pub fn is_watched(status: Status) -> bool {
    match status {
        Status::Active | Status::Blocking | Status::Blocked | Status::Appeal => true,
        Status::Inaccessible | Status::Restored => false,
    }
}

/// Whether a final status means the resource is up (see the module docs).
pub fn is_online_status(status: u16) -> bool {
    status < 400 || matches!(status, 401 | 403 | 407 | 429)
}

pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Whether HEAD's answer deserves a second opinion from GET: HEAD is
/// often unsupported (405, 501) or mishandled (404, 500, a dropped
/// connection) by servers that serve GET fine. A host that cannot be
/// reached at all is not asked twice.
pub fn retry_with_get(head: Result<u16, Failure>) -> bool {
    match head {
        Ok(status) => !is_online_status(status),
        Err(failure) => !failure.unreachable(),
    }
}

/// What to do after a response on the `redirects`-th hop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// Final: online or not.
    Done(bool),
    Follow(Url),
    Fail(Failure),
}

pub fn after_response(base: &Url, status: u16, location: Option<&[u8]>, redirects: u8) -> Next {
    match location {
        Some(location) if is_redirect_status(status) => {
            if redirects >= MAX_REDIRECTS {
                Next::Fail(Failure::TooManyRedirects)
            } else {
                resolve_location(base, location).map_or_else(Next::Fail, Next::Follow)
            }
        }
        _ => Next::Done(is_online_status(status)),
    }
}

#[cfg(test)]
mod tests;
