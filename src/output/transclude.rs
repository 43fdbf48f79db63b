//! Embedded notes: what `![[Note]]`, `![[Note#Heading]]` and `![[Note#^block]]` show.
//!
//! In: the loaded [`Site`] and the note whose page is rendered. Out: the page's
//! [`LinkResolver`], which also renders its embeds: the embedded note's body, the heading's
//! section (to the next heading of its level or higher) or the block, its links resolved from
//! the embedded note's folder and written from the page that shows it, embeds inside it
//! likewise. A note, or part of one, already being shown further up is only linked
//! ([`crate::load::obsidian::cycles`] reports each cycle when the site loads).

use crate::model::link::{LinkKind, LinkResolver, NoteLinks, ResolvedLink};
use crate::model::site::{Note, NoteId, Site};
use crate::output::markdown;

/// Embeds shown inside embeds, at most: parts of one note may show each other.
const MAX_DEPTH: usize = 8;

/// Embeds rendered on one page, at most.
const MAX_EMBEDS: usize = 200;

/// The links of note `note` as written on the page `page`, with its embeds rendered.
pub struct Embedding<'s> {
    site: &'s Site,
    links: std::borrow::Cow<'s, NoteLinks>,
    page: &'s str,
    /// The notes (and parts) being shown, outermost first: the page's own, then each embed in.
    shown: Vec<(NoteId, Option<String>)>,
    /// Embeds the page may still render: parts showing each other could otherwise branch
    /// without end.
    budget: std::rc::Rc<std::cell::Cell<usize>>,
}

impl<'s> Embedding<'s> {
    /// The resolver for note `id`'s own page.
    pub fn page(site: &'s Site, id: NoteId) -> Self {
        Embedding {
            site,
            links: std::borrow::Cow::Borrowed(&site.links[id]),
            page: &site.notes[id].url,
            shown: vec![(id, None)],
            budget: std::rc::Rc::new(std::cell::Cell::new(MAX_EMBEDS)),
        }
    }
}

impl LinkResolver for Embedding<'_> {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink> {
        self.links.resolve(kind, target)
    }

    fn embed(&self, target: &str) -> Option<String> {
        let (id, anchor) = self.links.embedded(target)?;
        let this = (id, anchor.map(str::to_string));
        // A note shown whole, or this part of it shown, further up would show itself again.
        let again = self
            .shown
            .iter()
            .any(|(shown, part)| *shown == id && (part.is_none() || *part == this.1));
        if again || self.shown.len() > MAX_DEPTH || self.budget.get() == 0 {
            return None;
        }
        self.budget.set(self.budget.get() - 1);
        let source = part(&self.site.notes[id], anchor)?;
        let mut shown = self.shown.clone();
        shown.push(this);
        let inner = Embedding {
            site: self.site,
            links: std::borrow::Cow::Owned(self.site.links[id].from_page(self.page)),
            page: self.page,
            shown,
            budget: self.budget.clone(),
        };
        Some(markdown::render_part(source, &inner))
    }
}

/// The Markdown an embed shows: the body, a heading's section or a block.
fn part<'n>(note: &'n Note, anchor: Option<&str>) -> Option<&'n str> {
    let body = note.body();
    let a = &note.analysis;
    match anchor {
        None | Some("") => Some(body),
        Some(block) if block.starts_with('^') => {
            let (_, range) = a.blocks.iter().find(|(id, _)| id == block)?;
            body.get(range.clone())
        }
        Some(id) => {
            let at = a.headings.iter().position(|h| h.id == id)?;
            let heading = &a.headings[at];
            let end = a.headings[at + 1..]
                .iter()
                .find(|h| h.level <= heading.level)
                .map_or(body.len(), |h| h.offset);
            body.get(heading.offset..end)
        }
    }
}
