//! Comparisons: a fenced ```compare block's table of things and aspects. In: filled by
//! [`crate::load::compare::parse`] (a [`Spec`], note references as written) and by the
//! assembly (a [`Comparison`], references resolved to notes). Out: the data the pages, the
//! handout, the search index and future study features read.

use crate::model::NoteId;
use serde::Serialize;

/// A comparison as written, with the file line of each row kept for later errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spec {
    pub title: String,
    pub id: Option<String>,
    pub things: Vec<ThingSpec>,
    pub rows: Vec<Row>,
    /// 1-based line of the block's first YAML line.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThingSpec {
    /// A note reference (slug, path, title or alias), when the column has its own note.
    pub note: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub aspect: String,
    /// Markdown, one per thing.
    pub values: Vec<String>,
    /// Optional Markdown remark on the row.
    pub note: Option<String>,
}

impl Spec {
    /// Every piece of Markdown in the comparison, for link checking.
    pub fn markdown(&self) -> impl Iterator<Item = &str> {
        self.rows
            .iter()
            .flat_map(|r| r.values.iter().map(String::as_str).chain(r.note.as_deref()))
    }
}

/// A thing compared: a column of a comparison table.
#[derive(Debug, Clone)]
pub struct Thing {
    pub label: String,
    pub note: Option<NoteId>,
}

/// A comparison, its references resolved. The unit future study features (flashcards, quizzes)
/// draw on: every cell is a fact about a thing.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub note: NoteId,
    /// The anchor of its table on the note's page.
    pub id: String,
    pub title: String,
    pub things: Vec<Thing>,
    pub rows: Vec<Row>,
}
