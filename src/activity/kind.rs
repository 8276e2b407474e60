//! The kinds of activity and the fields each kind has of its own (a
//! broadcast's channel and air time, a leaflet run's print run): what the
//! form shows per kind and how `details` is validated. Pure.

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Broadcast,
    Lesson,
    Lecture,
    Talk,
    Leaflets,
    Visit,
    Event,
    Publication,
    Other,
}

/// How one of a kind's own fields is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// A whole number ≥ 0.
    Count,
    /// One of the listed (code, label) choices.
    Choice(&'static [(&'static str, &'static str)]),
}

/// One field of a kind, stored under `key` in `details`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub ty: FieldType,
    pub required: bool,
}

pub const CHANNELS: &[(&str, &str)] = &[("tv", "телевидение"), ("radio", "радио")];

/// The longest text a kind's field keeps.
pub const MAX_DETAIL: usize = 500;
/// The largest count a kind's field keeps: more than any print run.
pub const MAX_COUNT: i64 = 100_000_000;

const fn f(key: &'static str, label: &'static str, ty: FieldType, required: bool) -> Field {
    Field {
        key,
        label,
        ty,
        required,
    }
}

const BROADCAST: &[Field] = &[
    f("channel", "Канал", FieldType::Choice(CHANNELS), true),
    f("programme", "Программа, передача", FieldType::Text, true),
    f("air_time", "Время выхода в эфир", FieldType::Text, false),
];
const LEAFLETS: &[Field] = &[
    f("print_run", "Тираж", FieldType::Count, false),
    f(
        "distributed",
        "Распространено экземпляров",
        FieldType::Count,
        false,
    ),
    f("placed", "Где размещены", FieldType::Text, false),
];
const VISIT: &[Field] = &[f(
    "inspection",
    "Проверка, в ходе которой проведён выезд",
    FieldType::Text,
    true,
)];
const PUBLICATION: &[Field] = &[f("outlet", "Издание, сайт", FieldType::Text, false)];

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Broadcast,
        Kind::Lesson,
        Kind::Lecture,
        Kind::Talk,
        Kind::Leaflets,
        Kind::Visit,
        Kind::Event,
        Kind::Publication,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Broadcast => "broadcast",
            Kind::Lesson => "lesson",
            Kind::Lecture => "lecture",
            Kind::Talk => "talk",
            Kind::Leaflets => "leaflets",
            Kind::Visit => "visit",
            Kind::Event => "event",
            Kind::Publication => "publication",
            Kind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Broadcast => "Теле-/радиопередача",
            Kind::Lesson => "Урок",
            Kind::Lecture => "Лекция, семинар",
            Kind::Talk => "Беседа",
            Kind::Leaflets => "Листовки, баннеры, социальная реклама",
            Kind::Visit => "Выезд",
            Kind::Event => "Правовое просветительское мероприятие",
            Kind::Publication => "Публикация",
            Kind::Other => "Иное",
        }
    }

    /// By its code or its Russian name, any case.
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.label().to_lowercase() == s)
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Broadcast => BROADCAST,
            Kind::Leaflets => LEAFLETS,
            Kind::Visit => VISIT,
            Kind::Publication => PUBLICATION,
            _ => &[],
        }
    }
}

/// The kind's own fields from what was typed (`value(key)`), as the
/// `details` object; or each bad field's key and reason. Fields of other
/// kinds are not looked at: a no-JS form posts them all.
pub fn details(
    kind: Kind,
    value: impl Fn(&str) -> String,
) -> Result<Map<String, Value>, Vec<(&'static str, String)>> {
    let mut out = Map::new();
    let mut bad = Vec::new();
    for field in kind.fields() {
        let raw = value(field.key);
        let raw = raw.trim();
        if raw.is_empty() {
            if field.required {
                bad.push((
                    field.key,
                    format!("Укажите: {}", field.label.to_lowercase()),
                ));
            }
            continue;
        }
        match check(field, raw) {
            Ok(v) => {
                out.insert(field.key.to_string(), v);
            }
            Err(e) => bad.push((field.key, e)),
        }
    }
    if bad.is_empty() { Ok(out) } else { Err(bad) }
}

fn check(field: &Field, raw: &str) -> Result<Value, String> {
    match field.ty {
        FieldType::Text if raw.chars().count() > MAX_DETAIL => {
            Err(format!("{}: не длиннее {MAX_DETAIL} знаков", field.label))
        }
        FieldType::Text => Ok(Value::String(raw.to_string())),
        FieldType::Count => match crate::activity::model::count(raw) {
            Some(n) if n <= MAX_COUNT => Ok(Value::from(n)),
            _ => Err(format!("{}: целое число от 0 до 100 000 000", field.label)),
        },
        FieldType::Choice(choices) => choices
            .iter()
            .find(|(code, _)| *code == raw)
            .map(|(code, _)| Value::String((*code).to_string()))
            .ok_or_else(|| format!("{}: выберите из списка", field.label)),
    }
}

/// A stored field's value in words (a channel's label, the rest as kept).
pub fn value_text(field: &Field, v: &Value) -> String {
    match (field.ty, v) {
        (FieldType::Choice(choices), Value::String(s)) => choices
            .iter()
            .find(|(c, _)| c == s)
            .map_or_else(|| s.clone(), |(_, l)| (*l).to_string()),
        (FieldType::Count, Value::Number(n)) => crate::ru::number(n.as_f64().unwrap_or_default()),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn typed(pairs: &[(&str, &str)]) -> impl Fn(&str) -> String {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned().unwrap_or_default()
    }

    #[test]
    fn codes_and_names_parse_back() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert_eq!(Kind::parse(&k.label().to_uppercase()), Some(k));
        }
        assert_eq!(Kind::parse("концерт"), None);
    }

    #[test]
    fn a_broadcast_needs_its_channel_and_programme() {
        let bad = details(Kind::Broadcast, typed(&[("channel", "cinema")])).unwrap_err();
        let keys: Vec<&str> = bad.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["channel", "programme"]);
        let ok = details(
            Kind::Broadcast,
            typed(&[
                ("channel", "radio"),
                ("programme", " Югра "),
                ("print_run", "9"),
            ]),
        )
        .unwrap();
        assert_eq!(ok.get("channel"), Some(&Value::from("radio")));
        assert_eq!(ok.get("programme"), Some(&Value::from("Югра")));
        assert!(
            !ok.contains_key("print_run"),
            "another kind's field is dropped"
        );
    }

    #[test]
    fn leaflet_counts_are_whole_and_bounded() {
        let ok = details(Kind::Leaflets, typed(&[("print_run", "1 000")])).unwrap();
        assert_eq!(ok.get("print_run"), Some(&Value::from(1000)));
        for bad in ["-1", "2,5", "много", "100000001"] {
            let e = details(Kind::Leaflets, typed(&[("distributed", bad)])).unwrap_err();
            assert_eq!(e[0].0, "distributed", "{bad}");
        }
    }

    #[test]
    fn a_visit_names_its_inspection_and_a_lesson_has_no_own_fields() {
        assert!(details(Kind::Visit, typed(&[])).is_err());
        assert!(
            details(Kind::Lesson, typed(&[("inspection", "x")]))
                .unwrap()
                .is_empty()
        );
        let long = "я".repeat(MAX_DETAIL + 1);
        assert!(details(Kind::Visit, typed(&[("inspection", &long)])).is_err());
    }
}
