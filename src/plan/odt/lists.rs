//! OpenDocument list numbering: LibreOffice stores no number for a numbered
//! paragraph, only its list (`text:list`, nested one per level) and the
//! list style that says how a level is shown (`style:num-format`, prefix,
//! suffix, how many levels the label shows). Numbers are counted here in
//! document order. A new list starts again from its start value unless it
//! continues another (`text:continue-numbering`, `text:continue-list`) — a
//! numbered table column is one list per cell, continued.

use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// ODF lists have ten levels.
const LEVELS: usize = 10;

#[derive(Clone, Debug, Default)]
struct LevelStyle {
    /// `None` for bullets, images and an empty `num-format`.
    numbered: bool,
    prefix: String,
    suffix: String,
    display: usize,
    start: u32,
}

/// An open `text:list`: its style and the counters it counts on.
struct Open {
    style: Option<String>,
    chain: usize,
}

#[derive(Default)]
pub struct Lists {
    /// List style name → its levels, 0-based.
    styles: HashMap<String, Vec<LevelStyle>>,
    /// The list style being read, in the styles.
    in_style: Option<String>,
    open: Vec<Open>,
    /// One set of counters per chain of lists continuing each other.
    chains: Vec<[Option<u32>; LEVELS]>,
    /// `xml:id` of a list → its chain, for `text:continue-list`.
    ids: HashMap<String, usize>,
    /// The last top-level list's chain, per style, for `continue-numbering`.
    last: HashMap<Option<String>, usize>,
    /// The list item just opened, until its first child: a paragraph
    /// takes its number; a nested list means the item has none of its own
    /// (how LibreOffice writes a level-2 row with no level-1 parent).
    item: Option<Item>,
}

#[derive(Clone, Copy)]
struct Item {
    header: bool,
    start: Option<u32>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.trim().to_string())
    })
}

fn num(e: &BytesStart, name: &str) -> Option<usize> {
    attr(e, name).and_then(|v| v.parse().ok())
}

impl Lists {
    /// `text:list-style` opens or (with `end`) closes a style's definition.
    pub fn list_style(&mut self, e: Option<&BytesStart>) {
        self.in_style = e.and_then(|e| attr(e, "style:name"));
    }

    /// One level of the list style being read.
    pub fn level_style(&mut self, e: &BytesStart) {
        let Some(name) = &self.in_style else { return };
        let Some(level) = num(e, "text:level").filter(|l| (1..=LEVELS).contains(l)) else {
            return;
        };
        let numbered = e.name().as_ref() == "text:list-level-style-number"
            && attr(e, "style:num-format").is_some_and(|f| !f.is_empty());
        let levels = self.styles.entry(name.clone()).or_default();
        if levels.len() < level {
            levels.resize(level, LevelStyle::default());
        }
        levels[level - 1] = LevelStyle {
            numbered,
            prefix: attr(e, "style:num-prefix").unwrap_or_default(),
            suffix: attr(e, "style:num-suffix").unwrap_or_default(),
            display: num(e, "text:display-levels").unwrap_or(1).clamp(1, level),
            start: num(e, "text:start-value").map_or(1, |v| v as u32),
        };
    }

    pub fn open_list(&mut self, e: &BytesStart) {
        self.item = None;
        let parent = self.open.last();
        let style = attr(e, "text:style-name").or_else(|| parent.and_then(|p| p.style.clone()));
        let chain = match parent {
            Some(p) => p.chain,
            None => self.top_chain(e, &style),
        };
        if let Some(id) = attr(e, "xml:id") {
            self.ids.insert(id, chain);
        }
        self.open.push(Open { style, chain });
    }

    fn top_chain(&mut self, e: &BytesStart, style: &Option<String>) -> usize {
        let continued = attr(e, "text:continue-list")
            .and_then(|id| self.ids.get(&id).copied())
            .or_else(|| {
                (attr(e, "text:continue-numbering").as_deref() == Some("true"))
                    .then(|| self.last.get(style).copied())
                    .flatten()
            });
        let chain = continued.unwrap_or_else(|| {
            self.chains.push([None; LEVELS]);
            self.chains.len() - 1
        });
        self.last.insert(style.clone(), chain);
        chain
    }

    pub fn close_list(&mut self) {
        self.open.pop();
    }

    /// A `text:list-item` (`header`: a `text:list-header`, not counted).
    pub fn open_item(&mut self, e: &BytesStart, header: bool) {
        let start = num(e, "text:start-value").map(|v| v as u32);
        self.item = Some(Item { header, start });
    }

    /// The label the next paragraph starts with: only an item's first
    /// child paragraph is numbered.
    pub fn take_label(&mut self) -> Option<String> {
        let item = self.item.take()?;
        let depth = self.open.len();
        let open = self.open.last()?;
        if item.header || depth > LEVELS {
            return None;
        }
        let level = depth - 1;
        let levels = open
            .style
            .as_ref()
            .and_then(|s| self.styles.get(s))
            .cloned()
            .unwrap_or_default();
        let style = |l: usize| levels.get(l).cloned().unwrap_or_default();
        let counters = &mut self.chains[open.chain];
        counters[level] = Some(match (item.start, counters[level]) {
            (Some(s), _) => s,
            (None, Some(c)) => c.saturating_add(1),
            (None, None) => style(level).start,
        });
        for c in counters.iter_mut().skip(level + 1) {
            *c = None;
        }
        let lv = style(level);
        if !lv.numbered {
            return None;
        }
        let shown: Vec<String> = (level + 1 - lv.display..=level)
            .map(|l| counters[l].unwrap_or(style(l).start).to_string())
            .collect();
        Some(format!("{}{}{}", lv.prefix, shown.join("."), lv.suffix))
    }
}

impl Lists {
    /// The list styles of `styles.xml` (the named ones; `content.xml` has
    /// the automatic ones and is read by the table walk).
    pub fn read_styles(&mut self, xml: &str) -> Result<(), String> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event().map_err(|e| e.to_string())? {
                Event::Start(e) | Event::Empty(e) => self.style_event(&e, true),
                Event::End(e) if e.name().as_ref() == "text:list-style" => self.list_style(None),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// A style element met anywhere; `start`: opening (or empty), not end.
    pub fn style_event(&mut self, e: &BytesStart, start: bool) {
        match e.name().as_ref() {
            "text:list-style" if start => self.list_style(Some(e)),
            "text:list-level-style-number"
            | "text:list-level-style-bullet"
            | "text:list-level-style-image" => self.level_style(e),
            _ => {}
        }
    }
}
