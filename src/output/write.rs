//! Writing: the output folder, handled so that a failed build never leaves a half-written site
//! and no user file outside the output is ever touched.
//!
//! In: the settings (where to write) and the pages and files to write, each named by a
//! [`RelPath`], the only kind of path written through. Out: the new site in `--out`.
//! Everything goes into a staging folder next to it, which replaces the old output only once
//! the whole build succeeded. The output folder is [`resolve`]d (symlinks and `..` followed)
//! before it is checked, and checked again right before the swap; it is refused when it is or
//! holds what the build reads or the site root ([`refuse_output`]), and when a previous build
//! did not create it (it has no marker file). Ctrl-C removes the staging folder
//! ([`crate::util::interrupt`]).

use crate::model::config::Settings;
use crate::model::site::Site;
use crate::util::assets;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::interrupt::{remove_dir, Registered, ON_INTERRUPT};
use crate::util::paths::{refuse_output, resolve, Output, RelPath};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Marks a folder as studysite's own output, safe to replace.
pub const MARKER: &str = ".studysite-output";

/// A build in progress: a private folder next to the final output.
pub struct Staging {
    /// Unregistered (first) when the staging is dropped, which removes the folder itself.
    _cleanup: Registered<'static>,
    dir: tempfile::TempDir,
    out: OutDir,
    state: Arc<Mutex<State>>,
}

/// What the writers and the Ctrl-C cleanup share.
#[derive(Default)]
struct State {
    /// Folders made so far: most files go into a folder made for an earlier one, and asking
    /// the file system again costs two system calls a file.
    made: HashSet<PathBuf>,
    /// Removed by Ctrl-C: no folder may be made any more (it would bring the staging back).
    closed: bool,
}

impl Staging {
    /// Checks that `out` may be (re)written, then creates the staging folder beside it.
    pub fn create(settings: &Settings) -> Result<Staging> {
        let out = OutDir::check(settings)?;
        let parent = parent_of(&out.resolved);
        if parent.exists() && !parent.is_dir() {
            return Err(out.unwritable(format!("{} is a file, not a folder", out.show(&parent))));
        }
        fs::create_dir_all(&parent).map_err(|e| out.unwritable(e.to_string()))?;
        let dir = tempfile::Builder::new()
            .prefix(".studysite-staging-")
            .tempdir_in(&parent)
            .map_err(|e| out.unwritable(e.to_string()))?;
        let state = Arc::new(Mutex::new(State::default()));
        let cleanup = {
            let (state, dir) = (Arc::clone(&state), dir.path().to_path_buf());
            ON_INTERRUPT.register(move || {
                let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
                state.closed = true;
                remove_dir(&dir);
            })
        };
        Ok(Staging {
            _cleanup: cleanup,
            dir,
            out,
            state,
        })
    }

