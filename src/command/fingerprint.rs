//! The no-change check: whether the output folder already holds what a build would write.
//!
//! In: a build's [`Settings`]. Out: a fingerprint of everything the build reads: every file
//! under the notes folder that discovery reads (and the links there it does not follow),
//! `site.yaml` (as a file and as the settings it gives, flags merged in), the site's
//! `templates/` and `static/` folders, the options that change the output (notes and output
//! folders, drafts, base URL, broken-link policy), today's date (handouts print it) and the
//! studysite binary itself, so a rebuilt or upgraded tool never reuses output of an older one. Files count by path, size and modification time, so the
//! check reads no note. A build stores the fingerprint, with the same of every file it wrote
//! and what it reported, in the output folder's marker ([`crate::output::write::MARKER`]). The next
//! build with the same fingerprint, whose output folder still holds exactly those files, has
//! nothing to do. Anything else, or no fingerprint, means a full build.

use crate::load::discover::Scope;
use crate::model::config::Settings;
use crate::util::error::Diagnostic;
use serde::{Deserialize, Serialize};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use walkdir::WalkDir;

/// Changes this close to a build are not trusted to show in a file's time: some file systems
/// keep whole seconds (FAT two), so a note saved again within the same tick, at the same size,
/// would look unchanged. A build reading such a file stores no fingerprint; the next one runs
/// in full.
const SETTLED: Duration = Duration::from_secs(2);

/// Bumped when what goes into a fingerprint changes.
const VERSION: u32 = 1;

/// What a build leaves in its output marker for the next one.
#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    version: u32,
    inputs: u64,
    outputs: u64,
    pub notes: usize,
    pub pages: usize,
    /// The build's warnings, shown again when a later build finds nothing to do.
    pub warnings: Vec<Diagnostic>,
}

impl Record {
    /// The record of a build that read `inputs` and wrote the files in `out` (its marker aside).
    pub fn new(
        inputs: u64,
        out: &Path,
        notes: usize,
        pages: usize,
        warnings: &[Diagnostic],
    ) -> Option<Record> {
        Some(Record {
            version: VERSION,
            inputs,
            outputs: outputs(out)?,
            notes,
            pages,
            warnings: warnings.to_vec(),
        })
    }

    /// The record as one line of the marker file.
    pub fn to_line(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }
}

/// The record in `marker` (the marker file's text) when the build it describes read exactly
/// `inputs` and `out` holds exactly what it wrote; `None` when a build has work to do.
pub fn unchanged(marker: &str, inputs: u64, out: &Path) -> Option<Record> {
    let record: Record = marker
        .lines()
        .find_map(|line| serde_json::from_str(line).ok())?;
    (record.version == VERSION && record.inputs == inputs && outputs(out)? == record.outputs)
        .then_some(record)
}

/// The fingerprint of what a build with `settings` reads, taken before it reads anything.
/// `None` when it cannot be trusted: a file changed too recently, or a folder could not be
/// read (the build reports that itself).
pub fn inputs(settings: &Settings) -> Option<u64> {
    let started = SystemTime::now();
    let mut hash = DefaultHasher::new();
    VERSION.hash(&mut hash);
    crate::util::date::today().hash(&mut hash);
    serde_json::to_string(&settings.site).ok()?.hash(&mut hash);
    settings.drafts.hash(&mut hash);
    for dir in [&settings.root, &settings.notes_dir, &settings.out_dir] {
        std::path::absolute(dir).ok()?.hash(&mut hash);
    }
    // The binary is the one file exempt from SETTLED: a test suite runs it straight after
    // building it, and it cannot change under the build that is running it.
    let exe = std::env::current_exe().ok()?;
    stamp(&exe, &exe.metadata().ok()?)?.hash(&mut hash);

    let settled =
        |meta: &std::fs::Metadata| meta.modified().ok().is_some_and(|t| t + SETTLED < started);
    let config = settings.root.join("site.yaml");
    if let Ok(meta) = config.metadata() {
        if !settled(&meta) {
            return None;
        }
        stamp(Path::new("site.yaml"), &meta)?.hash(&mut hash);
    }
    // The notes as discovery sees them, and the links it does not follow (their warnings
    // are part of what a build reports).
    let scope = Scope::new(settings);
    walk(scope.walk(), &settings.notes_dir, &settled, &mut hash)?;
    scope.not_followed().hash(&mut hash);
    for dir in ["templates", "static"] {
        let dir = settings.root.join(dir);
        dir.hash(&mut hash);
        if dir.is_dir() {
            let files = WalkDir::new(&dir).follow_links(true).sort_by_file_name();
            walk(files.into_iter(), &dir, &settled, &mut hash)?;
        }
    }
    Some(hash.finish())
}

/// The fingerprint of the files in a build's output folder, without its marker.
fn outputs(out: &Path) -> Option<u64> {
    let mut hash = DefaultHasher::new();
    let files = WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || e.file_name() != crate::output::write::MARKER);
    walk(files, out, &|_| true, &mut hash)?;
    Some(hash.finish())
}

/// Hashes every file (and symlink) under `root`, in walk order, by path, size and time.
fn walk(
    entries: impl Iterator<Item = walkdir::Result<walkdir::DirEntry>>,
    root: &Path,
    settled: &dyn Fn(&std::fs::Metadata) -> bool,
    hash: &mut DefaultHasher,
) -> Option<()> {
    for entry in entries {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        let meta = entry.metadata().ok()?;
        if !settled(&meta) {
            return None;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        stamp(rel, &meta)?.hash(hash);
    }
    Some(())
}

/// A file as the fingerprint sees it: path, size, modification time.
fn stamp<'p>(path: &'p Path, meta: &std::fs::Metadata) -> Option<(&'p Path, u64, Duration)> {
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((path, meta.len(), modified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_survives_the_marker_and_notices_changed_output() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("a.html"), "a").unwrap();
        std::fs::write(out.path().join(crate::output::write::MARKER), "").unwrap();
        let warning = Diagnostic::error("broken link").as_warning();
        let record = Record::new(7, out.path(), 1, 2, std::slice::from_ref(&warning)).unwrap();
        let marker = format!(
            "This folder is written by studysite.\n{}\n",
            record.to_line().unwrap()
        );

        let found = unchanged(&marker, 7, out.path()).expect("unchanged");
        assert_eq!((found.notes, found.pages), (1, 2));
        assert_eq!(found.warnings, [warning]);
        assert!(unchanged(&marker, 8, out.path()).is_none(), "other inputs");
        assert!(unchanged("This folder is written by studysite.\n", 7, out.path()).is_none());
        // The marker itself may change; any other file may not.
        std::fs::write(out.path().join(crate::output::write::MARKER), "changed").unwrap();
        assert!(unchanged(&marker, 7, out.path()).is_some());
        std::fs::write(out.path().join("b.html"), "b").unwrap();
        assert!(unchanged(&marker, 7, out.path()).is_none(), "a file added");
    }
}
