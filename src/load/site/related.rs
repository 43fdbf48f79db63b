//! Tags and related notes. In: the notes as read, their course positions and the link index
//! (`related:` names notes as links do). Out: every tag with its notes in course order, and each
//! note's related notes: those it declares, then those sharing the most tags, up to five.

use crate::load::links::LinkIndex;
use crate::model::site::{Note, NoteId, Tag};
use crate::util::error::Diagnostic;
use crate::util::ids::slugify;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

pub fn resolve_related(
    notes: &[Note],
    index: &LinkIndex<'_>,
) -> (Vec<Vec<NoteId>>, Vec<Diagnostic>) {
    let mut related = Vec::with_capacity(notes.len());
    let mut problems = Vec::new();
    for note in notes {
        let mut ids = Vec::new();
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
        related.push(ids);
    }
    (related, problems)
}

/// `related` as declared, then the notes sharing the most tags, up to five in all.
pub fn related_notes(notes: &[Note], declared: &[Vec<NoteId>], tags: &[Tag]) -> Vec<Vec<NoteId>> {
    let by_slug: HashMap<&str, &Tag> = tags.iter().map(|t| (t.slug.as_str(), t)).collect();
    const MAX: usize = 5;
    notes
        .par_iter()
        .enumerate()
        .map(|(id, note)| {
            let mut list = declared[id].clone();
            let mut shared: HashMap<NoteId, usize> = HashMap::new();
            for tag in &note.meta.tags {
                if let Some(tag) = by_slug.get(slugify(tag).as_str()) {
                    for &other in tag.notes.iter().take(200) {
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
        })
        .collect()
}

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
