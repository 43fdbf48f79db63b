//! Links as the model holds them. In: what a note writes (`[text](target)`, `[[target]]`,
//! `![alt](src)`) and what the link stage found each to point at. Out: [`LinkKind`], the
//! [`ResolvedLink`] of each, and [`NoteLinks`], one note's links by kind and target, which the
//! render pass reads through [`LinkResolver`].

use crate::model::NoteId;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// `[text](target)` or an autolink.
    Markdown,
    /// `[[target|text]]`.
    Wiki,
    /// `![alt](target)`.
    Image,
}

/// What the render pass needs from the link stage.
pub trait LinkResolver {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink>;
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
#[derive(Debug, Default)]
pub struct NoteLinks {
    pub(crate) resolved: HashMap<(LinkKind, String), ResolvedLink>,
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
}
