//! Which notes' links a title edit may resolve differently, kept between edits so that a title
//! edit does not look at every link of the site. In: the kept site's notes, their links as
//! written (`analysis.links`) and as resolved (`Site::links`); told of each note whose links
//! change. Out: for a note retitled, the notes to resolve again
//! ([`Linkers::may_resolve_differently`]). Kept with the link index's tables as [`Lookups`].

use crate::load::links::LinkTables;
use crate::model::link::LinkKind;
use crate::model::site::Site;
use crate::model::NoteId;
use std::collections::{BTreeSet, HashMap};

/// A title as a link names it (`[[Title]]`), as `LinkTables` keys it.
pub fn name_key(name: &str) -> String {
    name.trim().trim_end_matches(".md").to_lowercase()
}

/// The notes behind the links a title edit may change: by the name their wikilinks and embeds
/// write, and those with a link that resolves to nothing.
pub struct Linkers {
    /// A name as wikilinks and embeds write it ([`name_key`]) -> the notes writing it.
    naming: HashMap<String, BTreeSet<NoteId>>,
    /// Each note's names in `naming`, to take them out when its links change.
    names: Vec<Vec<String>>,
    /// The notes with a link that resolves to nothing (broken while broken links are allowed,
    /// or refused), which another title may make resolve.
    unresolved: BTreeSet<NoteId>,
}

impl Linkers {
    pub fn new(site: &Site) -> Linkers {
        let mut linkers = Linkers {
            naming: HashMap::new(),
            names: vec![Vec::new(); site.notes.len()],
            unresolved: BTreeSet::new(),
        };
        for id in 0..site.notes.len() {
            linkers.update(site, id);
        }
        linkers
    }

    /// Note `id`'s links, as written or as resolved, are now those of `site`.
    pub fn update(&mut self, site: &Site, id: NoteId) {
        for name in std::mem::take(&mut self.names[id]) {
            if let Some(ids) = self.naming.get_mut(&name) {
                ids.remove(&id);
                if ids.is_empty() {
                    self.naming.remove(&name);
                }
            }
        }
        let links = &site.notes[id].analysis.links;
        let destinations = &site.links[id].destinations;
        // Every link resolved unless there are more links than destinations (or repeats).
        let all_resolved = links.len() == destinations.len();
        let mut unresolved = false;
        let mut names: Vec<String> = Vec::new();
        for link in links {
            if matches!(link.kind, LinkKind::Wiki | LinkKind::Embed) {
                let name = name_key(link.target.split('#').next().unwrap_or(""));
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            unresolved |=
                !all_resolved && !destinations.contains_key(&(link.kind, link.target.clone()));
        }
        for name in &names {
            self.naming.entry(name.clone()).or_default().insert(id);
        }
        self.names[id] = names;
        if unresolved {
            self.unresolved.insert(id);
        } else {
            self.unresolved.remove(&id);
        }
    }

    /// The other notes whose links may resolve differently once note `id` has another title or
    /// other headings: those linking to it, then, in id order, those with a link that resolves
    /// to nothing now and those with a wikilink or embed naming a title in `keys` ([`name_key`]:
    /// its old and new), which may now find it or be ambiguous.
    pub fn may_resolve_differently(&self, site: &Site, id: NoteId, keys: &[String]) -> Vec<NoteId> {
        let backlinks = &site.backlinks[id];
        let mut others: BTreeSet<NoteId> = keys
            .iter()
            .filter_map(|key| self.naming.get(key))
            .flatten()
            .copied()
            .collect();
        others.extend(&self.unresolved);
        let mut found = backlinks.clone();
        found.extend(
            others
                .into_iter()
                .filter(|other| *other != id && !backlinks.contains(other)),
        );
        found
    }
}

/// What the preview keeps beside the site to look links up: the link index's tables, and which
/// notes' links a title edit may change.
pub struct Lookups {
    pub tables: LinkTables,
    pub linkers: Linkers,
}

impl Lookups {
    pub fn new(site: &Site) -> Lookups {
        Lookups {
            tables: LinkTables::new(&site.notes, site.assets.iter().map(|a| a.rel.as_str())),
            linkers: Linkers::new(site),
        }
    }
}
