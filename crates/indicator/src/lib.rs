//! Indicators: the values used in crimes (links, domains, phones, cards,
//! accounts, profiles, messenger accounts, listings) and their canonical
//! forms. Pure: a value in, its kind and the one form the registry and the
//! check service match on out; no I/O, no store, no domain above it.

pub mod card;
pub mod detect;
pub mod domain;
pub mod listing;
pub mod messenger;
pub mod model;
pub mod phone;
pub mod social;
pub mod url;
mod web;

#[cfg(test)]
mod tests;

/// Lower-case hex of `bytes`, without a string allocated per byte (card
/// HMACs are taken per imported row).
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
