//! Embeds of files and notes as the page shows them. In: an `![[embed]]`'s target, the text
//! after `|`, the output's [`ResolvedLink`] for it and, for a note, the HTML of the part it
//! shows. Out: its HTML: an image, sized (`|300` is a width, `|300x200` a width and a height);
//! audio and video in `<audio controls>` and `<video controls>` from the copied attachment, a
//! link to it inside for a browser that plays neither; a PDF or any other file a link, which
//! opens in the browser's own viewer, also from `file://` (an `<object>` would need the
//! sanitizer to let a note's HTML load documents, scripts included); a note's part framed
//! under a link to its source. Where the file is no file of the site (the handout embeds no
//! media), a player is a link too. What a file is, by its name, is the loading stage's
//! ([`crate::load::obsidian::embed`]).

use super::ResolvedLink;
use crate::load::obsidian::embed::{media, size, Media};
use crate::util::html::{escape, escape_href};
use crate::util::url::{self, Checked};

/// The HTML of `![[target|text]]`: an image (sized when `text` is a size), a link to a file, or
/// a note's body, section or block (`body`, when the output shows them) framed under a link to
/// its source. An embed that does not resolve is its name, marked broken.
pub fn html(
    resolved: Option<&ResolvedLink>,
    target: &str,
    text: &str,
    body: Option<String>,
) -> String {
    let label = if text.trim().is_empty() {
        target
    } else {
        text.trim()
    };
    let Some(link) = resolved else {
        return format!("<span class=\"broken-link embed\">{}</span>", escape(label));
    };
    let href = escape_href(&link.href);
    let is_note = link.note.is_some() || link.href.starts_with('#');
    if !is_note {
        // What the file is, by the name written or else by the href's: the href may be a
        // `data:` URI (the handout's images).
        let file = |name: &str| media(name.split(['#', '?']).next().unwrap_or(""));
        let kind = match file(target) {
            Media::File => file(&link.href),
            kind => kind,
        };
        let name = escape(target.rsplit('/').next().unwrap_or(target));
        let of_the_site = url::check(&link.href) == Ok(Checked::Relative);
        return match (kind, size(text)) {
            (Media::Image, Some((width, height))) => {
                let height = height.map_or(String::new(), |h| format!(" height=\"{h}\""));
                let name = target.rsplit('/').next().unwrap_or(target);
                format!(
                    "<img src=\"{href}\" alt=\"{}\" width=\"{width}\"{height}>",
                    escape(name)
                )
            }
            (Media::Image, None) => format!("<img src=\"{href}\" alt=\"{}\">", escape(label)),
            (Media::Audio, _) if of_the_site => format!(
                "<audio class=\"embed-media\" controls src=\"{href}\"><a class=\"embed-file\" href=\"{href}\">{name}</a></audio>"
            ),
            (Media::Video, size) if of_the_site => {
                let size = size.map_or(String::new(), |(w, h)| {
                    let height = h.map_or(String::new(), |h| format!(" height=\"{h}\""));
                    format!(" width=\"{w}\"{height}")
                });
                format!(
                    "<video class=\"embed-media\" controls src=\"{href}\"{size}><a class=\"embed-file\" href=\"{href}\">{name}</a></video>"
                )
            }
            _ => format!("<a class=\"embed-file\" href=\"{href}\">{name}</a>"),
        };
    }
    let title = escape(&label.replace('#', " › "));
    format!(
        "<div class=\"embed embed-note\">\n<p class=\"embed-source\"><a href=\"{href}\">{title}</a></p>\n{}</div>\n",
        body.unwrap_or_default()
    )
}
