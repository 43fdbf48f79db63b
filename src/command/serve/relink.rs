//! What every incremental path of the preview shares. In: the kept [`Site`], its link tables and
//! an edited note. Out: the note put in with its links resolved and cards drawn again
//! ([`relink_note`]), the site's backlinks moved to match, the pages that embed a note or count
//! its cards, and the stage timings printed with `STUDYSITE_TIMINGS`.

use crate::load::cards;
use crate::load::links::{resolve_note, LinkTables};
use crate::markup::math::Converter;
use crate::model::analysis::Heading;
use crate::model::link::LinkKind;
use crate::model::site::{Note, Site};
use crate::model::NoteId;
use crate::util::error::{Diagnostic, Error, Result};

/// Puts the edited `note` in place of note `id` and resolves its links with the build's
/// [`resolve_note`], over the same [`LinkIndex`] (the edit changed nothing it holds), and draws
/// its cards again with the build's [`cards::redraw_note`]; the outline, tags, related notes
/// and comparisons stay, their inputs unchanged. Returns the pages that changed: the note's,
/// and those of the notes it now links to or no longer does (their "Linked from"). On an error
/// the site is as it was.
pub fn relink_note(
    site: &mut Site,
    tables: &LinkTables,
    id: NoteId,
    note: Note,
    math: &Converter,
) -> Result<Vec<NoteId>> {
    let before = linked(site, id);
    let cards_before = site.deck.of_note(id).len();
    let old = std::mem::replace(&mut site.notes[id], note);
    let resolution = resolve_note(&site.notes, &tables.over(&site.notes), id);
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
    pages.extend(move_backlinks(site, id, &before, &resolution.targets));
    if site.deck.of_note(id).len() != cards_before {
        pages.extend(counting_cards(site, id));
    }
    Ok(pages)
}

/// The section pages that count note `id`'s cards in their progress table: the home page's and
/// those of the folders the note is in.
pub fn counting_cards(site: &Site, id: NoteId) -> Vec<NoteId> {
    let sections = site.breadcrumbs(id).into_iter().filter_map(|s| s.index);
    site.outline.index.into_iter().chain(sections).collect()
}

/// Note `from` now links to the notes `after` instead of `before` (each once, without itself):
/// it leaves the "Linked from" of those it no longer links to and joins, in course order as the
/// build sorts it, that of those it now does. Returns the notes whose list changed.
pub fn move_backlinks(
    site: &mut Site,
    from: NoteId,
    before: &[NoteId],
    after: &[NoteId],
) -> Vec<NoteId> {
    let mut pages = Vec::new();
    for &gone in before.iter().filter(|t| !after.contains(t)) {
        site.backlinks[gone].retain(|&other| other != from);
        pages.push(gone);
    }
    let position = &site.position;
    for &new in after.iter().filter(|t| !before.contains(t)) {
        let list = &mut site.backlinks[new];
        if !list.contains(&from) {
            let at = list.partition_point(|&other| position[other] < position[from]);
            list.insert(at, from);
        }
        pages.push(new);
    }
    pages
}

/// The other notes `id` links to now, each once.
pub fn linked(site: &Site, id: NoteId) -> Vec<NoteId> {
    let mut targets: Vec<NoteId> = site.links[id].linked_notes().filter(|&t| t != id).collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// The notes whose pages show note `id` by embedding it (`![[Note]]`), or a note that does,
/// and so on: their pages change with its text.
pub fn showing(site: &Site, id: NoteId) -> Vec<NoteId> {
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

/// A note's embeds as written: when they change, an embed cycle may have appeared.
pub fn embeds(note: &Note) -> Vec<&str> {
    let links = note.analysis.links.iter();
    links
        .filter(|l| l.kind == LinkKind::Embed)
        .map(|l| l.target.as_str())
        .collect()
}

/// A note's headings as links find them (`[[Note#Heading]]` by its text) and pages show
/// them, without where they stand in the text.
pub fn headings(note: &Note) -> Vec<(u8, &str, &str)> {
    note.analysis.headings.iter().map(shown).collect()
}

fn shown(h: &Heading) -> (u8, &str, &str) {
    (h.level, h.id.as_str(), h.text.as_str())
}

/// Runs `stage`; with `STUDYSITE_TIMINGS` set, says on stderr how long it took (for profiling
/// the preview, `bench/serve_latency.py`).
pub fn timed<T>(stage: &str, run: impl FnOnce() -> T) -> T {
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
