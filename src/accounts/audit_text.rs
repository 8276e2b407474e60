//! The audit log in words: what an action code means in Russian, what a
//! logged object is called, and which fields changed from before to after.
//! Pure; the page (`audit_page`) looks up the objects' names and links.

use serde_json::Value;

/// Each action the app logs, and how the log says it (after who did it).
pub const ACTIONS: &[(&str, &str)] = &[
    ("report.save_draft", "сохранил черновик отчёта"),
    ("report.submit", "представил отчёт"),
    ("report.accept", "принял отчёт"),
    ("report.return", "вернул на доработку отчёт"),
    ("extension.grant", "продлил срок"),
    ("extension.refuse", "отказал в продлении срока"),
    ("period.lock", "закрыл период"),
    ("period.unlock", "открыл период"),
    ("plan.import", "загрузил план"),
    ("plan.settings", "изменил настройки плана"),
    ("plan.activity", "изменил действие плана"),
    ("measure.edit", "изменил срок и исполнителей мероприятия"),
    ("measure.metrics", "изменил показатели мероприятия"),
    (
        "measure.details",
        "изменил раздел и соисполнителей мероприятия",
    ),
    ("measure.registry", "изменил, ведёт ли реестр мероприятие"),
    ("agency.create", "добавил ведомство"),
    ("agency.update", "изменил ведомство"),
    ("agency.alias_add", "добавил написание ведомства"),
    ("user.disable", "отключил пользователя"),
    ("user.enable", "включил пользователя"),
    ("user.mail_off", "отказался от писем"),
    ("user.mail_on", "снова получает письма"),
    ("api_token.revoke", "отозвал API-токен"),
    ("indicator.category", "изменил категорию ресурса"),
    ("indicator.case", "привязал материал к ресурсу"),
    ("indicator.blocking_step", "записал шаг блокировки ресурса"),
    ("indicator.owner", "получил сведения о владельце ресурса"),
    ("indicator.merge", "объединил ресурсы"),
    ("indicator.normalize", "привёл к единой форме ресурс"),
    ("registry.import", "загрузил ресурсы в реестр"),
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
];

/// The log's words for `action` on `entity`: its phrase, or «создал …»
/// for a creation; unknown codes as they are, so nothing is hidden.
pub fn verb(action: &str, entity: &str) -> String {
    if let Some((_, v)) = ACTIONS.iter().find(|(a, _)| *a == action) {
        return (*v).to_string();
    }
    match (action, entity_word(entity)) {
        ("create", Some(_)) if entity == "issued_document" => "выдал документ".into(),
        ("create", Some(word)) => format!("создал {word}"),
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
    ("period", "период"),
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
        Value::Number(n) => n.to_string(),
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
        assert_eq!(verb("report.return", "report"), "вернул на доработку отчёт");
    }

    #[test]
    fn creations_lists_and_unknown_codes_read_too() {
        assert_eq!(verb("create", "user"), "создал пользователя");
        assert_eq!(verb("create", "issued_document"), "выдал документ");
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
