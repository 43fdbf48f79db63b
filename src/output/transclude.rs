//! Embedded notes: what `![[Note]]`, `![[Note#Heading]]` and `![[Note#^block]]` show.
//!
//! In: the loaded [`Site`] and the note whose page is rendered. Out: the page's
//! [`LinkResolver`], which also renders its embeds: the embedded note's body, the heading's
//! section (to the next heading of its level or higher) or the block, its links resolved from
//! the embedded note's folder and written from the page that shows it, embeds inside it
//! likewise; its formulas and diagrams as the note loaded them, the diagrams' ids its own.
//! A note, or part of one, already being shown further up is only linked
//! ([`crate::load::obsidian::cycles`] reports each cycle when the site loads). [`Shown`] is
//! that rule, which the handout's embeds follow too.

use crate::model::link::{LinkKind, NoteLinks};
use crate::model::site::{Note, NoteId, Site};
use crate::output::markdown;
use crate::output::markdown::{LinkResolver, ResolvedLink};
use crate::output::page_links::PageLinks;
use std::cell::Cell;
use std::rc::Rc;

/// Embeds shown inside embeds, at most: parts of one note may show each other.
const MAX_DEPTH: usize = 8;

/// Embeds rendered on one page, at most.
const MAX_EMBEDS: usize = 200;

/// The notes (and parts) being shown where an embed is rendered, and how many more embeds
/// the page may render.
#[derive(Clone)]
pub struct Shown {
    /// Outermost first: the page's own note, then each embed in.
    stack: Vec<(NoteId, Option<String>)>,
    /// Parts showing each other could otherwise branch without end.
    budget: Rc<Cell<usize>>,
}

/// An embed that may be shown: its Markdown, the prefix of its diagrams' ids, and what is
/// shown inside it.
pub struct Entered<'s> {
    pub markdown: &'s str,
    pub ids: String,
    pub shown: Shown,
}

impl Shown {
    /// On the page (or the handout's part) of note `id`.
    pub fn page(id: NoteId) -> Shown {
        Shown {
            stack: vec![(id, None)],
            budget: Rc::new(Cell::new(MAX_EMBEDS)),
        }
    }

    /// Part `anchor` of note `id` (the whole note for `None`), unless it would show itself
    /// again, or the page has shown enough.
    pub fn enter<'s>(
        &self,
        site: &'s Site,
        id: NoteId,
        anchor: Option<&str>,
    ) -> Option<Entered<'s>> {
        let this = (id, anchor.map(str::to_string));
        // A note shown whole, or this part of it shown, further up would show itself again.
        let again = self
            .stack
            .iter()
            .any(|(shown, part)| *shown == id && (part.is_none() || *part == this.1));
        if again || self.stack.len() > MAX_DEPTH || self.budget.get() == 0 {
            return None;
        }
        let markdown = part(&site.notes[id], anchor)?;
        self.budget.set(self.budget.get() - 1);
        let mut stack = self.stack.clone();
        stack.push(this);
        Some(Entered {
            markdown,
            ids: format!("embed{}-", MAX_EMBEDS - self.budget.get()),
            shown: Shown {
                stack,
                budget: self.budget.clone(),
            },
        })
    }
}

/// The links of note `note` as written on the page `page`, with its embeds rendered.
pub struct Embedding<'s> {
    site: &'s Site,
    /// Where the shown note's links go.
    links: &'s NoteLinks,
    /// The same links as hrefs written on `page`.
    hrefs: PageLinks,
    page: &'s str,
    shown: Shown,
}

impl<'s> Embedding<'s> {
    /// The resolver for note `id`'s own page.
    pub fn page(site: &'s Site, id: NoteId) -> Self {
        Embedding {
            site,
            links: &site.links[id],
            hrefs: PageLinks::new(site, &site.links[id], &site.notes[id].url),
            page: &site.notes[id].url,
            shown: Shown::page(id),
        }
    }
}

impl LinkResolver for Embedding<'_> {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink> {
        self.hrefs.resolve(kind, target)
    }

    fn embed(&self, target: &str) -> Option<String> {
        let (id, anchor) = self.links.embedded(target)?;
        let entered = self.shown.enter(self.site, id, anchor)?;
        let inner = Embedding {
            site: self.site,
            links: &self.site.links[id],
            hrefs: PageLinks::new(self.site, &self.site.links[id], self.page),
            page: self.page,
            shown: entered.shown,
        };
        Some(markdown::render_part(
            entered.markdown,
            &self.site.notes[id].analysis,
            &entered.ids,
            &inner,
        ))
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
