//! Links as the model holds them. In: what a note writes (`[text](target)`, `[[target]]`,
//! `![alt](src)`) and what the link stage found each to point at. Out: [`LinkKind`], the
//! [`Destination`] of each, kept by kind and target in [`NoteLinks`]: where a link goes, not
//! how a page writes it. Each output turns destinations into hrefs by its own policy
//! ([`crate::output::markdown::LinkResolver`]).

use crate::model::NoteId;
use crate::util::url::Refused;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// `[text](target)` or an autolink.
    Markdown,
    /// `[[target|text]]`.
    Wiki,
    /// `![alt](target)`.
    Image,
    /// `![[target]]`: an image, a file, or a note's body, section or block shown in place.
    Embed,
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq)]
pub enum Destination {
    /// A note, and the id of a heading, block or anchor on its page.
    Note(NoteId, Option<String>),
    /// A file of the notes folder, by its path there.
    Asset(String),
    /// Outside the site: the link's target as written.
    External,
    /// A URL whose scheme may not be a link's.
    Refused(Refused),
}

/// Every link of one note that resolved, by kind and target as written: a broken link, or one
/// refused for its scheme, is not here, and renders unresolved.
#[derive(Debug, Clone)]
pub struct NoteLinks {
    /// The note whose links these are.
    pub(crate) from: NoteId,
    pub(crate) destinations: HashMap<(LinkKind, String), Destination>,
    /// The links its raw HTML writes that resolved, for the outputs that rewrite raw HTML (the
    /// handout). Apart from the rest: pages pass raw HTML through, so these are not checked
    /// and make no backlinks.
    pub(crate) in_html: HashMap<(LinkKind, String), Destination>,
}

impl NoteLinks {
    pub fn new(from: NoteId) -> Self {
        NoteLinks {
            from,
            destinations: HashMap::new(),
            in_html: HashMap::new(),
        }
    }

    /// Where the link of `kind` to `target` in the note's raw HTML goes, if it resolved.
    pub fn in_html(&self, kind: LinkKind, target: &str) -> Option<&Destination> {
        self.in_html.get(&(kind, target.to_string()))
    }

    /// Where the link of `kind` to `target` goes, if it resolved.
    pub fn destination(&self, kind: LinkKind, target: &str) -> Option<&Destination> {
        self.destinations.get(&(kind, target.to_string()))
    }

    /// Every resolved link: its kind and target as written, and where it goes.
    pub fn iter(&self) -> impl Iterator<Item = (LinkKind, &str, &Destination)> + '_ {
        self.destinations
            .iter()
            .map(|((kind, target), d)| (*kind, target.as_str(), d))
    }

    /// The other notes this note links to, for previews.
    pub fn linked_notes(&self) -> impl Iterator<Item = NoteId> + '_ {
        self.destinations.values().filter_map(|d| match d {
            Destination::Note(id, _) if *id != self.from => Some(*id),
            _ => None,
        })
    }

    /// The note, and the heading or block id, that `![[target]]` shows.
    pub fn embedded(&self, target: &str) -> Option<(NoteId, Option<&str>)> {
        match self.destination(LinkKind::Embed, target)? {
            Destination::Note(id, anchor) => Some((*id, anchor.as_deref())),
            _ => None,
        }
    }

    /// The notes this note embeds, each with the target that embeds it and the part shown.
    pub fn embedded_notes(&self) -> impl Iterator<Item = (&str, NoteId, Option<&str>)> + '_ {
        self.iter().filter_map(|(kind, target, d)| match d {
            Destination::Note(id, part) if kind == LinkKind::Embed => {
                Some((target, *id, part.as_deref()))
            }
            _ => None,
        })
    }
}
