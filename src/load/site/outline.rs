//! The course outline and order. In: the notes as read, and which of them introduces its
//! folder. Out: the folders as [`Section`]s, each one's entries sorted by `order` then title,
//! and the course order ([`flatten`]) every "previous / next" and sorted list follows.

use super::read::title_from_name;
use crate::model::site::{Item, Note, NoteId, Section};

/// Folders become sections (a note stays in its file's folder wherever its page is written);
/// each folder's entries are sorted by `order`, then title.
pub fn build_outline(notes: &[Note], section_index: &[bool]) -> Section {
    let mut root = Section::default();
    for (id, note) in notes.iter().enumerate() {
        let section = section_for(&mut root, &note.dir);
        if section_index[id] {
            section.index = Some(id);
            section.title = note.title.clone();
        } else {
            section.notes.push(id);
        }
    }
    sort_section(&mut root, notes);
    root
}

fn section_for<'s>(root: &'s mut Section, dir: &str) -> &'s mut Section {
    let mut section = root;
    if dir.is_empty() {
        return section;
    }
    let mut path = String::new();
    for part in dir.split('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part);
        let pos = match section.children.iter().position(|c| c.dir == path) {
            Some(pos) => pos,
            None => {
                section.children.push(Section {
                    dir: path.clone(),
                    title: title_from_name(part),
                    ..Section::default()
                });
                section.children.len() - 1
            }
        };
        section = &mut section.children[pos];
    }
    section
}

fn sort_section(section: &mut Section, notes: &[Note]) {
    for child in &mut section.children {
        sort_section(child, notes);
    }
    let key = |item: &Item| -> (i64, String) {
        let (order, title) = match *item {
            Item::Note(id) => (notes[id].meta.order, notes[id].title.to_lowercase()),
            Item::Section(i) => {
                let s = &section.children[i];
                (
                    s.index.and_then(|id| notes[id].meta.order),
                    s.title.to_lowercase(),
                )
            }
        };
        (order.unwrap_or(i64::MAX), title)
    };
    let mut order: Vec<Item> = section
        .notes
        .iter()
        .map(|&id| Item::Note(id))
        .chain((0..section.children.len()).map(Item::Section))
        .collect();
    order.sort_by_cached_key(key);
    section.order = order;
}

pub fn flatten(section: &Section, course: &mut Vec<NoteId>) {
    course.extend(section.index);
    for item in &section.order {
        match *item {
            Item::Note(id) => course.push(id),
            Item::Section(i) => flatten(&section.children[i], course),
        }
    }
}
