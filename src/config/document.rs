//! `[document]`: the standing requisites of the documents Dozor issues (the
//! consolidated report, the blocking list), after ГОСТ Р 7.0.97-2016. Every
//! key is optional; a requisite not set is not printed.

use crate::office::requisites::Requisites;
use serde::Deserialize;

/// `[document]` as written in the config file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentConfig {
    pub organisation: Option<String>,
    pub place: Option<String>,
    pub addressee: Option<String>,
    pub approver_position: Option<String>,
    pub approver_name: Option<String>,
    pub signatory_position: Option<String>,
    pub signatory_name: Option<String>,
    pub executor_name: Option<String>,
    pub executor_phone: Option<String>,
}

impl DocumentConfig {
    /// The requisites for `office`; a key set to blanks counts as not set.
    pub fn requisites(&self) -> Requisites {
        let set = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Requisites {
            organisation: set(&self.organisation),
            place: set(&self.place),
            addressee: set(&self.addressee),
            approver_position: set(&self.approver_position),
            approver_name: set(&self.approver_name),
            signatory_position: set(&self.signatory_position),
            signatory_name: set(&self.signatory_name),
            executor_name: set(&self.executor_name),
            executor_phone: set(&self.executor_phone),
        }
    }
}

#[cfg(test)]
mod tests;
