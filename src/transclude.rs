//! Embedded notes: what `![[Note]]`, `![[Note#Heading]]` and `![[Note#^block]]` show.
//!
//! In: the loaded [`Site`] and the note whose page is rendered. Out: the page's
//! [`LinkResolver`], which also renders its embeds: the embedded note's body, the heading's
//! section (to the next heading of its level or higher) or the block, its links resolved from
//! the embedded note's folder and written from the page that shows it, embeds inside it
//! likewise. A note already being shown further up is only linked: [`cycles`] reports each
//! cycle when the site loads.

use crate::error::{Diagnostic, LineIndex};
use crate::links::NoteLinks;
use crate::markdown::{self, LinkKind, LinkResolver, ResolvedLink};
use crate::site::{Note, NoteId, Site};

/// Embeds shown inside embeds, at most: parts of one note may show each other.
const MAX_DEPTH: usize = 8;

/// The links of note `note` as written on the page `page`, with its embeds rendered.
pub struct Embedding<'s> {
    site: &'s Site,
    links: std::borrow::Cow<'s, NoteLinks>,
    page: &'s str,
    /// The notes (and parts) being shown, outermost first: the page's own, then each embed in.
    shown: Vec<(NoteId, Option<String>)>,
}

impl<'s> Embedding<'s> {
    /// The resolver for note `id`'s own page.
    pub fn page(site: &'s Site, id: NoteId) -> Self {
        Embedding {
            site,
            links: std::borrow::Cow::Borrowed(&site.links[id]),
            page: &site.notes[id].url,
            shown: vec![(id, None)],
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
        if again || self.shown.len() > MAX_DEPTH {
            return None;
        }
        let source = part(&self.site.notes[id], anchor)?;
        let mut shown = self.shown.clone();
        shown.push(this);
        let inner = Embedding {
            site: self.site,
            links: std::borrow::Cow::Owned(self.site.links[id].from_page(self.page)),
            page: self.page,
            shown,
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

/// A cycle of notes embedding each other (`A` shows `B`, which shows `A`), reported once for
/// each embed that closes one, found depth-first in linear time.
pub fn cycles(notes: &[Note], links: &[NoteLinks]) -> Vec<Diagnostic> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::No; notes.len()];
    let mut problems = Vec::new();
    for start in 0..notes.len() {
        if seen[start] != Seen::No {
            continue;
        }
        // The notes on the path, each with the embedded notes left to visit.
        let mut path: Vec<(NoteId, Vec<NoteId>)> = vec![(start, embedded(links, start))];
        seen[start] = Seen::OnPath;
        while let Some((id, next)) = path.last_mut() {
            let id = *id;
            match next.pop() {
                Some(to) if seen[to] == Seen::No => {
                    seen[to] = Seen::OnPath;
                    path.push((to, embedded(links, to)));
                }
                Some(to) if seen[to] == Seen::OnPath => {
                    let from = path.iter().position(|(n, _)| *n == to).unwrap_or(0);
                    let cycle: Vec<NoteId> = path[from..].iter().map(|(n, _)| *n).collect();
                    problems.push(cycle_error(notes, links, id, to, &cycle));
                }
                Some(_) => {}
                None => {
                    seen[id] = Seen::Done;
                    path.pop();
                }
            }
        }
    }
    problems
}

/// The notes `id` embeds; not itself for a part of it (`![[#Heading]]`), which shows another
/// part of the page (rendering stops a part that would show itself).
fn embedded(links: &[NoteLinks], id: NoteId) -> Vec<NoteId> {
    let mut ids: Vec<NoteId> = links[id]
        .embedded_notes()
        .filter(|&(_, to, part)| to != id || part.is_none())
        .map(|(_, to, _)| to)
        .collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    ids
}

/// The embed in note `at` of note `to` that closes `cycle`, as an error naming its notes.
fn cycle_error(
    notes: &[Note],
    links: &[NoteLinks],
    at: NoteId,
    to: NoteId,
    cycle: &[NoteId],
) -> Diagnostic {
    let note = &notes[at];
    let (target, offset) = note
        .analysis
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Embed)
        .find(|l| links[at].embedded(&l.target).map(|(id, _)| id) == Some(to))
        .map_or((String::new(), 0), |l| (l.target.clone(), l.offset));
    let (line, col) = LineIndex::new(&note.text).position(&note.text, offset);
    let names: Vec<&str> = cycle
        .iter()
        .chain(std::iter::once(&to))
        .map(|&id| notes[id].rel.as_str())
        .collect();
    Diagnostic::error(format!(
        "embed '{target}' makes a cycle: {}",
        names.join(" embeds ")
    ))
    .in_file(&note.display)
    .at(line, col)
    .with_help("a note cannot show itself: link to one note of the cycle ([[…]]) instead of embedding it (![[…]])")
}
