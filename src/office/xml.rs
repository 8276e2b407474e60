//! What the readers of uploaded XML (plans in .docx/.odt, sheets in .xlsx)
//! share: the text a reference inside a text node stands for.

use quick_xml::events::BytesRef;

/// The text of a character or predefined entity reference (`&#8470;`,
/// `&amp;`) in a document's XML; `None` for any other entity.
pub fn reference_text(r: &BytesRef<'_>) -> Option<String> {
    r.resolve_char_ref()
        .ok()
        .flatten()
        .map(String::from)
        .or_else(|| {
            let name = r.xml10_content();
            quick_xml::escape::resolve_predefined_entity(&name).map(String::from)
        })
}
