//! The render pass's loop. In: a body's Markdown (its dollars already protected), the note's
//! analysis and code HTML (none for a fragment), the link policy. Out: the events
//! `push_html` writes, each kind of event handed to the step in its sibling module that owns it.

use super::Drawn;
use super::{LinkResolver, Rendered};
use crate::load::markdown::{ends_key_marker, options};
use crate::load::obsidian::callout;
use crate::load::obsidian::inline::Highlights;
use crate::model::analysis::{Analysis, Formula, Heading, MermaidDiagram};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;
use std::slice::Iter;

/// What an image of a note becomes on the page.
pub(super) enum ImageAs {
    Image,
    /// A remote image: a link to it, as nothing is loaded from elsewhere.
    Link,
    /// A refused URL: its alt text only.
    Text,
}

/// The state of one render pass: what it has written and what is open.
pub(super) struct Transform<'a, 'r> {
    pub(super) body: &'a str,
    /// The note's analysis and code HTML: `None` for a fragment, whose code is highlighted here.
    pub(super) analysis: Option<(&'a Analysis, &'a [String])>,
    /// For a fragment: the analysis of its note, and the prefix of its diagrams' ids.
    pub(super) part: Option<(&'a Analysis, &'a str)>,
    pub(super) links: &'r dyn LinkResolver,
    pub(super) comparison_html: &'r dyn Fn(usize) -> Rendered,
    pub(super) events: Vec<Event<'a>>,
    /// Whether a note's raw HTML is among the events (see [`Rendered`]).
    pub(super) raw_html: bool,
    pub(super) headings: Option<Iter<'a, Heading>>,
    pub(super) heading_ids: Vec<String>,
    pub(super) code: Option<(String, String)>,
    pub(super) comparisons: usize,
    pub(super) diagrams: Option<Iter<'a, String>>,
    pub(super) mermaid: Option<Iter<'a, (String, Option<MermaidDiagram>)>>,
    pub(super) formulas: Option<Iter<'a, Formula>>,
    pub(super) code_blocks: Option<Iter<'a, String>>,
    /// For each open blockquote: how it closes (`</aside>` for a callout), `None` for a quote.
    pub(super) quotes: Vec<Option<&'static str>>,
    /// The first line of an Obsidian callout, its title.
    pub(super) title: Option<callout::Title>,
    pub(super) marks: Highlights,
    /// Open paragraphs and list items: where each starts in `events`.
    pub(super) blocks: Vec<usize>,
    /// A block id cut from the end of the last text (the id, the text cut), kept if the next
    /// event ends the block, given back as text if not.
    pub(super) block_marker: Option<(String, String)>,
    /// Inside `![[embed]]`: its target and text.
    pub(super) embedding: Option<(String, String)>,
    /// An embedded note was taken out of the paragraph it opened (a `<div>` may not be in a
    /// `<p>`): the paragraph goes on after it, if anything follows.
    pub(super) after_embed: bool,
    /// Inside the `[!KEY]` marker, as in the first pass.
    pub(super) skip_marker: bool,
    /// For each open link: whether it was refused, its tags left out for its text.
    pub(super) refused: Vec<bool>,
    /// For each open image: what it was written as.
    pub(super) images: Vec<ImageAs>,
}

impl<'a, 'r> Transform<'a, 'r> {
    pub(super) fn new(
        body: &'a str,
        drawn: Drawn<'a>,
        links: &'r dyn LinkResolver,
        comparison_html: &'r dyn Fn(usize) -> Rendered,
    ) -> Self {
        let (analysis, part) = match drawn {
            Drawn::Page(a, code) => (Some((a, code)), None),
            Drawn::Part(a, ids) => (None, Some((a, ids))),
        };
        Transform {
            body,
            analysis,
            part,
            links,
            comparison_html,
            events: Vec::new(),
            raw_html: false,
            headings: analysis.map(|(a, _)| a.headings.iter()),
            heading_ids: Vec::new(),
            code: None,
            comparisons: 0,
            diagrams: analysis.map(|(a, _)| a.diagrams.iter()),
            mermaid: analysis.map(|(a, _)| a.mermaid.iter()),
            formulas: analysis.map(|(a, _)| a.formulas.iter()),
            code_blocks: analysis.map(|(_, code)| code.iter()),
            quotes: Vec::new(),
            title: None,
            marks: Highlights::default(),
            blocks: Vec::new(),
            block_marker: None,
            embedding: None,
            after_embed: false,
            skip_marker: false,
            refused: Vec::new(),
            images: Vec::new(),
        }
    }

    /// The body's events, rewritten, and whether raw HTML is among them.
    pub(super) fn run(mut self) -> (Vec<Event<'a>>, bool) {
        let body = self.body;
        let parsed =
            callout::marker_lines(body, Parser::new_ext(body, options()).into_offset_iter());
        for (event, range) in parsed {
            if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
                self.raw_html = true;
            }
            if self.skip_marker {
                self.skip_marker = !ends_key_marker(&event);
                continue;
            }
            let event = match self.title.as_mut() {
                Some(t) if !t.done => match t.feed(event, &mut self.events) {
                    Some(event) => event,
                    None => continue,
                },
                _ => event,
            };
            if self.embedding.is_some() {
                self.embed_event(event);
                continue;
            }
            if self.after_embed && !self.after_embed_event(&event) {
                continue;
            }
            self.place_block_marker(&event);
            self.mark_highlights(&event);
            self.event(event, range);
        }
        (self.events, self.raw_html)
    }

    /// One event, to the step that owns its kind.
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Paragraph) => {
                self.blocks.push(self.events.len());
                self.events.push(Event::Start(Tag::Paragraph));
            }
            Event::Start(Tag::Item) => {
                self.blocks.push(self.events.len());
                self.events.push(Event::Start(Tag::Item));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                self.blocks.pop();
                self.events.push(event);
            }
            Event::Text(t) if self.code.is_none() => self.text(t),
            Event::Start(Tag::Image {
                link_type: link_type @ pulldown_cmark::LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => self.start_embed(link_type, &dest_url),
            Event::Start(Tag::Heading { level, classes, .. }) => {
                self.start_heading(level, &classes)
            }
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind),
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, source)) = &mut self.code {
                    source.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => self.end_code(),
            Event::InlineMath(tex) => self.math(tex, false),
            Event::DisplayMath(tex) => self.math(tex, true),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => self.start_link(link_type, &dest_url, &title),
            Event::End(TagEnd::Link) => {
                if !self.refused.pop().unwrap_or(false) {
                    self.events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_image(link_type, dest_url, title, id),
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Start(Tag::BlockQuote(kind)) => self.start_quote(kind, range),
            Event::End(TagEnd::BlockQuote(kind)) => self.end_quote(kind),
            other => self.events.push(other),
        }
    }
}
