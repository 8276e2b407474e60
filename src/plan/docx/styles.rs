//! Numbering that comes from a paragraph's style (`word/styles.xml`): Word
//! and Р7-Офис number a plan's rows by giving them a list style («Список
//! нумерованный», or a heading style tied to a multi-level list) rather than
//! a `w:numPr` of their own. A style names its list and level, or inherits
//! them through `w:basedOn`.

use super::PlanError;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashMap;

/// How deep a `w:basedOn` chain is followed; real ones are a few long,
/// and a cycle must not hang the reader.
const MAX_CHAIN: usize = 16;

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<u32>,
    level: Option<usize>,
}

#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
}

fn val(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.trim().to_string())
    })
}

impl Styles {
    pub fn parse(xml: &str) -> Result<Styles, PlanError> {
        let mut s = Styles::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<String> = None;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| PlanError::UnreadableDocx(format!("bad styles XML: {e}")))?;
            let e = match &event {
                Event::Start(e) | Event::Empty(e) => e,
                Event::End(e) if e.name().as_ref() == "w:style" => {
                    current = None;
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let name = e.name();
            if name.as_ref() == "w:style" {
                current = val(e, "w:styleId");
                if let Some(id) = &current {
                    s.styles.entry(id.clone()).or_default();
                }
                continue;
            }
            let Some(style) = current.as_ref().and_then(|id| s.styles.get_mut(id)) else {
                continue;
            };
            let v = val(e, "w:val");
            match name.as_ref() {
                "w:basedOn" => style.based_on = v,
                "w:numId" => style.num_id = v.and_then(|v| v.parse().ok()),
                "w:ilvl" => style.level = v.and_then(|v| v.parse().ok()),
                _ => {}
            }
        }
        Ok(s)
    }

    /// The list and level the style `id` numbers its paragraphs with, as
    /// it or the styles it is based on set them; a list id 0 turns
    /// numbering off.
    pub fn numbering(&self, id: &str) -> (Option<u32>, Option<usize>) {
        let (mut num, mut level) = (None, None);
        let mut at = Some(id);
        for _ in 0..MAX_CHAIN {
            let Some(style) = at.and_then(|id| self.styles.get(id)) else {
                break;
            };
            num = num.or(style.num_id);
            level = level.or(style.level);
            if num.is_some() {
                break;
            }
            at = style.based_on.as_deref();
        }
        (num.filter(|n| *n != 0), level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="ListNumber"><w:basedOn w:val="a"/>
        <w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Row2"><w:basedOn w:val="ListNumber"/>
        <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Off"><w:basedOn w:val="ListNumber"/>
        <w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
      <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
    </w:styles>"#;

    #[test]
    fn a_style_numbers_through_its_chain() {
        let s = Styles::parse(STYLES).unwrap();
        assert_eq!(s.numbering("ListNumber"), (Some(7), None));
        assert_eq!(s.numbering("Row2"), (Some(7), Some(1)));
        assert_eq!(s.numbering("Off"), (None, None));
        assert_eq!(s.numbering("a"), (None, None));
        assert_eq!(s.numbering("missing"), (None, None));
        assert_eq!(s.numbering("Loop1"), (None, None), "a cycle ends");
    }
}
