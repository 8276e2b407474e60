//! Who the client is: the socket peer, or, when the peer is one of the
//! configured `trusted_proxies`, the client its forwarding headers name.
//! A middleware works it out once per request and leaves a [`ClientAddr`]
//! in the request's extensions for every rate limit and log line; on the
//! way out it marks HTTPS responses (`Secure` cookies, HSTS).

use super::forwarded::{self, Hop};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// The networks whose forwarding headers are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    pub fn new(nets: &[IpNet]) -> TrustedProxies {
        TrustedProxies(nets.into())
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// The client of this request, and whether it reached the first proxy over
/// HTTPS. Without any socket address (in-process calls) it is `0.0.0.0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr {
    pub ip: IpAddr,
    pub https: bool,
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.ip.fmt(f)
    }
}

impl ClientAddr {
    /// The middleware's answer, or the bare peer where it did not run (a
    /// router mounted on its own, as the check API's tests do).
    pub fn of(parts: &Parts) -> ClientAddr {
        ClientAddr::resolve_in(parts, &TrustedProxies::default())
    }

    /// The middleware's answer, or else worked out here with `proxies`:
    /// for routes the middleware does not wrap.
    pub fn resolve_in(parts: &Parts, proxies: &TrustedProxies) -> ClientAddr {
        parts
            .extensions
            .get::<ClientAddr>()
            .copied()
            .unwrap_or_else(|| resolve(peer(&parts.extensions), &parts.headers, proxies))
    }
}

/// Whom an address stands for in a rate limit: an IPv6 client holds a
/// whole /64 (one subscriber's prefix), so its budget is the prefix's, not
/// the address's; a v4-mapped address is its v4 one.
pub fn subscriber(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        v4 => v4,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::of(parts))
    }
}

fn peer(ext: &axum::http::Extensions) -> Option<IpAddr> {
    ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// The client behind `peer`. Headers count only from a trusted peer; the
/// chain is walked from the right, and the first hop that is not a trusted
/// proxy is the client (all trusted: the leftmost). A hop that names no
/// address stops the walk at the proxy that wrote it. When both headers
/// are sent and disagree, one of them came from the client: neither is
/// believed.
pub fn resolve(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &TrustedProxies) -> ClientAddr {
    let Some(peer) = peer.map(|p| p.to_canonical()) else {
        return ClientAddr {
            ip: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            https: false,
        };
    };
    if !trusted.trusts(peer) {
        return ClientAddr {
            ip: peer,
            https: false,
        };
    }
    let xff = forwarded::x_forwarded_for(headers);
    let fwd = forwarded::forwarded_for(headers);
    let ip = match (xff.is_empty(), fwd.is_empty()) {
        (true, true) => peer,
        (false, true) => walk(&xff, peer, trusted),
        (true, false) => walk(&fwd, peer, trusted),
        (false, false) => {
            let (a, b) = (walk(&xff, peer, trusted), walk(&fwd, peer, trusted));
            if a == b { a } else { peer }
        }
    };
    ClientAddr {
        ip,
        https: forwarded::https(headers),
    }
}

fn walk(hops: &[Hop], peer: IpAddr, trusted: &TrustedProxies) -> IpAddr {
    let mut nearest = peer;
    for hop in hops.iter().rev() {
        match *hop {
            Hop::Ip(ip) if trusted.trusts(ip) => nearest = ip,
            Hop::Ip(ip) => return ip,
            Hop::Unknown => return nearest,
        }
    }
    nearest
}

/// What the middleware needs: whom to trust, and whether every request is
/// HTTPS anyway (`--secure-cookies`: TLS in front, whatever the headers).
#[derive(Clone, Debug, Default)]
pub struct ClientSettings {
    pub proxies: TrustedProxies,
    pub always_https: bool,
}

/// A year: browsers keep to HTTPS for this site that long.
const HSTS: &str = "max-age=31536000";

/// Puts the [`ClientAddr`] into the request; marks an HTTPS response's
/// cookies `Secure` (the session layer sets its flags once, at start) and
/// sends `Strict-Transport-Security`.
pub async fn middleware(State(s): State<ClientSettings>, mut req: Request, next: Next) -> Response {
    let client = resolve(peer(req.extensions()), req.headers(), &s.proxies);
    req.extensions_mut().insert(client);
    let mut res = next.run(req).await;
    if client.https {
        secure_cookies(res.headers_mut());
    }
    if client.https || s.always_https {
        res.headers_mut()
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(HSTS));
    }
    res
}

/// Adds `; Secure` to every `Set-Cookie` without it.
fn secure_cookies(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(header::SET_COOKIE);
    for c in cookies {
        let secure = c.to_str().is_ok_and(|s| {
            s.split(';')
                .skip(1)
                .any(|a| a.trim().eq_ignore_ascii_case("secure"))
        });
        let c = if secure {
            c
        } else {
            let mut bytes = c.as_bytes().to_vec();
            bytes.extend_from_slice(b"; Secure");
            HeaderValue::from_bytes(&bytes).unwrap_or(c)
        };
        headers.append(header::SET_COOKIE, c);
    }
}

#[cfg(test)]
mod tests;
