//! What the render pass asks of an output's link policy. In: a link as written (its kind and
//! target) or an embed's target. Out: the link as that output writes it, a [`ResolvedLink`]
//! (an href relative to a page, for the pages, [`crate::output::page_links`]; an in-document
//! anchor, for the handout), and the HTML an embed shows. The link stage stores destinations,
//! not hrefs ([`crate::model::link`]); each output makes its hrefs here.

use super::Rendered;
use crate::model::link::LinkKind;

/// What the render pass needs from the link stage.
pub trait LinkResolver {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink>;

    /// The HTML of the note, section or block `![[target]]` shows, where the output shows
    /// embedded notes (else the embed is a framed link to its source).
    fn embed(&self, _target: &str) -> Option<Rendered> {
        None
    }
}

/// A link as an output writes it: where it points, from the page it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLink {
    pub href: String,
    pub external: bool,
    /// The note it points to, for link previews.
    pub note: Option<usize>,
}
