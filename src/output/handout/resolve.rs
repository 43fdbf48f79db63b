//! A note's links as the handout resolves them, and its embeds. In: the handout's [`Shared`]
//! state, a note, and the targets its links into the handout point to so far. Out: a
//! [`LinkResolver`] for the note's render: links between notes as numbered targets (or text,
//! or absolute links, for what the handout leaves out), images as `data:` URIs, and each
//! `![[Note]]`, `![[Note#Heading]]` or `![[Note#^block]]` shown with its content, as on the
//! pages ([`crate::output::transclude`]), its links resolved from the embedded note and going
//! where the handout's links go. The embedded part's ids are the note's, which the handout
//! prefixes and makes unique with the rest.

use super::*;
use crate::load::obsidian::embed::{media, Media};
use crate::model::link::{Destination, LinkKind};
use crate::model::site::NoteId;
use crate::output::markdown;
use crate::output::markdown::{LinkResolver, Rendered, ResolvedLink};
use crate::output::transclude::Shown;
use crate::util::error::{Error, Result};
use std::cell::RefCell;
use std::collections::HashMap;

/// The links of one note (or embedded part) as the handout resolves them.
pub(crate) struct HandoutLinks<'s, 'a> {
    resolved: HashMap<(LinkKind, String), ResolvedLink>,
    shared: &'s Shared<'a>,
    note: NoteId,
    /// The notes the body's `studysite-handout:N` links point to, the embeds' included.
    targets: &'s RefCell<Vec<(NoteId, Option<String>)>>,
    shown: Shown,
    /// The first error of an embed (an image it could not read), for the body's render.
    failed: &'s RefCell<Option<Error>>,
}

impl<'s, 'a> HandoutLinks<'s, 'a> {
    /// Note `id`'s links, those into the handout added to `targets`.
    pub(crate) fn of(
        shared: &'s Shared<'a>,
        id: NoteId,
        targets: &'s RefCell<Vec<(NoteId, Option<String>)>>,
        shown: Shown,
        failed: &'s RefCell<Option<Error>>,
    ) -> Result<Self> {
        let site = shared.site;
        let mut resolved = HashMap::new();
        for link in &site.notes[id].analysis.links {
            let key = (link.kind, link.target.clone());
            if resolved.contains_key(&key) {
                continue;
            }
            // Where the link stage found it goes. A broken link (allowed by
            // `allow_broken_links`) stays unresolved, as on the site.
            let Some(destination) = site.links[id].destination(link.kind, &link.target) else {
                continue;
            };
            let link = match destination.clone() {
                Destination::External => ResolvedLink {
                    href: link.target.clone(),
                    external: true,
                    note: None,
                },
                Destination::Note(to, fragment) => {
                    shared.note_link(to, fragment, &mut targets.borrow_mut())
                }
                // An image, also when embedded (`![[diagram.png]]`), is part of the handout.
                Destination::Asset(path)
                    if link.kind == LinkKind::Image
                        || (link.kind == LinkKind::Embed && media(&path) == Media::Image) =>
                {
                    ResolvedLink {
                        href: data_uri(site, &path)?,
                        external: false,
                        note: None,
                    }
                }
                Destination::Asset(path) => shared.outside(&path, None),
                // Plain text, as on the site; the site's build warned about it.
                Destination::Refused(_) => continue,
            };
            resolved.insert(key, link);
        }
        Ok(HandoutLinks {
            resolved,
            shared,
            note: id,
            targets,
            shown,
            failed,
        })
    }
}

impl LinkResolver for HandoutLinks<'_, '_> {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink> {
        self.resolved.get(&(kind, target.to_string()))
    }

    fn embed(&self, target: &str) -> Option<Rendered> {
        let site = self.shared.site;
        let (id, anchor) = site.links[self.note].embedded(target)?;
        let entered = self.shown.enter(site, id, anchor)?;
        let links = HandoutLinks::of(self.shared, id, self.targets, entered.shown, self.failed);
        match links {
            Ok(links) => Some(markdown::render_part(
                entered.markdown,
                &site.notes[id].analysis,
                &entered.ids,
                &links,
            )),
            Err(error) => {
                self.failed.borrow_mut().get_or_insert(error);
                None
            }
        }
    }
}
