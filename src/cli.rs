//! The command line: flags parsed by clap into one [`studysite::Options`], and errors printed
//! once, at the edge, with the offending source line under them.

use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use studysite::{Diagnostic, Options, Progress, Severity};

#[derive(Parser)]
#[command(
    name = "studysite",
    version,
    about = "Build a cross-linked study site from Markdown notes: online, offline and on paper."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default `public/`).
    #[command(
        after_help = "When nothing changed since the last build (notes, site.yaml, templates/, static/, flags, the output folder, studysite itself), the output is left as it is; --force rebuilds anyway.\n\nExample:\n  studysite build --root my-course --base-url https://me.github.io/my-course/"
    )]
    Build(BuildArgs),
    /// Check the notes, links and templates as `build` does, writing nothing.
    #[command(after_help = "Example:\n  studysite check --root my-course")]
    Check(SiteArgs),
    /// Preview the site at http://127.0.0.1:PORT/, rebuilding and reloading as files change.
    #[command(after_help = "Example:\n  studysite serve --root my-course --port 8000 --open")]
    Serve {
        #[command(flatten)]
        site: ContentArgs,
        /// The port to listen on (127.0.0.1 only); 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new site: site.yaml, a home note, a sample note and a GitHub Pages workflow.
    #[command(
        after_help = "Example:\n  studysite init my-course && studysite build --root my-course"
    )]
    Init {
        /// The folder to create the site in (created if missing; existing files are never overwritten).
        dir: PathBuf,
    },
    /// Create a new note with its frontmatter filled in.
    #[command(after_help = "Example:\n  studysite new \"Lambda pricing\" --dir notes/serverless")]
    New {
        /// The note's title; its file name is made from it.
        title: String,
        /// Folder to create the note in.
        #[arg(long, default_value = "notes")]
        dir: PathBuf,
    },
    /// Write the course, or part of it, as one printable page (and optionally a PDF).
    #[command(
        after_help = "Without --out or --pdf, writes handout.html (handout-TAG.html, handout-SECTION.html) in the current folder.\n\nExamples:\n  studysite handout --root my-course\n  studysite handout --root my-course --tag lambda --out lambda.html\n  studysite handout --root my-course --section serverless --pdf serverless.pdf"
    )]
    Handout(HandoutArgs),
}

/// What every command that reads a site takes.
#[derive(Args)]
pub struct ContentArgs {
    /// The site's root folder (holding notes/, site.yaml, templates/, static/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The notes folder [default: <root>/notes].
    #[arg(long)]
    pub notes: Option<PathBuf>,
    /// The URL the site is published at, for canonical links and the sitemap (and, in a partial
    /// handout, for links to the notes it leaves out).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Report broken links as warnings and go on (for imported material).
    #[arg(long)]
    pub allow_broken_links: bool,
    /// Print nothing but errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
}

impl ContentArgs {
    /// The library's options, writing the site to `out` (a folder; `None`: `<root>/public`).
    pub fn options(&self, out: Option<PathBuf>) -> Options {
        Options {
            root: self.root.clone(),
            notes: self.notes.clone(),
            out,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            allow_broken_links: self.allow_broken_links,
            force: false,
            no_cache: false,
        }
    }
}

#[derive(Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub content: ContentArgs,
    /// The output folder [default: <root>/public].
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl SiteArgs {
    pub fn options(&self) -> Options {
        self.content.options(self.out.clone())
    }
}

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Build even when nothing changed since the last build (which otherwise leaves the output
    /// as it is).
    #[arg(long)]
    pub force: bool,
    /// Neither read nor write the cache of highlighted code (kept in $STUDYSITE_CACHE_DIR, else
    /// the user's cache folder, e.g. ~/.cache/studysite).
    #[arg(long)]
    pub no_cache: bool,
}

impl BuildArgs {
    pub fn options(&self) -> Options {
        Options {
            force: self.force,
            no_cache: self.no_cache,
            ..self.site.options()
        }
    }
}

