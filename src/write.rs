//! Writing: the output folder, handled so that a failed build never leaves a half-written site
//! and no user file outside the output is ever touched.
//!
//! In: the settings (where to write) and the pages and files to write. Out: the new site in
//! `--out`. Everything goes into a staging folder next to it, which replaces the old output only
//! once the whole build succeeded. An output folder that a previous build did not create (it has
//! no marker file) is refused rather than replaced.

use crate::assets;
use crate::config::Settings;
use crate::error::{Diagnostic, Error, Result};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Marks a folder as studysite's own output, safe to replace.
pub const MARKER: &str = ".studysite-output";

/// A build in progress: a private folder next to the final output.
pub struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
    /// Folders made so far: most files go into a folder made for an earlier one, and asking
    /// the file system again costs two system calls a file.
    made: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Checks that `out` may be (re)written, then creates the staging folder beside it.
    pub fn create(settings: &Settings) -> Result<Staging> {
        let out = &settings.out_dir;
        let shown = settings.display_path(out);
        check_out_dir(out, &shown, &settings.root, &settings.notes_dir)?;
        let parent = parent_of(out);
        if parent.exists() && !parent.is_dir() {
            return Err(unwritable(
                &shown,
                format!(
                    "{} is a file, not a folder",
                    settings.display_path(&parent).display()
                ),
            ));
        }
        fs::create_dir_all(&parent).map_err(|e| unwritable(&shown, e.to_string()))?;
        let dir = tempfile::Builder::new()
            .prefix(".studysite-staging-")
            .tempdir_in(&parent)
            .map_err(|e| unwritable(&shown, e.to_string()))?;
        Ok(Staging {
            dir,
            out: out.clone(),
            made: Mutex::default(),
        })
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.path().join(rel);
        self.make_parent(&path)?;
        fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))
    }

    fn make_parent(&self, path: &Path) -> Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
        if !made.contains(parent) {
            fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
            made.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Writes a file handed over in pieces, so a big one (the handout) is never whole in memory.
    pub fn write_pieces(
        &self,
        rel: &str,
        write: impl FnOnce(&mut (dyn FnMut(&str) -> Result<()> + Send)) -> Result<()>,
    ) -> Result<()> {
        use std::io::Write as _;
        let path = self.dir.path().join(rel);
        self.make_parent(&path)?;
        let file = fs::File::create(&path).map_err(|e| Error::io("write", &path, e))?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut |piece| {
            out.write_all(piece.as_bytes())
                .map_err(|e| Error::io("write", &path, e))
        })?;
        out.flush().map_err(|e| Error::io("write", &path, e))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let path = self.dir.path().join(rel);
        self.make_parent(&path)?;
        fs::copy(from, &path)
            .map(drop)
            .map_err(|e| Error::io("copy", from, e))
    }

    /// Copies the notes' images and files, the built-in static assets, and the site's `static/`
    /// folder (whose files win over built-in ones of the same name).
    pub fn copy_files(&self, site: &Site) -> Result<()> {
        site.assets
            .par_iter()
            .try_for_each(|asset| self.copy(&asset.rel, &asset.path))?;
        let own = site.settings.root.join("static");
        for (name, bytes) in assets::STATIC {
            if !own.join(name).is_file() {
                self.write(name, bytes)?;
            }
        }
        if own.is_dir() {
            for entry in walkdir::WalkDir::new(&own) {
                let entry = entry.map_err(|e| {
                    Error::Invalid(vec![Diagnostic::error(format!(
                        "cannot read the static folder: {e}"
                    ))
                    .in_file(site.settings.display_path(&own))])
                })?;
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(&own).unwrap_or(entry.path());
                    self.copy(&rel.to_string_lossy().replace('\\', "/"), entry.path())?;
                }
            }
        }
        Ok(())
    }

    /// The folder being filled, which becomes the output on [`Staging::commit`].
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Swaps the finished site in for the old output. `record` (a
    /// [`crate::fingerprint::Record`]) goes into the marker, for the next build to compare.
    pub fn commit(self, record: Option<&str>) -> Result<()> {
        let mut marker = String::from(
            "This folder is written by studysite. `studysite build` replaces it as a whole.\n",
        );
        if let Some(record) = record {
            marker.push_str(record);
            marker.push('\n');
        }
        self.write(MARKER, marker.as_bytes())?;
        let staged = self.dir.keep();
        let parent = parent_of(&self.out);
        let name = self.out.file_name().unwrap_or_default().to_string_lossy();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old)
                .map_err(|e| Error::io("move aside the old output", &self.out, e))?;
        }
        if let Err(e) = fs::rename(&staged, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(Error::io("move the new site into", &self.out, e));
        }
        if had_old {
            fs::remove_dir_all(&old).map_err(|e| Error::io("remove the old output", &old, e))?;
        }
        Ok(())
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn unwritable(shown: &Path, reason: String) -> Error {
    Diagnostic::error(format!(
        "cannot write the output folder {}: {reason}",
        shown.display()
    ))
    .with_help("choose another --out, or fix the permissions of its parent folder")
    .into()
}

/// The absolute, symlink-free form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match path.file_name() {
        Some(name) => absolute(&parent_of(path)).join(name),
        None => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

fn check_out_dir(out: &Path, shown: &Path, root: &Path, notes: &Path) -> Result<()> {
    let refuse = |why: String, help: &str| -> Result<()> {
        Err(Diagnostic::error(format!(
            "refusing to write the site into {}: {why}",
            shown.display()
        ))
        .with_help(help.to_string())
        .into())
    };
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    let notes_abs = absolute(notes);
    if out_abs == root_abs || root_abs.starts_with(&out_abs) {
        return refuse(
            "it is (or contains) the site root, which the build would replace".into(),
            "use an output folder inside the site, such as the default `public/`",
        );
    }
    if notes_abs.starts_with(&out_abs) {
        return refuse(
            "it is (or contains) the notes folder".into(),
            "use an output folder outside your notes, such as the default `public/`",
        );
    }
    if out_abs.starts_with(&notes_abs) {
        return refuse(
            "it is inside the notes folder, so the next build would read its own output".into(),
            "use an output folder outside your notes, such as the default `public/`",
        );
    }
    if out.exists() {
        if !out.is_dir() {
            return refuse(
                "it is a file".into(),
                "remove the file or choose another --out",
            );
        }
        let empty = fs::read_dir(out)
            .map_err(|e| Error::io("read", out, e))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).exists() {
            return refuse(
                format!(
                    "it is not empty and was not written by studysite (no {MARKER} file in it)"
                ),
                "empty it or choose another --out; studysite only replaces folders it wrote itself",
            );
        }
    }
    Ok(())
}
