//! Splits the responsible-executors cell into agencies (and writes it
//! back, one per line) and pulls partners ("Совместно с …") out of a
//! measure's text.

use super::model::{Executor, ParsedMeasure};
use crate::ru::squash;

/// Splits on commas, semicolons and line breaks outside parentheses and
/// quotes; "(по согласованию)" becomes a flag.
pub fn split_executors(lines: &[String]) -> Vec<Executor> {
    lines
        .iter()
        .flat_map(|line| split_outside_brackets(line))
        .filter_map(|piece| executor(&piece))
        .collect()
}

/// One executor per line, "(по согласованию)" written back.
pub fn executors_text(m: &ParsedMeasure) -> String {
    m.executors
        .iter()
        .map(|e| {
            if e.by_agreement {
                format!("{} (по согласованию)", e.name)
            } else {
                e.name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn split_outside_brackets(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let mut in_straight_quotes = false;
    for c in s.chars() {
        match c {
            '(' | '«' | '“' | '„' => depth += 1,
            ')' | '»' | '”' => depth = (depth - 1).max(0),
            '"' => in_straight_quotes = !in_straight_quotes,
            ',' | ';' | '\n' if depth == 0 && !in_straight_quotes => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

fn executor(piece: &str) -> Option<Executor> {
    const NOTE: &str = "по согласованию";
    let mut name = squash(piece);
    let mut by_agreement = false;
    loop {
        let lower = name.to_lowercase();
        let Some(at) = lower.find(NOTE) else { break };
        by_agreement = true;
        let mut start = at;
        let mut end = at + NOTE.len();
        if lower[..start].trim_end().ends_with('(') {
            start = lower[..start].trim_end().len() - 1;
        }
        if lower[end..].trim_start().starts_with(')') {
            end = lower.len() - lower[end..].trim_start().len() + 1;
        }
        // Offsets come from the lower-cased copy; they fit the original only
        // where lower-casing kept every byte length (Cyrillic and Latin do).
        match (name.get(..start), name.get(end..)) {
            (Some(head), Some(tail)) if lower.len() == name.len() => {
                name = squash(&format!("{head} {tail}"));
            }
            _ => break,
        }
    }
    let name = name
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    (!name.is_empty()).then_some(Executor { name, by_agreement })
}

/// Bodies named after "Совместно с …" or "Во взаимодействии с …", up to the
/// verb that follows. Best effort: a miss only loses a partner.
pub fn partners(title: &str) -> Vec<String> {
    const OPENERS: [&str; 4] = [
        "совместно с ",
        "совместно со ",
        "во взаимодействии с ",
        "во взаимодействии со ",
    ];
    let lower = title.to_lowercase();
    if lower.len() != title.len() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for opener in OPENERS {
        let mut from = 0;
        while let Some(at) = lower[from..].find(opener) {
            let start = from + at + opener.len();
            from = start;
            if let Some(p) = title.get(start..).and_then(partner_at) {
                found.push((start, p));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, p)| p).collect()
}

fn partner_at(rest: &str) -> Option<String> {
    let mut words = Vec::new();
    for word in rest.split_whitespace() {
        let bare: String = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if is_verb(&bare) || matches!(bare.as_str(), "при" | "с целью") {
            break;
        }
        let ends_sentence = word.ends_with('.');
        words.push(word);
        if ends_sentence {
            break;
        }
    }
    let text = words.join(" ");
    let text = text.trim_end_matches([',', '.', ';', ':']).trim();
    (!text.is_empty() && !words.is_empty()).then(|| text.to_string())
}

/// Russian infinitives ("организовать", "проводить", "провести").
fn is_verb(w: &str) -> bool {
    const NOUNS: [&str; 4] = ["сеть", "сети", "власти", "части"];
    if NOUNS.contains(&w) || w.chars().count() < 5 {
        return false;
    }
    [
        "ать", "ять", "ить", "еть", "уть", "ыть", "ться", "сти", "зти",
    ]
    .iter()
    .any(|end| w.ends_with(end))
        && !w.ends_with("ости")
        && !w.ends_with("асти")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(cell: &str) -> Vec<(String, bool)> {
        split_executors(&cell.lines().map(String::from).collect::<Vec<_>>())
            .into_iter()
            .map(|e| (e.name, e.by_agreement))
            .collect()
    }

    #[test]
    fn splits_on_commas_semicolons_and_lines() {
        assert_eq!(
            names("Прокуратура округа, УМВД России по ХМАО-Югре; СУ СК\nДепартамент"),
            vec![
                ("Прокуратура округа".into(), false),
                ("УМВД России по ХМАО-Югре".into(), false),
                ("СУ СК".into(), false),
                ("Департамент".into(), false)
            ]
        );
    }

    #[test]
    fn never_splits_inside_parentheses_or_quotes() {
        assert_eq!(
            names("ООО «Рога, копыта», Комиссия (КДН, ЗП), АО \"Банк, Югра\""),
            vec![
                ("ООО «Рога, копыта»".into(), false),
                ("Комиссия (КДН, ЗП)".into(), false),
                ("АО \"Банк, Югра\"".into(), false)
            ]
        );
    }

    #[test]
    fn by_agreement_note_becomes_a_flag() {
        assert_eq!(
            names("УМВД России по ХМАО-Югре (по согласованию), Прокуратура округа"),
            vec![
                ("УМВД России по ХМАО-Югре".into(), true),
                ("Прокуратура округа".into(), false)
            ]
        );
        assert_eq!(
            names("СУ СК (По Согласованию)"),
            vec![("СУ СК".into(), true)]
        );
    }

    #[test]
    fn empty_pieces_are_dropped() {
        assert_eq!(names(" , ;\n\nА,"), vec![("А".into(), false)]);
    }

    #[test]
    fn partners_stop_at_the_verb() {
        assert_eq!(
            partners(
                "Совместно с Департаментом образования и молодежной политики Ханты-Мансийского автономного округа-Югры проводить в образовательных организациях уроки."
            ),
            vec![
                "Департаментом образования и молодежной политики Ханты-Мансийского автономного округа-Югры"
            ]
        );
        assert_eq!(
            partners(
                "Совместно с Департаментом социального развития округа-Югры при реализации программы обеспечить проведение."
            ),
            vec!["Департаментом социального развития округа-Югры"]
        );
        assert_eq!(
            partners(
                "Во взаимодействии с органами исполнительной власти автономного округа, местного самоуправления организовать размещение"
            ),
            vec!["органами исполнительной власти автономного округа, местного самоуправления"]
        );
        assert!(partners("Освещать в средствах массовой информации").is_empty());
    }

    proptest! {
        #[test]
        fn never_panic(s in "\\PC{0,80}") {
            let _ = split_executors(std::slice::from_ref(&s));
            let _ = partners(&s);
        }
    }
}