#[derive(Args)]
pub struct HandoutArgs {
    #[command(flatten)]
    pub content: ContentArgs,
    /// Only the notes with this tag.
    #[arg(long, conflicts_with = "section")]
    pub tag: Option<String>,
    /// Only the notes under this folder, relative to the notes folder (e.g. `serverless`).
    #[arg(long)]
    pub section: Option<String>,
    /// The HTML file to write [default: handout.html in the current folder, unless --pdf is given].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the handout to this PDF file with a locally installed Chromium (found on PATH, or
    /// named by STUDYSITE_CHROMIUM); without --out, no HTML file is written.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    /// The PDF's paper [default: letter when the site's language names a region that uses it
    /// (en-US, en-CA, fr-CA, es-MX, ...), otherwise A4].
    #[arg(long, value_enum, requires = "pdf")]
    pub paper: Option<PaperArg>,
    /// Replace the output file even if it is not a handout studysite wrote (never a file in the
    /// notes folder).
    #[arg(long)]
    pub force: bool,
    /// Where the answers to the notes' questions go: in an answer key at the end, inline as on
    /// the site, or nowhere (a test sheet).
    #[arg(long, value_enum, default_value_t = AnswersArg::End)]
    pub answers: AnswersArg,
    /// Print every comparison with the column of its Nth thing (1 for the first) left blank, to
    /// fill in.
    #[arg(long, value_name = "N")]
    pub blank_column: Option<std::num::NonZeroUsize>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AnswersArg {
    End,
    Inline,
    None,
}

impl HandoutArgs {
    pub fn options(&self) -> Options {
        self.content.options(None)
    }

    pub fn request(&self) -> studysite::command::handout::Request {
        use studysite::output::handout::Selection;
        let selection = match (&self.tag, &self.section) {
            (Some(tag), _) => Selection::Tag(tag.clone()),
            (None, Some(dir)) => Selection::Section(dir.clone()),
            (None, None) => Selection::Course,
        };
        let html = match (&self.out, &self.pdf) {
            (Some(out), _) => Some(out.clone()),
            (None, Some(_)) => None,
            (None, None) => Some(PathBuf::from(selection.file_name("html"))),
        };
        studysite::command::handout::Request {
            selection,
            html,
            pdf: self.pdf.clone(),
            paper: self.paper.map(|p| match p {
                PaperArg::A4 => studysite::output::handout::Paper::A4,
                PaperArg::Letter => studysite::output::handout::Paper::Letter,
            }),
            force: self.force,
            self_test: studysite::output::cards::answers::SelfTest {
                answers: match self.answers {
                    AnswersArg::End => studysite::output::cards::answers::Answers::End,
                    AnswersArg::Inline => studysite::output::cards::answers::Answers::Inline,
                    AnswersArg::None => studysite::output::cards::answers::Answers::None,
                },
                blank_column: self.blank_column,
            },
        }
    }
}

/// A progress bar on a terminal; nothing when piped or quiet.
pub struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        let show = !quiet && std::io::stderr().is_terminal();
        Bar(show.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        }))
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_message(name.to_string());
            bar.set_length(total);
            bar.set_position(0);
        }
    }

    fn advance(&self, steps: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(steps);
        }
    }
}

/// Prints what the preview server reports.
pub struct ServeLog {
    pub root: PathBuf,
}

impl studysite::command::serve::Log for ServeLog {
    fn info(&self, message: &str) {
        eprintln!("{message}");
    }

    fn problems(&self, problems: &[Diagnostic]) {
        for d in problems {
            print_diagnostic(d, &self.root);
        }
    }
}

/// Prints a diagnostic with the source line it points at, like a compiler does.
pub fn print_diagnostic(d: &Diagnostic, root: &Path) {
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    match d.location() {
        Some(loc) => eprintln!("{label}: {loc}: {}", d.message),
        None => eprintln!("{label}: {}", d.message),
    }
    if let (Some(path), Some(line), Some(col)) = (&d.path, d.line, d.column) {
        let full = if path.is_absolute() {
            path.clone()
        } else {
            root.join(path)
        };
        if let Some(text) = std::fs::read(&full)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .and_then(|t| t.lines().nth(line - 1).map(str::to_string))
        {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            eprintln!(" {pad} |");
            eprintln!(" {number} | {text}");
            eprintln!(" {pad} | {}^", " ".repeat(col.saturating_sub(1)));
        }
    }
    if let Some(help) = &d.help {
        eprintln!("  = help: {help}");
    }
}
