//! The audit log in words: what an action code means in Russian, what a
//! logged object is called, and which fields changed from before to after.
//! Pure; the page (`audit_page`) looks up the objects' names and links.

use dozor_indicator::model::{Category, Kind};
use serde_json::Value;

/// Each action the app logs, and how the log says it: after who did it,
/// before the object, which names itself («отчёт …», «план «…»»). Where
/// the object would need another case, a colon introduces it.
pub const ACTIONS: &[(&str, &str)] = &[
    ("report.save_draft", "сохранил как черновик"),
    ("report.submit", "представил"),
    ("report.accept", "принял"),
    ("report.return", "вернул на доработку"),
    ("extension.grant", "предоставил"),
    ("extension.refuse", "отклонил"),
    ("period.lock", "закрыл"),
    ("period.unlock", "открыл"),
    ("plan.import", "загрузил"),
    ("plan.settings", "изменил настройки:"),
    ("plan.activity", "изменил, действует ли:"),
    ("measure.edit", "изменил срок и исполнителей:"),
    ("measure.metrics", "изменил показатели:"),
    ("measure.details", "изменил раздел и соисполнителей:"),
    ("measure.registry", "изменил, ведёт ли реестр:"),
    ("agency.create", "добавил"),
    ("agency.update", "изменил"),
    ("agency.alias_add", "добавил написание:"),
    ("user.disable", "отключил"),
    ("user.enable", "включил"),
    ("user.mail_off", "отказался от писем:"),
    ("user.mail_on", "снова получает письма:"),
    ("api_token.revoke", "отозвал"),
    ("indicator.category", "изменил категорию:"),
    ("indicator.case", "привязал материал:"),
    ("indicator.blocking_step", "записал шаг блокировки:"),
    ("indicator.owner", "получил сведения о владельце:"),
    ("indicator.merge", "объединил дубликаты в"),
    ("indicator.normalize", "привёл к единой форме"),
    ("registry.import", "пополнил"),
    ("municipality.alias_add", "добавил написание:"),
    ("municipality.population", "записал численность населения:"),
    (
        "municipality.population_import",
        "загрузил численность населения:",
    ),
    (
        "municipality.crime_import",
        "загрузил статистику преступлений:",
    ),
    ("activity.edit", "изменил"),
    ("activity.delete", "удалил из журнала"),
];

/// What each kind of logged object is called, in the accusative the
/// sentences put it in, and for the filter.
pub const ENTITIES: &[(&str, &str, &str)] = &[
    ("report", "отчёт", "Отчёты"),
    ("extension", "продление срока", "Продления сроков"),
    ("period", "период", "Периоды"),
    ("plan", "план", "Планы"),
    ("measure", "мероприятие", "Мероприятия"),
    ("issued_document", "документ", "Выданные документы"),
    ("agency", "ведомство", "Ведомства"),
    ("user", "пользователя", "Пользователи"),
    ("api_token", "API-токен", "API-токены"),
    ("attachment", "файл", "Файлы"),
    ("indicator", "ресурс", "Ресурсы реестра"),
    ("registry", "реестр", "Реестр"),
    (
        "municipality",
        "муниципальное образование",
        "Муниципальные образования",
    ),
    ("activity", "проведённое мероприятие", "Журнал мероприятий"),
    ("activity_attachment", "файл", "Файлы мероприятий"),
];

/// The log's words for `action` on `entity`: its phrase, or «создал …»
/// for a creation; unknown codes as they are, so nothing is hidden.
pub fn verb(action: &str, entity: &str) -> String {
    if let Some((_, v)) = ACTIONS.iter().find(|(a, _)| *a == action) {
        return (*v).to_string();
    }
    // The object's own words follow («ресурс «…»», «пользователя …»), so a
    // creation says only how it came to be.
    match (action, entity) {
        ("create", "issued_document") => "выдал".into(),
        ("create", "indicator") => "добавил в реестр".into(),
        ("create", "extension") => "запросил".into(),
        ("create", "attachment" | "activity_attachment") => "приложил".into(),
        ("create", "activity") => "записал в журнал".into(),
        ("create", "api_token") => "выпустил".into(),
        ("create", e) if entity_word(e).is_some() => "создал".into(),
        _ => format!("выполнил действие «{action}»"),
    }
}

pub fn entity_word(entity: &str) -> Option<&'static str> {
    ENTITIES.iter().find(|e| e.0 == entity).map(|e| e.1)
}

