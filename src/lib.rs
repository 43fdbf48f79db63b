//! studysite turns a folder of Markdown notes into a cross-linked study site that works hosted,
//! offline from disk, and on paper.
//!
//! The pipeline, one module per stage:
//! [`config`] (flags + `site.yaml`) -> [`discover`] (files) -> [`frontmatter`] + [`markdown`]
//! first pass (per note, in parallel) -> [`links`] (every link resolved or reported) ->
//! [`site`] (outline, course order, tags, comparisons) -> [`handout`] (the course on one page)
//! and [`render`] (pages), in course order and in parallel, each note's code [`highlight`]ed
//! once for both, beside them [`search`] (the index) -> [`write`] (staged output, swapped in on
//! success).
//! Large outputs (pages, handout, search index) go to disk as they are made, never whole in
//! memory.
//! Helpers: [`compare`] (comparison tables), [`diagram`] (Pikchr), [`error`] (diagnostics),
//! [`url`] (every href written, every URL a note writes checked), [`rawhtml`] (a note's HTML
//! without scripts), [`paths`] (paths that stay inside the output, and where an output may go),
//! [`sanitize`] (what a note's HTML may hold in the handout).
//! Around the pipeline: [`fingerprint`] (whether `build` has anything to do), [`serve`] (live
//! preview), [`scaffold`] (new notes and sites), [`interrupt`] (what Ctrl-C must undo).

pub mod assets;
pub mod compare;
pub mod config;
pub mod diagram;
pub mod discover;
pub mod error;
pub mod fingerprint;
pub mod frontmatter;
pub mod handout;
pub mod highlight;
mod html;
pub mod interrupt;
pub mod links;
pub mod markdown;
pub mod math;
pub mod mermaid;
pub mod paths;
pub mod rawhtml;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod url;
pub mod write;
mod yaml;

pub use config::{Options, Settings};
pub use error::{Diagnostic, Error, Result, Severity};
use paths::RelPath;
pub use site::Site;

/// Receives progress reports; the CLI shows them as a progress bar, tests ignore them.
pub trait Progress: Sync {
    /// A new stage begins, with `total` steps.
    fn stage(&self, name: &str, total: u64);
    fn advance(&self, steps: u64);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// What a successful build or check did.
#[derive(Debug)]
pub struct Report {
    pub notes: usize,
    pub pages: usize,
    /// Problems that did not stop the build (broken links with `--allow-broken-links`).
    pub warnings: Vec<Diagnostic>,
    /// Nothing had changed since the last build, which left the output as it was; the rest
    /// of the report is that build's.
    pub up_to_date: bool,
}

/// Builds the site into the output folder, replacing the previous build only on success.
/// When nothing it reads changed since the last build and the output is as that build left it
/// ([`fingerprint`]), it does nothing, unless `options.force`.
pub fn build(options: &Options, progress: &dyn Progress) -> Result<Report> {
    let settings = Settings::load(options)?;
    let inputs = fingerprint::inputs(&settings);
    if let Some(inputs) = inputs.filter(|_| !options.force) {
        let out = &settings.out_dir;
        let marker = std::fs::read_to_string(out.join(write::MARKER)).unwrap_or_default();
        if let Some(record) = fingerprint::unchanged(&marker, inputs, out) {
            return Ok(Report {
                notes: record.notes,
                pages: record.pages,
                warnings: record.warnings,
                up_to_date: true,
            });
        }
    }
    build_into(settings, inputs, progress).map(|built| built.report)
}

/// A finished build, kept whole for live preview, which updates it page by page.
pub struct Built {
    pub site: Site,
    pub templates: render::Templates,
    pub report: Report,
}

/// [`build`], always in full, keeping the loaded site and templates.
pub fn build_site(options: &Options, progress: &dyn Progress) -> Result<Built> {
    build_into(Settings::load(options)?, None, progress)
}

/// A full build; `inputs`, the fingerprint of what it reads, is kept with the output.
fn build_into(settings: Settings, inputs: Option<u64>, progress: &dyn Progress) -> Result<Built> {
    let staging = write::Staging::create(&settings)?;
    let templates = render::Templates::load(&settings.root)?;
    let site = Site::load(settings, progress)?;
    progress.stage("Rendering", site.notes.len() as u64);
    // The handout holds every note in course order. Each note's page is written when the
    // handout asks for the note's code, so that the code is highlighted once for both and no
    // note's highlighted code outlives its two uses.
    // The search index merges its terms on one thread: beside the pages, not after them.
    let (pages_and_handout, search) = rayon::join(
        || {
            staging.write_pieces(&RelPath::new(handout::FILE)?, |sink| {
                handout::write_course(&site, &templates, sink, &|id| {
                    let code = highlight::blocks(&site.notes[id].analysis.code_blocks);
                    let html = render::render_note(&site, &templates, id, &code)?;
                    staging.write(&RelPath::new(&site.notes[id].url)?, html.as_bytes())?;
                    progress.advance(1);
                    Ok(code)
                })
            })
        },
        || {
            search::write(&site, &|path, bytes| {
                staging.write(&RelPath::new(path)?, bytes)
            })
        },
    );
    pages_and_handout?;
    search?;
    let pages = site.notes.len()
        + render::render_site(&site, &templates, &|path, bytes| {
            staging.write(&RelPath::new(path)?, bytes)
        })?;
    staging.copy_files(&site)?;
    let report = Report {
        notes: site.notes.len(),
        pages,
        warnings: site.warnings.clone(),
        up_to_date: false,
    };
    let record = inputs.and_then(|inputs| {
        let dir = staging.dir();
        fingerprint::Record::new(inputs, dir, report.notes, pages, &report.warnings)?.to_line()
    });
    staging.commit(record.as_deref())?;
    Ok(Built {
        site,
        templates,
        report,
    })
}

/// Everything `build` validates (content, links, templates, the output folder), writing
/// nothing. Code is not
/// highlighted: that cannot fail.
pub fn check(options: &Options, progress: &dyn Progress) -> Result<Report> {
    let settings = Settings::load(options)?;
    write::check_out_dir(&settings)?;
    let templates = render::Templates::load(&settings.root)?;
    let site = Site::load(settings, progress)?;
    progress.stage("Checking", site.notes.len() as u64);
    handout::write_course(&site, &templates, &mut |_| Ok(()), &|id| {
        let code = highlight::empty_blocks(&site.notes[id].analysis.code_blocks);
        render::render_note(&site, &templates, id, &code)?;
        progress.advance(1);
        Ok(code)
    })?;
    let pages = site.notes.len() + render::render_site(&site, &templates, &|_, _| Ok(()))?;
    Ok(Report {
        notes: site.notes.len(),
        pages,
        warnings: site.warnings,
        up_to_date: false,
    })
}
