//! What an edit to notes changes in the kept site. In: the kept [`Site`] and the changed note
//! files. Out: the site as `build` would load it now, and which pages show something else
//! ([`Touched`]), or `None` when only a whole new load will do (a note appeared, vanished or
//! moved to another page).
//!
//! The changed notes are read again with the build's [`read_note`], and the site is linked
//! again with the build's [`Site::link`] from the notes in memory (no other note is read or
//! parsed): links, backlinks, anchors, outline, course order, tags, related notes and
//! comparisons follow the same rules as in a build, never a copy of them.

use crate::load::site::{math_converter, read_note};
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

/// Brings `site` up to date with the edited notes at `changed`. On an error the site is gone
/// (the caller loads it anew at the next change).
pub fn notes(site: Site, changed: &[&PathBuf]) -> Result<Option<(Site, Touched)>> {
    let Site {
        settings,
        mut notes,
        assets,
        backlinks,
        related,
        ..
    } = site;
    let math = math_converter(&settings)?;
    let mut edited = Vec::new();
    let mut urls = Vec::new();
    let mut beyond = false;
    for path in changed {
        let Some(id) = notes.iter().position(|n| n.source == **path) else {
            return Ok(None);
        };
        if !path.is_file() {
            return Ok(None);
        }
        let file = SourceFile {
            path: notes[id].source.clone(),
            rel: RelPath::new(&notes[id].rel)?,
        };
        let note = read_note(&file, &settings, &math).map_err(Error::Invalid)?;
        if note.meta.draft && !settings.drafts {
            return Ok(None);
        }
        beyond |= shows_beyond_its_page(&notes[id], &note);
        urls.push(std::mem::replace(&mut notes[id], note).url);
        edited.push(id);
    }
    let warnings = notes
        .iter()
        .flat_map(|n| n.warnings.iter().cloned())
        .collect();
    let site = Site::link(settings, notes, assets, warnings)?;
    // A note on another page: the pages served are not the same set any more.
    if edited
        .iter()
        .zip(&urls)
        .any(|(&id, url)| site.notes[id].url != *url)
    {
        return Ok(None);
    }
    if beyond {
        return Ok(Some((site, Touched::All)));
    }
    let mut pages = edited;
    for id in 0..site.notes.len() {
        let changed = site.backlinks[id] != backlinks[id] || site.related[id] != related[id];
        if changed && !pages.contains(&id) {
            pages.push(id);
        }
    }
    Ok(Some((site, Touched::Notes(pages))))
}

/// Whether an edit changes what other pages show of the note: its place in the outline, its
/// previews, anchors others link to, tags, comparisons.
fn shows_beyond_its_page(old: &Note, new: &Note) -> bool {
    old.meta != new.meta
        || old.title != new.title
        || old.analysis.anchors != new.analysis.anchors
        || old.analysis.comparisons != new.analysis.comparisons
}
