//! The bad fields of a submitted form, each with its reason in Russian. A
//! form page comes back with them: listed at the top, each linked to its
//! input, and each input marked `aria-invalid` and described by its reason,
//! so a screen reader says what is wrong where it is wrong.

use std::fmt;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors {
    /// What did not happen, e.g. «Отчёт не сохранён».
    pub summary: String,
    items: Vec<FieldError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The input's `name`; empty for a reason that is the form's as a whole.
    pub field: String,
    pub message: String,
}

impl FieldError {
    /// The id of the input the summary links to (`f-<name>`).
    pub fn input_id(&self) -> String {
        input_id(&self.field)
    }
}

impl FieldErrors {
    pub fn new(summary: impl Into<String>) -> FieldErrors {
        FieldErrors {
            summary: summary.into(),
            items: Vec::new(),
        }
    }

    /// A reason that names no one field (a conflict, a lock).
    pub fn whole(summary: impl Into<String>, message: impl Into<String>) -> FieldErrors {
        let mut e = FieldErrors::new(summary);
        e.push("", message);
        e
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.items.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn items(&self) -> &[FieldError] {
        &self.items
    }

    /// The first reason given for `field`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|e| !field.is_empty() && e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `Ok(())` when nothing is wrong, else the whole list as one error.
    pub fn into_result(self) -> Result<(), super::Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(super::Error::Fields(self))
        }
    }

    /// The attributes of `field`'s input: its id, and when it is wrong,
    /// `aria-invalid` and the id of the reason that describes it. Escaped:
    /// templates insert it as it is.
    pub fn attrs(&self, field: &str) -> String {
        let id = escape(&input_id(field));
        match self.get(field) {
            Some(_) => format!(
                r#"id="{id}" aria-invalid="true" aria-describedby="{}""#,
                escape(&reason_id(field))
            ),
            None => format!(r#"id="{id}""#),
        }
    }

    /// The reason shown under `field`'s input, or nothing. Escaped.
    pub fn note(&self, field: &str) -> String {
        match self.get(field) {
            Some(m) => format!(
                r#"<span class="field-error" id="{}">{}</span>"#,
                escape(&reason_id(field)),
                escape(m)
            ),
            None => String::new(),
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reasons: Vec<&str> = self.items.iter().map(|e| e.message.as_str()).collect();
        match (self.summary.is_empty(), reasons.is_empty()) {
            (_, true) => write!(f, "{}", self.summary),
            (true, false) => write!(f, "{}", reasons.join("; ")),
            (false, false) => write!(f, "{}: {}", self.summary, reasons.join("; ")),
        }
    }
}

fn input_id(field: &str) -> String {
    format!("f-{field}")
}

fn reason_id(field: &str) -> String {
    format!("err-{field}")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_field_is_marked_and_described() {
        let mut e = FieldErrors::new("Отчёт не сохранён");
        e.push("metric_x", "нужно <число>");
        assert_eq!(
            e.attrs("metric_x"),
            r#"id="f-metric_x" aria-invalid="true" aria-describedby="err-metric_x""#
        );
        assert_eq!(e.attrs("body"), r#"id="f-body""#);
        assert_eq!(
            e.note("metric_x"),
            r#"<span class="field-error" id="err-metric_x">нужно &lt;число&gt;</span>"#
        );
        assert_eq!(e.note("body"), "");
        assert_eq!(e.to_string(), "Отчёт не сохранён: нужно <число>");
    }

    #[test]
    fn a_reason_of_the_whole_form_marks_no_input() {
        let e = FieldErrors::whole("Не сохранено", "период закрыт");
        assert_eq!(e.get(""), None);
        assert_eq!(e.attrs(""), r#"id="f-""#);
        assert!(e.into_result().is_err());
        assert!(FieldErrors::new("x").into_result().is_ok());
    }
}
