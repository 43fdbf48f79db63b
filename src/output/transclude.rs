//! Embedded notes: what `![[Note]]`, `![[Note#Heading]]` and `![[Note#^block]]` show.
//!
//! In: the loaded [`Site`] and the note whose page is rendered. Out: the page's
//! [`LinkResolver`], which also renders its embeds: the embedded note's body, the heading's
//! section (to the next heading of its level or higher) or the block, its links resolved from
//! the embedded note's folder and written from the page that shows it, embeds inside it
//! likewise; its formulas and diagrams as the note loaded them, the diagrams' ids its own.
//! A note, or part of one, already being shown further up is only linked
//! ([`crate::load::obsidian::cycles`] reports each cycle when the site loads). [`Shown`] is
//! that rule, which the handout's embeds follow too. [`body_ids`] follows it over the ids the
//! loading stage found, to give every id a note's page holds, in order, without rendering it.

use crate::model::analysis::IdKind;
use crate::model::link::{LinkKind, NoteLinks};
use crate::model::site::{Note, NoteId, Site};
use crate::output::markdown;
use crate::output::markdown::{LinkResolver, Rendered, ResolvedLink};
use crate::output::page_links::PageLinks;
use std::cell::Cell;
use std::ops::Range;
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

/// An embed that may be shown: its Markdown (and where it is in its note's body), the prefix of
/// its diagrams' ids, and what is shown inside it.
pub struct Entered<'s> {
    pub markdown: &'s str,
    pub range: Range<usize>,
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
        let range = part(&site.notes[id], anchor)?;
        let markdown = site.notes[id].body().get(range.clone())?;
        self.budget.set(self.budget.get() - 1);
        let mut stack = self.stack.clone();
        stack.push(this);
        Some(Entered {
            markdown,
            range,
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

    fn embed(&self, target: &str) -> Option<Rendered> {
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

/// Where the Markdown an embed shows is in the note's body: the body, a heading's section or
/// a block.
fn part(note: &Note, anchor: Option<&str>) -> Option<Range<usize>> {
    let body = note.body();
    let a = &note.analysis;
    match anchor {
        None | Some("") => Some(0..body.len()),
        Some(block) if block.starts_with('^') => {
            let (_, range) = a.blocks.iter().find(|(id, _)| id == block)?;
            Some(range.clone())
        }
        Some(id) => {
            let at = a.headings.iter().position(|h| h.id == id)?;
            let heading = &a.headings[at];
            let end = a.headings[at + 1..]
                .iter()
                .find(|h| h.level <= heading.level)
                .map_or(body.len(), |h| h.offset);
            Some(heading.offset..end)
        }
    }
}

/// Every id note `id`'s page shows in its body, in document order ([`crate::model::analysis::Analysis::ids`]),
/// those of the parts its embeds show in their places, as [`Embedding`] renders them: what
/// an output that gives the body's ids new names (the handout) reads instead of rendering it.
pub fn body_ids(site: &Site, id: NoteId) -> Vec<String> {
    let mut ids = Vec::new();
    push_ids(site, id, None, &Shown::page(id), &mut ids);
    ids
}

/// The ids of note `note`, shown as its page (`part` `None`) or as a part: the ids in a range
/// of its body, its diagrams' ids prefixed.
fn push_ids(
    site: &Site,
    note: NoteId,
    part: Option<(&Range<usize>, &str)>,
    shown: &Shown,
    ids: &mut Vec<String>,
) {
    let analysis = &site.notes[note].analysis;
    let entries = analysis.ids.iter();
    let entries = entries.filter(|e| part.is_none_or(|(range, _)| range.contains(&e.at)));
    // The diagram whose ids were last given: a diagram's ids come together.
    let mut diagram = None;
    for entry in entries {
        match (entry.kind, part.map(|(_, prefix)| prefix)) {
            (IdKind::Embed, _) => {
                let Some((to, anchor)) = site.links[note].embedded(&entry.id) else {
                    continue;
                };
                let Some(entered) = shown.enter(site, to, anchor) else {
                    continue;
                };
                let inner = Some((&entered.range, entered.ids.as_str()));
                push_ids(site, to, inner, &entered.shown, ids);
            }
            (_, None) | (IdKind::Other, Some(_)) => ids.push(entry.id.clone()),
            // A part shows the note's first diagram drawn from the same source, its ids prefixed.
            (IdKind::Mermaid(i), Some(prefix)) if diagram != Some(i) => {
                diagram = Some(i);
                let source = &analysis.mermaid[i].0;
                let first = analysis.mermaid.iter().position(|(s, _)| s == source);
                let first = IdKind::Mermaid(first.unwrap_or(i));
                let theirs = analysis.ids.iter().filter(|e| e.kind == first);
                ids.extend(theirs.map(|e| format!("{prefix}{}", e.id)));
            }
            (IdKind::Mermaid(_), Some(_)) => {}
            (IdKind::Heading | IdKind::Block | IdKind::Comparison, Some(_)) => {}
        }
    }
}
