//! What an edit to notes changes in the kept site. In: the kept [`Site`] and the changed note
//! files. Out: the site as `build` would load it now, and which pages show something else
//! ([`Touched`]), or `None` when only a whole new load will do (a note appeared, vanished or
//! moved to another page). On an error (a broken link while typing, a note caught half
//! written) the site is left as it was, the last good one, for the next edit to start from.
//!
//! The changed notes are read again with the build's [`read_note`]. A body edit (nothing that
//! other pages show or link to changed: frontmatter, title, anchors, comparisons, page path)
//! resolves only the note's links again, with the build's [`resolve_note`], and moves it in the
//! "Linked from" of the notes it now links to or no longer does. Any other edit links the site
//! again with the build's [`Site::link`] from the notes in memory (no other note is read or
//! parsed). Either way links, backlinks, outline, tags, related notes and comparisons follow
//! the build's rules, never a copy of them.

use crate::load::cards;
use crate::load::links::{resolve_note, LinkIndex};
use crate::load::site::{math_converter, read_note};
use crate::markup::math::Converter;
use crate::model::link::LinkKind;
use crate::model::site::{Note, Site, SourceFile};
use crate::model::NoteId;
use crate::util::error::{Diagnostic, Error, Result};
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

/// Brings `site` up to date with the edited notes at `changed`. On an error `site` is left
/// as it was before the edit that failed.
pub fn notes(site: &mut Site, changed: &[&PathBuf]) -> Result<Option<Touched>> {
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
            let mut touched = timed("relink note", || relink_note(site, id, note, &math))?;
            touched.extend(showing(site, id));
            for page in touched {
                if !pages.contains(&page) {
                    pages.push(page);
                }
            }
        }
        return Ok(Some(Touched::Notes(pages)));
    }
    relink_site(site, edits, &math)
}

/// The site linked again from the notes in memory with the edited ones, as a build links it.
/// It links copies, so that a failing edit leaves `site` as it was.
fn relink_site(
    site: &mut Site,
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
    let mut pages = edited;
    for id in 0..site.notes.len() {
        let changed = site.backlinks[id] != old.backlinks[id]
            || site.related[id] != old.related[id]
            || shown_in.contains(&id);
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
    let embeds = |note: &Note| -> Vec<String> {
        let links = note.analysis.links.iter();
        links
            .filter(|l| l.kind == LinkKind::Embed)
            .map(|l| l.target.clone())
            .collect()
    };
    old.url == new.url && !shows_beyond_its_page(old, new) && embeds(old) == embeds(new)
}

/// The notes whose pages show note `id` by embedding it (`![[Note]]`), or a note that does,
/// and so on: their pages change with its text.
fn showing(site: &Site, id: NoteId) -> Vec<NoteId> {
    let mut found: Vec<NoteId> = Vec::new();
    let mut next = vec![id];
    while let Some(shown) = next.pop() {
        for &from in &site.backlinks[shown] {
            let embeds = site.links[from]
                .embedded_notes()
                .any(|(_, note, _)| note == shown);
            if embeds && from != id && !found.contains(&from) {
                found.push(from);
                next.push(from);
            }
        }
    }
    found
}

/// Puts the edited `note` in place of note `id` and resolves its links with the build's
/// [`resolve_note`], over the same [`LinkIndex`] (the edit changed nothing it holds), and draws
/// its cards again with the build's [`cards::redraw_note`]; the outline, tags, related notes
/// and comparisons stay, their inputs unchanged. Returns the pages that changed: the note's,
/// and those of the notes it now links to or no longer does (their "Linked from"). On an error
/// the site is as it was.
fn relink_note(site: &mut Site, id: NoteId, note: Note, math: &Converter) -> Result<Vec<NoteId>> {
    let mut before: Vec<NoteId> = site.links[id].linked_notes().collect();
    before.sort_unstable();
    before.dedup();
    let old = std::mem::replace(&mut site.notes[id], note);
    let index = timed("index", || {
        LinkIndex::new(&site.notes, site.assets.iter().map(|a| a.rel.as_str()))
    });
    let resolution = resolve_note(&site.notes, &index, id);
    drop(index);
    let tolerant = site.settings.site.allow_broken_links;
    if !tolerant && !resolution.broken.is_empty() {
        site.notes[id] = old;
        return Err(Error::Invalid(resolution.broken));
    }
    // The note's cards may have changed: drawn again by the build's rules.
    let start = site.comparisons.partition_point(|c| c.note < id);
    let end = site.comparisons.partition_point(|c| c.note <= id);
    let drawn = timed("cards", || {
        cards::redraw_note(
            &mut site.deck,
            &site.notes,
            id,
            &site.comparisons[start..end],
            &site.glossary,
            math,
            tolerant,
        )
    });
    let found = match drawn {
        Ok(found) => found,
        Err(problems) => {
            site.notes[id] = old;
            return Err(Error::Invalid(problems));
        }
    };
    let note = &site.notes[id];
    // The site's warnings, this note's as a build finds them: reading, links, broken links,
    // cards.
    site.warnings
        .retain(|w| w.path.as_deref() != Some(note.display.as_path()));
    site.warnings.extend(note.warnings.iter().cloned());
    site.warnings.extend(resolution.refused);
    site.warnings.extend(note.analysis.warnings.iter().cloned());
    site.warnings
        .extend(resolution.broken.into_iter().map(Diagnostic::as_warning));
    site.warnings.extend(found);
    site.links[id] = resolution.links;
    let mut pages = vec![id];
    for &gone in before.iter().filter(|t| !resolution.targets.contains(t)) {
        site.backlinks[gone].retain(|&from| from != id);
        pages.push(gone);
    }
    // Each "Linked from" in course order, as the build sorts it.
    let position = &site.position;
    for &new in resolution.targets.iter().filter(|t| !before.contains(t)) {
        let list = &mut site.backlinks[new];
        let at = list.partition_point(|&from| position[from] < position[id]);
        list.insert(at, id);
        pages.push(new);
    }
    Ok(pages)
}

/// Runs `stage`; with `STUDYSITE_TIMINGS` set, says on stderr how long it took (for profiling
/// the preview, `bench/serve_latency.py`).
fn timed<T>(stage: &str, run: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = run();
    if std::env::var_os("STUDYSITE_TIMINGS").is_some() {
        eprintln!(
            "timing: {stage} {:.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    result
}

/// Whether an edit changes what other pages show of the note: its place in the outline, its
/// previews, anchors others link to, tags, comparisons.
fn shows_beyond_its_page(old: &Note, new: &Note) -> bool {
    old.meta != new.meta
        || old.title != new.title
        || old.analysis.anchors != new.analysis.anchors
        || old.analysis.comparisons != new.analysis.comparisons
        || old.analysis.comparison_ids != new.analysis.comparison_ids
}
