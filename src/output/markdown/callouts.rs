//! Blockquotes and the callouts written as them. In: the render pass's blockquote events and
//! their source. Out: a GitHub alert (`> [!NOTE]`), a key-facts box (`> [!KEY]`) or an
//! Obsidian callout (`> [!tip]- Title`) as an `<aside>` with its title; any other quote as is.

use super::transform::Transform;
use crate::load::markdown::is_key_callout;
use crate::load::obsidian::callout;
use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};
use std::ops::Range;

impl Transform<'_, '_> {
    pub(super) fn start_quote(&mut self, kind: Option<BlockQuoteKind>, range: Range<usize>) {
        let body = self.body;
        let callout = match kind {
            Some(kind) => Some(alert_name(kind)),
            None if is_key_callout(&body[range.clone()]) => {
                self.skip_marker = true;
                Some(("key", "Key facts"))
            }
            None => None,
        };
        // role="note": a callout is not a landmark; as one, two "Tip"s on a page
        // (or in the handout) would be landmarks with the same name (axe-core's
        // landmark-unique).
        let obsidian = callout
            .is_none()
            .then(|| callout::parse(&body[range.clone()]))
            .flatten();
        match (callout, obsidian) {
            (Some((class, title)), _) => {
                self.quotes.push(Some("</aside>\n"));
                self.events.push(Event::Html(
                    format!(
                        "<aside class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
                    )
                    .into(),
                ));
            }
            (None, Some(c)) => {
                self.quotes.push(Some(c.close_html()));
                self.events.push(Event::Html(c.open_html().into()));
                self.title = Some(callout::Title::new(c));
            }
            (None, None) => {
                self.quotes.push(None);
                self.events.push(Event::Start(Tag::BlockQuote(None)));
            }
        }
    }

    pub(super) fn end_quote(&mut self, kind: Option<BlockQuoteKind>) {
        if let Some(t) = self.title.as_mut() {
            t.close(&mut self.events);
        }
        self.events.push(match self.quotes.pop().flatten() {
            Some(close) => Event::Html(close.into()),
            None => Event::End(TagEnd::BlockQuote(kind)),
        });
    }
}

fn alert_name(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}
