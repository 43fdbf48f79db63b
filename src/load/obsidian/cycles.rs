//! Embed cycles: notes that would show each other without end.
//!
//! In: the notes and their resolved links. Out: an error for each embed that closes a cycle
//! (`a` embeds `b`, which embeds `a`), naming the notes, at the embed's `file:line:col`. A note
//! showing a part of itself (`![[#Heading]]`) is no edge here: the output stops a part that
//! would show itself.

use crate::model::link::{LinkKind, NoteLinks};
use crate::model::site::{Note, NoteId};
use crate::util::error::{Diagnostic, LineIndex};

/// A cycle of notes embedding each other (`A` shows `B`, which shows `A`), reported once for
/// each embed that closes one, found depth-first in linear time.
pub fn check(notes: &[Note], links: &[NoteLinks]) -> Vec<Diagnostic> {
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
