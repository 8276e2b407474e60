//! Default metrics for a measure, chosen from what its text asks for: events
//! and people reached for lectures and lessons, publications for informing,
//! materials for leaflets, resources for blocking. Coordinators change them.

/// One number a report on the measure carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricDef {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
}

const fn m(key: &'static str, label: &'static str, required: bool) -> MetricDef {
    MetricDef {
        key,
        label,
        required,
    }
}

const RESOURCES: [MetricDef; 3] = [
    m("resources_identified", "Выявлено ресурсов", true),
    m("resources_sent", "Направлено на блокировку", false),
    m("resources_blocked", "Заблокировано ресурсов", false),
];
const MATERIALS: [MetricDef; 2] = [
    m("materials", "Распространено материалов, экз.", true),
    m("events", "Проведено мероприятий", false),
];
const BROADCASTS: [MetricDef; 2] = [
    m("broadcasts", "Выпущено передач", true),
    m("people_reached", "Охвачено человек", false),
];
const PUBLICATIONS: [MetricDef; 1] = [m("publications", "Размещено публикаций", true)];
const EVENTS: [MetricDef; 2] = [
    m("events", "Проведено мероприятий", true),
    m("people_reached", "Охвачено человек", false),
];
const ASSESSMENTS: [MetricDef; 1] = [m("assessments", "Проанализировано оценок", true)];

/// The metrics a measure gets at import.
pub fn defaults(title: &str) -> Vec<MetricDef> {
    let t = title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let set: &[MetricDef] = if has(&["блокир", "администратор", "интернет-ресурс"])
    {
        &RESOURCES
    } else if has(&["памят", "баннер", "реклам"]) {
        &MATERIALS
    } else if has(&["передач", "телевиден"]) {
        &BROADCASTS
    } else if has(&["проанализ"]) {
        &ASSESSMENTS
    } else if has(&["предложени"]) {
        &[]
    } else if has(&[
        "урок",
        "месячник",
        "лекц",
        "бесед",
        "разъяснительн",
        "мероприяти",
    ]) {
        &EVENTS
    } else if has(&[
        "информир",
        "размещ",
        "освещ",
        "сайт",
        "веб-страниц",
        "сми",
        "массовой информации",
    ]) {
        &PUBLICATIONS
    } else {
        &EVENTS
    };
    set.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(title: &str) -> Vec<&'static str> {
        defaults(title).iter().map(|m| m.key).collect()
    }

    #[test]
    fn seed_measures_get_fitting_metrics() {
        assert_eq!(
            keys("Выявлять функционирующие интернет-ресурсы … блокировки"),
            [
                "resources_identified",
                "resources_sent",
                "resources_blocked"
            ]
        );
        assert_eq!(
            keys("организовать выпуск памяток,баннеров, социальной рекламы"),
            ["materials", "events"]
        );
        assert_eq!(
            keys("цикл передач на телевидении и радио «Югра»"),
            ["broadcasts", "people_reached"]
        );
        assert_eq!(
            keys("проводить тематические уроки безопасности"),
            ["events", "people_reached"]
        );
        assert_eq!(
            keys("Освещать в средствах массовой информации результаты"),
            ["publications"]
        );
        assert!(keys("Внести предложения в план работы").is_empty());
        assert!(defaults("уроки").iter().filter(|m| m.required).count() == 1);
    }
}
