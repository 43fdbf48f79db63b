//! What a note's frontmatter says. In: filled by [`crate::load::frontmatter`]. Out: the note's
//! [`Frontmatter`] (title, tags, aliases, order, page path and the keys kept for templates).

use std::collections::BTreeMap;

/// What a note's frontmatter says, each key in the form the rest of the build uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frontmatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Without a leading `#`; nested tags (`aws/lambda`) as written.
    pub tags: Vec<String>,
    pub aliases: Vec<String>,
    pub order: Option<i64>,
    pub draft: bool,
    /// The date alone (`YYYY-MM-DD`), also when a timestamp was written.
    pub updated: Option<String>,
    /// Notes to point the reader to, by slug, path, title or alias.
    pub related: Vec<String>,
    /// Classes for the page's `<body>` (Obsidian's `cssclasses`).
    pub classes: Vec<String>,
    /// Where the page is written, when not where its file says.
    pub page: Option<PagePath>,
    /// Every key that is not one of studysite's own ([`crate::load::frontmatter::OWN_KEYS`]), as written, for templates
    /// (`page.extra.permalink`).
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A page's output path chosen in its frontmatter, checked by
/// [`crate::load::frontmatter::page_path`].
#[derive(Debug, Clone, PartialEq)]
pub enum PagePath {
    /// `permalink`: the path from the site's root without `.html` (`aws/lambda-basics`).
    Permalink(String),
    /// `slug`: the file name without `.html`, in the note's own folder.
    Slug(String),
}
