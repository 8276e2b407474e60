//! What the activity form carries, checked field by field without the
//! store: dates, counts, links, lengths, the kind's own fields. Each bad
//! field gets its key and a Russian reason, so the form can mark it. Also
//! the fingerprint a later import recognises a stored activity by. Pure.

use super::kind::{self, Kind};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// More people than live in the okrug is a typo.
pub const MAX_REACHED: i64 = 10_000_000;
pub const MAX_TITLE: usize = 300;
pub const MAX_SHORT: usize = 300;
pub const MAX_DESCRIPTION: usize = 5_000;
pub const MAX_LINKS: usize = 20;
pub const MAX_PARTNERS: usize = 20;

/// The audiences the form suggests; any other is kept as written.
pub const AUDIENCES: &[&str] = &[
    "учащиеся",
    "студенты",
    "пенсионеры",
    "работники предприятий",
    "население",
    "сотрудники банков",
    "родители",
    "педагоги",
    "государственные и муниципальные служащие",
];

/// The form as typed: every value a string, so a bad one comes back as is.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    pub measure: String,
    pub agency: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    /// A municipality's id; empty for the okrug as a whole.
    pub municipality: String,
    pub venue: String,
    pub audience: String,
    pub reached: String,
    pub title: String,
    pub description: String,
    /// One per line.
    pub links: String,
    pub partners: Vec<String>,
    pub co_agencies: Vec<String>,
    /// The kinds' own fields by key, all kinds' (a no-JS form posts all).
    pub details: Vec<(String, String)>,
}

/// A checked activity, before the store's checks (the measure's plan and
/// executors, the municipality, the lock).
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub measure_id: i32,
    /// Chosen by a coordinator; an executor's is its own.
    pub agency_id: Option<i32>,
    pub kind: Kind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub municipality_id: Option<i32>,
    pub venue: String,
    pub audience: String,
    pub reached: i64,
    pub title: String,
    pub description: String,
    pub links: Vec<String>,
    pub partners: Vec<String>,
    pub co_agencies: Vec<i32>,
    pub details: Map<String, Value>,
}

/// Bad fields: the form field's name and why, in form order.
pub type Errors = Vec<(String, String)>;

/// A whole number ≥ 0, with spaces between thousands allowed («1 240»).
pub fn count(raw: &str) -> Option<i64> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}

/// `YYYY-MM-DD` (a date input) or `ДД.ММ.ГГГГ` (typed by hand).
pub fn date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d.%m.%Y"))
        .ok()
}

/// A link as the registry keeps a URL value: canonical, http(s) only.
pub fn link(raw: &str) -> Result<String, String> {
    let n = dozor_indicator::url::normalize_url(raw).map_err(|e| e.to_string())?;
    if n.canonical.starts_with("http://") || n.canonical.starts_with("https://") {
        Ok(n.canonical)
    } else {
        Err("ссылка должна начинаться с http:// или https://".into())
    }
}

fn text(errors: &mut Errors, name: &str, raw: &str, max: usize, what: &str) -> String {
    let v = raw.trim().to_string();
    if v.chars().count() > max {
        errors.push((name.into(), format!("{what}: не длиннее {max} знаков")));
    }
    v
}

fn links(errors: &mut Errors, raw: &str) -> Vec<String> {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > MAX_LINKS {
        errors.push(("links".into(), format!("Не больше {MAX_LINKS} ссылок")));
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match link(l) {
            Ok(u) if !out.contains(&u) => out.push(u),
            Ok(_) => {}
            Err(e) => errors.push(("links".into(), format!("Ссылка {}: {e}", i + 1))),
        }
    }
    out
}