    pub fn write(&self, rel: &RelPath, bytes: &[u8]) -> Result<()> {
        let path = self.path_of(rel)?;
        fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))
    }

    /// Where `rel` goes in the staging folder, its folder made.
    fn path_of(&self, rel: &RelPath) -> Result<PathBuf> {
        let path = rel.join_to(self.dir.path());
        let Some(parent) = path.parent() else {
            return Ok(path);
        };
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.closed {
            return Err(interrupted(&path));
        }
        if !state.made.contains(parent) {
            fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
            state.made.insert(parent.to_path_buf());
        }
        Ok(path)
    }

    /// Writes a file handed over in pieces, so a big one (the handout) is never whole in memory.
    pub fn write_pieces(
        &self,
        rel: &RelPath,
        write: impl FnOnce(&mut (dyn FnMut(&str) -> Result<()> + Send)) -> Result<()>,
    ) -> Result<()> {
        use std::io::Write as _;
        let path = self.path_of(rel)?;
        let file = fs::File::create(&path).map_err(|e| Error::io("write", &path, e))?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut |piece| {
            out.write_all(piece.as_bytes())
                .map_err(|e| Error::io("write", &path, e))
        })?;
        out.flush().map_err(|e| Error::io("write", &path, e))
    }

    fn copy(&self, rel: &RelPath, from: &Path) -> Result<()> {
        let path = self.path_of(rel)?;
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
                self.write(&RelPath::new(name)?, bytes)?;
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
                    let rel = RelPath::from_path(rel)
                        .map_err(|d| d.in_file(site.settings.display_path(entry.path())))?;
                    self.copy(&rel, entry.path())?;
                }
            }
        }
        Ok(())
    }

    /// The folder being filled, which becomes the output on [`Staging::commit`].
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Swaps the finished site in for the old output, once the output folder has been checked
    /// again (a folder on its way may have changed since the build began). `record` (a
    /// [`crate::command::fingerprint::Record`]) goes into the marker, for the next build to compare.
    pub fn commit(self, record: Option<&str>) -> Result<()> {
        let mut marker = String::from(
            "This folder is written by studysite. `studysite build` replaces it as a whole.\n",
        );
        if let Some(record) = record {
            marker.push_str(record);
            marker.push('\n');
        }
        self.write(&RelPath::new(MARKER)?, marker.as_bytes())?;
        // Ctrl-C waits for the swap: it would find the staging gone and the old output
        // aside, or neither.
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.closed {
            return Err(interrupted(self.dir.path()));
        }
        self.out.check_again()?;
        let out = &self.out.resolved;
        let staged = self.dir.keep();
        let parent = parent_of(out);
        let name = out.file_name().unwrap_or_default().to_string_lossy();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = out.exists();
        if had_old {
            fs::rename(out, &old).map_err(|e| Error::io("move aside the old output", out, e))?;
        }
        if let Err(e) = fs::rename(&staged, out) {
            if had_old {
                let _ = fs::rename(&old, out);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(Error::io("move the new site into", out, e));
        }
        drop(state);
        if had_old {
            let aside = old.clone();
            let _cleanup = ON_INTERRUPT.register(move || remove_dir(&aside));
            fs::remove_dir_all(&old).map_err(|e| Error::io("remove the old output", &old, e))?;
        }
        Ok(())
    }
}

/// Checks, writing nothing, that the output folder may be (re)written, as `build` would:
/// for `check`, which validates everything a build does.
pub fn check_out_dir(settings: &Settings) -> Result<()> {
    OutDir::check(settings).map(drop)
}

/// The output folder, [`resolve`]d, and what it must keep away from (see [`refuse_output`]).
struct OutDir {
    /// As given (`--out`), resolved again right before the swap.
    given: PathBuf,
    /// As shown in messages.
    shown: PathBuf,
    resolved: PathBuf,
    root: PathBuf,
    notes: PathBuf,
    /// The other folders a build reads: `templates/` and `static/`.
    inputs: [PathBuf; 2],
}

impl OutDir {
    fn check(settings: &Settings) -> Result<OutDir> {
        let resolved = |p: &Path| resolve(p).map_err(|e| Error::io("find the folder", p, e));
        let root = resolved(&settings.root)?;
        let out = OutDir {
            given: settings.out_dir.clone(),
            shown: settings.display_path(&settings.out_dir),
            resolved: resolved(&settings.out_dir)?,
            notes: resolved(&settings.notes_dir)?,
            inputs: [
                resolved(&root.join("templates"))?,
                resolved(&root.join("static"))?,
            ],
            root,
        };
        out.refuse_if_unsafe()?;
        Ok(out)
    }

    /// The same checks on the folder as it is now, which must still be where it was.
    fn check_again(&self) -> Result<()> {
        let now = resolve(&self.given).map_err(|e| Error::io("find the folder", &self.given, e))?;
        if now != self.resolved {
            return self.refuse(
                format!(
                    "it led to {} when the build began and leads to {} now",
                    self.resolved.display(),
                    now.display()
                ),
                "build again, and keep the folders on the way to the output as they are while it runs",
            );
        }
        self.refuse_if_unsafe()
    }

