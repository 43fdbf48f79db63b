//! Embeds of files, as Obsidian writes them.
//!
//! In: the target and the text after `|` of an `![[embed]]`. Out: what the file is (an image
//! is shown, audio, video and PDF become a link to the file, which opens in the browser's own
//! player, also from `file://`) and the size an image is given (`|300` is a width, `|300x200`
//! a width and a height).

use crate::model::link::ResolvedLink;
use crate::util::html::{escape, escape_href};

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
            (Media::File, _) => format!(
                "<a class=\"embed-file\" href=\"{href}\">{}</a>",
                escape(target.rsplit('/').next().unwrap_or(target))
            ),
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
    /// Audio, video, PDF or anything else: a link that opens it.
    File,
}

/// By the file's extension, as Obsidian decides.
pub fn media(path: &str) -> Media {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "svg" | "webp" | "avif" => Media::Image,
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
        assert_eq!(media("talk.mp4"), Media::File);
        assert!(has_attachment_extension("slides.pdf"));
        assert!(!has_attachment_extension("Note.md"));
        assert!(!has_attachment_extension("Note"));
        assert!(!has_attachment_extension("v1.2 release"));
        assert!(!has_attachment_extension(".hidden"));
    }
}