/// One field that changed.
#[derive(Debug, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The fields that differ between two JSON snapshots, in the after's order
/// then the before's; a creation has no before. Non-objects compare whole.
pub fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let empty = serde_json::Map::new();
    let as_map = |v: Option<&Value>| match v {
        Some(Value::Object(m)) => Some(m.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(serde_json::Map::from_iter([(
            "value".to_string(),
            other.clone(),
        )])),
    };
    let (b, a) = (as_map(before), as_map(after));
    let (bm, am) = (b.as_ref().unwrap_or(&empty), a.as_ref().unwrap_or(&empty));
    let mut keys: Vec<&String> = am.keys().collect();
    keys.extend(bm.keys().filter(|k| !am.contains_key(*k)));
    keys.into_iter()
        .filter(|k| bm.get(*k) != am.get(*k) && !HIDDEN.contains(&k.as_str()))
        .map(|k| Change {
            field: field_label(k),
            before: bm.get(k).map(|v| field_value(k, v)).unwrap_or_default(),
            after: am.get(k).map(|v| field_value(k, v)).unwrap_or_default(),
        })
        .filter(|c| !(c.before.is_empty() && c.after.is_empty()))
        .collect()
}

/// Internal ids the log keeps for tracing, not for reading.
const HIDDEN: &[&str] = &["revision", "user_id", "id", "agency_id", "measure_id"];

/// A field's value in words: periods by name, the rest by `value_text`.
fn field_value(key: &str, v: &Value) -> String {
    match (key, v) {
        ("from" | "period", Value::String(s)) => crate::time::period::Period::parse(s)
            .map_or_else(|_| s.clone(), crate::time::period::russian),
        ("category", Value::String(s)) => {
            Category::parse(s).map_or_else(|| s.clone(), |c| c.label().into())
        }
        ("kind", Value::String(s)) => {
            Kind::parse(s).map_or_else(|| s.clone(), |k| k.label().into())
        }
        // Metrics are kept as a JSON text inside the snapshot.
        ("metrics", Value::String(s)) => {
            serde_json::from_str::<Value>(s).map_or_else(|_| s.clone(), |m| value_text(&m))
        }
        (k, Value::String(s)) if k.ends_with("_at") => {
            s.parse::<chrono::DateTime<chrono::Utc>>().map_or_else(
                |_| s.clone(),
                |t| crate::ru::datetime(t, crate::config::DEFAULT_TIMEZONE),
            )
        }
        _ => value_text(v),
    }
}

const FIELDS: &[(&str, &str)] = &[
    ("status", "статус"),
    ("body", "текст"),
    ("metrics", "показатели"),
    ("comment", "замечание"),
    ("reason", "причина"),
    ("locked", "закрыт"),
    ("submitted_at", "представлен"),
    ("first_submitted_at", "впервые представлен"),
    ("schedule_text", "срок"),
    ("executors", "исполнители"),
    ("section", "раздел"),
    ("partners", "совместно с"),
    ("feeds_registry", "ведёт реестр"),
    ("paid_non_working", "оплачиваемые нерабочие дни"),
    ("category", "категория"),
    ("name", "наименование"),
    ("short_name", "краткое наименование"),
    ("alias", "написание"),
    ("login", "логин"),
    ("role", "роль"),
    ("disabled", "отключён"),
    ("number", "номер"),
    ("title", "наименование"),
    ("from", "с периода"),
    ("new_due", "новый срок"),
    ("requested_due", "запрошенный срок"),
    ("new_agencies", "новые ведомства"),
    ("canonical", "каноническая форма"),
    ("display", "значение"),
    ("kind", "вид"),
    ("period", "период"),
    ("measure", "мероприятие плана"),
    ("executor", "ведомство"),
    ("starts_on", "дата"),
    ("ends_on", "дата окончания"),
    ("municipality", "муниципальное образование"),
    ("venue", "место"),
    ("audience", "аудитория"),
    ("reached", "охвачено человек"),
    ("description", "описание"),
    ("links", "ссылки"),
    ("co_agencies", "соорганизаторы"),
    ("details", "сведения вида"),
    ("file_name", "файл"),
    ("channel", "канал"),
    ("programme", "программа"),
    ("air_time", "время эфира"),
    ("print_run", "тираж"),
    ("distributed", "распространено"),
    ("placed", "где размещены"),
    ("inspection", "проверка"),
    ("outlet", "издание"),
];

fn field_label(key: &str) -> String {
    FIELDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.replace('_', " "), |(_, l)| (*l).to_string())
}

