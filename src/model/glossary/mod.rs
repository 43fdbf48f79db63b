//! The glossary as data. In: filled by the glossary stage ([`crate::load::glossary`]) from
//! `glossary.yaml`. Out: the [`Glossary`] every output reads: its [`Entry`]s sorted by term
//! (each also a card for the study features), and a [`Matcher`] that finds their names in text.

mod matcher;

use crate::model::NoteId;

pub use matcher::{Matcher, Mention};

/// The glossary's file name, in the notes folder.
pub const FILE: &str = "glossary.yaml";
/// The generated page, at the site's root.
pub const PAGE: &str = "glossary.html";

/// One term.
#[derive(Debug, Clone)]
pub struct Entry {
    pub term: String,
    /// Its anchor on the glossary page.
    pub id: String,
    /// Plain text: it is a link's `title`, a preview and a card's answer.
    pub definition: String,
    /// Its other names as written (synonyms, irregular plurals).
    pub also: Vec<String>,
    /// Related entries, as indexes into [`Glossary::entries`].
    pub see: Vec<usize>,
    /// The note that teaches it.
    pub note: Option<NoteId>,
    /// Where it is defined in the glossary file, for messages.
    pub line: usize,
}

/// The site's glossary: empty when it has no `glossary.yaml`.
#[derive(Debug, Default)]
pub struct Glossary {
    /// Sorted by term, case-insensitively.
    pub entries: Vec<Entry>,
    /// Finds the entries' names in text.
    pub matcher: Matcher,
}
