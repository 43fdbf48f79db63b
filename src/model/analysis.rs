//! What the first Markdown pass learns about a note. In: filled by
//! [`crate::load::markdown::analyze`]. Out: the note's title, headings and anchors, the links it
//! writes, its comparisons, diagrams, formulas and code, key facts and its text by section,
//! which the link stage, the assembly and every output read.

use crate::model::comparison::Spec;
use crate::model::link::LinkKind;
use crate::util::error::Diagnostic;
use std::collections::HashSet;

/// A link as written in a note.
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub kind: LinkKind,
    pub target: String,
    /// Byte offset in the note's text, for `file:line:col`.
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Where it starts in the body, for embedding its section.
    pub offset: usize,
}

/// What the first pass learns about a note.
#[derive(Debug, Default, Clone)]
pub struct Analysis {
    /// Text of the first `# H1`, the fallback title.
    pub h1: Option<String>,
    /// Whether the body opens with an H1, so the page need not print the title again.
    pub starts_with_h1: bool,
    pub headings: Vec<Heading>,
    /// Every id a link may point at: the ids of [`Analysis::ids`], for looking up.
    pub anchors: HashSet<String>,
    /// The ids the body gives its elements, in the order its page holds them (headings, block
    /// ids, footnotes, comparisons, the ids inside its diagrams and formulas, those its raw
    /// HTML defines), with the embeds whose parts' ids come in between
    /// ([`crate::output::transclude::body_ids`] puts those in): what the handout prefixes,
    /// without rendering the note to learn them.
    pub ids: Vec<BodyId>,
    pub links: Vec<LinkRef>,
    /// The links its raw HTML writes ([`crate::markup::html_links`]), for the link stage to
    /// resolve for the outputs that rewrite raw HTML; not checked, as pages pass them through.
    pub html_links: Vec<(LinkKind, String)>,
    pub comparisons: Vec<Spec>,
    /// Ids given to the comparisons, in order.
    pub comparison_ids: Vec<String>,
    /// Rendered SVG of each diagram, in order (empty for one that failed).
    pub diagrams: Vec<String>,
    /// Each ```` ```mermaid ```` block, in order, with its source (an embed of a part of the
    /// note finds its diagrams by it): `None` for one shown as code (a kind the renderer does
    /// not draw, or one that failed), which is then one of `code_blocks`.
    pub mermaid: Vec<(String, Option<MermaidDiagram>)>,
    /// Each formula (`$...$`, `$$...$$`) converted: the page's, in order, then those of its
    /// comparisons' cells. Embeds and cells find theirs by TeX ([`Analysis::formula`]).
    pub formulas: Vec<Formula>,
    /// Every other code block, in order, as written. Highlighting is the costliest step of a
    /// build and its HTML is ten times the size of the code, so it is not done here, where
    /// every note's result would be kept until all pages are written: the build highlights a
    /// note's blocks once, when it renders the note, for its page and the handout at once
    /// ([`crate::markup::highlight::blocks`]).
    pub code_blocks: Vec<CodeBlock>,
    /// The files its code blocks include (mdBook's `{{#include}}`), resolved: what the build
    /// read besides the note.
    pub included: Vec<std::path::PathBuf>,
    /// The bullets of the note's `> [!KEY]` callouts: facts to remember (future flashcards).
    pub key_facts: Vec<String>,
    /// The body's plain text cut at each heading, for the search index.
    pub sections: Vec<SectionText>,
    /// What the page will not show of the note's raw HTML (scripts, `javascript:` links).
    pub warnings: Vec<Diagnostic>,
    /// Inline `#tags` of the text, as written (without `#`).
    pub tags: Vec<String>,
    /// Each paragraph or list item with a block id (`^id`): its anchor and where it is in the
    /// body, for embedding it.
    pub blocks: Vec<(String, std::ops::Range<usize>)>,
}

impl Analysis {
    /// The HTML of the note's formula `tex`, for a part of the note shown elsewhere or a cell.
    pub fn formula(&self, tex: &str, display: bool) -> Option<&str> {
        self.formulas
            .iter()
            .find(|f| f.display == display && f.tex == tex)
            .map(|f| f.html.as_str())
    }

    /// The drawn diagram of the note's Mermaid block `source`.
    pub fn mermaid_diagram(&self, source: &str) -> Option<&MermaidDiagram> {
        self.mermaid
            .iter()
            .find(|(s, _)| s == source)
            .and_then(|(_, d)| d.as_ref())
    }
}

/// An id of a note's body, or an embed whose part's ids come in its place.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyId {
    /// Where its element starts in the body (as written), for the parts of the note that an
    /// embed shows: a part holds the ids from its range.
    pub at: usize,
    pub kind: IdKind,
    /// The id; for an [`IdKind::Embed`], the embed's target.
    pub id: String,
}

/// What gave an element of the body its id: what decides whether a part of the note shown
/// elsewhere (an embed) keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A heading's, a block's (`^id`) or a comparison's: a part has none of those.
    Heading,
    Block,
    Comparison,
    /// An id inside the n-th Mermaid diagram: a part shows the diagram with its ids prefixed.
    Mermaid(usize),
    /// A footnote's, or one inside a Pikchr diagram, a formula or the note's raw HTML: kept.
    Other,
    /// `![[target]]`: the ids of what it shows come here.
    Embed,
}

/// A formula converted to MathML ([`crate::load::formula`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub tex: String,
    pub display: bool,
    /// `<math>…</math>`, or the TeX as code when it did not convert.
    pub html: String,
}

/// A drawn ```` ```mermaid ```` block ([`crate::markup::mermaid`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MermaidDiagram {
    /// `<svg class="diagram mermaid" role="img" aria-label="…">…</svg>`.
    pub svg: String,
    /// Its `title`, or the name of its kind.
    pub caption: String,
    /// The words it shows, in order, for the search index.
    pub text: String,
}

/// A fenced or indented code block that is neither a comparison nor a diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// The language after the fence (`rust`), empty when none is given.
    pub lang: String,
    pub source: String,
}

/// The text under one heading (or before the first one, with no heading).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SectionText {
    /// The heading's id, `None` for the text before the first heading.
    pub id: Option<String>,
    pub heading: String,
    pub text: String,
}

impl SectionText {
    pub(crate) fn push(&mut self, text: &str) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.text.push_str(text.trim());
    }
}
