//! Embeds of files, as Obsidian writes them.
//!
//! In: the target and the text after `|` of an `![[embed]]`. Out: what the file is, by its
//! media type ([`crate::util::mime`]): an image is shown, sized (`|300` is a width, `|300x200`
//! a width and a height); audio and video play in `<audio controls>` and `<video controls>`
//! from the copied attachment, a link to it inside for a browser that plays neither; a PDF
//! or any other file is a link, which opens in the browser's own viewer, also from `file://`
//! (an `<object>` would need the sanitizer to let a note's HTML load documents, scripts
//! included). Where the file is no file of the site (the handout embeds no media), a player is
//! a link too.

use crate::model::link::ResolvedLink;
use crate::util::html::{escape, escape_href};
use crate::util::mime;
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
        let file = link.href.split(['#', '?']).next().unwrap_or("");
        let name = escape(target.rsplit('/').next().unwrap_or(target));
        let of_the_site = url::check(&link.href) == Ok(Checked::Relative);
        return match (media(file), size(text)) {
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

/// What an embedded file is shown as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Image,
    /// A player.
    Audio,
    Video,
    /// A PDF or anything else: a link that opens it.
    File,
}

/// By the file's extension: its media type's kind.
pub fn media(path: &str) -> Media {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match mime::of_extension(ext).split('/').next() {
        Some("image") => Media::Image,
        Some("audio") => Media::Audio,
        Some("video") => Media::Video,
        _ => Media::File,
    }
}

/// Whether a wikilink names an attachment rather than a note: its name ends in an extension
/// (`.png`, `.pdf`; not `.md`). A note may hold a dot too (`Node.js`): the link stage tries
/// the note when no attachment answers.
pub fn has_attachment_extension(target: &str) -> bool {
    let name = target.rsplit('/').next().unwrap_or(target);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=5).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && !ext.eq_ignore_ascii_case("md")
    })
}

/// `300` -> width 300; `300x200` -> width and height; anything else is not a size (it is the
/// image's alt text).
pub fn size(text: &str) -> Option<(u32, Option<u32>)> {
    let text = text.trim();
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match text.split_once('x') {
        Some((w, h)) => Some((number(w)?, Some(number(h)?))),
        None => Some((number(text)?, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_width_or_width_and_height() {
        assert_eq!(size("300"), Some((300, None)));
        assert_eq!(size(" 300x200 "), Some((300, Some(200))));
        assert_eq!(size("a diagram"), None);
        assert_eq!(size("300x"), None);
        assert_eq!(size("x200"), None);
        assert_eq!(size("9999999999"), None);
    }

    #[test]
    fn media_and_attachments_by_extension() {
        assert_eq!(media("a/Diagram.PNG"), Media::Image);
        assert_eq!(media("talk.MP4"), Media::Video);
        assert_eq!(media("a/talk.mp3"), Media::Audio);
        assert_eq!(media("paper.pdf"), Media::File);
        assert!(has_attachment_extension("slides.pdf"));
        assert!(!has_attachment_extension("Note.md"));
        assert!(!has_attachment_extension("Note"));
        assert!(!has_attachment_extension("v1.2 release"));
        assert!(!has_attachment_extension(".hidden"));
    }
}
