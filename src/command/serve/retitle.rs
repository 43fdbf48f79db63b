//! A title or heading edit, brought into the kept site without linking it again. In: the kept
//! [`Site`], its link [`Lookups`] and the edited note, whose page path, frontmatter, comparisons
//! and embeds are as before ([`applies`]). Out: the site as `build` would load it now and the
//! notes whose pages show something else, or the note handed back ([`Retitled::Elsewhere`])
//! when the edit reaches what this path does not follow (a note's `related:`, a comparison or
//! the glossary naming it, an embed that now finds another note), for a whole relinking.
//!
//! By the build's own functions: the note's names in the tables ([`LinkTables::retitle`]), its
//! links and cards ([`relink_note`]), the links of the notes that may resolve differently
//! ([`resolve_note`]: those linking to it, those with a link that resolves to nothing, those
//! naming its old or new title, as the kept `Linkers` find them without reading every link),
//! the outline and course order ([`build_outline`], [`flatten`]) and, when the order moved,
//! the tags ([`collect_tags`]) and the related notes of the notes sharing a tag with it
//! ([`related_of`]).

use super::linkers::{name_key, Lookups};
use super::relink::{embeds, headings, linked, move_backlinks, relink_note, showing, timed};
use crate::load::glossary;
use crate::load::links::{resolve_note, LinkTables, NoteResolution};
use crate::load::site::{
    build_outline, collect_tags, declared_related, flatten, related_of, tags_by_slug, TAG_WINDOW,
};
use crate::markup::math::Converter;
use crate::model::glossary::FILE as GLOSSARY_FILE;
use crate::model::meta::Frontmatter;
use crate::model::site::{Note, Section, Site};
use crate::model::NoteId;
use crate::output::render::FULL_OUTLINE_LIMIT;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::paths::is_within;

/// What became of a title or heading edit.
pub enum Retitled {
    /// Done: these notes' pages show something else.
    Pages(Vec<NoteId>),
    /// Not done, the site untouched: the edit needs the whole site linked again.
    Elsewhere(Box<Note>),
}

/// Whether the edit from `old` to `new` changed nothing but the title, the headings or the
/// body: the same page path, frontmatter but its `title`, comparisons and embeds as written.
pub fn applies(old: &Note, new: &Note) -> bool {
    let untitled = |note: &Note| Frontmatter {
        title: None,
        ..note.meta.clone()
    };
    old.url == new.url
        && untitled(old) == untitled(new)
        && old.analysis.comparisons == new.analysis.comparisons
        && old.analysis.comparison_ids == new.analysis.comparison_ids
        && embeds(old) == embeds(new)
}

