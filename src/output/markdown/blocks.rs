//! Paragraphs and list items with what Obsidian adds to them. In: the render pass's text,
//! block and embed events. Out: `==highlights==` as `<mark>`, a block id (`^id`) ending a
//! paragraph or item as its `id`, and `![[embed]]` as the embedded note, section, block or file
//! ([`embed::html`]), taken out of the paragraph it opened when it is a `<div>`.

use super::embed;
use super::transform::Transform;
use crate::load::markdown::link_target;
use crate::load::obsidian::inline;
use crate::model::link::LinkKind;
use crate::util::html::escape;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

impl<'a> Transform<'a, '_> {
    /// Text outside code: a block id cut from its end, the rest highlighted.
    pub(super) fn text(&mut self, t: CowStr<'a>) {
        let t = match inline::block_id(&t) {
            Some((cut, id)) => {
                self.block_marker = Some((id.to_string(), t[cut..].to_string()));
                CowStr::from(t[..cut].trim_end().to_string())
            }
            None => t,
        };
        self.marks.text(t, &mut self.events);
    }

    /// Where `==highlights==` open and close: blocks end them, inline markup nests them.
    pub(super) fn mark_highlights(&mut self, event: &Event<'a>) {
        match event {
            Event::Start(
                Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::TableCell | Tag::List(_),
            )
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => self.marks.end_block(&mut self.events),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }) => {
                self.marks.enter()
            }
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => self.marks.leave(&mut self.events),
            _ => {}
        }
    }

    /// A block id cut from the last text: the block's id if `event` ends the block, else given
    /// back as text.
    pub(super) fn place_block_marker(&mut self, event: &Event<'a>) {
        let Some((id, cut)) = self.block_marker.take() else {
            return;
        };
        let ends_block = matches!(
            event,
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_))
        );
        match self.blocks.last() {
            // A part of a note shown elsewhere keeps no ids: the page has its own.
            Some(_) if ends_block && self.analysis.is_none() => {}
            Some(&start) if ends_block => {
                let anchor = escape(&inline::block_anchor(&id));
                match self.events[start] {
                    Event::Start(Tag::Paragraph) => {
                        self.events[start] = Event::Html(format!("<p id=\"{anchor}\">").into());
                    }
                    Event::Start(Tag::Item) => {
                        self.events[start] = Event::Html(format!("<li id=\"{anchor}\">").into());
                    }
                    _ => {}
                }
            }
            _ => self.events.push(Event::Text(cut.into())),
        }
    }

    /// `![[target]]` opens: its text is gathered until it closes.
    pub(super) fn start_embed(&mut self, link_type: LinkType, dest_url: &str) {
        self.embedding = Some((link_target(link_type, dest_url).to_string(), String::new()));
    }

    /// An event inside `![[…]]`: its text gathered, and at its end the embed drawn.
    pub(super) fn embed_event(&mut self, event: Event<'a>) {
        let Some((target, text)) = &mut self.embedding else {
            return;
        };
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::End(TagEnd::Image) => {
                let links = self.links;
                let resolved = links.resolve(LinkKind::Embed, target);
                let body = resolved
                    .filter(|r| r.note.is_some())
                    .and_then(|_| links.embed(target))
                    .map(|part| {
                        self.raw_html |= part.raw_html;
                        part.html
                    });
                let html = embed::html(resolved, target, text, body);
                if html.starts_with("<div")
                    && matches!(self.events.last(), Some(Event::Start(Tag::Paragraph)))
                {
                    self.events.pop();
                    self.blocks.pop();
                    self.after_embed = true;
                }
                self.events.push(Event::Html(html.into()));
                self.embedding = None;
            }
            _ => {}
        }
    }

    /// After an embedded note taken out of its paragraph: the paragraph goes on if anything but
    /// a line break or its end follows. Returns whether `event` is still to be handled.
    pub(super) fn after_embed_event(&mut self, event: &Event<'a>) -> bool {
        match event {
            Event::SoftBreak | Event::HardBreak => false,
            Event::End(TagEnd::Paragraph) => {
                self.after_embed = false;
                false
            }
            _ => {
                self.after_embed = false;
                self.blocks.push(self.events.len());
                self.events.push(Event::Start(Tag::Paragraph));
                true
            }
        }
    }
}
