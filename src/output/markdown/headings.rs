//! Headings. In: the render pass's heading events and the ids the first pass gave the
//! headings, in order. Out: each heading with its id and a `#` link to itself; a fragment's
//! headings (an embedded part of a note) have neither, as the page holding it has its own.

use super::transform::Transform;
use crate::util::html::escape;
use crate::util::url::Href;
use pulldown_cmark::{CowStr, Event, HeadingLevel};

impl Transform<'_, '_> {
    pub(super) fn start_heading(&mut self, level: HeadingLevel, classes: &[CowStr<'_>]) {
        let id = self
            .headings
            .as_mut()
            .and_then(Iterator::next)
            .map(|h| h.id.clone())
            .unwrap_or_default();
        let mut open = format!("<{level}");
        if !id.is_empty() {
            open.push_str(&format!(" id=\"{}\"", escape(&id)));
        }
        if !classes.is_empty() {
            open.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
        }
        open.push('>');
        self.events.push(Event::Html(open.into()));
        self.heading_ids.push(id);
    }

    pub(super) fn end_heading(&mut self, level: HeadingLevel) {
        let id = self.heading_ids.pop().unwrap_or_default();
        if id.is_empty() {
            self.events
                .push(Event::Html(format!("</{level}>\n").into()));
            return;
        }
        self.events.push(Event::Html(
            format!(
                "<a class=\"anchor\" href=\"{}\" aria-label=\"Link to this section\">#</a></{level}>\n",
                escape(Href::fragment(&id).as_str())
            )
            .into(),
        ));
    }
}