fn partners(errors: &mut Errors, raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in raw
        .iter()
        .map(|p| crate::ru::squash(p))
        .filter(|p| !p.is_empty())
    {
        if p.chars().count() > MAX_SHORT {
            errors.push((
                "partners".into(),
                format!("Партнёр: не длиннее {MAX_SHORT} знаков"),
            ));
        } else if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.len() > MAX_PARTNERS {
        errors.push((
            "partners".into(),
            format!("Не больше {MAX_PARTNERS} партнёров"),
        ));
    }
    out
}

impl Draft {
    fn detail(&self, key: &str) -> String {
        self.details
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn dates(
        &self,
        errors: &mut Errors,
        today: NaiveDate,
    ) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let starts = match self.starts_on.trim() {
            "" => {
                errors.push(("starts_on".into(), "Укажите дату".into()));
                None
            }
            s => match date(s) {
                Some(d) if d > today => {
                    errors.push(("starts_on".into(), "Дата ещё не наступила".into()));
                    None
                }
                None => {
                    errors.push(("starts_on".into(), "Дата в виде ДД.ММ.ГГГГ".into()));
                    None
                }
                d => d,
            },
        };
        let ends = match self.ends_on.trim() {
            "" => None,
            s => match (date(s), starts) {
                (None, _) => {
                    errors.push(("ends_on".into(), "Дата окончания в виде ДД.ММ.ГГГГ".into()));
                    None
                }
                (Some(e), Some(b)) if e < b => {
                    errors.push(("ends_on".into(), "Окончание раньше начала".into()));
                    None
                }
                (e, _) => e,
            },
        };
        (starts, ends)
    }

    /// The checked activity, or every bad field. `today` is the plan's
    /// local date: an activity is recorded once held.
    pub fn check(&self, today: NaiveDate) -> Result<Input, Errors> {
        let mut errors = Errors::new();
        let measure_id = self.measure.trim().parse::<i32>().ok();
        if measure_id.is_none() {
            errors.push(("measure".into(), "Выберите мероприятие плана".into()));
        }
        let agency_id = match self.agency.trim() {
            "" => None,
            a => {
                let id = a.parse::<i32>().ok();
                if id.is_none() {
                    errors.push(("agency".into(), "Выберите ведомство из списка".into()));
                }
                id
            }
        };
        let kind = Kind::parse(&self.kind);
        if kind.is_none() {
            errors.push(("kind".into(), "Выберите вид мероприятия".into()));
        }
        let (starts_on, ends_on) = self.dates(&mut errors, today);
        let municipality_id = match self.municipality.trim() {
            "" => None,
            m => {
                let id = m.parse::<i32>().ok();
                if id.is_none() {
                    errors.push((
                        "municipality".into(),
                        "Выберите муниципальное образование".into(),
                    ));
                }
                id
            }
        };
        let reached = match count(&self.reached) {
            Some(n) if n <= MAX_REACHED => Some(n),
            _ => {
                let why = "Охвачено человек: целое число от 0 до 10 000 000";
                errors.push(("reached".into(), why.into()));
                None
            }
        };
        let title = text(&mut errors, "title", &self.title, MAX_TITLE, "Название");
        if title.is_empty() {
            errors.push(("title".into(), "Укажите название".into()));
        }
        let venue = text(&mut errors, "venue", &self.venue, MAX_SHORT, "Место");
        let audience = crate::ru::squash(&text(
            &mut errors,
            "audience",
            &self.audience,
            MAX_SHORT,
            "Аудитория",
        ));
        let description = text(
            &mut errors,
            "description",
            &self.description,
            MAX_DESCRIPTION,
            "Описание",
        );
        let links = links(&mut errors, &self.links);
        let partners = partners(&mut errors, &self.partners);
        let mut co_agencies: Vec<i32> = Vec::new();
        for a in self.co_agencies.iter().filter(|a| !a.trim().is_empty()) {
            match a.trim().parse::<i32>() {
                Ok(id) if !co_agencies.contains(&id) => co_agencies.push(id),
                Ok(_) => {}
                Err(_) => {
                    errors.push(("co_agencies".into(), "Выберите ведомства из списка".into()))
                }
            }
        }
        let details = match kind.map(|k| kind::details(k, |key| self.detail(key))) {
            Some(Ok(d)) => d,
            Some(Err(bad)) => {
                errors.extend(bad.into_iter().map(|(k, e)| (format!("d_{k}"), e)));
                Map::new()
            }
            None => Map::new(),
        };
        match (measure_id, kind, starts_on, reached) {
            (Some(measure_id), Some(kind), Some(starts_on), Some(reached)) if errors.is_empty() => {
                Ok(Input {
                    measure_id,
                    agency_id,
                    kind,
                    starts_on,
                    ends_on,
                    municipality_id,
                    venue,
                    audience,
                    reached,
                    title,
                    description,
                    links,
                    partners,
                    co_agencies,
                    details,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A title as the fingerprint sees it: case, «ё» and spacing folded.
fn folded(s: &str) -> String {
    crate::ru::squash(&s.to_lowercase().replace('ё', "е"))
}

/// The identity of an activity as an import would see it: its measure,
/// agency, kind, start date, municipality, people reached and title
/// (folded). The same row imported twice has the same fingerprint.
pub fn fingerprint(agency_id: i32, input: &Input) -> String {
    let municipality = input
        .municipality_id
        .map_or_else(String::new, |m| m.to_string());
    let parts = [
        "v1".to_string(),
        input.measure_id.to_string(),
        agency_id.to_string(),
        input.kind.as_str().to_string(),
        input.starts_on.to_string(),
        municipality,
        input.reached.to_string(),
        folded(&input.title),
    ];
    dozor_indicator::hex(&Sha256::digest(parts.join("\u{1f}").as_bytes()))
}

impl Draft {
    /// From the form's fields as posted; a kind's field `x` comes as `d_x`.
    pub fn from_pairs(pairs: &[(String, String)]) -> Draft {
        let mut d = Draft::default();
        for (k, v) in pairs {
            let v = v.clone();
            match k.as_str() {
                "measure" => d.measure = v,
                "agency" => d.agency = v,
                "kind" => d.kind = v,
                "starts_on" => d.starts_on = v,
                "ends_on" => d.ends_on = v,
                "municipality" => d.municipality = v,
                "venue" => d.venue = v,
                "audience" => d.audience = v,
                "reached" => d.reached = v,
                "title" => d.title = v,
                "description" => d.description = v,
                "links" => d.links = v,
                "partners" => d.partners.push(v),
                "co_agencies" => d.co_agencies.push(v),
                other => {
                    if let Some(key) = other.strip_prefix("d_") {
                        d.details.push((key.to_string(), v));
                    }
                }
            }
        }
        d
    }
}

#[cfg(test)]
mod tests;
