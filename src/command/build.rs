//! `build` and `check`: the whole pipeline, start to end.
//!
//! In: the [`Options`] from the command line. Out: the site written into the output folder
//! (replacing the previous build only on success) and a [`Report`]; or, for `check`, the same
//! validation writing nothing. Settings -> [`Site::load`] (every loading stage) -> the outputs
//! (the pages and the handout, peers fed by one course-order loop, [`course::feed`]; the search
//! index beside them; then the site's own pages, the sitemap and the cards) ->
//! [`write::Staging`] swapped in.

use crate::command::fingerprint;
use crate::load::include;
use crate::markup::highlight;
use crate::markup::highlight::cache::Cache;
use crate::model::config::{Options, Settings};
use crate::model::site::Site;
use crate::model::NoteId;
use crate::output::cards::answers::SelfTest;
use crate::output::{cards, course, handout, render, search, write};
use crate::util::error::{Diagnostic, Result};
use crate::util::paths::RelPath;
use crate::util::progress::Progress;

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
    let cache = (!options.no_cache)
        .then(|| Cache::open(&settings.root))
        .flatten();
    build_into(settings, inputs, cache, progress).map(|built| built.report)
}

/// A finished build, kept whole for live preview, which updates it page by page.
pub struct Built {
    pub site: Site,
    pub templates: render::Templates,
    pub report: Report,
}

/// [`build`], always in full, keeping the loaded site and templates.
pub fn build_site(options: &Options, progress: &dyn Progress) -> Result<Built> {
    build_into(Settings::load(options)?, None, None, progress)
}

/// A full build; `inputs`, the fingerprint of what it reads, is kept with the output. With a
/// `cache`, code blocks highlighted by an earlier build are taken from it.
fn build_into(
    settings: Settings,
    inputs: Option<u64>,
    cache: Option<Cache>,
    progress: &dyn Progress,
) -> Result<Built> {
    let staging = write::Staging::create(&settings)?;
    let templates = render::Templates::load(&settings.root)?;
    let site = Site::load(settings, progress)?;
    // The no-change check does not see files included from outside the notes folder: such a
    // build keeps no fingerprint, and the next one runs in full.
    let inputs = inputs.filter(|_| !include::reads_outside_notes(&site));
    progress.stage("Rendering", site.notes.len() as u64);
    let code = |id: NoteId| {
        let blocks = &site.notes[id].analysis.code_blocks;
        Ok(match &cache {
            Some(cache) => cache.blocks(blocks),
            None => highlight::blocks(blocks),
        })
    };
    // The search index merges its terms on one thread: beside the notes' loop, not after it.
    let (notes, search) = rayon::join(
        || render_notes(&site, &templates, &code, Some(&staging), progress),
        || {
            search::write(&site, &|path, bytes| {
                staging.write(&RelPath::new(path)?, bytes)
            })
        },
    );
    notes?;
    search?;
    staging.write(
        &RelPath::new(cards::anki::FILE)?,
        cards::anki::tsv(&site).as_bytes(),
    )?;
    // Before the site's pages: the review page holds the first of the cards' data.
    let review_data = cards::bundle::write(&site, &|path, bytes| {
        staging.write(&RelPath::new(path)?, bytes)
    })?;
    let pages = site.notes.len()
        + render::render_site(&site, &templates, &review_data, &|path, bytes| {
            staging.write(&RelPath::new(path)?, bytes)
        })?;
    staging.copy_files(&site)?;
    let mut report = Report {
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
    if let Some(cache) = cache {
        let path = cache.path().to_owned();
        // After the record: the next build tells of the output, not of this cache file.
        if let Err(e) = cache.save() {
            report.warnings.push(
                Diagnostic::error(format!("could not write the highlighted-code cache: {e}"))
                    .in_file(path)
                    .with_help("the site is built; the next build highlights its code again (`--no-cache` skips the cache)")
                    .as_warning(),
            );
        }
    }
    Ok(Built {
        site,
        templates,
        report,
    })
}

/// The outputs made note by note, fed by the one course-order loop ([`course::feed`]): the
/// pages and, when the site has one (`handout:` in `site.yaml`), the handout, its peer, each
/// note's code from `code` once for both. Written into `staging`, the handout in pieces so that
/// it is never whole in memory; without `staging` (`check`), made and dropped.
fn render_notes(
    site: &Site,
    templates: &render::Templates,
    code: &course::CodeSource<'_>,
    staging: Option<&write::Staging>,
    progress: &dyn Progress,
) -> Result<()> {
    let write = |rel: &RelPath, bytes: &[u8]| staging.map_or(Ok(()), |s| s.write(rel, bytes));
    let pages = course::Pages {
        site,
        templates,
        write: &write,
        progress,
    };
    if !site.writes_handout() {
        return course::feed(&site.course, code, &[&pages], &mut |_, _, _| Ok(()));
    }
    let selection = handout::Selection::Course;
    let handout = handout::Writer::new(site, templates, &selection, SelfTest::SITE)?;
    let feed = |sink: &mut handout::Sink<'_>| {
        let mut writing = handout.writing(sink);
        let outputs: [&dyn course::NoteOutput; 2] = [&pages, &handout];
        course::feed(handout.notes(), code, &outputs, &mut |_, id, part| {
            writing.take(id, part)
        })?;
        writing.finish()
    };
    match staging {
        Some(staging) => staging.write_pieces(&RelPath::new(&site.pages.handout)?, feed),
        None => feed(&mut |_| Ok(())),
    }
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
    let code = |id: NoteId| {
        Ok(highlight::empty_blocks(
            &site.notes[id].analysis.code_blocks,
        ))
    };
    render_notes(&site, &templates, &code, None, progress)?;
    let review_data = cards::bundle::write(&site, &|_, _| Ok(()))?;
    let pages =
        site.notes.len() + render::render_site(&site, &templates, &review_data, &|_, _| Ok(()))?;
    Ok(Report {
        notes: site.notes.len(),
        pages,
        warnings: site.warnings,
        up_to_date: false,
    })
}
