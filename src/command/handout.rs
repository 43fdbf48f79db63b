//! `studysite handout`. In: the options and a [`Request`] (the selection, where to write the
//! HTML and the PDF, `--force`). Out: the files written, each only once everything succeeded,
//! and an [`Outcome`] saying what they hold; see [`crate::output::handout`].

use crate::markup::highlight;
use crate::model::config::{Options, Settings};
use crate::model::site::{NoteId, Site};
use crate::output::cards::answers::SelfTest;
use crate::output::handout::*;
use crate::output::render::Templates;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::interrupt::Temporary;
use crate::util::progress::Progress;
use std::path::PathBuf;

/// What `studysite handout` is asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    pub selection: Selection,
    /// Where to write the HTML handout, if anywhere.
    pub html: Option<PathBuf>,
    /// Where to write the PDF, if anywhere.
    pub pdf: Option<PathBuf>,
    /// The PDF's paper; without it, the one of the site's language ([`Paper::for_language`]).
    pub paper: Option<Paper>,
    /// Replace files that are not handouts.
    pub force: bool,
    /// Where the answers to the notes' questions go, which comparison column is left blank.
    pub self_test: SelfTest,
}

/// One file `make` wrote.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    pub existing: Existing,
    /// For a PDF, its page count when known.
    pub pages: Option<usize>,
}

/// What `make` did.
#[derive(Debug)]
pub struct Outcome {
    pub notes: usize,
    pub subtitle: Option<String>,
    pub html: Option<Written>,
    pub pdf: Option<Written>,
    /// Problems that did not stop it (broken links with `--allow-broken-links`).
    pub warnings: Vec<Diagnostic>,
}

/// `studysite handout`: loads the site, renders the handout of the selection and writes it as
/// HTML and/or PDF. Destinations and the browser are checked before any work is done, and
/// nothing is written unless everything succeeded (the PDF is printed before the HTML is saved).
pub fn make(options: &Options, request: &Request, progress: &dyn Progress) -> Result<Outcome> {
    let settings = Settings::load(options)?;
    if request.html.is_none() && request.pdf.is_none() {
        return Err(Diagnostic::error("nothing to write")
            .with_help("give --out FILE, --pdf FILE, or both")
            .into());
    }
    if let (Some(html), Some(pdf)) = (&request.html, &request.pdf) {
        if absolute(html) == absolute(pdf) {
            return Err(
                Diagnostic::error(format!("--out and --pdf both name {}", html.display()))
                    .with_help("give the HTML and the PDF different names")
                    .into(),
            );
        }
    }
    let html_to = request
        .html
        .as_deref()
        .map(|p| check_destination(p, &settings, false, request.force))
        .transpose()?;
    let pdf_to = request
        .pdf
        .as_deref()
        .map(|p| check_destination(p, &settings, true, request.force))
        .transpose()?;
    let chromium = request
        .pdf
        .as_ref()
        .map(|_| Ok::<_, Error>((find_chromium()?, chromium_timeout()?)))
        .transpose()?;
    let templates = Templates::load(&settings.root)?;
    let site = Site::load(settings, progress)?;
    // The HTML goes to a temporary file: beside --out, to replace it once everything succeeded,
    // or, for a PDF alone, in the temporary folder.
    let mut page = Temporary::new(match &html_to {
        Some((path, _)) => staged_beside(path)?,
        None => tempfile::Builder::new()
            .prefix("studysite-handout-")
            .suffix(".html")
            .tempfile()
            .map_err(|e| Error::io("write into", &std::env::temp_dir(), e))?,
    });
    let shown = request.html.clone().unwrap_or_else(|| page.path().into());
    let handout = {
        use std::io::Write as _;
        let failed = |e| Error::io("write", &shown, e);
        let mut out = std::io::BufWriter::new(page.as_file_mut());
        let code = |id: NoteId| Ok(highlight::blocks(&site.notes[id].analysis.code_blocks));
        let handout = write(
            &site,
            &templates,
            &request.selection,
            request.self_test,
            &mut |piece| out.write_all(piece.as_bytes()).map_err(failed),
            &code,
        )?;
        out.flush().map_err(failed)?;
        handout
    };
    let mut pdf = None;
    if let (Some(path), Some((browser, timeout)), Some((to, existing))) =
        (&request.pdf, &chromium, pdf_to)
    {
        progress.stage("Printing", 1);
        check_again(path, &to, &site.settings, true, request.force)?;
        let paper = request
            .paper
            .unwrap_or_else(|| Paper::for_language(&site.settings.site.language));
        let pages = print_pdf(page.path(), &to, paper, browser, *timeout)?;
        progress.advance(1);
        pdf = Some(Written {
            path: path.clone(),
            existing,
            pages,
        });
    }
    let mut html = None;
    if let (Some(path), Some((to, existing))) = (&request.html, html_to) {
        check_again(path, &to, &site.settings, false, request.force)?;
        let (page, registered) = page.into_parts();
        persist(page, &to)?;
        drop(registered);
        html = Some(Written {
            path: path.clone(),
            existing,
            pages: None,
        });
    }
    Ok(Outcome {
        notes: handout.notes.len(),
        subtitle: handout.subtitle,
        html,
        pdf,
        warnings: site.warnings,
    })
}
