//! The pages' link policy. In: where a note's links go (its [`NoteLinks`], from the link
//! stage) and the page they are written on: the note's own, or a page that embeds it. Out: a
//! [`LinkResolver`] for the render pass, each link an href relative to that page, built by the
//! one URL builder ([`Href`]); a link to the page itself is its fragment alone.

use crate::model::link::{Destination, LinkKind, NoteLinks};
use crate::model::site::Site;
use crate::output::markdown::{LinkResolver, ResolvedLink};
use crate::util::url::Href;
use std::collections::HashMap;

/// A note's links as written on one page.
pub struct PageLinks {
    resolved: HashMap<(LinkKind, String), ResolvedLink>,
}

impl PageLinks {
    /// `links` written on the page at `page` (a site path such as `serverless/lambda.html`).
    pub fn new(site: &Site, links: &NoteLinks, page: &str) -> Self {
        let resolved = links
            .iter()
            .filter_map(|(kind, target, destination)| {
                let link = match destination {
                    Destination::External => ResolvedLink {
                        href: target.to_string(),
                        external: true,
                        note: None,
                    },
                    Destination::Asset(path) => ResolvedLink {
                        href: Href::between(page, path).into_string(),
                        external: false,
                        note: None,
                    },
                    Destination::Note(id, fragment) => {
                        let path = &site.notes[*id].url;
                        let href = if path == page {
                            Href::fragment(fragment.as_deref().unwrap_or(""))
                        } else {
                            let to = Href::between(page, path);
                            fragment
                                .as_deref()
                                .map_or(to.clone(), |f| to.with_fragment(f))
                        };
                        ResolvedLink {
                            href: href.into_string(),
                            external: false,
                            note: (*id != links.from).then_some(*id),
                        }
                    }
                    // Not kept by the link stage: rendered as plain text.
                    Destination::Refused(_) => return None,
                };
                Some(((kind, target.to_string()), link))
            })
            .collect();
        PageLinks { resolved }
    }
}

impl LinkResolver for PageLinks {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink> {
        self.resolved.get(&(kind, target.to_string()))
    }
}
