//! Issue #15, the path half: nothing a build, a check, a preview or a handout writes lands
//! outside its output, whatever the notes' file names, the links in the notes folder or the
//! `--out`/`--pdf` paths say. Each test first makes sure the hostile input really is there
//! (the file exists under its odd name, the link resolves), so that none can pass because the
//! input was never built.
//!
//! Sites here live one folder down in a temporary folder (`<tmp>/site`), so that a path that
//! escapes lands in `<tmp>`, where the test looks for it, and never in the shared `/tmp`.

use crate::common::{stderr, studysite_command};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder holding a site in `site/` (with a `notes/` folder).
struct Outer {
    tmp: tempfile::TempDir,
}

impl Outer {
    fn new() -> Outer {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(tmp.path().join("site/notes")).unwrap();
        Outer { tmp }
    }

    /// A path under the temporary folder, e.g. `site/notes/a.md` or `victim.txt`.
    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn write(&self, rel: &str, content: &str) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    fn site(&self) -> PathBuf {
        self.path("site")
    }

    /// Runs `studysite <args> --root <site>` in the site's folder.
    fn run(&self, args: &[&str]) -> Output {
        studysite_command()
            .args(args)
            .arg("--root")
            .arg(self.site())
            .current_dir(self.site())
            .output()
            .expect("run studysite")
    }

    /// Sets the time of every file but the site's output an hour back (see `TestSite::settle`),
    /// so that the next build keeps a fingerprint. Links are followed: their targets are ours.
    fn settle(&self) {
        fn back(dir: &Path, except: &Path, time: std::time::SystemTime) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path == except {
                } else if path.is_dir() {
                    back(&path, except, time);
                } else {
                    let file = std::fs::File::options().write(true).open(&path).unwrap();
                    file.set_modified(time).unwrap();
                }
            }
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        back(&self.path(""), &self.site().join("public"), hour_ago);
    }

    fn read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.path(rel)).ok()
    }
}

fn failed(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    stderr(out)
}

fn succeeded(out: &Output) -> String {
    assert!(out.status.success(), "{}", stderr(out));
    stderr(out)
}

/// The names (not paths) in a folder.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// File names.

/// `z\..\..\..\victim.txt` in `notes/` was written to `victim.txt` beside the site: on Linux
/// `\` is an ordinary character, and the build turned it into `/`.
#[test]
fn a_backslash_name_cannot_write_beside_the_site() {
    let outer = Outer::new();
    outer
        .write("victim.txt", "precious")
        .write("site/victim.txt", "precious")
        .write("site/notes/index.md", "# Home\n")
        .write("site/notes/z\\..\\..\\..\\victim.txt", "overwritten")
        .write("site/notes/y\\..\\..\\victim.txt", "overwritten")
        .write("site/notes/x\\..\\..\\..\\evil.md", "# Evil\n");
    // The hostile files are there under their odd names, one file each.
    assert!(names(&outer.site().join("notes")).contains(&"z\\..\\..\\..\\victim.txt".into()));
    assert_eq!(names(&outer.site().join("notes")).len(), 4);

    for command in ["build", "check"] {
        let err = failed(&outer.run(&[command]));
        for name in [
            "z\\..\\..\\..\\victim.txt",
            "y\\..\\..\\victim.txt",
            "x\\..\\..\\..\\evil.md",
        ] {
            assert!(
                err.contains(&format!("error: notes/{name}: ")),
                "{command} does not name {name}:\n{err}"
            );
        }
        assert!(err.contains("rename it"), "{err}");
    }
    assert_eq!(outer.read("victim.txt").as_deref(), Some("precious"));
    assert_eq!(outer.read("site/victim.txt").as_deref(), Some("precious"));
    assert_eq!(outer.read("evil.html"), None);
    assert_eq!(names(&outer.path("")), ["site", "victim.txt"]);
    assert_eq!(
        names(&outer.site()),
        ["notes", "victim.txt"],
        "no output, no staging left"
    );
}

