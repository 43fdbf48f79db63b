//! Paths: where the build may read and write, safe by construction.
//!
//! In: names found on disk or made by the build, and the folders given on the command line.
//! Out: [`RelPath`], a relative path that stays inside whatever folder it is joined to (the
//! only kind of path the output is written through), [`resolve`], the absolute form of a path
//! with every symlink and `..` resolved, also for a path that does not exist yet, and
//! [`refuse_output`], the one check of where an output may go, shared by `build`, `serve`
//! and `handout`, and [`is_within`], the one test of whether a note's folder is under a
//! section's.
//!
//! A name is kept as it is written on disk: `\` is an ordinary character on Linux and a
//! separator on Windows, so a name holding one is refused rather than guessed at.

use crate::util::error::Diagnostic;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A relative path of one or more `/`-separated parts, none of them empty, `.` or `..`, none
/// holding `\`, NUL or another control character, none read as a root or a drive by the
/// platform. Joined to a folder, it names something inside that folder (symlinks aside:
/// the build writes into folders it made itself, which hold none).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelPath(String);

impl RelPath {
    /// Checks `path` (`/`-separated); the error says which part is wrong and how to rename it.
    pub fn new(path: &str) -> Result<RelPath, Diagnostic> {
        if path.starts_with('/') {
            return Err(unsafe_name(path, "it starts with `/`", "make it relative"));
        }
        for part in path.split('/') {
            check_part(part).map_err(|(why, help)| unsafe_name(path, &why, help))?;
        }
        Ok(RelPath(path.to_string()))
    }

