//! The in-memory index of the check service: every listed indicator under
//! its lookup key, answering "is this value listed?" without the database.
//! Pure: no I/O, no clock. A hand-written open-addressing table over a slot
//! vector keeps a million entries near 100 MB, where a map of boxed strings
//! plus an id → key map would need twice that.

use chrono::{Datelike, NaiveDate};
use dozor_indicator::model::{Category, Kind, Normalized, Status};
use dozor_indicator::url::expressions;
use std::collections::HashMap;

mod table;
pub use table::FxBuild;

/// What the index keeps per indicator: 12 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: i32,
    /// Days from the common era (`NaiveDate::num_days_from_ce`): half a
    /// `NaiveDate`'s alignment worries, and cheap to compare.
    pub first_seen_days: i32,
    pub kind: Kind,
    pub category: Category,
    pub status: Status,
}

impl Entry {
    pub fn new(
        id: i32,
        kind: Kind,
        category: Category,
        status: Status,
        first_seen: NaiveDate,
    ) -> Entry {
        Entry {
            id,
            first_seen_days: first_seen.num_days_from_ce(),
            kind,
            category,
            status,
        }
    }

    pub fn first_seen(&self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.first_seen_days).unwrap_or_default()
    }
}

/// A hit: the entry and the expression or key that found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub entry: Entry,
    pub matched: String,
}

/// The lookup key of a stored indicator. URLs drop the scheme (their Safe
/// Browsing entry key) and domains are the bare host: neither can contain a
/// space, since canonical URLs escape it, so the other kinds take their name
/// and a space as a prefix and a phone never collides with an account.
pub fn key_from(kind: Kind, canonical: &str) -> String {
    match kind {
        Kind::Url => url_key(canonical),
        Kind::Domain => canonical.to_owned(),
        other => {
            let mut key = String::with_capacity(other.as_str().len() + 1 + canonical.len());
            key.push_str(other.as_str());
            key.push(' ');
            key.push_str(canonical);
            key
        }
    }
}

/// `entry_key` (host and path of a canonical URL, without the scheme),
/// built at its exact length: the index keeps keys boxed, and a string with
/// spare room would be copied once more on the way in.
fn url_key(canonical: &str) -> String {
    let rest = canonical.split_once("://").map_or(canonical, |(_, r)| r);
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(end);
    let tail = if tail.is_empty() { "/" } else { tail };
    let mut key = String::with_capacity(host.len() + tail.len());
    key.push_str(host);
    key.push_str(tail);
    key
}

/// Listed indicators by lookup key, and by id for removal.
#[derive(Debug, Default)]
pub struct Index {
    table: table::Table,
    by_id: HashMap<i32, u32, FxBuild>,
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Room for `n` indicators without growing.
    pub fn with_capacity(n: usize) -> Index {
        let mut by_id = HashMap::with_hasher(FxBuild::default());
        by_id.reserve(n);
        Index {
            table: table::Table::with_capacity(n),
            by_id,
        }
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Adds or replaces (by id) one indicator. Two ids may share a key
    /// (`http://` and `https://` of one page); both are kept and the first
    /// answers until it goes.
    pub fn insert(&mut self, key: String, entry: Entry) {
        self.remove(entry.id);
        if let Some(slot) = self.table.insert(key.into_boxed_str(), entry) {
            self.by_id.insert(entry.id, slot);
        }
    }

    /// Drops the indicator `id`; false when it was not there.
    pub fn remove(&mut self, id: i32) -> bool {
        match self.by_id.remove(&id) {
            Some(slot) => {
                self.table.remove(slot);
                true
            }
            None => false,
        }
    }

    /// The entry stored under exactly `key`.
    pub fn get(&self, key: &str) -> Option<Entry> {
        self.table.get(key)
    }

    /// Whether `value` is listed. A URL matches through its lookup
    /// expressions (a listed `evil.example/` covers every page under it),
    /// then through its host or a parent domain listed as a domain; a domain
    /// matches itself, a listed parent, or its whole site listed as a URL.
    pub fn lookup(&self, value: &Normalized) -> Option<Match> {
        match value.kind {
            Kind::Url => {
                let found = expressions(&value.canonical)
                    .into_iter()
                    .find_map(|e| self.get(&e).map(|entry| (entry, e)));
                found
                    .or_else(|| self.domain_lookup(url_host(&value.canonical)))
                    .map(|(entry, matched)| Match { entry, matched })
            }
            Kind::Domain => {
                let site = format!("{}/", value.canonical);
                self.domain_lookup(&value.canonical)
                    .or_else(|| self.get(&site).map(|entry| (entry, site)))
                    .map(|(entry, matched)| Match { entry, matched })
            }
            kind => {
                let key = key_from(kind, &value.canonical);
                self.get(&key).map(|entry| Match {
                    entry,
                    matched: key,
                })
            }
        }
    }

    /// `host` or its nearest parent listed as a domain.
    fn domain_lookup(&self, host: &str) -> Option<(Entry, String)> {
        let mut rest = host;
        loop {
            // A bare top-level domain is never a listed domain.
            if !rest.contains('.') {
                return None;
            }
            if let Some(entry) = self.get(rest).filter(|e| e.kind == Kind::Domain) {
                return Some((entry, rest.to_owned()));
            }
            rest = rest.split_once('.')?.1;
        }
    }
}

/// The host of a canonical URL (`http://host/path`).
fn url_host(canonical: &str) -> &str {
    let rest = canonical.split_once("://").map_or(canonical, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// `n` fake URL indicators, for benchmarks and the memory test.
pub fn synthetic(n: usize) -> Index {
    let mut index = Index::with_capacity(n);
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    for i in 0..n {
        let id = i32::try_from(i).unwrap_or(i32::MAX);
        let canonical = format!("http://shop-{i:07}.example.ru/pay/card?order={}", i % 997);
        let category = Category::ALL[i % Category::ALL.len()];
        let entry = Entry::new(id, Kind::Url, category, Status::Active, day);
        index.insert(key_from(Kind::Url, &canonical), entry);
    }
    index
}

#[cfg(test)]
mod tests;
