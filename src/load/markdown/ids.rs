//! The ids a note's body gives its elements, gathered by the first pass in the order its page
//! holds them. In: what the pass meets, event by event: a heading's or a block's id (known at
//! its end, written at its start), a footnote, a comparison, the HTML made for a diagram or a
//! formula, an embed, and the note's raw HTML (read whole at the end, each id placed at the
//! piece it is in). Out: the note's [`BodyId`]s in document order, and the set of anchors a
//! `#fragment` may name.
//!
//! The render pass writes each event's HTML in the order of the events, an element's id in its
//! start tag: sorting by the event that opens the element gives the order of the page.

use super::options;
use crate::markup::{anchors, math};
use crate::model::analysis::{BodyId, IdKind};
use crate::model::comparison::Spec;
use pulldown_cmark::{Event, Parser};
use std::collections::HashSet;

/// The ids met so far, each with the index of the event that writes its element.
#[derive(Default)]
pub(super) struct Ids {
    found: Vec<(usize, BodyId)>,
    /// Each piece of raw HTML: where it starts in the note's raw HTML (all its pieces end to
    /// end), its event and where it is in the body.
    pieces: Vec<(usize, usize, usize)>,
}

impl Ids {
    /// `id`, of the element event `event` opens at `at` in the body.
    pub(super) fn push(&mut self, event: usize, at: usize, kind: IdKind, id: String) {
        self.found.push((event, BodyId { at, kind, id }));
    }

    /// The ids `html` (a diagram's SVG, a formula's MathML), written by event `event`, defines.
    pub(super) fn html(&mut self, event: usize, at: usize, kind: IdKind, html: &str) {
        if !html.contains("id") && !html.contains("name") {
            return;
        }
        for (_, id) in anchors::anchors_in(html).unwrap_or_default() {
            self.push(event, at, kind, id);
        }
    }

    /// The ids the raw HTML of comparison `spec`'s cells defines, its table written by event
    /// `event`: in the order the table shows them, each row's remark, then its values. A part
    /// of the note shown elsewhere shows no table, so none of them either.
    pub(super) fn cells(&mut self, event: usize, at: usize, spec: &Spec) {
        for row in &spec.rows {
            let values = row.values.iter().take(spec.things.len());
            for markdown in row.note.iter().chain(values) {
                if !markdown.contains('<') {
                    continue;
                }
                // Read as the cell is rendered: its dollars protected, then parsed.
                let text = math::Dollars::protect(markdown, options()).text;
                let raw: String = Parser::new_ext(&text, options())
                    .filter_map(|e| match e {
                        Event::Html(h) | Event::InlineHtml(h) => Some(h.into_string()),
                        _ => None,
                    })
                    .collect();
                self.html(event, at, IdKind::Comparison, &raw);
            }
        }
    }

    /// A piece of raw HTML, written by event `event` at `at`, starting at `start` of the note's
    /// raw HTML.
    pub(super) fn raw_piece(&mut self, start: usize, event: usize, at: usize) {
        self.pieces.push((start, event, at));
    }

    /// The ids in document order, those of `raw_html` (the pieces of [`Ids::raw_piece`] end to
    /// end, read whole so that an id inside a comment that spans pieces is none) placed at
    /// their pieces; and the anchors among them.
    pub(super) fn finish(mut self, raw_html: &str) -> (Vec<BodyId>, HashSet<String>) {
        if !raw_html.is_empty() {
            for (start, id) in anchors::anchors_in(raw_html).unwrap_or_default() {
                let piece = self.pieces.partition_point(|p| p.0 <= start);
                let Some(&(_, event, at)) = self.pieces.get(piece.wrapping_sub(1)) else {
                    continue;
                };
                self.push(event, at, IdKind::Other, id);
            }
        }
        // Stable: the ids of one event keep the order they were met in.
        self.found.sort_by_key(|(event, _)| *event);
        let ids: Vec<BodyId> = self.found.into_iter().map(|(_, id)| id).collect();
        let anchors = ids
            .iter()
            .filter(|i| i.kind != IdKind::Embed)
            .map(|i| i.id.clone())
            .collect();
        (ids, anchors)
    }
}

#[cfg(test)]
mod tests {
    use super::super::analyze;
    use crate::markup::math;
    use crate::model::analysis::IdKind;
    use std::path::Path;

    #[test]
    fn ids_are_placed_where_their_elements_open() {
        let md = "## A <b id=\"in-a\">b</b>\n\nText <i id=\"in-p\">x</i> ^blk\n\n\
                  ![[other]]\n\n<p id=\"raw\"><!-- <b id=\"no\"> --></p>\n";
        let (a, problems) = analyze(md, 0, Path::new("n.md"), &math::Converter::default(), None);
        assert!(problems.is_empty(), "{problems:?}");
        let ids: Vec<(&str, IdKind)> = a.ids.iter().map(|i| (i.id.as_str(), i.kind)).collect();
        assert_eq!(
            ids,
            [
                ("a-b", IdKind::Heading),
                ("in-a", IdKind::Other),
                ("^blk", IdKind::Block),
                ("in-p", IdKind::Other),
                ("other", IdKind::Embed),
                ("raw", IdKind::Other),
            ]
        );
        // Each where its element starts in the body, for the parts an embed shows.
        assert!(md[a.ids[2].at..].starts_with("Text"));
        assert!(md[a.ids[5].at..].starts_with("<p id=\"raw\""));
        // An embed's target is no anchor.
        assert!(a.anchors.contains("raw") && !a.anchors.contains("other"));
    }
}