/// Puts `note`, a title or heading edit of note `id` ([`applies`]), into `site`, and its links
/// and those it changes into `lookups`. On an error (a link that no longer resolves) `site`
/// and `lookups` are as they were.
pub fn note(
    site: &mut Site,
    lookups: &mut Lookups,
    id: NoteId,
    note: Note,
    math: &Converter,
) -> Result<Retitled> {
    let keys = [name_key(&site.notes[id].title), name_key(&note.title)];
    if timed("named", || named_beyond_links(site, id, &keys)) {
        return Ok(Retitled::Elsewhere(Box::new(note)));
    }
    let title_changed = site.notes[id].title != note.title;
    let headings_changed = headings(&site.notes[id]) != headings(&note);
    let candidates = timed("candidates", || {
        lookups.linkers.may_resolve_differently(site, id, &keys)
    });
    let tables = &mut lookups.tables;
    let kept = note.clone();
    let old = std::mem::replace(&mut site.notes[id], note);
    tables.retitle(id, &old, &site.notes[id]);
    // Back to the site as it was, for an edit that fails or goes elsewhere.
    let undo = |site: &mut Site, tables: &mut LinkTables| -> Note {
        let new = std::mem::replace(&mut site.notes[id], old.clone());
        tables.retitle(id, &new, &site.notes[id]);
        new
    };
    let index = tables.over(&site.notes);
    let resolved: Vec<(NoteId, NoteResolution)> = candidates
        .iter()
        .map(|&from| (from, resolve_note(&site.notes, &index, from)))
        .collect();
    let embeds_moved = resolved.iter().any(|(from, r)| {
        let before: Vec<_> = site.links[*from].embedded_notes().collect();
        let after: Vec<_> = r.links.embedded_notes().collect();
        before != after
    });
    let glossary_moved = timed("glossary", || glossary_moved(site, tables));
    if embeds_moved || glossary_moved {
        return Ok(Retitled::Elsewhere(Box::new(undo(site, tables))));
    }
    let tolerant = site.settings.site.allow_broken_links;
    let broken: Vec<Diagnostic> = resolved
        .iter()
        .flat_map(|(_, r)| r.broken.iter().cloned())
        .collect();
    if !tolerant && !broken.is_empty() {
        undo(site, tables);
        return Err(Error::Invalid(broken));
    }
    // The note itself, as a body edit: its links, cards and warnings.
    let new = undo(site, tables);
    tables.retitle(id, &site.notes[id], &kept);
    let mut pages = match relink_note(site, tables, id, new, math) {
        Ok(pages) => pages,
        Err(e) => {
            tables.retitle(id, &kept, &site.notes[id]);
            return Err(e);
        }
    };
    lookups.linkers.update(site, id);
    for (from, resolution) in resolved {
        if site.links[from].destinations == resolution.links.destinations {
            continue;
        }
        let before = linked(site, from);
        let display = site.notes[from].display.clone();
        site.warnings.retain(|w| {
            w.path.as_deref() != Some(display.as_path()) || !w.message.starts_with("broken link")
        });
        site.warnings
            .extend(resolution.broken.into_iter().map(Diagnostic::as_warning));
        site.links[from] = resolution.links;
        lookups.linkers.update(site, from);
        pages.push(from);
        pages.extend(move_backlinks(site, from, &before, &resolution.targets));
    }
    let neighbours = |site: &Site| {
        let (prev, next) = site.neighbours(id);
        prev.into_iter().chain(next)
    };
    let before: Vec<NoteId> = neighbours(site).collect();
    pages.extend(timed("reorder", || reorder(site, tables, id)));
    pages.extend(before);
    pages.extend(neighbours(site).collect::<Vec<_>>());
    pages.extend(showing(site, id));
    if headings_changed || title_changed {
        pages.extend(site.backlinks[id].iter().copied());
    }
    if title_changed {
        pages.extend(timed("showing", || showing_title(site, id)));
    }
    pages.sort_unstable();
    pages.dedup();
    Ok(Retitled::Pages(pages))
}

/// Whether something other than a link names note `id` by a title in `keys` (its old and new):
/// a note's `related:`, or a comparison (which also shows the title of a note it compares).
fn named_beyond_links(site: &Site, id: NoteId, keys: &[String]) -> bool {
    let named = |reference: &str| {
        let reference = reference.trim();
        let inner = reference
            .strip_prefix("[[")
            .and_then(|r| r.strip_suffix("]]"))
            .map_or(reference, |inner| {
                inner.split(['|', '#']).next().unwrap_or(inner)
            });
        keys.contains(&name_key(inner))
    };
    let compared = site
        .comparisons
        .iter()
        .any(|c| c.things.iter().any(|t| t.note == Some(id)));
    compared
        || site.notes.iter().any(|n| {
            n.meta.related.iter().any(|r| named(r))
                || n.analysis.comparisons.iter().any(|spec| {
                    spec.things
                        .iter()
                        .any(|t| t.note.as_deref().is_some_and(named))
                })
        })
}

/// Whether the glossary's terms would name other notes with the tables as they are now (a
/// term's `note:` may name a note by title).
fn glossary_moved(site: &Site, tables: &LinkTables) -> bool {
    if site.glossary.entries.is_empty() {
        return false;
    }
    let file = site.settings.notes_dir.join(GLOSSARY_FILE);
    let index = tables.over(&site.notes);
    match glossary::load(&file, &site.settings.display_path(&file), &|r| {
        index.find_note(r)
    }) {
        Ok(now) => {
            now.entries.len() != site.glossary.entries.len()
                || now
                    .entries
                    .iter()
                    .zip(&site.glossary.entries)
                    .any(|(a, b)| a.note != b.note)
        }
        Err(_) => true,
    }
}

