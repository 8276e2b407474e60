//! The form's fields as a page shows them: value as typed, the error tied
//! to the field (`aria-invalid`, `aria-describedby`), and each kind's own
//! fields grouped in a fieldset of that kind.

use crate::activity::kind::{FieldType, Kind};
use crate::activity::model::{Draft, Errors};

/// One field as the form shows it.
pub struct Field {
    pub name: &'static str,
    pub value: String,
    pub error: Option<String>,
}

impl Field {
    /// `id`, `name` and, when bad, `aria-invalid` and the message's id.
    /// Names are our constants, so the text needs no escaping.
    pub fn attrs(&self) -> String {
        let n = self.name;
        match self.error {
            Some(_) => {
                format!(r#"id="f-{n}" name="{n}" aria-invalid="true" aria-describedby="e-{n}""#)
            }
            None => format!(r#"id="f-{n}" name="{n}""#),
        }
    }
}

/// One of a kind's own fields.
pub struct DetailField {
    pub field: Field,
    pub label: &'static str,
    pub required: bool,
    pub count: bool,
    pub choices: Vec<(&'static str, &'static str)>,
}

pub struct KindBlock {
    pub code: &'static str,
    pub label: &'static str,
    pub fields: Vec<DetailField>,
}

pub fn error_of(errors: &Errors, name: &str) -> Option<String> {
    let all: Vec<&str> = errors
        .items()
        .iter()
        .filter(|e| e.field == name)
        .map(|e| e.message.as_str())
        .collect();
    (!all.is_empty()).then(|| all.join("; "))
}

/// The form names of the kinds' fields (static, for `Field::attrs`).
const DETAIL_NAMES: &[(&str, &str)] = &[
    ("channel", "d_channel"),
    ("programme", "d_programme"),
    ("air_time", "d_air_time"),
    ("print_run", "d_print_run"),
    ("distributed", "d_distributed"),
    ("placed", "d_placed"),
    ("inspection", "d_inspection"),
    ("outlet", "d_outlet"),
];

fn detail(d: &Draft, errors: &Errors, f: &crate::activity::kind::Field) -> DetailField {
    let name = DETAIL_NAMES
        .iter()
        .find(|(key, _)| *key == f.key)
        .map_or("d_", |(_, n)| n);
    let value = d
        .details
        .iter()
        .find(|(key, _)| key == f.key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    DetailField {
        field: Field {
            name,
            value,
            error: error_of(errors, name),
        },
        label: f.label,
        required: f.required,
        count: f.ty == FieldType::Count,
        choices: match f.ty {
            FieldType::Choice(c) => c.to_vec(),
            _ => Vec::new(),
        },
    }
}

pub fn blocks(d: &Draft, errors: &Errors) -> Vec<KindBlock> {
    Kind::ALL
        .iter()
        .filter(|k| !k.fields().is_empty())
        .map(|k| KindBlock {
            code: k.as_str(),
            label: k.label(),
            fields: k.fields().iter().map(|f| detail(d, errors, f)).collect(),
        })
        .collect()
}
