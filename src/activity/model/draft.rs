//! The activity form as typed (`Draft`: every value a string, so a bad
//! one comes back as is) and its check, field by field, into an `Input`;
//! each bad field gets its form name and a Russian reason. Pure.

use super::{
    Errors, Input, MAX_DESCRIPTION, MAX_LINKS, MAX_PARTNERS, MAX_REACHED, MAX_SHORT, MAX_TITLE,
    NOT_RECORDED, count, date, link,
};
use crate::activity::kind::{self, Kind};
use chrono::NaiveDate;
use serde_json::Map;

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

fn text(errors: &mut Errors, name: &str, raw: &str, max: usize, what: &str) -> String {
    let v = raw.trim().to_string();
    if v.chars().count() > max {
        errors.push(name, format!("{what}: не длиннее {max} знаков"));
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
        errors.push("links", format!("Не больше {MAX_LINKS} ссылок"));
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match link(l) {
            Ok(u) if !out.contains(&u) => out.push(u),
            Ok(_) => {}
            Err(e) => errors.push("links", format!("Ссылка {}: {e}", i + 1)),
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
            errors.push(
                "partners",
                format!("Партнёр: не длиннее {MAX_SHORT} знаков"),
            );
        } else if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.len() > MAX_PARTNERS {
        errors.push("partners", format!("Не больше {MAX_PARTNERS} партнёров"));
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
                errors.push("starts_on", "Укажите дату");
                None
            }
            s => match date(s) {
                Some(d) if d > today => {
                    errors.push("starts_on", "Дата ещё не наступила");
                    None
                }
                None => {
                    errors.push("starts_on", "Дата в виде ДД.ММ.ГГГГ");
                    None
                }
                d => d,
            },
        };
        let ends = match self.ends_on.trim() {
            "" => None,
            s => match (date(s), starts) {
                (None, _) => {
                    errors.push("ends_on", "Дата окончания в виде ДД.ММ.ГГГГ");
                    None
                }
                (Some(e), Some(b)) if e < b => {
                    errors.push("ends_on", "Окончание раньше начала");
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
        let mut errors = Errors::new(NOT_RECORDED);
        let measure_id = self.measure.trim().parse::<i32>().ok();
        if measure_id.is_none() {
            errors.push("measure", "Выберите мероприятие плана");
        }
        let agency_id = match self.agency.trim() {
            "" => None,
            a => {
                let id = a.parse::<i32>().ok();
                if id.is_none() {
                    errors.push("agency", "Выберите ведомство из списка");
                }
                id
            }
        };
        let kind = Kind::parse(&self.kind);
        if kind.is_none() {
            errors.push("kind", "Выберите вид мероприятия");
        }
        let (starts_on, ends_on) = self.dates(&mut errors, today);
        let municipality_id = match self.municipality.trim() {
            "" => None,
            m => {
                let id = m.parse::<i32>().ok();
                if id.is_none() {
                    errors.push("municipality", "Выберите муниципальное образование");
                }
                id
            }
        };
        let reached = match count(&self.reached) {
            Some(n) if n <= MAX_REACHED => Some(n),
            _ => {
                let why = "Охвачено человек: целое число от 0 до 10 000 000";
                errors.push("reached", why);
                None
            }
        };
        let title = text(&mut errors, "title", &self.title, MAX_TITLE, "Название");
        if title.is_empty() {
            errors.push("title", "Укажите название");
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
                Err(_) => errors.push("co_agencies", "Выберите ведомства из списка"),
            }
        }
        let details = match kind.map(|k| kind::details(k, |key| self.detail(key))) {
            Some(Ok(d)) => d,
            Some(Err(bad)) => {
                for (k, e) in bad {
                    errors.push(&format!("d_{k}"), e);
                }
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