/// The outline sorted again by the build's rules (a title orders a folder's entries); when the
/// course order moved, the "Linked from" lists and tags follow it, and so do the related notes of
/// the notes sharing a tag with note `id` (a tag counts its first notes in course order).
/// Returns the notes whose related notes changed.
fn reorder(site: &mut Site, tables: &LinkTables, id: NoteId) -> Vec<NoteId> {
    let mut section_index = vec![false; site.notes.len()];
    mark_indexes(&site.outline, &mut section_index);
    site.outline = build_outline(&site.notes, &section_index);
    let mut course = Vec::with_capacity(site.notes.len());
    flatten(&site.outline, &mut course);
    if course == site.course {
        return Vec::new();
    }
    for (i, &note) in course.iter().enumerate() {
        site.position[note] = i;
    }
    site.course = course;
    let position = &site.position;
    for list in &mut site.backlinks {
        list.sort_by_key(|&from| position[from]);
    }
    let old_tags = std::mem::replace(
        &mut site.tags,
        timed("tags", || collect_tags(&site.notes, &site.position)),
    );
    // A note's related notes count each tag's first notes: they change only where note `id`
    // came into or left that window.
    let window = |notes: &[NoteId]| notes.iter().take(TAG_WINDOW).any(|&n| n == id);
    let mut affected: Vec<NoteId> = site
        .tags
        .iter()
        .zip(&old_tags)
        .filter(|(new, old)| window(&new.notes) != window(&old.notes))
        .flat_map(|(new, _)| new.notes.iter().copied())
        .collect();
    affected.sort_unstable();
    affected.dedup();
    let by_slug = tags_by_slug(&site.tags);
    let index = tables.over(&site.notes);
    let related: Vec<(NoteId, Vec<NoteId>)> = affected
        .iter()
        .map(|&other| {
            let note = &site.notes[other];
            let declared = declared_related(note, &index).0;
            (other, related_of(other, note, declared, &by_slug))
        })
        .collect();
    let mut changed = Vec::new();
    for (other, list) in related {
        if site.related[other] != list {
            site.related[other] = list;
            changed.push(other);
        }
    }
    changed
}

fn mark_indexes(section: &Section, marks: &mut [bool]) {
    if let Some(id) = section.index {
        marks[id] = true;
    }
    for child in &section.children {
        mark_indexes(child, marks);
    }
}

/// The pages that show note `id`'s title, beyond those linking to it: the notes it links to
/// (their "Linked from"), those listing it as related or comparing it, the home page's course
/// listing, and every page whose outline may list it (in a small site every page; in a big
/// one the pages in its folder, or in its parent folder when it is the folder's page, whose
/// title is the folder's; the top folder's list is on every page).
fn showing_title(site: &Site, id: NoteId) -> Vec<NoteId> {
    let note = &site.notes[id];
    let mut pages = linked(site, id);
    let is_index = site_index_of(&site.outline, id);
    let folder = if is_index {
        note.dir.rsplit_once('/').map_or("", |(d, _)| d)
    } else {
        note.dir.as_str()
    };
    let small = site.notes.len() <= FULL_OUTLINE_LIMIT;
    for (other, n) in site.notes.iter().enumerate() {
        if small
            || n.url == "index.html"
            || folder.is_empty()
            || is_within(&n.dir, folder)
            || site.related[other].contains(&id)
        {
            pages.push(other);
        }
    }
    pages.extend(
        site.compared_in[id]
            .iter()
            .map(|&c| site.comparisons[c].note),
    );
    pages
}

/// Whether note `id` is a folder's page (its title is the folder's).
fn site_index_of(section: &Section, id: NoteId) -> bool {
    section.index == Some(id) || section.children.iter().any(|c| site_index_of(c, id))
}
