//! Obsidian's Markdown, in small pieces the Markdown passes and the link stage call.
//!
//! In: a note's text, or the pieces of it pulldown-cmark hands over (a link target, a text
//! event, a blockquote's first line). Out: what Obsidian means by them: [`heading`] finds the
//! heading a `[[Note#Any heading]]` names, [`names`] finds the note or attachment a wikilink
//! names by path or by name anywhere, [`inline`] reads block ids (`^id`), inline `#tags` and
//! `==highlights==`, [`comments`] removes `%%comments%%`, [`callout`] reads `> [!type] Title`,
//! [`embed`] reads `![[image.png|300x200]]`.

pub mod callout;
pub mod comments;
pub mod cycles;
pub mod embed;
pub mod heading;
pub mod inline;
pub mod names;