/// Stored enum values, in the words the pages use.
const VALUES: &[(&str, &str)] = &[
    ("draft", "черновик"),
    ("submitted", "представлен"),
    ("accepted", "принят"),
    ("returned", "на доработке"),
    ("requested", "ожидает решения"),
    ("granted", "продлён"),
    ("refused", "отказано"),
    ("working", "рабочие дни"),
    ("days_off", "выходные дни"),
    ("tv", "телевидение"),
    ("radio", "радио"),
];

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "да".into(),
        Value::Bool(false) => "нет".into(),
        Value::String(s) => VALUES
            .iter()
            .find(|(k, _)| k == s)
            .map_or_else(|| s.clone(), |(_, l)| (*l).to_string()),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join("; "),
        // An executor, a partner: its name, as the plan writes it.
        Value::Object(m) if m.get("name").is_some_and(Value::is_string) => {
            let name = value_text(&m["name"]);
            match m.get("by_agreement") {
                Some(Value::Bool(true)) => format!("{name} (по согласованию)"),
                _ => name,
            }
        }
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{}: {}", field_label(k), value_text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_returned_report_says_what_changed() {
        let before = json!({"status": "submitted", "body": "Проведено", "comment": null});
        let after = json!({"status": "returned", "body": "Проведено", "comment": "Нет цифр"});
        let got = changes(Some(&before), Some(&after));
        assert_eq!(
            got,
            [
                Change {
                    field: "статус".into(),
                    before: "представлен".into(),
                    after: "на доработке".into()
                },
                Change {
                    field: "замечание".into(),
                    before: String::new(),
                    after: "Нет цифр".into()
                },
            ]
        );
        assert_eq!(verb("report.return", "report"), "вернул на доработку");
    }

    #[test]
    fn creations_lists_and_unknown_codes_read_too() {
        assert_eq!(verb("create", "user"), "создал");
        assert_eq!(verb("create", "issued_document"), "выдал");
        assert_eq!(verb("create", "indicator"), "добавил в реестр");
        let ind = json!({"kind": "url", "category": "phishing", "metrics": "{\"events\":12.0}",
            "submitted_at": "2020-10-05T06:00:00Z"});
        let got = changes(None, Some(&ind));
        let got: Vec<(&str, &str)> = got
            .iter()
            .map(|c| (c.field.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("вид", "ссылка"),
                ("категория", "фишинговый сайт"),
                ("показатели", "events: 12"),
                ("представлен", "05.10.2020 11:00")
            ]
        );
        assert_eq!(
            verb("frobnicate", "thing"),
            "выполнил действие «frobnicate»"
        );
        let after = json!({"partners": ["УМВД", "СУ СК"], "feeds_registry": true});
        let got = changes(None, Some(&after));
        assert_eq!(got[0].after, "УМВД; СУ СК");
        assert_eq!(got[1].field, "ведёт реестр");
        assert_eq!(got[1].after, "да");
        assert!(changes(Some(&after), Some(&after)).is_empty());
        let edit = json!({"from": "2020-Q4", "revision": 3, "new_agencies": [],
            "executors": [{"name": "УМВД", "by_agreement": true}, {"name": "СУ СК", "by_agreement": false}]});
        let got = changes(None, Some(&edit));
        let got: Vec<(&str, &str)> = got
            .iter()
            .map(|c| (c.field.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("с периода", "IV квартал 2020 г."),
                ("исполнители", "УМВД (по согласованию); СУ СК")
            ]
        );
    }

    /// Every action code the sources log (a literal `entity.action` with a
    /// logged entity's prefix) has its words: a new one cannot slip into
    /// the log as a bare code.
    #[test]
    fn every_logged_action_has_words() {
        let mut files = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        let mut missing = Vec::new();
        while let Some(p) = files.pop() {
            if p.is_dir() {
                files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            for literal in text.split('"').skip(1).step_by(2) {
                let Some((entity, action)) = literal.split_once('.') else {
                    continue;
                };
                let word = |s: &str| {
                    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                };
                let file = [
                    "txt", "docx", "odt", "csv", "xml", "toml", "xlsx", "json", "pdf", "html",
                    "rs", "db", "md", "svg", "css", "js", "php",
                ];
                if word(entity)
                    && word(action)
                    && entity_word(entity).is_some()
                    && !file.contains(&action)
                    && !ACTIONS.iter().any(|(a, _)| a == &literal)
                {
                    missing.push(format!("{}: {literal}", p.display()));
                }
            }
        }
        assert!(missing.is_empty(), "actions without words: {missing:?}");
    }
}