    /// A path as a walk of the file system gives it (relative to the folder walked), checked
    /// part by part.
    pub fn from_path(path: &Path) -> Result<RelPath, Diagnostic> {
        let mut parts = Vec::new();
        for component in path.components() {
            match component {
                Component::Normal(part) => match part.to_str() {
                    Some(part) => parts.push(part),
                    None => {
                        return Err(Diagnostic::error("file name is not valid UTF-8")
                            .with_help("rename the file using UTF-8 characters only"))
                    }
                },
                _ => {
                    let shown = path.display().to_string();
                    return Err(unsafe_name(&shown, "it is not a plain relative path", ""));
                }
            }
        }
        RelPath::new(&parts.join("/"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `base/self`, built part by part.
    pub fn join_to(&self, base: &Path) -> PathBuf {
        let mut path = base.to_path_buf();
        path.extend(self.0.split('/'));
        path
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for RelPath {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// Whether one part of a path is a plain name; the reason and a fix when it is not.
fn check_part(part: &str) -> Result<(), (String, &'static str)> {
    match part {
        "" => Err(("it has an empty part".into(), "remove the doubled `/`")),
        "." | ".." => Err((
            format!("it has a `{part}` part"),
            "name the file by where it is, without `.` or `..`",
        )),
        _ if part.contains('\\') => Err((
            "it contains `\\`, a folder separator on Windows".into(),
            "rename it without `\\` (make a folder instead, if that was the idea)",
        )),
        _ if part.chars().any(char::is_control) => {
            let c = part.chars().find(|c| c.is_control()).unwrap_or_default();
            Err((
                format!("it contains a control character (U+{:04X})", c as u32),
                "rename it without line breaks, tabs or other control characters",
            ))
        }
        // What else the platform reads as more than a name: `C:` on Windows.
        _ if !matches!(
            Path::new(part).components().collect::<Vec<_>>()[..],
            [Component::Normal(_)]
        ) =>
        {
            Err((
                "this system reads it as more than a name".into(),
                "rename it with letters, digits, `-` and `_`",
            ))
        }
        _ => Ok(()),
    }
}

fn unsafe_name(name: &str, why: &str, help: &str) -> Diagnostic {
    let d = Diagnostic::error(format!("cannot write `{}` safely: {why}", shown(name)));
    if help.is_empty() {
        d
    } else {
        d.with_help(format!("rename it: {help}"))
    }
}

/// A name for messages: control characters escaped, so it stays on its line.
pub fn shown(name: &str) -> String {
    if name.chars().any(char::is_control) {
        name.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_debug().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        name.to_string()
    }
}

/// The absolute form of `path` with every symlink and `..` resolved, for a path that need not
/// exist: the longest part that exists is resolved by the file system, and what follows is
/// taken as folders that will be created (a `..` after a missing folder cancels it).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    // How many of the last parts of `resolved` do not exist (0: it is canonical).
    let mut missing = 0usize;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            // The parent of a canonical path is its lexical parent; so is that of a folder
            // still to be made.
            Component::ParentDir => {
                resolved.pop();
                missing = missing.saturating_sub(1);
            }
            Component::Normal(name) => {
                resolved.push(name);
                if missing > 0 {
                    missing += 1;
                } else {
                    match resolved.canonicalize() {
                        Ok(real) => resolved = real,
                        Err(_) => missing = 1,
                    }
                }
            }
        }
    }
    Ok(resolved)
}

/// What an output may be: the site's folder, or one file (a handout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Folder,
    File,
}

/// Why an output may not go to `target` (a path [`resolve`]d), with what to do instead, or
/// `None` when it may. `root` and `notes` are the site's root and notes folder, `inputs` the
/// other folders a build reads (`templates/`, `static/`), all resolved. A folder may not be
/// or contain the root, and may not be, contain or be inside the notes or an input folder
/// (the next build would read it, or replace the notes with it). A file may not be inside
/// the notes folder (where it could replace a note), or be the root or the notes folder.
pub fn refuse_output(
    target: &Path,
    kind: Output,
    root: &Path,
    notes: &Path,
    inputs: &[&Path],
) -> Option<(String, &'static str)> {
    let elsewhere = match kind {
        Output::Folder => "use an output folder outside your notes, such as the default `public/`",
        Output::File => "write it outside your notes, e.g. --out handout.html in the site root",
    };
    if target.starts_with(notes) {
        return Some(match kind {
            Output::Folder if target == notes => ("it is the notes folder".into(), elsewhere),
            Output::Folder => (
                "it is inside the notes folder, so the next build would read its own output".into(),
                elsewhere,
            ),
            Output::File => ("it is inside the notes folder".into(), elsewhere),
        });
    }
    if root.starts_with(target) {
        return Some((
            "it is (or contains) the site root, which the build would replace".into(),
            "use an output folder inside the site, such as the default `public/`",
        ));
    }
    if kind == Output::File {
        return None;
    }
    if notes.starts_with(target) {
        return Some(("it contains the notes folder".into(), elsewhere));
    }
    inputs
        .iter()
        .find(|input| target.starts_with(input) || input.starts_with(target))
        .map(|input| {
            let name = input.file_name().unwrap_or_default().to_string_lossy();
            (
                format!(
                    "it is (or is inside, or contains) the site's `{name}/` folder, which the build reads"
                ),
                "use an output folder outside what the build reads, such as the default `public/`",
            )
        })
}

/// Whether the `/`-separated folder `dir` (a note's, relative to the notes folder) is `folder`
/// or inside it: `aws/lambda` is within `aws`, `awsome` is not. Only `""` itself is within
/// `""`, as the notes folder's own notes are no section's.
pub fn is_within(dir: &str, folder: &str) -> bool {
    dir.strip_prefix(folder)
        .is_some_and(|rest| rest.is_empty() || (!folder.is_empty() && rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_folder_is_within_itself_and_its_parents_only() {
        use super::is_within;
        assert!(is_within("aws", "aws") && is_within("aws/lambda/x", "aws"));
        assert!(!is_within("awsome", "aws") && !is_within("aws", "aws/lambda"));
        assert!(is_within("", "") && !is_within("aws", ""));
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_and_odd_but_legal_names_are_kept() {
        for name in [
            "a.md",
            "containers/docker.md",
            "Note: intro.md",
            "C# tips/100% sure?.html",
            "a..b/dots..",
            "caf\u{e9} \u{1f680}.md",
            ".studysite-output",
        ] {
            assert_eq!(RelPath::new(name).map(|p| p.to_string()), Ok(name.into()));
        }
    }

    #[test]
    fn escaping_names_are_refused_with_a_reason() {
        let why = |name: &str| RelPath::new(name).unwrap_err().message;
        assert_eq!(
            why("z\\..\\..\\victim.txt"),
            "cannot write `z\\..\\..\\victim.txt` safely: it contains `\\`, a folder separator on Windows"
        );
        assert!(why("../x").ends_with("it has a `..` part"));
        assert!(why("a/./x").ends_with("it has a `.` part"));
        assert!(why("a//x").ends_with("it has an empty part"));
        assert!(why("").ends_with("it has an empty part"));
        assert!(why("/etc/passwd").ends_with("it starts with `/`"));
        assert_eq!(
            why("two\nlines.md"),
            "cannot write `two\\nlines.md` safely: it contains a control character (U+000A)"
        );
        assert!(why("nul\0.md").ends_with("(U+0000)"));
        assert!(why("c1\u{85}.md").ends_with("(U+0085)"));
    }

    #[test]
    fn walked_paths_are_checked_part_by_part() {
        let ok = RelPath::from_path(Path::new("a/b.md")).unwrap();
        assert_eq!(ok.as_str(), "a/b.md");
        assert_eq!(ok.join_to(Path::new("/out")), Path::new("/out/a/b.md"));
        assert!(RelPath::from_path(Path::new("a/../b")).is_err());
        assert!(RelPath::from_path(Path::new("/a")).is_err());
        assert!(RelPath::from_path(Path::new("a\\..\\b")).is_err());
    }

    #[test]
    fn resolve_goes_through_missing_folders_and_links() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(base.join("notes")).unwrap();
        let r = |p: &str| resolve(&base.join(p)).unwrap();
        assert_eq!(r("sub/../notes"), base.join("notes"));
        assert_eq!(r("a/b/../../notes/x"), base.join("notes/x"));
        assert_eq!(r("nothere/../../up"), base.parent().unwrap().join("up"));
        assert_eq!(r("new/./x"), base.join("new/x"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("notes"), base.join("link")).unwrap();
            assert_eq!(r("link/new.html"), base.join("notes/new.html"));
            // `..` after a link is the link target's parent, as the system reads it.
            std::fs::create_dir_all(base.join("deep/er")).unwrap();
            std::os::unix::fs::symlink(base.join("deep/er"), base.join("d")).unwrap();
            assert_eq!(r("d/../x"), base.join("deep/x"));
        }
    }

    #[test]
    fn outputs_keep_away_from_what_the_build_reads() {
        let (root, notes, stat) = (
            Path::new("/s"),
            Path::new("/s/notes"),
            Path::new("/s/static"),
        );
        let folder = |t: &str| refuse_output(Path::new(t), Output::Folder, root, notes, &[stat]);
        let file = |t: &str| refuse_output(Path::new(t), Output::File, root, notes, &[stat]);
        for bad in [
            "/s",
            "/",
            "/s/notes",
            "/s/notes/public",
            "/s/static",
            "/s/static/x",
        ] {
            assert!(folder(bad).is_some(), "{bad}");
        }
        for good in ["/s/public", "/s/notes-out", "/elsewhere/www"] {
            assert_eq!(folder(good), None, "{good}");
        }
        for bad in ["/s/notes/a.md", "/s/notes", "/s"] {
            assert!(file(bad).is_some(), "{bad}");
        }
        for good in ["/s/handout.html", "/s/static/handout.html"] {
            assert_eq!(file(good), None, "{good}");
        }
    }

    /// Names made of the pieces that escape (and some that only look like they might).
    fn hostile_name() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("..".to_string()),
            Just(".".to_string()),
            Just("/".to_string()),
            Just("\\".to_string()),
            Just("\0".to_string()),
            Just("\n".to_string()),
            Just("C:".to_string()),
            Just("~".to_string()),
            Just("%2e%2e".to_string()),
            Just("\u{2215}".to_string()), // division slash, looks like `/`
            Just("\u{ff0e}\u{ff0e}".to_string()), // fullwidth dots
            "[a-z]{1,3}",
            prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        ];
        prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
    }

    /// Paths of a few parts, each made of pieces that are legal alone but look like they
    /// could escape when put together (`.` and `.` make `..`).
    fn plausible_name() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(".".to_string()),
            Just("..".to_string()),
            Just(":".to_string()),
            Just("#".to_string()),
            Just("%2e".to_string()),
            Just("~".to_string()),
            Just(" ".to_string()),
            Just("\u{2215}".to_string()),
            Just("\u{ff0e}".to_string()),
            "[a-z]{1,3}",
            any::<char>()
                .prop_filter("not a separator", |c| *c != '/')
                .prop_map(String::from),
        ];
        let part = prop::collection::vec(piece, 1..4).prop_map(|pieces| pieces.concat());
        prop::collection::vec(part, 1..5).prop_map(|parts| parts.join("/"))
    }