    fn refuse_if_unsafe(&self) -> Result<()> {
        let [templates, statics] = &self.inputs;
        let inputs = [templates.as_path(), statics.as_path()];
        if let Some((why, help)) = refuse_output(
            &self.resolved,
            Output::Folder,
            &self.root,
            &self.notes,
            &inputs,
        ) {
            return self.refuse(why, help);
        }
        let out = &self.resolved;
        let Ok(meta) = fs::symlink_metadata(out) else {
            return Ok(());
        };
        if !meta.is_dir() {
            return self.refuse(
                "it is a file".into(),
                "remove the file or choose another --out",
            );
        }
        let empty = fs::read_dir(out)
            .map_err(|e| Error::io("read", out, e))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).exists() {
            return self.refuse(
                format!(
                    "it is not empty and was not written by studysite (no {MARKER} file in it)"
                ),
                "empty it or choose another --out; studysite only replaces folders it wrote itself",
            );
        }
        Ok(())
    }

    fn refuse(&self, why: String, help: &str) -> Result<()> {
        Err(Diagnostic::error(format!(
            "refusing to write the site into {}: {why}",
            self.shown.display()
        ))
        .with_help(help.to_string())
        .into())
    }

    fn unwritable(&self, reason: String) -> Error {
        Diagnostic::error(format!(
            "cannot write the output folder {}: {reason}",
            self.shown.display()
        ))
        .with_help("choose another --out, or fix the permissions of its parent folder")
        .into()
    }

    /// A path for messages: relative to the site root when inside it.
    fn show(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn interrupted(path: &Path) -> Error {
    Error::io(
        "write",
        path,
        std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::Options;

    fn site() -> (tempfile::TempDir, Settings) {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("notes")).unwrap();
        fs::write(tmp.path().join("notes/a.md"), "# A\n").unwrap();
        let settings = Settings::load(&Options {
            root: tmp.path().to_path_buf(),
            ..Options::default()
        })
        .unwrap();
        (tmp, settings)
    }

    fn staged_page(settings: &Settings) -> Staging {
        let staging = Staging::create(settings).unwrap();
        staging
            .write(&RelPath::new("a.html").unwrap(), b"page")
            .unwrap();
        staging
    }

    /// What changed on the way to the output while the build ran is seen before the swap.
    #[test]
    fn the_output_is_checked_again_right_before_the_swap() {
        let (tmp, settings) = site();
        let out = tmp.path().join("public");

        // It became a link to the notes folder.
        let staging = staged_page(&settings);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("notes"), &out).unwrap();
            let err = staging.commit(None).unwrap_err().to_string();
            assert_eq!(err, "1 problem found");
            assert_eq!(
                fs::read_dir(tmp.path().join("notes")).unwrap().count(),
                1,
                "the notes are as they were"
            );
            fs::remove_file(&out).unwrap();
        }

        // Someone else's folder appeared there.
        let staging = staged_page(&settings);
        fs::create_dir(&out).unwrap();
        fs::write(out.join("mine.txt"), "mine").unwrap();
        let Err(Error::Invalid(problems)) = staging.commit(None) else {
            panic!("replaced a folder it did not write");
        };
        assert!(problems[0].message.contains("was not written by studysite"));
        assert_eq!(fs::read_to_string(out.join("mine.txt")).unwrap(), "mine");

        // Nothing is left behind, and a clean swap still works.
        fs::remove_dir_all(&out).unwrap();
        staged_page(&settings).commit(None).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "page");
        let mut left: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["notes", "public"]);
    }

    /// After Ctrl-C removed the staging folder, writers cannot bring it back.
    #[test]
    fn a_removed_staging_makes_no_folder_again() {
        let (tmp, settings) = site();
        let staging = staged_page(&settings);
        let dir = staging.dir().to_path_buf();
        {
            let mut state = staging.state.lock().unwrap();
            state.closed = true;
        }
        remove_dir(&dir);
        let deep = RelPath::new("x/y/z.html").unwrap();
        assert!(staging.write(&deep, b"late").is_err());
        assert!(staging.commit(None).is_err());
        assert!(!dir.exists());
        assert!(!tmp.path().join("public").exists());
    }
}