/// `serve` built the same names into its preview folder, escaping it the same way.
#[test]
fn a_backslash_name_cannot_escape_the_preview() {
    let outer = Outer::new();
    outer
        .write("victim.txt", "precious")
        .write("site/notes/index.md", "# Home\n")
        .write("site/notes/z\\..\\..\\..\\victim.txt", "overwritten");
    // The preview's own folder, one down in the temporary folder like the site.
    let work = outer.path("work");
    std::fs::create_dir_all(&work).unwrap();
    let options = studysite::Options {
        root: outer.site(),
        ..studysite::Options::default()
    };
    let preview = studysite::command::serve::Preview::new(&options, &work);
    let problems = preview.problems();
    assert!(
        problems.iter().any(|d| d
            .path
            .as_deref()
            .is_some_and(|p| p.ends_with("z\\..\\..\\..\\victim.txt"))),
        "{problems:?}"
    );
    assert_eq!(outer.read("victim.txt").as_deref(), Some("precious"));
    assert_eq!(names(&outer.path("")), ["site", "victim.txt", "work"]);
}

/// A folder with such a name is reported once, as the folder, not once per file in it.
#[test]
fn a_backslash_folder_is_reported_once() {
    let outer = Outer::new();
    outer
        .write("site/notes/d\\..\\..\\../a.md", "# A\n")
        .write("site/notes/d\\..\\..\\../b.png", "png");
    let err = failed(&outer.run(&["build"]));
    assert_eq!(err.matches("error: notes/").count(), 1, "{err}");
    assert!(err.contains("error: notes/d\\..\\..\\..: "), "{err}");
    assert_eq!(names(&outer.path("")), ["site"]);
}

/// Control characters in a name are refused, and the message shows them escaped rather than
/// breaking the terminal's line.
#[test]
fn a_control_character_in_a_name_is_refused() {
    let outer = Outer::new();
    outer
        .write("site/notes/index.md", "# Home\n")
        .write("site/notes/two\nlines.md", "# Two lines\n")
        .write("site/notes/bell\u{7}.png", "png");
    let err = failed(&outer.run(&["build"]));
    assert!(err.contains("error: notes/two\\nlines.md: "), "{err}");
    assert!(err.contains("error: notes/bell\\u{7}.png: "), "{err}");
    assert!(err.contains("control character"), "{err}");
    assert!(!outer.site().join("public").exists());
}

