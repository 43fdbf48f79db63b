//! Where a handout may be written. In: a destination path, the settings and `--force`. Out:
//! what is there now ([`Existing`]), or a refusal: a handout never replaces a file it did not
//! write, nor anything the build reads; files are staged beside their destination and moved
//! into place only when everything succeeded.

use super::*;
use crate::model::config::Settings;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::paths::{refuse_output, resolve, Output};
use std::path::{Path, PathBuf};

/// What is at a handout's destination now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Nothing,
    /// A handout written before (for a PDF: any PDF file).
    Handout,
    /// Something else, replaced because `--force` said so.
    Forced,
}

/// Whether a handout may be written to `path`, and where that is ([`resolve`]d: symlinks and
/// `..` followed, also through folders still to be made): never into the notes folder (where
/// the next build would read it, or where it could replace a note, see [`refuse_output`]),
/// never over a folder, and over an existing file only when it is a handout written before (an
/// HTML file whose head names [`GENERATOR`], or a PDF), unless `force`.
pub fn check_destination(
    path: &Path,
    settings: &Settings,
    pdf: bool,
    force: bool,
) -> Result<(PathBuf, Existing)> {
    let shown = path.display();
    let refuse = |why: String, help: &str| -> Result<(PathBuf, Existing)> {
        Err(
            Diagnostic::error(format!("refusing to write the handout to {shown}: {why}"))
                .with_help(help.to_string())
                .into(),
        )
    };
    let resolved = |p: &Path| resolve(p).map_err(|e| Error::io("find the folder of", p, e));
    let target = resolved(path)?;
    let (root, notes) = (resolved(&settings.root)?, resolved(&settings.notes_dir)?);
    if let Some((why, help)) = refuse_output(&target, Output::File, &root, &notes, &[]) {
        return refuse(why, help);
    }
    if target.is_dir() {
        return refuse(
            "it is a folder".into(),
            "name a file, e.g. --out handout.html",
        );
    }
    if !target.exists() {
        return Ok((target, Existing::Nothing));
    }
    let head = read_head(&target, 8192).map_err(|e| Error::io("read", path, e))?;
    let ours = if pdf {
        head.starts_with(b"%PDF-")
    } else {
        let text = String::from_utf8_lossy(&head);
        text.contains(&format!("content=\"{GENERATOR}\""))
    };
    match (ours, force) {
        (true, _) => Ok((target, Existing::Handout)),
        (false, true) => Ok((target, Existing::Forced)),
        (false, false) => refuse(
            if pdf {
                "the file exists and is not a PDF".into()
            } else {
                "the file exists and is not a handout studysite wrote".into()
            },
            "choose another file name, or add --force to replace it",
        ),
    }
}

/// [`check_destination`] once more, right before writing: the file must still be allowed,
/// and the path must still lead where it did when the work began.
pub(crate) fn check_again(
    path: &Path,
    checked: &Path,
    settings: &Settings,
    pdf: bool,
    force: bool,
) -> Result<()> {
    let (now, _) = check_destination(path, settings, pdf, force)?;
    if now != checked {
        return Err(Diagnostic::error(format!(
            "refusing to write the handout to {}: it led to {} when the work began and leads to {} now",
            path.display(),
            checked.display(),
            now.display()
        ))
        .with_help("run it again, and keep the folders on the way as they are while it runs")
        .into());
    }
    Ok(())
}

pub(crate) fn read_head(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The absolute, symlink-free form of a path that may not exist yet ([`resolve`]); the path as
/// it is when the current folder cannot be read.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    resolve(path).unwrap_or_else(|_| path.to_path_buf())
}

pub(crate) fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary file beside `path`, to write a handout into and then [`persist`] as `path`, so
/// that a failure leaves what was there before. Named `*.html`, for Chromium to print it.
pub(crate) fn staged_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let parent = parent_of(path);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("create folder", &parent, e))?;
    tempfile::Builder::new()
        .prefix(".studysite-handout-")
        .suffix(".html")
        .tempfile_in(&parent)
        .map_err(|e| Error::io("write into", &parent, e))
}

/// Moves a [`staged_beside`] file to `path`.
pub(crate) fn persist(file: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    // Temporary files are private; a handout is for sharing, like the rest of the site.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    file.persist(path)
        .map(drop)
        .map_err(|e| Error::io("write", path, e.error))
}
