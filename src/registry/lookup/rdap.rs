//! RDAP (RFC 9082 queries, RFC 9083 answers) for every zone but TCI's:
//! `GET {base}/domain/{name}`, where the base is a bootstrap redirector such
//! as rdap.org that sends the client on to the zone's own server.

use super::owner::{Owner, Source};
use super::upstream_error;
use super::whois::query_line;
use crate::error::{Error, Result};
use client::{client, port_suffix, reqwest_reason};
use reqwest::{StatusCode, header};
use serde_json::Value;
use std::time::Duration;

/// The most of an answer read; real domain answers are a few KiB.
pub const MAX_BODY: usize = 1024 * 1024;

mod client;

/// Reads a domain object; None when `body` is not RDAP JSON for a domain.
pub fn parse_rdap(body: &str) -> Option<Owner> {
    let v: Value = serde_json::from_str(body).ok()?;
    let class = v.get("objectClassName").and_then(Value::as_str);
    let name = text(&v, "ldhName").or_else(|| text(&v, "unicodeName"));
    if class.is_some_and(|c| c != "domain") || (class.is_none() && name.is_none()) {
        return None;
    }
    let mut o = Owner {
        source: Source::Rdap,
        registered: true,
        domain: name.map(|n| n.to_lowercase()).unwrap_or_default(),
        ..Default::default()
    };
    let entities = v.get("entities");
    o.registrar = find_entity(entities, "registrar", 0)
        .and_then(|e| vcard(e, "fn").or_else(|| text(e, "handle")));
    let holder = find_entity(entities, "registrant", 0)
        .or_else(|| find_entity(entities, "administrative", 0));
    if let Some(h) = holder {
        let name = vcard(h, "fn");
        let is_org = vcard(h, "kind").is_some_and(|k| k.eq_ignore_ascii_case("org"));
        o.org = vcard(h, "org").or_else(|| name.clone().filter(|_| is_org));
        o.person = name.filter(|n| !is_org && o.org.as_ref() != Some(n));
    }
    for event in array(&v, "events") {
        let date = text(event, "eventDate");
        match event.get("eventAction").and_then(Value::as_str) {
            Some("registration") if o.created.is_none() => o.created = date,
            Some("expiration") if o.paid_till.is_none() => o.paid_till = date,
            _ => {}
        }
    }
    for ns in array(&v, "nameservers") {
        if let Some(n) = text(ns, "ldhName").or_else(|| text(ns, "unicodeName")) {
            let n = n.trim_end_matches('.').to_lowercase();
            if !n.is_empty() && !o.name_servers.contains(&n) {
                o.name_servers.push(n);
            }
        }
    }
    o.status = array(&v, "status")
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    Some(o)
}

/// A non-empty, trimmed string member.
fn text(v: &Value, key: &str) -> Option<String> {
    let s = v.get(key)?.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn array<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// The first entity with `role`, depth first: a registry nests its
/// contacts inside the registrar's entity at times.
fn find_entity<'a>(entities: Option<&'a Value>, role: &str, depth: usize) -> Option<&'a Value> {
    // Real answers nest two levels; the bound keeps hostile input cheap.
    if depth > 4 {
        return None;
    }
    let list = entities?.as_array()?;
    let has_role = |e: &Value| {
        e.get("roles")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(role)))
    };
    if let Some(e) = list.iter().find(|e| has_role(e)) {
        return Some(e);
    }
    list.iter()
        .find_map(|e| find_entity(e.get("entities"), role, depth + 1))
}

/// A jCard (RFC 7095) property's text: `["fn", {}, "text", "Example Inc."]`;
/// a structured value such as `org` joins its non-empty parts.
fn vcard(entity: &Value, property: &str) -> Option<String> {
    let props = entity.get("vcardArray")?.get(1)?.as_array()?;
    let prop = props.iter().find(|p| {
        p.get(0)
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case(property))
    })?;
    let value = match prop.get(3)? {
        Value::String(s) => s.trim().to_string(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        _ => return None,
    };
    (!value.is_empty()).then_some(value)
}

/// Looks `domain` up under the RDAP `base` URL.
pub async fn lookup(base: &str, domain: &str, timeout: Duration) -> Result<Owner> {
    let ascii = query_line(domain)?.trim_end().to_string();
    let url = format!("{}/domain/{ascii}", base.trim_end_matches('/'));
    // Named in messages: the host people configured, never a full error chain.
    let server = reqwest::Url::parse(&url)
        .ok()
        .and_then(|u| Some(format!("{}{}", u.host_str()?, port_suffix(&u))))
        .unwrap_or_else(|| base.to_string());
    let fail = |why: &str| upstream_error("RDAP", &server, why);
    let parsed = reqwest::Url::parse(&url).map_err(|_| fail("неверный адрес сервера RDAP"))?;
    let client =
        client(timeout, &parsed).map_err(|e| Error::Internal(format!("rdap client: {e}")))?;
    let mut res = client
        .get(&url)
        .header(header::ACCEPT, "application/rdap+json")
        .send()
        .await
        .map_err(|e| {
            tracing::warn!(server, error = %e, "rdap request failed");
            fail(reqwest_reason(&e))
        })?;
    let status = res.status();
    if status == StatusCode::NOT_FOUND {
        return Err(Error::NotFound(format!(
            "Домен {ascii} не найден в RDAP ({server}): он не зарегистрирован \
             или зона не публикует RDAP"
        )));
    }
    if !status.is_success() {
        return Err(fail(&format!("сервер ответил кодом {}", status.as_u16())));
    }
    let answered = res.url().to_string();
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| fail(reqwest_reason(&e)))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(fail("ответ слишком велик"));
        }
        body.extend_from_slice(&chunk);
    }
    let mut owner = parse_rdap(&String::from_utf8_lossy(&body))
        .ok_or_else(|| fail("ответ не похож на данные RDAP о домене"))?;
    owner.server = answered;
    if owner.domain.is_empty() {
        owner.domain = ascii;
    }
    Ok(owner)
}

#[cfg(test)]
mod tests;
