//! studysite turns a folder of Markdown notes into a cross-linked study site that works hosted,
//! offline from disk, and on paper.
//!
//! In: the command's [`Options`]. Out: the site in the output folder (or a check's report, a
//! handout, a live preview). The code is in layers, each a folder, and every import points
//! down (`ARCHITECTURE.md`; `tests/it/layers.rs` enforces it):
//!
//! 1. [`util`]: small helpers every layer may use: diagnostics, paths that stay inside the
//!    output, hrefs, HTML escaping, YAML, progress, what Ctrl-C undoes, the embedded defaults.
//! 2. [`model`]: the data every stage shares: the settings, the loaded site and its notes,
//!    their analysis, links, comparisons, outline and tags.
//! 3. [`markup`]: text to safe HTML, used by loading and output alike: code highlighting,
//!    diagrams, a note's raw HTML cleaned.
//! 4. [`load`]: the stages that fill the model: discover -> frontmatter + Markdown analysis
//!    (per note, in parallel) -> links (every link resolved or reported) -> the site assembled
//!    (outline, course order, tags, comparisons).
//! 5. [`output`]: what is made from one loaded site: pages, the handout, the search index, the
//!    sitemap, and the staged output folder they are written into.
//! 6. [`command`]: what the binary runs: build and check, serve, handout, new and init, and
//!    the no-change check of `build`.

pub mod command;
pub mod load;
pub mod markup;
pub mod model;
pub mod output;
pub mod util;

pub use command::build::{build, build_site, check, Built, Report};
pub use model::config::{Options, Settings};
pub use model::site::Site;
pub use util::error::{Diagnostic, Error, Result, Severity};
pub use util::progress::{Progress, Silent};
