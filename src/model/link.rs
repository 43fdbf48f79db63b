//! Links as the model holds them. In: what a note writes (`[text](target)`, `[[target]]`,
//! `![alt](src)`) and what the link stage found each to point at. Out: [`LinkKind`], the
//! [`ResolvedLink`] of each, and [`NoteLinks`], one note's links by kind and target, which the
//! render pass reads through [`LinkResolver`].

use crate::model::NoteId;
use crate::util::url::Href;
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

/// What the render pass needs from the link stage.
pub trait LinkResolver {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink>;

    /// The HTML of the note, section or block `![[target]]` shows, where the output shows
    /// embedded notes (else the embed is a framed link to its source).
    fn embed(&self, _target: &str) -> Option<String> {
        None
    }
}

/// A link after the link stage: where it points, relative to the page it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLink {
    pub href: String,
    pub external: bool,
    /// The note it points to, for link previews.
    pub note: Option<usize>,
}

/// Every link of one note, resolved for rendering.
#[derive(Debug, Default, Clone)]
pub struct NoteLinks {
    pub(crate) resolved: HashMap<(LinkKind, String), ResolvedLink>,
    /// Where each link inside the site goes (a site path and a fragment), to write it from
    /// another page: the note is embedded there.
    pub(crate) inside: HashMap<(LinkKind, String), (String, Option<String>)>,
    /// The note (and heading or block id) each `![[embed]]` of a note shows, by target.
    pub(crate) embeds: HashMap<String, (NoteId, Option<String>)>,
}

impl LinkResolver for NoteLinks {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink> {
        self.resolved.get(&(kind, target.to_string()))
    }
}

impl NoteLinks {
    /// The notes this note links to, for previews.
    pub fn linked_notes(&self) -> impl Iterator<Item = NoteId> + '_ {
        self.resolved.values().filter_map(|r| r.note)
    }

    /// The note, and the heading or block id, that `![[target]]` shows.
    pub fn embedded(&self, target: &str) -> Option<(NoteId, Option<&str>)> {
        self.embeds
            .get(target)
            .map(|(id, anchor)| (*id, anchor.as_deref()))
    }

    /// The notes this note embeds, each with the target that embeds it and the part shown.
    pub fn embedded_notes(&self) -> impl Iterator<Item = (&str, NoteId, Option<&str>)> + '_ {
        self.embeds
            .iter()
            .map(|(t, (id, part))| (t.as_str(), *id, part.as_deref()))
    }

    /// The same links, written from the page at `page` (where the note is embedded).
    pub fn from_page(&self, page: &str) -> NoteLinks {
        let mut resolved = self.resolved.clone();
        for (key, (path, fragment)) in &self.inside {
            let href = if path == page {
                Href::fragment(fragment.as_deref().unwrap_or(""))
            } else {
                let to = Href::between(page, path);
                fragment
                    .as_deref()
                    .map_or(to.clone(), |f| to.with_fragment(f))
            };
            if let Some(link) = resolved.get_mut(key) {
                link.href = href.into_string();
            }
        }
        NoteLinks {
            resolved,
            inside: self.inside.clone(),
            embeds: self.embeds.clone(),
        }
    }
}
