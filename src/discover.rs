//! Discovery: walks the notes folder. In: the notes directory. Out: the Markdown notes and the
//! other files (images, PDFs) to copy, each with its path relative to the notes folder, sorted so
//! every build sees them in the same order. Hidden and `_`-prefixed names are skipped (so are
//! Obsidian's `.obsidian/` and `.trash/`), and so is what `site.yaml`'s `ignore` globs match;
//! symlink loops and unreadable entries are reported.

use crate::error::Diagnostic;
use globset::GlobSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A file found under the notes folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Relative to the notes folder, with `/` separators on every platform.
    pub rel: String,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub notes: Vec<SourceFile>,
    pub assets: Vec<SourceFile>,
}

/// Walks `notes_dir`, leaving out what `ignore` matches (a matched folder with all it holds).
pub fn discover(
    notes_dir: &Path,
    ignore: &GlobSet,
    display: impl Fn(&Path) -> PathBuf,
) -> Result<Discovered, Vec<Diagnostic>> {
    let mut found = Discovered::default();
    let mut problems = Vec::new();
    let ignored = |path: &Path| {
        let rel = path.strip_prefix(notes_dir).unwrap_or(path);
        !ignore.is_empty() && ignore.is_match(rel.to_string_lossy().replace('\\', "/"))
    };
    let walker = WalkDir::new(notes_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !(is_skipped(e.file_name()) || ignored(e.path())));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                problems.push(walk_problem(&err, &display));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = path.strip_prefix(notes_dir).unwrap_or(path);
        let Some(rel) = rel.to_str() else {
            problems.push(
                Diagnostic::error("file name is not valid UTF-8")
                    .in_file(display(path))
                    .with_help("rename the file using UTF-8 characters only"),
            );
            continue;
        };
        let file = SourceFile {
            path: path.to_path_buf(),
            rel: rel.replace('\\', "/"),
        };
        if path.extension().is_some_and(|ext| ext == "md") {
            found.notes.push(file);
        } else {
            found.assets.push(file);
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// Names the build never reads.
pub(crate) fn is_skipped(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.starts_with('_')
}

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
