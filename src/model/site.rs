//! The loaded site. In: filled by the loading stages ([`crate::load::site`] assembles it). Out:
//! the [`Site`] every output reads and none changes: its notes ([`Note`], with their path facts,
//! frontmatter and analysis), the files to copy, the outline and course order, links and
//! backlinks, comparisons, tags and the warnings of the build.

use crate::model::analysis::Analysis;
use crate::model::cards::Deck;
use crate::model::comparison::Comparison;
use crate::model::config::Settings;
use crate::model::glossary::{self, Glossary};
use crate::model::link::NoteLinks;
use crate::model::meta::Frontmatter;
use crate::util::error::Diagnostic;
use crate::util::paths::RelPath;
use std::path::PathBuf;

/// A file found under the notes folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Relative to the notes folder, with `/` separators on every platform.
    pub rel: RelPath,
}

/// A note's index in [`Site::notes`], and so its identity.
pub use super::NoteId;

/// One Markdown note.
#[derive(Debug, Clone)]
pub struct Note {
    pub source: PathBuf,
    /// The path shown in messages.
    pub display: PathBuf,
    /// Relative to the notes folder: `containers/docker.md`.
    pub rel: String,
    /// `containers/docker`.
    pub slug: String,
    /// The output page, relative to the site root: `containers/docker.html`, or where the
    /// note's `permalink` or `slug` puts it. Every link to the page is made from this.
    pub url: String,
    /// The folder (section) it lives in: `containers`, or `` at the top.
    pub dir: String,
    pub meta: Frontmatter,
    pub title: String,
    pub text: String,
    pub body_offset: usize,
    pub analysis: Analysis,
    /// What is odd about the note but does not stop the build (it is empty, say).
    pub warnings: Vec<Diagnostic>,
}

impl Note {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A folder of notes.
#[derive(Debug, Default)]
pub struct Section {
    pub dir: String,
    pub title: String,
    /// The folder's `index.md`, which names and introduces the section.
    pub index: Option<NoteId>,
    pub notes: Vec<NoteId>,
    pub children: Vec<Section>,
    /// Notes and subsections in course order (by `order`, then title).
    pub order: Vec<Item>,
}

/// One place in a section's order.
#[derive(Debug, Clone, Copy)]
pub enum Item {
    Note(NoteId),
    /// An index into `children`.
    Section(usize),
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub notes: Vec<NoteId>,
}

pub struct Site {
    pub settings: Settings,
    pub notes: Vec<Note>,
    pub assets: Vec<SourceFile>,
    /// Bytes of the images among `assets`: what a handout would embed at most.
    pub image_bytes: u64,
    /// The outline: the notes folder as the top section.
    pub outline: Section,
    /// Every note in reading order (section index first, then by `order`, then title).
    pub course: Vec<NoteId>,
    /// Position of each note in `course`.
    pub position: Vec<usize>,
    pub links: Vec<NoteLinks>,
    pub backlinks: Vec<Vec<NoteId>>,
    pub related: Vec<Vec<NoteId>>,
    pub comparisons: Vec<Comparison>,
    /// Comparisons each note takes part in.
    pub compared_in: Vec<Vec<usize>>,
    pub tags: Vec<Tag>,
    /// The cards and quiz questions drawn from the notes ([`crate::load::cards`]).
    pub deck: Deck,
    /// The terms of `glossary.yaml`, each a card for the study features too.
    pub glossary: Glossary,
    /// Where the site-wide pages are written.
    pub pages: SitePages,
    pub warnings: Vec<Diagnostic>,
}

/// Files the build writes itself at fixed names; a note or file may not take them.
pub const GENERATED_FILES: &[&str] = &[
    "404.html",
    "cards.js",
    "cards.tsv",
    "sitemap.xml",
    "robots.txt",
];

/// Where the pages the build makes for the whole site are written. Each has its usual name
/// unless a note takes it (a vault's own `Glossary.md`, or Obsidian Publish's `permalink:
/// tags`): the note keeps its name and the page moves to the first free `name-2.html`,
/// `name-3.html`, ... Every link to these pages is made from here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SitePages {
    pub tags: String,
    pub comparisons: String,
    pub glossary: String,
    pub review: String,
    pub handout: String,
}

impl Default for SitePages {
    fn default() -> Self {
        SitePages {
            tags: "tags.html".into(),
            comparisons: "comparisons.html".into(),
            glossary: glossary::PAGE.into(),
            review: "review.html".into(),
            handout: "handout.html".into(),
        }
    }
}

impl SitePages {
    /// Each page's usual name, as the build would write it.
    pub fn names_mut(&mut self) -> [&mut String; 5] {
        [
            &mut self.tags,
            &mut self.comparisons,
            &mut self.glossary,
            &mut self.review,
            &mut self.handout,
        ]
    }
}

/// Folders the build writes itself, with what they hold; no note or file may be written in them.
pub const GENERATED_FOLDERS: &[(&str, &str)] = &[
    ("tags", "the folder of generated tag pages"),
    ("search", "the folder of the search index"),
    ("note-previews", "the folder of the link previews"),
];

impl Site {
    /// The comparisons written in note `id`, in page order. `comparisons` is sorted by note, so
    /// this is a binary search, not a scan per page.
    pub fn comparisons_in(&self, id: NoteId) -> &[Comparison] {
        let start = self.comparisons.partition_point(|c| c.note < id);
        let end = self.comparisons.partition_point(|c| c.note <= id);
        &self.comparisons[start..end]
    }
}
