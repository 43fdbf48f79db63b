//! Discovery: walks the notes folder. In: the [`Settings`] (the notes folder, the output folder,
//! whether links out of the notes folder are followed). Out: the Markdown notes and the other
//! files (images, PDFs) to copy, each with its [`RelPath`] relative to the notes folder, sorted
//! so every build sees them in the same order, and a warning for every link not followed.
//! Hidden and `_`-prefixed names are skipped (so are Obsidian's `.obsidian/` and `.trash/`;
//! not Hugo's and Zola's `_index.md`), and so is what `site.yaml`'s `ignore` globs match. The
//! Markdown files in an Obsidian vault's template folders (as its settings name them) are no
//! notes; their other files are files. A name that cannot be written safely ([`RelPath`]), a
//! symlink loop or an unreadable entry is an error.
//!
//! A symlink is followed only when it leads inside the notes folder, or anywhere but the
//! output with `follow_external_links: true` in `site.yaml`: never into the output folder,
//! which the build would otherwise read back in, one level deeper every build.

use crate::model::config::Settings;
use crate::model::site::SourceFile;
use crate::util::error::Diagnostic;
use crate::util::paths::{resolve, shown, RelPath};
use globset::GlobSet;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use walkdir::{DirEntry, FilterEntry, WalkDir};

#[derive(Debug, Default)]
pub struct Discovered {
    pub notes: Vec<SourceFile>,
    pub assets: Vec<SourceFile>,
    /// Links that were not followed.
    pub warnings: Vec<Diagnostic>,
}

pub fn discover(settings: &Settings) -> Result<Discovered, Vec<Diagnostic>> {
    let notes_dir = &settings.notes_dir;
    let display =
        |path: &Path| PathBuf::from(shown(&settings.display_path(path).to_string_lossy()));
    let mut found = Discovered::default();
    let mut problems = Vec::new();
    let scope = Scope::new(settings);
    let mut walker = scope.walk();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                problems.push(walk_problem(&err, &display));
                continue;
            }
        };
        if entry.depth() == 0 || !(entry.file_type().is_file() || entry.file_type().is_dir()) {
            continue;
        }
        let path = entry.path();
        let rel = match RelPath::from_path(path.strip_prefix(notes_dir).unwrap_or(path)) {
            Ok(rel) => rel,
            Err(problem) => {
                problems.push(problem.in_file(display(path)));
                // One report for a folder, not one for each file in it.
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let file = SourceFile {
            path: path.to_path_buf(),
            rel,
        };
        if path.extension().is_some_and(|ext| ext == "md") {
            // An Obsidian template (`created: {{date}}`) is no note.
            if !settings.templates.is_match(file.rel.as_str()) {
                found.notes.push(file);
            }
        } else {
            found.assets.push(file);
        }
    }
    drop(walker);
    found.warnings = scope
        .not_followed()
        .into_iter()
        .map(|(link, why)| why.warning().in_file(display(&link)))
        .collect();
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// Why a link is not followed, with where it leads.
#[derive(Debug, Hash)]
pub(crate) enum NotFollowed {
    Outside(PathBuf),
    IntoOutput(PathBuf),
    AroundOutput(PathBuf),
}

impl NotFollowed {
    fn warning(&self) -> Diagnostic {
        let (why, help) = match self {
            NotFollowed::Outside(target) => (
                format!("this link leads outside the notes folder, to {}", target.display()),
                "remove the link, or set `follow_external_links: true` in site.yaml to publish what links outside the notes folder lead to",
            ),
            NotFollowed::IntoOutput(out) => (
                format!("this link leads into the output folder {}, which the build writes", out.display()),
                "remove the link: the build never reads its own output",
            ),
            NotFollowed::AroundOutput(target) => (
                format!("this link leads to {}, which holds the output folder the build writes", target.display()),
                "remove the link: the build never reads its own output",
            ),
        };
        Diagnostic::error(format!("not followed: {why}"))
            .as_warning()
            .with_help(help)
    }
}

/// What a build reads of the notes folder: the same for discovery and for the fingerprint of
/// the inputs ([`crate::command::fingerprint`]), so both see the same files.
pub(crate) struct Scope {
    notes_dir: PathBuf,
    /// The notes folder and the output folder, [`resolve`]d.
    notes: PathBuf,
    out: PathBuf,
    follow_external: bool,
    /// `site.yaml`'s `ignore` globs, matched against paths relative to the notes folder.
    ignore: GlobSet,
    /// The links left out so far, with the reason.
    not_followed: RefCell<Vec<(PathBuf, NotFollowed)>>,
}

impl Scope {
    pub(crate) fn new(settings: &Settings) -> Scope {
        let resolved = |p: &Path| resolve(p).unwrap_or_else(|_| p.to_path_buf());
        Scope {
            notes_dir: settings.notes_dir.clone(),
            notes: resolved(&settings.notes_dir),
            out: resolved(&settings.out_dir),
            follow_external: settings.site.follow_external_links,
            ignore: settings.ignore.clone(),
            not_followed: RefCell::default(),
        }
    }

    /// The entries of the notes folder, sorted by name, without skipped names and the links
    /// that are not followed (see [`Scope::not_followed`]).
    pub(crate) fn walk(&self) -> Walk<'_> {
        let entries = WalkDir::new(&self.notes_dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(Box::new(|e: &DirEntry| e.depth() == 0 || self.reads(e)) as Keep<'_>);
        Walk {
            entries,
            scope: self,
        }
    }

    /// Whether a walk reads `entry` (below the top): not a skipped name, not ignored, not a
    /// link that is not followed. A folder left out is left out with all it holds.
    fn reads(&self, entry: &DirEntry) -> bool {
        let refused = || entry.path_is_symlink() && self.refuses_link(entry.path());
        !is_skipped(entry.file_name()) && !self.ignores(entry.path()) && !refused()
    }

    fn ignores(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.notes_dir).unwrap_or(path);
        !self.ignore.is_empty() && self.ignore.is_match(rel)
    }

    /// The links a walk left out, with the reason, in walk order.
    pub(crate) fn not_followed(self) -> Vec<(PathBuf, NotFollowed)> {
        self.not_followed.into_inner()
    }

    /// Whether the link at `path` is not followed; if so, it is noted with the reason.
    fn refuses_link(&self, path: &Path) -> bool {
        // Where it leads, also when that does not exist (yet: a link to the output before
        // the first build).
        let Some(target) = path.canonicalize().ok().or_else(|| {
            let to = std::fs::read_link(path).ok()?;
            resolve(&path.parent().unwrap_or(Path::new(".")).join(to)).ok()
        }) else {
            return false;
        };
        let why = if target.starts_with(&self.out) {
            NotFollowed::IntoOutput(self.out.clone())
        } else if self.out.starts_with(&target) {
            NotFollowed::AroundOutput(target)
        } else if !self.follow_external && !target.starts_with(&self.notes) {
            NotFollowed::Outside(target)
        } else {
            return false;
        };
        self.not_followed
            .borrow_mut()
            .push((path.to_path_buf(), why));
        true
    }
}

/// Which entries a [`Walk`] keeps.
type Keep<'s> = Box<dyn FnMut(&DirEntry) -> bool + 's>;

/// A walk of the notes folder ([`Scope::walk`]).
pub(crate) struct Walk<'s> {
    entries: FilterEntry<walkdir::IntoIter, Keep<'s>>,
    scope: &'s Scope,
}

