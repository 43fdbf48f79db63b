//! Embeds of files, as Obsidian writes them. In: the target and the text after `|` of an
//! `![[embed]]`. Out: what the file is, by its media type ([`crate::util::mime`]): an image, a
//! player's audio or video, or any other file ([`media`]); whether a wikilink names a file
//! rather than a note ([`has_attachment_extension`]); the size `|300x200` asks for ([`size`]).
//! How a page shows each is the output's ([`crate::output::markdown`]'s `embed`).

use crate::util::mime;

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
