//! Links and images. In: the render pass's link and image events and the output's link policy
//! (a [`super::LinkResolver`]). Out: each link to where the link stage resolved
//! it (a broken one marked, a refused one left as its text), each image with its resolved
//! `src`; a remote image becomes a link to it, as a page loads nothing from elsewhere.

use super::transform::{ImageAs, Transform};
use super::ResolvedLink;
use crate::load::markdown::{link_kind, link_target};
use crate::model::link::LinkKind;
use crate::util::html::{escape, escape_href};
use crate::util::url;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

impl<'a> Transform<'a, '_> {
    pub(super) fn start_link(&mut self, link_type: LinkType, dest_url: &str, title: &str) {
        let kind = link_kind(link_type);
        let resolved = self.links.resolve(kind, &link_target(link_type, dest_url));
        let drop = resolved.is_none() && kind != LinkKind::Wiki && url::check(dest_url).is_err();
        self.refused.push(drop);
        if !drop {
            self.events
                .push(Event::Html(link_open(resolved, title).into()));
        }
    }

    pub(super) fn start_image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
    ) {
        // An image the link stage could not resolve keeps its URL only if a link may.
        let dest_url = match self.links.resolve(LinkKind::Image, &dest_url) {
            Some(r) => Some(CowStr::from(r.href.clone())),
            None => url::check(&dest_url).is_ok().then_some(dest_url),
        };
        match dest_url {
            // A page loads nothing from elsewhere: a remote image is a link to it,
            // its alt text the link's text.
            Some(remote) if is_remote(&remote) => {
                self.images.push(ImageAs::Link);
                self.events.push(Event::Html(
                    format!(
                        "<a class=\"external remote-image\" href=\"{}\" rel=\"noopener\">",
                        escape_href(&remote)
                    )
                    .into(),
                ));
            }
            Some(dest_url) => {
                self.images.push(ImageAs::Image);
                self.events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            None => self.images.push(ImageAs::Text),
        }
    }

    pub(super) fn end_image(&mut self) {
        match self.images.pop() {
            Some(ImageAs::Image) => self.events.push(Event::End(TagEnd::Image)),
            Some(ImageAs::Link) => self.events.push(Event::Html("</a>".into())),
            Some(ImageAs::Text) | None => {}
        }
    }
}

/// Whether an image URL the link stage let through would load from elsewhere: an absolute or
/// `//host` URL that is not a `data:` image.
fn is_remote(src: &str) -> bool {
    let src = src.trim_start();
    url::check(src) == Ok(url::Checked::External)
        && !src
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("data:"))
}

fn link_open(resolved: Option<&ResolvedLink>, title: &str) -> String {
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    match resolved {
        Some(r) if r.external => format!(
            "<a class=\"external\" href=\"{}\"{title_attr} rel=\"noopener\">",
            escape_href(&r.href)
        ),
        Some(r) => format!("<a href=\"{}\"{title_attr}>", escape_href(&r.href)),
        None => format!("<a class=\"broken-link\"{title_attr}>"),
    }
}
