//! Tags and related notes. In: the notes as read, their course positions and the link index
//! (`related:` names notes as links do). Out: every tag with its notes in course order, and each
//! note's related notes: those it declares, then those sharing the most tags, up to five.

use crate::load::links::LinkIndex;
use crate::model::site::{Note, NoteId, Tag};
use crate::util::error::Diagnostic;
use crate::util::ids::slugify;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Each note's `related:` as the notes it names, and a problem for each name that finds none.
pub fn resolve_related(
    notes: &[Note],
    index: &LinkIndex<'_>,
) -> (Vec<Vec<NoteId>>, Vec<Diagnostic>) {
    let mut related = Vec::with_capacity(notes.len());
    let mut problems = Vec::new();
    for note in notes {
        let (ids, found) = declared_related(note, index);
        related.push(ids);
        problems.extend(found);
    }
    (related, problems)
}

/// One note's `related:` as the notes it names, and a problem for each name that finds none.
pub fn declared_related(note: &Note, index: &LinkIndex<'_>) -> (Vec<NoteId>, Vec<Diagnostic>) {
    let mut ids = Vec::new();
    let mut problems = Vec::new();
    for reference in &note.meta.related {
        match index.find_note(reference) {
            Ok(id) => ids.push(id),
            Err(problem) => {
                let line = note.text[..note.body_offset]
                    .lines()
                    .position(|l| l.contains(reference.as_str()))
                    .map_or(1, |i| i + 1);
                let mut d = Diagnostic::error(format!(
                    "related note '{reference}' not found: {}",
                    problem.message
                ))
                .in_file(&note.display)
                .at(line, 1);
                if let Some(help) = problem.help {
                    d = d.with_help(help);
                }
                problems.push(d);
            }
        }
    }
    (ids, problems)
}

/// How many of a tag's notes, the first in course order, count towards related notes: a tag on
/// thousands of notes says little about each pair, and counting them all is quadratic.
pub const TAG_WINDOW: usize = 200;

/// `related` as declared, then the notes sharing the most tags, up to five in all.
pub fn related_notes(notes: &[Note], declared: &[Vec<NoteId>], tags: &[Tag]) -> Vec<Vec<NoteId>> {
    let by_slug = tags_by_slug(tags);
    notes
        .par_iter()
        .enumerate()
        .map(|(id, note)| related_of(id, note, declared[id].clone(), &by_slug))
        .collect()
}

/// The tags by slug, as [`related_of`] looks them up.
pub fn tags_by_slug(tags: &[Tag]) -> HashMap<&str, &Tag> {
    tags.iter().map(|t| (t.slug.as_str(), t)).collect()
}

/// Note `id`'s related notes: `declared`, then the notes sharing the most tags with it (among
/// each tag's first [`TAG_WINDOW`]), up to five in all.
pub fn related_of(
    id: NoteId,
    note: &Note,
    declared: Vec<NoteId>,
    by_slug: &HashMap<&str, &Tag>,
) -> Vec<NoteId> {
    const MAX: usize = 5;
    let mut list = declared;
    let mut shared: HashMap<NoteId, usize> = HashMap::new();
    for tag in &note.meta.tags {
        if let Some(tag) = by_slug.get(slugify(tag).as_str()) {
            for &other in tag.notes.iter().take(TAG_WINDOW) {
                *shared.entry(other).or_default() += 1;
            }
        }
    }
    let mut by_count: Vec<(NoteId, usize)> = shared
        .into_iter()
        .filter(|(other, _)| *other != id && !list.contains(other))
        .collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (other, _) in by_count {
        if list.len() >= MAX {
            break;
        }
        list.push(other);
    }
    list
}

/// Every tag with its notes in course order (`position`), sorted by slug.
pub fn collect_tags(notes: &[Note], position: &[usize]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (id, note) in notes.iter().enumerate() {
        for name in &note.meta.tags {
            let slug = slugify(name);
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug,
                notes: Vec::new(),
            });
            if !tag.notes.contains(&id) {
                tag.notes.push(id);
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    for tag in &mut tags {
        tag.notes.sort_by_key(|&id| position[id]);
    }
    tags
}