    fn config() -> ProptestConfig {
        // A few hundred cases by default; PROPTEST_CASES=100000 for the long version.
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(300);
        ProptestConfig {
            cases,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// Whatever the constructor accepts stays inside the folder it is joined to: by its
        /// parts, and on disk, where the file is made and its real path looked at.
        #[test]
        fn accepted_names_never_escape(name in prop_oneof![hostile_name(), plausible_name()]) {
            let Ok(rel) = RelPath::new(&name) else {
                return Ok(());
            };
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("out");
            std::fs::create_dir(&out).unwrap();
            let out = out.canonicalize().unwrap();
            let joined = rel.join_to(&out);
            prop_assert!(joined.starts_with(&out));
            prop_assert!(joined
                .strip_prefix(&out)
                .unwrap()
                .components()
                .all(|c| matches!(c, Component::Normal(_))));
            prop_assert_eq!(joined.components().count(), out.components().count() + rel.split('/').count());
            prop_assert_eq!(resolve(&joined).unwrap(), joined.clone());

            // Made on disk (where the system allows: a part may be too long), the file is
            // where the name says and nothing is made outside `out`.
            let made = std::fs::create_dir_all(joined.parent().unwrap())
                .and_then(|()| std::fs::write(&joined, "x"));
            if made.is_ok() {
                let real = joined.canonicalize().unwrap();
                prop_assert!(real.starts_with(&out), "{} is outside {}", real.display(), out.display());
                prop_assert_eq!(real, joined.clone());
            }
            let files: Vec<_> = walkdir::WalkDir::new(tmp.path())
                .into_iter()
                .map(|e| e.unwrap().into_path())
                .filter(|p| p.is_file())
                .collect();
            prop_assert!(files.iter().all(|f| f.starts_with(&out)), "{:?}", files);
            prop_assert_eq!(files.len(), usize::from(made.is_ok()));
        }

        /// Names are refused exactly when a part is empty, `.` or `..`, or holds `\` or a
        /// control character (on Unix, where nothing else is special).
        #[test]
        fn the_rule_is_the_documented_one(name in prop_oneof![hostile_name(), plausible_name()]) {
            let bad_part = |p: &str| {
                p.is_empty() || p == "." || p == ".." || p.contains('\\') || p.chars().any(char::is_control)
            };
            let expected = !name.starts_with('/') && !name.split('/').any(bad_part);
            if cfg!(unix) {
                prop_assert_eq!(RelPath::new(&name).is_ok(), expected, "{:?}", name);
            } else if RelPath::new(&name).is_ok() {
                prop_assert!(expected);
            }
        }
    }
}
