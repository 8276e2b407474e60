//! The requisites of an official document on the page, after ГОСТ Р
//! 7.0.97-2016: the approval stamp and the addressee at the right, the
//! author organisation, the date and registration number and the place at
//! the left, the document kind and the heading to the text centred; after
//! the text, the signature, and the executor mark in small print at the
//! bottom of the last page. Each requisite appears only when it is set.

use docx_rs::{AlignmentType, Docx, Paragraph, Run, Tab, TabValueType};

use super::docx_common::{TEXT_SIZE, TEXT_W, centred_bold};
use super::requisites::{Issue, Requisites, initials_surname};

/// Where the right-hand blocks (stamp, addressee) start: 100 mm from the
/// right margin.
const RIGHT_BLOCK: i32 = TEXT_W as i32 - 5_670;
/// The executor mark's size in half-points: 10 pt, smaller than the text.
pub(crate) const MARK_SIZE: usize = 20;

/// The head of the document down to the heading; `kind` is the document
/// kind («ИНФОРМАЦИЯ»), `heading` the lines of the heading to the text.
pub(crate) fn head(
    doc: Docx,
    r: &Requisites,
    issue: &Issue,
    kind: &str,
    heading: &[String],
) -> Docx {
    let doc = letterhead(doc, r, issue, true)
        .add_paragraph(Paragraph::new())
        .add_paragraph(centred_bold(kind, TEXT_SIZE));
    heading
        .iter()
        .fold(doc, |d, l| d.add_paragraph(centred_bold(l, TEXT_SIZE)))
}

/// The approval stamp, the author, the date and number (when `dated`:
/// a document that dates itself in its heading leaves it out), the place
/// and the addressee.
pub(crate) fn letterhead(mut doc: Docx, r: &Requisites, issue: &Issue, dated: bool) -> Docx {
    for p in approval(r, issue) {
        doc = doc.add_paragraph(p);
    }
    if let Some(org) = &r.organisation {
        doc = lines(org).fold(doc, |d, l| d.add_paragraph(organisation_line(l)));
    }
    if dated {
        doc = doc.add_paragraph(text(&issue.date_and_number()));
    }
    if let Some(place) = &r.place {
        doc = doc.add_paragraph(text(place));
    }
    if let Some(to) = &r.addressee {
        doc = doc.add_paragraph(Paragraph::new());
        doc = lines(to).fold(doc, |d, l| d.add_paragraph(right(text(l))));
    }
    doc
}

/// «УТВЕРЖДАЮ», the position, the signature line with initials and
/// surname, the date; nothing when no approver is set.
fn approval(r: &Requisites, issue: &Issue) -> Vec<Paragraph> {
    if r.approver_position.is_none() && r.approver_name.is_none() {
        return Vec::new();
    }
    let mut out = vec![right(text("УТВЕРЖДАЮ"))];
    if let Some(pos) = &r.approver_position {
        out.extend(lines(pos).map(|l| right(text(l))));
    }
    let name = r.approver_name.as_deref().map(initials_surname);
    let sign = format!("____________ {}", name.unwrap_or_default());
    out.push(right(text(sign.trim_end())));
    out.push(right(text(&issue.date.format("%d.%m.%Y").to_string())));
    out.push(Paragraph::new());
    out
}

/// The signature and the executor mark, after the text.
pub(crate) fn tail(mut doc: Docx, r: &Requisites) -> Docx {
    if r.signatory_position.is_some() || r.signatory_name.is_some() {
        doc = doc.add_paragraph(Paragraph::new());
        let position: Vec<&str> = r
            .signatory_position
            .as_deref()
            .map_or(vec![], |p| lines(p).collect());
        let (last, before) = position
            .split_last()
            .map_or(("", &[][..]), |(l, b)| (*l, b));
        doc = before.iter().fold(doc, |d, l| d.add_paragraph(text(l)));
        let name = r
            .signatory_name
            .as_deref()
            .map(initials_surname)
            .unwrap_or_default();
        // The name stands at the right margin on the position's last line.
        let signature = Paragraph::new()
            .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_W))
            .add_run(Run::new().add_text(last).add_tab().add_text(name));
        doc = doc.add_paragraph(signature);
    }
    executor_mark(r).into_iter().fold(doc, Docx::add_paragraph)
}

/// The executor's name and phone in a frame anchored to the bottom margin:
/// it lands at the foot of the page the text ends on, the last one.
fn executor_mark(r: &Requisites) -> Vec<Paragraph> {
    [r.executor_name.as_deref(), r.executor_phone.as_deref()]
        .into_iter()
        .flatten()
        .map(|l| {
            Paragraph::new()
                .add_run(Run::new().add_text(l).size(MARK_SIZE))
                .wrap("around")
                .v_anchor("margin")
                .h_anchor("margin")
                .y_align("bottom")
                .frame_width(TEXT_W as u32)
        })
        .collect()
}

fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty())
}

fn text(s: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Left)
        .add_run(Run::new().add_text(s))
}

/// The author organisation stands out in bold, as on a letterhead.
fn organisation_line(s: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(s).bold())
}

fn right(p: Paragraph) -> Paragraph {
    p.indent(Some(RIGHT_BLOCK), None, None, None)
}
