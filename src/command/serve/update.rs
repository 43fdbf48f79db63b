//! What an edit to notes changes in the kept site. In: the kept [`Site`] and the changed note
//! files. Out: the site as `build` would load it now, and which pages show something else
//! ([`Touched`]), or `None` when only a whole new load will do (a note appeared, vanished or
//! moved to another page). On an error (a broken link while typing, a note caught half
//! written) the site is left as it was, the last good one, for the next edit to start from.
//!
//! The changed notes are read again with the build's [`read_note`]. A body edit (nothing that
//! other pages show or link to changed: frontmatter, title, headings, anchors, comparisons, page
//! path) resolves only the note's links again, with the build's resolve_note over the kept
//! `LinkTables`, and moves it in the "Linked from" of the notes it now links to or no longer
//! does ([`relink_note`]). A title or heading edit goes through `retitle`. Any other edit links
//! the site again with the build's [`Site::link`] from the notes in memory (no other note is
//! read or parsed). Either way links, backlinks, outline, tags, related notes and comparisons
//! follow the build's rules, never a copy of them.

use super::linkers::Lookups;
use super::relink::{counting_cards, embeds, headings, relink_note, showing, timed};
use super::retitle::{self, Retitled};
use crate::load::site::{math_converter, read_note};
use crate::markup::math::Converter;
use crate::model::site::{Note, Site, SourceFile};
use crate::model::NoteId;
use crate::util::error::{Error, Result};
use crate::util::paths::RelPath;
use std::path::PathBuf;

/// The pages an edit changed.
#[derive(Debug, PartialEq, Eq)]
pub enum Touched {
    /// Only these notes' pages (the edited ones, and those whose "Linked from" or related
    /// notes changed).
    Notes(Vec<NoteId>),
    /// Something every page may show (a title in the outline, an anchor others link to,
    /// tags, order): every page renders anew, and so do the tag and comparison pages.
    All,
}

/// Brings `site`, and `lookups`, its link lookups, up to date with the edited notes at
/// `changed`. On an error both are left as they were before the edit that failed.
pub fn notes(
    site: &mut Site,
    lookups: &mut Lookups,
    changed: &[&PathBuf],
) -> Result<Option<Touched>> {
    let math = math_converter(&site.settings)?;
    let mut edits = Vec::new();
    for path in changed {
        let Some(id) = site.notes.iter().position(|n| n.source == **path) else {
            return Ok(None);
        };
        if !path.is_file() {
            return Ok(None);
        }
        let file = SourceFile {
            path: site.notes[id].source.clone(),
            rel: RelPath::new(&site.notes[id].rel)?,
        };
        let note =
            timed("read", || read_note(&file, &site.settings, &math)).map_err(Error::Invalid)?;
        if note.meta.draft && !site.settings.drafts {
            return Ok(None);
        }
        edits.push((id, note));
    }
    if edits
        .iter()
        .all(|(id, note)| within_its_page(&site.notes[*id], note))
    {
        let mut pages = Vec::new();
        for (id, note) in edits {
            let mut touched = timed("relink note", || {
                relink_note(site, &lookups.tables, id, note, &math)
            })?;
            lookups.linkers.update(site, id);
            touched.extend(showing(site, id));
            add(&mut pages, touched);
        }
        return Ok(Some(Touched::Notes(pages)));
    }
    if edits
        .iter()
        .all(|(id, note)| retitle::applies(&site.notes[*id], note))
    {
        let mut pages = Vec::new();
        let mut elsewhere = Vec::new();
        for (id, note) in edits {
            match timed("retitle", || retitle::note(site, lookups, id, note, &math))? {
                Retitled::Pages(touched) => add(&mut pages, touched),
                Retitled::Elsewhere(note) => elsewhere.push((id, *note)),
            }
        }
        if elsewhere.is_empty() {
            return Ok(Some(Touched::Notes(pages)));
        }
        return Ok(match relink_site(site, lookups, elsewhere, &math)? {
            Some(Touched::Notes(more)) => {
                add(&mut pages, more);
                Some(Touched::Notes(pages))
            }
            other => other,
        });
    }
    relink_site(site, lookups, edits, &math)
}

/// Adds to `pages` those of `more` it does not hold yet.
fn add(pages: &mut Vec<NoteId>, more: Vec<NoteId>) {
    for page in more {
        if !pages.contains(&page) {
            pages.push(page);
        }
    }
}

/// The site linked again from the notes in memory with the edited ones, as a build links it.
/// It links copies, so that a failing edit leaves `site` as it was.
fn relink_site(
    site: &mut Site,
    lookups: &mut Lookups,
    edits: Vec<(NoteId, Note)>,
    math: &Converter,
) -> Result<Option<Touched>> {
    let mut notes = timed("copy", || site.notes.clone());
    let mut beyond = false;
    let edited: Vec<NoteId> = edits.iter().map(|(id, _)| *id).collect();
    for (id, note) in edits {
        beyond |= shows_beyond_its_page(&notes[id], &note);
        notes[id] = note;
    }
    let warnings = notes
        .iter()
        .flat_map(|n| n.warnings.iter().cloned())
        .collect();
    let (settings, assets) = (site.settings.clone(), site.assets.clone());
    let linked = timed("link", || {
        Site::link(settings, notes, assets, warnings, math)
    })?;
    let old = std::mem::replace(site, linked);
    *lookups = timed("index", || Lookups::new(site));
    // A note on another page: the pages served are not the same set any more.
    if edited
        .iter()
        .any(|&id| site.notes[id].url != old.notes[id].url)
    {
        return Ok(None);
    }
    if beyond {
        return Ok(Some(Touched::All));
    }
    let shown_in: Vec<NoteId> = edited.iter().flat_map(|&id| showing(site, id)).collect();
    let counting: Vec<NoteId> = edited
        .iter()
        .filter(|&&id| site.deck.of_note(id).len() != old.deck.of_note(id).len())
        .flat_map(|&id| counting_cards(site, id))
        .collect();
    let mut pages = edited;
    for id in 0..site.notes.len() {
        let changed = site.backlinks[id] != old.backlinks[id]
            || site.related[id] != old.related[id]
            || shown_in.contains(&id)
            || counting.contains(&id);
        if changed && !pages.contains(&id) {
            pages.push(id);
        }
    }
    Ok(Some(Touched::Notes(pages)))
}

/// An edit that changes nothing another note's page or link depends on, and leaves the note's
/// page where it was: only the note's own links need resolving again.
/// The embeds, as written, stay the same too: no embed cycle can have appeared.
fn within_its_page(old: &Note, new: &Note) -> bool {
    old.url == new.url
        && !shows_beyond_its_page(old, new)
        && embeds(old) == embeds(new)
        && headings(old) == headings(new)
}

/// Whether an edit changes what other pages show of the note: its place in the outline, its
/// previews, anchors others link to, tags, comparisons.
pub fn shows_beyond_its_page(old: &Note, new: &Note) -> bool {
    old.meta != new.meta
        || old.title != new.title
        || old.analysis.anchors != new.analysis.anchors
        || old.analysis.comparisons != new.analysis.comparisons
        || old.analysis.comparison_ids != new.analysis.comparison_ids
}
