//! The Markdown dialect both passes read, so that they read it alike. In: pulldown-cmark's
//! link, quote and code events. Out: the parser's options, what kind of link an event is and
//! the target the link stage looks up, whether a quote is a `[!KEY]` callout, a fence's
//! language.

use crate::model::analysis::LinkRef;
use crate::model::link::LinkKind;
use pulldown_cmark::{Event, LinkType, Options, Tag, TagEnd};
use std::borrow::Cow;

/// The parser's options, the same for both passes.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH
}

pub(crate) fn link_kind(link_type: LinkType) -> LinkKind {
    match link_type {
        LinkType::WikiLink { .. } => LinkKind::Wiki,
        _ => LinkKind::Markdown,
    }
}

pub(crate) fn image_kind(link_type: LinkType) -> LinkKind {
    match link_type {
        LinkType::WikiLink { .. } => LinkKind::Embed,
        _ => LinkKind::Image,
    }
}

/// A link's target as the link stage looks it up: a wikilink's trimmed, without the `\` that
/// escaped its `|` inside a table cell (`[[Note\|text]]`, as Obsidian writes it); an email
/// autolink's (`<ann@example.org>`, whose destination the parser gives without its scheme) as
/// the `mailto:` URL CommonMark makes of it, not a file next to the note.
pub(crate) fn link_target(link_type: LinkType, dest: &str) -> Cow<'_, str> {
    match link_type {
        LinkType::WikiLink { .. } => Cow::Borrowed(dest.trim().trim_end_matches('\\').trim_end()),
        LinkType::Email if !dest.starts_with("mailto:") => Cow::Owned(format!("mailto:{dest}")),
        _ => Cow::Borrowed(dest),
    }
}

/// The link or image that `tag` opens at `offset`, as the link stage looks it up.
pub(crate) fn link_ref(tag: &Tag<'_>, offset: usize) -> Option<LinkRef> {
    let (kind, link_type, dest_url) = match tag {
        Tag::Link {
            link_type,
            dest_url,
            ..
        } => (link_kind(*link_type), link_type, dest_url),
        Tag::Image {
            link_type,
            dest_url,
            ..
        } => (image_kind(*link_type), link_type, dest_url),
        _ => return None,
    };
    Some(LinkRef {
        kind,
        target: link_target(*link_type, dest_url).into_owned(),
        offset,
    })
}

/// `> [!KEY]` alone on the blockquote's first line marks a key-facts callout.
/// The `[!KEY]` marker is a paragraph, also when the next quoted line is `---` or `===`
/// ([`crate::load::obsidian::callout::marker_lines`]): both passes skip it to its end.
pub(crate) fn ends_key_marker(event: &Event<'_>) -> bool {
    matches!(event, Event::End(TagEnd::Paragraph))
}

pub(crate) fn is_key_callout(quote_source: &str) -> bool {
    let first = quote_source.lines().next().unwrap_or("");
    first.trim_start().trim_start_matches('>').trim() == "[!KEY]"
}

pub(crate) fn fence_language(info: &str) -> &str {
    info.split([' ', ',', '{']).next().unwrap_or("").trim()
}

/// A heading's id as its note wrote it: `{#id}`, or `{ id="9.7.0" }` as Python-Markdown's
/// attribute lists write it (Material for MkDocs' changelog).
pub(crate) fn written_id(heading: &Tag<'_>) -> Option<String> {
    let Tag::Heading { id, attrs, .. } = heading else {
        return None;
    };
    let written = || {
        let value = attrs
            .iter()
            .find(|(key, _)| key.as_ref() == "id")?
            .1
            .as_deref()?;
        // The parser keeps the value's quotes.
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|&q| value.strip_prefix(q)?.strip_suffix(q));
        Some(unquoted.unwrap_or(value).to_string())
    };
    id.as_deref().map(str::to_string).or_else(written)
}
