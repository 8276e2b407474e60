//! `[document]`: the standing requisites of the documents Dozor issues (the
//! consolidated report, the blocking list), after ГОСТ Р 7.0.97-2016. Every
//! key is optional; a requisite not set is not printed. The section is read
//! straight into `office`'s `Requisites`; `trimmed()` gives what to print.

pub use crate::office::requisites::Requisites as DocumentConfig;

#[cfg(test)]
mod tests;
