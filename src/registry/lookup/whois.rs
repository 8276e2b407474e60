//! WHOIS over port 43 (RFC 3912) for .ru, .рф and .su, whose registry (TCI)
//! publishes no RDAP, and the parser of TCI's `key: value` answer.

use super::owner::{Owner, RAW_CAP, Source, truncate};
use super::upstream_error;
use crate::error::{Error, Result};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The most of an answer read: a TCI answer is under 1 KiB, and a server
/// that keeps talking must not fill the memory.
pub const MAX_ANSWER: usize = 64 * 1024;

/// TCI's words for a name nobody holds.
const NOT_FOUND: &str = "No entries found";

/// Reads TCI's answer. `registered` is true only when the answer names the
/// domain; `server` is left for the caller to fill.
pub fn parse_tci(text: &str) -> Owner {
    let mut o = Owner {
        source: Source::Whois,
        ..Default::default()
    };
    let mut kept = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim_start().starts_with(['%', '#']) {
            continue;
        }
        if !line.trim().is_empty() {
            kept.push(line);
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        // Keys are lower-case words with hyphens; this skips prose such as
        // "Last updated on 2024-06-05T11:16:30Z", whose time holds colons.
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            continue;
        }
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let first = |slot: &mut Option<String>| {
            slot.get_or_insert_with(|| value.to_string());
        };
        match key {
            "domain" if o.domain.is_empty() => {
                o.domain = value.to_ascii_lowercase();
                o.registered = true;
            }
            // "ns1.yandex.ru. 213.180.193.1, 2a02:6b8::1": the name, then its glue addresses.
            "nserver" => {
                if let Some(name) = value.split_whitespace().next() {
                    let name = name.trim_end_matches([',', '.']).to_ascii_lowercase();
                    if !name.is_empty() && !o.name_servers.contains(&name) {
                        o.name_servers.push(name);
                    }
                }
            }
            "state" => {
                o.status = value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            "org" => first(&mut o.org),
            "person" => first(&mut o.person),
            "taxpayer-id" => first(&mut o.taxpayer_id),
            "registrar" => first(&mut o.registrar),
            "created" => first(&mut o.created),
            "paid-till" => first(&mut o.paid_till),
            "free-date" => first(&mut o.free_date),
            _ => {}
        }
    }
    let raw = kept.join("\n");
    o.raw = (!raw.is_empty()).then(|| truncate(&raw, RAW_CAP).to_string());
    o
}

/// Whether the answer says the name is not registered.
pub fn says_not_found(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim_start_matches(['%', ' ']).starts_with(NOT_FOUND))
}

/// The query sent for `domain`: its punycode form, refused if it could
/// carry anything but a host name (a line break would start a second query).
pub fn query_line(domain: &str) -> Result<String> {
    let ascii = idna::domain_to_ascii(domain.trim().trim_end_matches('.'))
        .map_err(|_| Error::Invalid(format!("«{domain}» — не имя домена")))?;
    let ok = !ascii.is_empty()
        && ascii
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if !ok {
        return Err(Error::Invalid(format!("«{domain}» — не имя домена")));
    }
    Ok(format!("{ascii}\r\n"))
}

/// `host:port`, with WHOIS's port 43 when none is given.
fn address(server: &str) -> String {
    let has_port = server
        .rsplit_once(':')
        .is_some_and(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if has_port {
        server.to_string()
    } else {
        format!("{server}:43")
    }
}

/// Asks `server` about `domain` and reads its whole answer, lossily as UTF-8
/// (TCI answers in UTF-8; a stray byte must not lose the rest).
pub async fn query(server: &str, domain: &str, timeout: Duration) -> Result<String> {
    let line = query_line(domain)?;
    let addr = address(server);
    let fail = |why: &str| upstream_error("WHOIS", server, why);
    let mut stream = match tokio::time::timeout(timeout, TcpStream::connect(&addr)).await {
        Err(_) => return Err(fail("время ожидания истекло")),
        Ok(Err(e)) => {
            tracing::warn!(server, error = %e, "whois connect failed");
            return Err(fail(io_reason(&e)));
        }
        Ok(Ok(s)) => s,
    };
    let exchange = async {
        stream.write_all(line.as_bytes()).await?;
        let mut answer = Vec::new();
        let mut chunk = [0u8; 8192];
        while answer.len() < MAX_ANSWER {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            let room = MAX_ANSWER - answer.len();
            answer.extend_from_slice(chunk.get(..n.min(room)).unwrap_or_default());
        }
        Ok::<_, std::io::Error>(answer)
    };
    match tokio::time::timeout(timeout, exchange).await {
        Err(_) => Err(fail("время ожидания истекло")),
        Ok(Err(e)) => {
            tracing::warn!(server, error = %e, "whois exchange failed");
            Err(fail(io_reason(&e)))
        }
        Ok(Ok(bytes)) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// Looks `domain` up at `server`: its owner, or a free name, or an error
/// when the server answered with neither (e.g. its rate limit).
pub async fn lookup(server: &str, domain: &str, timeout: Duration) -> Result<Owner> {
    let text = query(server, domain, timeout).await?;
    let mut owner = parse_tci(&text);
    if !owner.registered && !says_not_found(&text) {
        let why = if text.contains("exceeded") {
            "превышен лимит запросов, повторите позже"
        } else {
            "ответ не содержит данных о домене"
        };
        return Err(upstream_error("WHOIS", server, why));
    }
    owner.server = server.to_string();
    if owner.domain.is_empty() {
        owner.domain = query_line(domain)?.trim_end().to_string();
    }
    Ok(owner)
}

/// A network failure in words for people, without the system's details.
pub(super) fn io_reason(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::ConnectionRefused => "соединение отклонено",
        ErrorKind::TimedOut => "время ожидания истекло",
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe => {
            "соединение прервано"
        }
        _ => "сеть недоступна или адрес не найден",
    }
}

#[cfg(test)]
mod tests;
