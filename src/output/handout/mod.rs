//! Handouts: the course, or a part of it, as one page to print or to save as a PDF.
//!
//! In: a loaded [`Site`], the templates, and a [`Selection`] (the whole course, the notes with a
//! tag, or the notes under a folder). Out: one self-contained HTML document: a title page, a
//! table of contents, then every selected note in course order. Its CSS is inlined,
//! the notes' images are `data:` URIs, it has no script, and it refers to nothing outside itself
//! but the external links written in the notes. Every id of a note is prefixed with the note's
//! anchor (`pricing` in `serverless/lambda.md` becomes `serverless--lambda--pricing`), so ids
//! never collide, and links between notes become in-page anchors. Links to what the handout
//! leaves out (a note outside a partial handout, a file) become plain text, or absolute links
//! when the site has a `base_url`.
//!
//! A [`Writer`] is a peer of the pages in the build's one course-order loop
//! ([`crate::output::course`]): it makes each note's part from the same highlighted code as
//! the note's page, and hands the document over in pieces ([`Writing`]), so that it is never
//! whole in memory (it is about 20 KB a note). [`write`] is the handout alone. A note's ids
//! are named from the list the loading stage made of them
//! ([`crate::model::analysis::Analysis::ids`]); the note is rendered once, for its part. Its
//! HTML (and whatever raw HTML it holds) is rewritten with lol_html, a streaming HTML rewriter,
//! then goes through [`sanitize`], the allowlist that keeps script and anything that loads out
//! of the handout.
//!
//! [`crate::command::handout::make`] is the `studysite handout` command: it renders a handout,
//! [`print_pdf`]s it on A4 or Letter ([`Paper`]) through a locally installed Chromium ([`find_chromium`]; stopped after
//! [`chromium_timeout`], its temporary files removed on every way out, Ctrl-C included) and
//! writes the files, refusing to replace anything it did not write ([`check_destination`]). The
//! library never prints; the CLI reports.
//!
//! The parts, one job each: [`select`] (which notes), [`document`] (the page, in pieces),
//! [`contents`] (ids and the table of contents), [`resolve`] (a note's links and embeds),
//! [`rewrite`] (a note's HTML made part of the handout), [`writer`] (the handout fed note by
//! note), [`destination`] (where it may be written), [`pdf`] (printing through Chromium), [`paper`] (on which sheet size).

mod contents;
mod destination;
mod document;
mod paper;
mod pdf;
mod resolve;
mod rewrite;
mod select;
mod writer;

pub use destination::{check_destination, Existing};
// For the `handout` command, which writes what the document made.
pub(crate) use destination::{absolute, check_again, persist, staged_beside};
pub use paper::Paper;
pub use pdf::{
    chromium_timeout, find_chromium, print_pdf, CHROMIUM_ENV, CHROMIUM_TIMEOUT,
    CHROMIUM_TIMEOUT_ENV,
};
pub use select::{select, Handout, Selection};
pub use writer::{write, write_course, Sink, Writer, Writing};
// The parts' shared helpers, for one another.
use contents::*;
use destination::*;
use document::*;
use resolve::*;
use rewrite::*;

/// The handout every build writes, next to `index.html`.
pub const FILE: &str = "handout.html";
/// The template a handout is rendered with (overridable in the site's `templates/`).
pub const TEMPLATE: &str = "handout.html";
/// The built-in template names itself so in `<meta name="generator">`: a file holding this near
/// its top is a handout, which a new handout may replace.
pub const GENERATOR: &str = "studysite handout";
/// Links that point into the handout (or nowhere) carry these between rendering and the pass
/// that rewrites ids: `studysite-handout:3` is the 3rd target of the note.
const TARGET: &str = "studysite-handout:";
const DROP: &str = "studysite-handout:drop";
