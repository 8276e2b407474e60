//! Word's automatic list numbering (`word/numbering.xml`): a numbered
//! paragraph stores no number, only its list (`w:numId`) and level
//! (`w:ilvl`); the number is counted here in document order, as Word does.

use super::PlanError;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// The most levels Word lists have.
const LEVELS: usize = 9;

#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    /// "%1." or "%1.%2." — `%k` is level k's counter.
    text: String,
    /// `bullet` and `none` lists show no number.
    shows_number: bool,
    /// The paragraph style tied to this level (`w:pStyle`): its
    /// paragraphs are numbered at this level.
    style: Option<String>,
}

#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<u32, (String, HashMap<usize, u32>)>,
    /// abstractNumId → the counters of its levels so far: lists of one
    /// abstract list continue each other's numbers, as in Word.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    /// abstractNumId → the start overrides of the list that restarted it.
    restarts: HashMap<String, HashMap<usize, u32>>,
    /// The lists numbered so far; a list with a start override restarts
    /// its abstract list when first used.
    used: std::collections::HashSet<u32>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.trim().to_string())
    })
}

impl Numbering {
    pub fn parse(xml: &str) -> Result<Numbering, PlanError> {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        // Where the reader is: the abstract list, its level, the num.
        let mut abstract_id: Option<String> = None;
        let mut level: Option<usize> = None;
        let mut num: Option<u32> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| PlanError::UnreadableDocx(format!("bad numbering XML: {e}")))?;
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    match e.name().as_ref() {
                        "w:abstractNum" => abstract_id = None,
                        "w:lvl" => level = None,
                        "w:num" => num = None,
                        "w:lvlOverride" => override_level = None,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let val = || attr(e, "w:val");
            match e.name().as_ref() {
                "w:abstractNum" if !empty => {
                    abstract_id = attr(e, "w:abstractNumId");
                }
                "w:lvl" if !empty => {
                    level = attr(e, "w:ilvl")
                        .and_then(|v| v.parse().ok())
                        .filter(|l| *l < LEVELS);
                    if let (Some(a), Some(l)) = (&abstract_id, level) {
                        let levels = n.abstracts.entry(a.clone()).or_default();
                        if levels.len() <= l {
                            levels.resize(l + 1, Level::default());
                        }
                        levels[l] = Level {
                            start: 1,
                            text: String::new(),
                            shows_number: true,
                            style: None,
                        };
                    }
                }
                "w:start" | "w:lvlText" | "w:numFmt" | "w:pStyle" if override_level.is_none() => {
                    let (Some(a), Some(l)) = (&abstract_id, level) else {
                        continue;
                    };
                    let Some(lv) = n.abstracts.get_mut(a).and_then(|v| v.get_mut(l)) else {
                        continue;
                    };
                    match e.name().as_ref() {
                        "w:start" => lv.start = val().and_then(|v| v.parse().ok()).unwrap_or(1),
                        "w:lvlText" => lv.text = val().unwrap_or_default(),
                        "w:pStyle" => lv.style = val(),
                        _ => lv.shows_number = !matches!(val().as_deref(), Some("bullet" | "none")),
                    }
                }
                "w:num" if !empty => {
                    num = attr(e, "w:numId").and_then(|v| v.parse().ok());
                }
                "w:abstractNumId" => {
                    if let (Some(id), Some(a)) = (num, val()) {
                        n.nums.entry(id).or_default().0 = a;
                    }
                }
                "w:lvlOverride" if !empty => {
                    override_level = attr(e, "w:ilvl").and_then(|v| v.parse().ok());
                }
                "w:startOverride" => {
                    if let (Some(id), Some(l), Some(s)) =
                        (num, override_level, val().and_then(|v| v.parse().ok()))
                    {
                        n.nums.entry(id).or_default().1.insert(l, s);
                    }
                }
                _ => {}
            }
        }
        Ok(n)
    }

    /// The level of list `id` tied to paragraph style `style`, if any: a
    /// multi-level list numbers its heading styles this way.
    pub fn level_of_style(&self, id: u32, style: &str) -> Option<usize> {
        let (abstract_id, _) = self.nums.get(&id)?;
        self.abstracts
            .get(abstract_id)?
            .iter()
            .position(|l| l.style.as_deref() == Some(style))
    }

    /// The number of the next paragraph of list `id` at `level`, as Word
    /// shows it ("3." or "2.1."); `None` for bullets and unknown lists.
    pub fn next(&mut self, id: u32, level: usize) -> Option<String> {
        let (abstract_id, overrides) = self.nums.get(&id)?;
        let levels = self.abstracts.get(abstract_id)?;
        let lv = levels.get(level)?;
        if self.used.insert(id) && !overrides.is_empty() {
            self.counters.remove(abstract_id);
            self.restarts.insert(abstract_id.clone(), overrides.clone());
        }
        let restarted = self.restarts.get(abstract_id);
        let start = |l: usize| {
            restarted
                .and_then(|o| o.get(&l).copied())
                .or_else(|| levels.get(l).map(|x| x.start))
                .unwrap_or(1)
        };
        let counters = self
            .counters
            .entry(abstract_id.clone())
            .or_insert([None; LEVELS]);
        counters[level] = Some(counters[level].map_or(start(level), |c| c.saturating_add(1)));
        // A deeper level starts over under each new item of this one.
        for c in counters.iter_mut().skip(level + 1) {
            *c = None;
        }
        if !lv.shows_number {
            return None;
        }
        let mut label = String::new();
        let mut chars = lv.text.chars().peekable();
        while let Some(ch) = chars.next() {
            match (ch, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k @ 1..=9)) => {
                    chars.next();
                    let l = k as usize - 1;
                    let value = counters[l].unwrap_or_else(|| start(l));
                    label.push_str(&value.to_string());
                }
                _ => label.push(ch),
            }
        }
        Some(label)
    }
}
