//! Who is behind a domain (measure 10): what an RDAP or WHOIS look-up found,
//! in one shape for both, stored as JSON on the indicator.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest raw answer kept with the result: enough to quote the
/// registry's own words in a claim, small enough for a table column.
pub const RAW_CAP: usize = 4 * 1024;

/// Where the data came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    #[default]
    Rdap,
    Whois,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Rdap => "RDAP",
            Source::Whois => "WHOIS",
        }
    }
}

/// The owner or administrator data of one registered domain.
///
/// Dates are kept as the registry wrote them (RFC 3339 instants or plain
/// dates): the registries disagree on time zones, and a claim should quote
/// them unchanged; [`day`] reads the date for display.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Owner {
    pub source: Source,
    /// The WHOIS `host:port` or the RDAP URL that answered.
    pub server: String,
    /// The domain asked about, in punycode.
    pub domain: String,
    /// False when the registry says the name is free.
    pub registered: bool,
    pub registrar: Option<String>,
    /// The registrant (or administrator) when it is an organisation.
    pub org: Option<String>,
    /// The registrant when it is a person; "Private Person" when hidden.
    pub person: Option<String>,
    /// ИНН of a Russian organisation (TCI's `taxpayer-id`).
    pub taxpayer_id: Option<String>,
    pub created: Option<String>,
    pub paid_till: Option<String>,
    /// When a lapsed .ru/.рф/.su name becomes free for anyone (TCI's `free-date`).
    pub free_date: Option<String>,
    /// Lower case, without the trailing dot.
    pub name_servers: Vec<String>,
    /// TCI's `state` items or RDAP's `status` values.
    pub status: Vec<String>,
    /// The answer's text without comments, at most [`RAW_CAP`] bytes (WHOIS only).
    pub raw: Option<String>,
}

/// The calendar date at the start of a registry date or instant
/// (`2025-09-30T21:00:00Z` → 2025-09-30), as the registry wrote it.
pub fn day(value: &str) -> Option<NaiveDate> {
    let head = value.trim().get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// `s` cut to at most `cap` bytes on a character boundary.
pub fn truncate(s: &str, cap: usize) -> &str {
    if s.len() <= cap {
        return s;
    }
    let mut end = cap;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

impl Owner {
    /// One line in Russian for lists and the indicator's page, e.g.
    /// "Регистратор RU-CENTER-RU; администратор YANDEX, LLC. (ИНН 7736207543);
    /// создан 23.09.1997; оплачен до 30.09.2025; DNS ns1.yandex.ru, ns2.yandex.ru".
    pub fn summary(&self) -> String {
        if !self.registered {
            return format!(
                "Домен {} не зарегистрирован (по данным {} {})",
                self.domain,
                self.source.as_str(),
                self.server
            );
        }
        let mut parts = Vec::new();
        if let Some(r) = &self.registrar {
            parts.push(format!("регистратор {r}"));
        }
        let holder = match (&self.org, &self.person) {
            (Some(org), _) => Some(org.clone()),
            (None, Some(person)) => Some(person.clone()),
            (None, None) => None,
        };
        if let Some(h) = holder {
            match &self.taxpayer_id {
                Some(inn) => parts.push(format!("администратор {h} (ИНН {inn})")),
                None => parts.push(format!("администратор {h}")),
            }
        }
        if let Some(d) = self.created.as_deref().and_then(day) {
            parts.push(format!("создан {}", d.format("%d.%m.%Y")));
        }
        if let Some(d) = self.paid_till.as_deref().and_then(day) {
            parts.push(format!("оплачен до {}", d.format("%d.%m.%Y")));
        }
        if !self.name_servers.is_empty() {
            parts.push(format!("DNS {}", self.name_servers.join(", ")));
        }
        if parts.is_empty() {
            return format!(
                "Домен {} зарегистрирован, данных о владельце нет",
                self.domain
            );
        }
        let line = parts.join("; ");
        // Capitalise the first letter only: names keep their own case.
        let mut chars = line.chars();
        chars.next().map_or_else(String::new, |c| {
            c.to_uppercase().chain(chars).collect::<String>()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_a_registered_and_a_free_domain() {
        let o = Owner {
            source: Source::Whois,
            server: "whois.tcinet.ru:43".into(),
            domain: "yandex.ru".into(),
            registered: true,
            registrar: Some("RU-CENTER-RU".into()),
            org: Some("YANDEX, LLC.".into()),
            taxpayer_id: Some("7736207543".into()),
            created: Some("1997-09-23T09:45:07Z".into()),
            paid_till: Some("2025-09-30T21:00:00Z".into()),
            name_servers: vec!["ns1.yandex.ru".into(), "ns2.yandex.ru".into()],
            ..Default::default()
        };
        assert_eq!(
            o.summary(),
            "Регистратор RU-CENTER-RU; администратор YANDEX, LLC. (ИНН 7736207543); \
             создан 23.09.1997; оплачен до 30.09.2025; DNS ns1.yandex.ru, ns2.yandex.ru"
        );
        let free = Owner {
            registered: false,
            ..o
        };
        assert_eq!(
            free.summary(),
            "Домен yandex.ru не зарегистрирован (по данным WHOIS whois.tcinet.ru:43)"
        );
    }

    #[test]
    fn json_round_trip_and_old_rows_without_new_fields() {
        let o = Owner {
            source: Source::Rdap,
            registered: true,
            person: Some("Иван".into()),
            ..Default::default()
        };
        let json = serde_json::to_string(&o).unwrap();
        assert!(json.contains("\"source\":\"rdap\""), "{json}");
        assert_eq!(serde_json::from_str::<Owner>(&json).unwrap(), o);
        let sparse: Owner = serde_json::from_str(r#"{"source":"whois"}"#).unwrap();
        assert_eq!(sparse.source, Source::Whois);
    }

    #[test]
    fn dates_and_truncation() {
        assert_eq!(day("2025-10-31"), NaiveDate::from_ymd_opt(2025, 10, 31));
        assert_eq!(
            day("1995-08-14T04:00:00Z"),
            NaiveDate::from_ymd_opt(1995, 8, 14)
        );
        assert_eq!(day("soon"), None);
        assert_eq!(day("день-месяц"), None);
        assert_eq!(truncate("пример", 3), "п");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
