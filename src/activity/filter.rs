//! The journal's filter as the GET form sends it (period, agency, measure,
//! kind, municipality, audience, page), checked into typed values, and
//! written back as a query string for the page links and exports. Pure.

use super::kind::Kind;
use crate::error::{Error, Result};
use crate::time::period::{Every, Period};

/// What the filter form sends; every value a string, empty for «all».
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub measure: String,
    #[serde(default)]
    pub kind: String,
    /// A municipality's id, or `okrug` for the okrug as a whole.
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub audience: String,
    /// 1-based; none is the first.
    #[serde(default)]
    pub page: String,
}

/// Which municipality an activity was held in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Okrug,
    Municipality(i32),
}

/// The filter checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// Quarters only: an activity's period is its start's quarter.
    pub period: Option<Period>,
    pub agency: Option<i32>,
    pub measure: Option<i32>,
    pub kind: Option<Kind>,
    pub place: Option<Place>,
    pub audience: Option<String>,
    pub page: u64,
}

fn id(raw: &str, what: &str) -> Result<Option<i32>> {
    match raw.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| Error::Invalid(format!("Фильтр «{what}»: выберите из списка"))),
    }
}

impl Filter {
    pub fn parse(&self) -> Result<Parsed> {
        let period = match self.period.trim() {
            "" => None,
            p => match Period::parse(p) {
                Ok(p) if p.kind == Every::Quarter => Some(p),
                _ => return Err(Error::Invalid("Период — квартал, например 2020-Q3".into())),
            },
        };
        let kind = match self.kind.trim() {
            "" => None,
            k => Some(
                Kind::parse(k)
                    .ok_or_else(|| Error::Invalid("Неизвестный вид мероприятия".into()))?,
            ),
        };
        let place = match self.municipality.trim() {
            "" => None,
            "okrug" => Some(Place::Okrug),
            m => id(m, "муниципальное образование")?.map(Place::Municipality),
        };
        let audience = crate::ru::squash(&self.audience);
        let page = match self.page.trim() {
            "" => 1,
            p => p
                .parse::<u64>()
                .ok()
                .filter(|p| *p >= 1 && *p <= 100_000)
                .ok_or_else(|| Error::Invalid("Нет такой страницы".into()))?,
        };
        Ok(Parsed {
            period,
            agency: id(&self.agency, "ведомство")?,
            measure: id(&self.measure, "мероприятие")?,
            kind,
            place,
            audience: (!audience.is_empty()).then_some(audience),
            page,
        })
    }

    /// The filter without its page, as a query string.
    pub fn query_string(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("period", self.period.as_str()),
            ("agency", self.agency.as_str()),
            ("measure", self.measure.as_str()),
            ("kind", self.kind.as_str()),
            ("municipality", self.municipality.as_str()),
            ("audience", self.audience.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_parses_and_writes_back() {
        let f = Filter {
            period: "2020-Q3".into(),
            municipality: "okrug".into(),
            audience: " учащиеся ".into(),
            page: "2".into(),
            ..Default::default()
        };
        let p = f.parse().unwrap();
        assert_eq!(p.place, Some(Place::Okrug));
        assert_eq!(p.audience.as_deref(), Some("учащиеся"));
        assert_eq!(p.page, 2);
        assert!(!f.query_string().contains("page"));
        assert!(
            f.query_string()
                .starts_with("period=2020-Q3&municipality=okrug")
        );
    }

    #[test]
    fn bad_values_are_refused_in_russian() {
        for f in [
            Filter {
                period: "2020-07".into(),
                ..Default::default()
            },
            Filter {
                kind: "x".into(),
                ..Default::default()
            },
            Filter {
                agency: "x".into(),
                ..Default::default()
            },
            Filter {
                page: "0".into(),
                ..Default::default()
            },
        ] {
            assert!(matches!(f.parse(), Err(Error::Invalid(_))), "{f:?}");
        }
    }
}