impl Walk<'_> {
    /// Does not descend into the folder just returned.
    fn skip_current_dir(&mut self) {
        self.entries.skip_current_dir();
    }
}

impl Iterator for Walk<'_> {
    type Item = walkdir::Result<DirEntry>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.entries.next()? {
                // A link that leads nowhere is an error, unless it is not followed anyway.
                Err(e)
                    if e.path().is_some_and(|p| {
                        p.is_symlink() && e.depth() > 0 && self.scope.refuses_link(p)
                    }) => {}
                next => return Some(next),
            }
        }
    }
}

/// Names the build never reads: hidden ones, and those starting with `_` (Jekyll's `_drafts`,
/// a note set aside) but Hugo's and Zola's section page, `_index.md`.
pub(crate) fn is_skipped(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || (name.starts_with('_') && name != SECTION_PAGE)
}

/// Hugo's and Zola's page of a folder (a section), which introduces it as `index.md` does.
const SECTION_PAGE: &str = "_index.md";

fn walk_problem(err: &walkdir::Error, display: &impl Fn(&Path) -> PathBuf) -> Diagnostic {
    let path = err.path().map(display).unwrap_or_default();
    if let Some(ancestor) = err.loop_ancestor() {
        return Diagnostic::error(format!(
            "symlink loop: this link points back to {}",
            display(ancestor).display()
        ))
        .in_file(path)
        .with_help("remove the link, or point it somewhere outside its own parent folders");
    }
    let reason = err
        .io_error()
        .map_or_else(|| err.to_string(), |e| e.to_string());
    Diagnostic::error(format!("cannot read: {reason}"))
        .in_file(path)
        .with_help("check the file's permissions, or move it out of the notes folder (or prefix its name with `_` to skip it)")
}