/// Names with `:`, `#`, `%`, `?`, spaces and emoji are legal and keep building, each to a file
/// of the same name in the output.
#[test]
fn odd_but_legal_names_build_where_they_belong() {
    let outer = Outer::new();
    let legal = [
        "Note: intro",
        "C# tips",
        "100% sure?",
        "with spaces",
        "cafe\u{301} \u{1f680}",
        "a..b",
        "dots..",
    ];
    outer.write("site/notes/index.md", "# Home\n");
    for name in legal {
        outer.write(&format!("site/notes/{name}.md"), &format!("# {name}\n"));
        outer.write(&format!("site/notes/files/{name}.txt"), name);
    }
    succeeded(&outer.run(&["build", "--quiet"]));
    let public = outer.site().join("public");
    for name in legal {
        assert!(public.join(format!("{name}.html")).is_file(), "{name}.html");
        assert_eq!(
            std::fs::read_to_string(public.join(format!("files/{name}.txt"))).unwrap(),
            name
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The output folder.

/// `--out sub/../notes`, with no `sub`, replaced the notes folder with the built site: the path
/// was checked before `sub` existed, when it did not look like the notes folder.
#[test]
fn out_through_a_missing_folder_cannot_be_the_notes_folder() {
    let outer = Outer::new();
    outer.write("site/notes/a.md", "# A\n");
    for out in ["sub/../notes", "sub/../notes/public", "sub/x/../../notes/"] {
        let err = failed(&outer.run(&["build", "--out", out]));
        assert!(
            err.starts_with(&format!("error: refusing to write the site into {out}: ")),
            "{err}"
        );
        assert!(err.contains("notes folder"), "{err}");
    }
    assert_eq!(names(&outer.site().join("notes")), ["a.md"]);
    assert_eq!(outer.read("site/notes/a.md").as_deref(), Some("# A\n"));
    assert_eq!(
        names(&outer.site()),
        ["notes"],
        "nothing created on the way"
    );
}

/// `--out nothere/../../Documents` deleted a folder of the user's files beside the site.
#[test]
fn out_through_a_missing_folder_cannot_replace_a_users_folder() {
    let outer = Outer::new();
    outer
        .write("site/notes/a.md", "# A\n")
        .write("Documents/thesis.txt", "years of work");
    let err = failed(&outer.run(&["build", "--out", "nothere/../../Documents"]));
    assert!(
        err.starts_with("error: refusing to write the site into nothere/../../Documents: it is not empty and was not written by studysite"),
        "{err}"
    );
    assert_eq!(
        outer.read("Documents/thesis.txt").as_deref(),
        Some("years of work")
    );
    assert_eq!(names(&outer.path("Documents")), ["thesis.txt"]);
    assert_eq!(names(&outer.site()), ["notes"]);
    // The refused path as given is also refused the plain way.
    failed(&outer.run(&["build", "--out", "../Documents"]));
}

/// Where the path leads through `..` to a legitimate place, the build goes there, and a
/// second build replaces it (the marker is found through the same path).
#[test]
fn out_through_a_missing_folder_may_lead_somewhere_fine() {
    let outer = Outer::new();
    outer.write("site/notes/a.md", "# A\n");
    succeeded(&outer.run(&["build", "--quiet", "--out", "nothere/../../www"]));
    assert!(outer.path("www/a.html").is_file());
    succeeded(&outer.run(&["build", "--quiet", "--force", "--out", "nothere/../../www"]));
    assert_eq!(names(&outer.path("")), ["site", "www"]);
    assert_eq!(names(&outer.site()), ["notes"]);
}

/// The build reads `templates/` and `static/`: an output inside them would be read (and, for
/// `static/`, copied into itself) by the next build.
#[test]
fn out_inside_an_input_folder_is_refused() {
    let outer = Outer::new();
    outer
        .write("site/notes/a.md", "# A\n")
        .write("site/static/extra.css", "p {}")
        .write("site/templates/.keep", "");
    for out in ["static/site", "templates/site", "static", "x/../static/y"] {
        let err = failed(&outer.run(&["build", "--out", out]));
        assert!(
            err.starts_with(&format!("error: refusing to write the site into {out}: ")),
            "{err}"
        );
    }
    assert_eq!(names(&outer.site().join("static")), ["extra.css"]);
    assert_eq!(names(&outer.site().join("templates")), [".keep"]);
}

/// `check` validates what `build` would write, the output folder included, writing nothing.
#[test]
fn check_refuses_the_output_build_refuses() {
    let outer = Outer::new();
    outer.write("site/notes/a.md", "# A\n");
    let err = failed(&outer.run(&["check", "--out", "sub/../notes/public"]));
    assert!(err.contains("notes folder"), "{err}");
    assert_eq!(names(&outer.site()), ["notes"]);
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_is_followed_and_checked_where_it_leads() {
    let outer = Outer::new();
    outer.write("site/notes/a.md", "# A\n");
    std::fs::create_dir_all(outer.path("www")).unwrap();
    std::os::unix::fs::symlink(outer.path("www"), outer.site().join("public")).unwrap();
    succeeded(&outer.run(&["build", "--quiet"]));
    assert!(outer.path("www/a.html").is_file(), "written where it leads");
    succeeded(&outer.run(&["build", "--quiet", "--force"]));
    assert!(outer.site().join("public").is_symlink(), "the link is kept");
    assert!(outer.path("www/a.html").is_file());

    // A link to the notes folder is the notes folder.
    std::os::unix::fs::symlink(outer.site().join("notes"), outer.site().join("out")).unwrap();
    let err = failed(&outer.run(&["build", "--out", "out"]));
    assert!(err.contains("notes folder"), "{err}");
    assert_eq!(names(&outer.site().join("notes")), ["a.md"]);
}

// ---------------------------------------------------------------------------------------------
// Handout destinations.

fn handout(outer: &Outer, args: &[&str]) -> Output {
    let mut all = vec!["handout"];
    all.extend_from_slice(args);
    outer.run(&all)
}

/// `handout --out zz/../notes/new.html` and `--pdf zz2/../notes/new.pdf` wrote into the notes
/// folder, and with `--force`, `--out sub/../notes/index.md` replaced a note with HTML.
#[test]
fn handouts_never_reach_the_notes_folder_through_a_missing_folder() {
    let outer = Outer::new();
    outer.write("site/notes/index.md", "# Home\n");
    let cases: [&[&str]; 4] = [
        &["--out", "zz/../notes/new.html"],
        &["--pdf", "zz2/../notes/new.pdf"],
        &["--out", "sub/../notes/index.md", "--force"],
        &["--out", "ok.html", "--pdf", "zz3/x/../../notes/new.pdf"],
    ];
    for args in cases {
        let err = failed(&handout(&outer, args));
        assert!(
            err.starts_with("error: refusing to write the handout to "),
            "{args:?}: {err}"
        );
        assert!(err.contains("it is inside the notes folder"), "{err}");
    }
    assert_eq!(names(&outer.site().join("notes")), ["index.md"]);
    assert_eq!(
        outer.read("site/notes/index.md").as_deref(),
        Some("# Home\n")
    );
    assert_eq!(
        names(&outer.site()),
        ["notes"],
        "nothing created on the way"
    );
}

/// A destination leading through a missing folder to a fine place is written there.
#[test]
fn a_handout_through_a_missing_folder_lands_where_the_path_leads() {
    let outer = Outer::new();
    outer.write("site/notes/index.md", "# Home\n");
    succeeded(&handout(&outer, &["--quiet", "--out", "zz/../../h.html"]));
    assert!(outer
        .read("h.html")
        .is_some_and(|h| h.contains("studysite handout")));
    assert_eq!(names(&outer.site()), ["notes"]);
}

#[cfg(unix)]
#[test]
fn a_handout_through_a_link_into_the_notes_is_refused() {
    let outer = Outer::new();
    outer.write("site/notes/index.md", "# Home\n");
    std::os::unix::fs::symlink(outer.site().join("notes"), outer.site().join("n")).unwrap();
    let err = failed(&handout(&outer, &["--out", "n/new.html"]));
    assert!(err.contains("it is inside the notes folder"), "{err}");
    assert_eq!(names(&outer.site().join("notes")), ["index.md"]);
}

// ---------------------------------------------------------------------------------------------
// Links in the notes folder.

/// `notes/passwd.txt -> /etc/passwd` and a link to a private folder were published without a
/// word. They are left out, each with a warning naming the link and where it leads.
#[cfg(unix)]
#[test]
fn links_out_of_the_notes_folder_are_not_followed() {
    let outer = Outer::new();
    outer
        .write("secret.txt", "my password")
        .write("private/diary.md", "# Diary\n")
        .write("private/photo.png", "png")
        .write("site/notes/index.md", "# Home\n")
        .write("site/notes/real.txt", "inside");
    let notes = outer.site().join("notes");
    let link = |target: &Path, name: &str| std::os::unix::fs::symlink(target, notes.join(name));
    link(&outer.path("secret.txt"), "passwd.txt").unwrap();
    link(&outer.path("private"), "private").unwrap();
    link(Path::new("../../secret.txt"), "relative.txt").unwrap();
    link(Path::new("real.txt"), "alias.txt").unwrap();
    // The links work.
    assert_eq!(
        std::fs::read_to_string(notes.join("relative.txt")).unwrap(),
        "my password"
    );
    assert!(notes.join("private/diary.md").is_file());

    outer.settle();
    let err = succeeded(&outer.run(&["build", "--quiet"]));
    let public = outer.site().join("public");
    assert!(!public.join("private").exists());
    assert!(!public.join("passwd.txt").exists());
    assert!(!public.join("relative.txt").exists());
    let secret = outer.path("secret.txt").canonicalize().unwrap();
    let private = outer.path("private").canonicalize().unwrap();
    for (link, target) in [
        ("passwd.txt", &secret),
        ("private", &private),
        ("relative.txt", &secret),
    ] {
        assert!(
            err.contains(&format!(
                "warning: notes/{link}: not followed: this link leads outside the notes folder, to {}\n",
                target.display()
            )),
            "{link}: {err}"
        );
    }
    assert!(err.contains("follow_external_links: true"), "{err}");
    assert_eq!(err.matches("warning:").count(), 3, "{err}");
    // A link inside the notes folder is followed as before.
    assert_eq!(
        std::fs::read_to_string(public.join("alias.txt")).unwrap(),
        "inside"
    );

    // A second build has nothing to do, and says the same again.
    let again = succeeded(&outer.run(&["build"]));
    assert!(again.contains("up to date"), "{again}");
    assert_eq!(again.matches("warning:").count(), 3, "{again}");

    // `check` says it too.
    let checked = succeeded(&outer.run(&["check", "--quiet"]));
    assert_eq!(checked.matches("warning:").count(), 3, "{checked}");

    // The site may ask for them.
    outer.write("site/site.yaml", "follow_external_links: true\n");
    let err = succeeded(&outer.run(&["build", "--quiet"]));
    assert_eq!(err, "");
    assert_eq!(
        std::fs::read_to_string(public.join("passwd.txt")).unwrap(),
        "my password"
    );
    assert!(public.join("private/diary.html").is_file());
}

/// A link to `../public` made the build read its own output: one level deeper every build.
/// It is never followed, not even with `follow_external_links: true`.
#[cfg(unix)]
#[test]
fn a_link_into_the_output_is_never_followed() {
    for config in ["", "follow_external_links: true\n"] {
        let outer = Outer::new();
        outer
            .write("site/site.yaml", config)
            .write("site/notes/index.md", "# Home\n");
        std::os::unix::fs::symlink("../public", outer.site().join("notes/site")).unwrap();
        succeeded(&outer.run(&["build", "--quiet"]));
        let public = outer.site().join("public");
        // Now the link leads somewhere.
        assert!(outer.site().join("notes/site/index.html").is_file());
        let err = succeeded(&outer.run(&["build", "--quiet", "--force"]));
        assert!(
            err.contains(
                "warning: notes/site: not followed: this link leads into the output folder"
            ),
            "{config:?}: {err}"
        );
        assert!(!public.join("site").exists(), "{config:?}");
        assert!(public.join("index.html").is_file());
    }
}

// ---------------------------------------------------------------------------------------------
// Interrupted builds.

/// A build stopped by Ctrl-C left its staging folder (a temporary folder removed only when
/// dropped, which a signal never does) beside the output.
#[cfg(unix)]
#[test]
fn an_interrupted_build_removes_its_staging_folder() {
    let outer = Outer::new();
    outer.write("site/notes/index.md", "# Home\n");
    let body = "Some text about [[index]] with `code` and more words.\n\n".repeat(40);
    for i in 0..1500 {
        outer.write(
            &format!("site/notes/part{}/note{i}.md", i % 30),
            &format!("# Note {i}\n\n{body}```rust\nfn main() {{ println!(\"{i}\"); }}\n```\n"),
        );
    }
    let mut child = studysite_command()
        .args(["build", "--quiet", "--root"])
        .arg(outer.site())
        .current_dir(outer.site())
        .spawn()
        .unwrap();
    let staging = || {
        names(&outer.site())
            .into_iter()
            .find(|n| n.starts_with(".studysite-staging-"))
    };
    // Wait until the build has a staging folder with pages in it, then interrupt it.
    let started = std::time::Instant::now();
    let seen = loop {
        if let Some(dir) = staging() {
            if outer.site().join(&dir).join("part0").is_dir() {
                break dir;
            }
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be interrupted"
        );
        assert!(started.elapsed().as_secs() < 120, "no staging folder");
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "interrupted, yet it says it succeeded");
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert!(!outer.site().join(&seen).exists(), "{seen} left behind");
    assert_eq!(names(&outer.site()), ["notes"]);
}
