//! A second `build` with nothing changed leaves the output alone; any change to what a build
//! reads or to what it wrote makes it build again.

use crate::common::{stderr, TestSite};
use std::time::{Duration, SystemTime};

/// Runs `build` with `extra` flags: `"built"` or `"up to date"`.
fn build(site: &TestSite, extra: &[&str]) -> &'static str {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let out = site.run(&args);
    let err = stderr(&out);
    assert!(out.status.success(), "build failed:\n{err}");
    if err.contains("up to date: nothing changed since the last build") {
        "up to date"
    } else {
        assert!(err.contains("built "), "{err}");
        "built"
    }
}

/// Lets the last edit age (see `TestSite::settle`), then builds, which must build anew.
fn settle_and_build(site: &TestSite) {
    site.settle();
    assert_eq!(build(site, &[]), "built");
}

/// The basic fixture, settled and built once.
fn built_fixture() -> TestSite {
    let site = TestSite::fixture("basic");
    settle_and_build(&site);
    site
}

fn modified(site: &TestSite, rel: &str) -> SystemTime {
    std::fs::metadata(site.path(rel))
        .and_then(|m| m.modified())
        .unwrap()
}

#[test]
fn a_second_build_with_nothing_changed_writes_nothing() {
    let site = built_fixture();
    let page = modified(&site, "public/compute/vms.html");
    let marker = site.output(".studysite-output");
    assert_eq!(build(&site, &[]), "up to date");
    let quiet = site.run(&["build", "--quiet"]);
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "");
    assert_eq!(modified(&site, "public/compute/vms.html"), page);
    assert_eq!(site.output(".studysite-output"), marker);
}

#[test]
fn force_builds_anyway() {
    let site = built_fixture();
    assert_eq!(build(&site, &["--force"]), "built");
    assert_eq!(build(&site, &[]), "up to date");
}

#[test]
fn a_touched_or_edited_note_is_built_again() {
    let site = built_fixture();
    let note = site.path("notes/storage/buckets.md");
    let half_hour_ago = SystemTime::now() - Duration::from_secs(1800);
    std::fs::File::options()
        .write(true)
        .open(&note)
        .unwrap()
        .set_modified(half_hour_ago)
        .unwrap();
    assert_eq!(build(&site, &[]), "built");
    assert_eq!(build(&site, &[]), "up to date");

    let text = std::fs::read_to_string(&note).unwrap();
    site.write(
        "notes/storage/buckets.md",
        text.replace("Objects live", "Blobs live"),
    );
    settle_and_build(&site);
    assert!(site.output("storage/buckets.html").contains("Blobs live"));
    assert_eq!(build(&site, &[]), "up to date");
}

#[test]
fn a_note_saved_seconds_before_a_build_is_not_trusted_to_show_a_later_change() {
    let site = built_fixture();
    site.write("notes/storage/buckets.md", "# Buckets\n\nJust saved.\n");
    assert_eq!(build(&site, &[]), "built");
    // Saved again within the same clock tick, at the same size, it could look unchanged: so
    // the build above kept no fingerprint, and this one builds too.
    assert_eq!(build(&site, &[]), "built");
}

#[test]
fn added_and_deleted_notes_and_files_are_built_again() {
    let site = built_fixture();
    site.write("notes/storage/disks.md", "# Disks\n\nBlock storage.\n");
    settle_and_build(&site);
    assert!(site.path("public/storage/disks.html").is_file());
    assert_eq!(build(&site, &[]), "up to date");

    std::fs::remove_file(site.path("notes/storage/disks.md")).unwrap();
    assert_eq!(build(&site, &[]), "built");
    assert!(!site.path("public/storage/disks.html").exists());

    site.write("notes/storage/disk.png", "not really a png");
    settle_and_build(&site);
    assert!(site.path("public/storage/disk.png").is_file());
}

#[test]
fn a_deleted_changed_or_added_output_file_is_built_again() {
    let site = built_fixture();
    std::fs::remove_file(site.path("public/compute/vms.html")).unwrap();
    assert_eq!(build(&site, &[]), "built");
    assert!(site.path("public/compute/vms.html").is_file());
    assert_eq!(build(&site, &[]), "up to date");

    site.write("public/compute/vms.html", "edited by hand");
    assert_eq!(build(&site, &[]), "built");
    assert!(site.output("compute/vms.html").contains("<html"));

    site.write("public/stray.html", "left here");
    assert_eq!(build(&site, &[]), "built");
    assert!(!site.path("public/stray.html").exists());
    assert_eq!(build(&site, &[]), "up to date");
}

#[test]
fn site_yaml_templates_and_static_files_are_inputs() {
    let site = built_fixture();
    site.write(
        "site.yaml",
        "title: Renamed Course\ndescription: A small course for the tests.\nlanguage: en\n",
    );
    settle_and_build(&site);
    assert!(site.output("index.html").contains("Renamed Course"));
    assert_eq!(build(&site, &[]), "up to date");

    site.write("static/extra.css", "p { color: red }");
    settle_and_build(&site);
    assert!(site.path("public/extra.css").is_file());

    let template = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/404.html"),
    )
    .unwrap();
    site.write(
        "templates/404.html",
        template.replace("</article>", "<!-- mine --></article>"),
    );
    settle_and_build(&site);
    assert!(site.output("404.html").contains("<!-- mine -->"));
    assert_eq!(build(&site, &[]), "up to date");
}

#[test]
fn options_that_change_the_output_are_inputs() {
    let site = built_fixture();
    assert_eq!(
        build(&site, &["--base-url", "https://x.example/c/"]),
        "built"
    );
    assert!(site.path("public/sitemap.xml").is_file());
    assert_eq!(
        build(&site, &["--base-url", "https://x.example/c/"]),
        "up to date"
    );
    assert_eq!(build(&site, &[]), "built");
    assert!(!site.path("public/sitemap.xml").exists());

    assert_eq!(build(&site, &["--drafts"]), "built");
    assert_eq!(build(&site, &["--drafts"]), "up to date");
    assert_eq!(build(&site, &[]), "built");

    // Another output folder has no build of its own yet.
    assert_eq!(build(&site, &["--out", "elsewhere"]), "built");
    assert_eq!(build(&site, &["--out", "elsewhere"]), "up to date");
    assert_eq!(build(&site, &[]), "up to date");
}

#[test]
fn warnings_are_shown_again_when_nothing_changed() {
    let site = built_fixture();
    site.write(
        "notes/storage/broken.md",
        "# Broken\n\nSee [[no-such-note]].\n",
    );
    site.settle();
    let first = site.run(&["build", "--allow-broken-links"]);
    let second = site.run(&["build", "--allow-broken-links"]);
    assert!(
        stderr(&first).starts_with("warning: "),
        "{}",
        stderr(&first)
    );
    assert!(
        stderr(&second).contains("up to date"),
        "{}",
        stderr(&second)
    );
    let warnings = |err: String| -> Vec<String> {
        err.lines()
            .filter(|l| l.starts_with("warning: "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(warnings(stderr(&first)), warnings(stderr(&second)));
    assert!(stderr(&second).contains(", 1 warning)"));
    // Without the flag the broken link is an error again, not an up-to-date build.
    let strict = site.run(&["build"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn check_and_handout_neither_use_nor_touch_the_fingerprint() {
    let site = built_fixture();
    let marker = site.output(".studysite-output");
    let out = site.run(&["check"]);
    assert!(stderr(&out).starts_with("checked "), "{}", stderr(&out));
    let out = site.run(&["handout", "--quiet", "--out", "h.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(site.output(".studysite-output"), marker);
    assert_eq!(build(&site, &[]), "up to date");
}

#[test]
fn a_rebuilt_studysite_builds_again() {
    let site = built_fixture();
    let tools = tempfile::tempdir().unwrap();
    let tool = tools.path().join("studysite");
    std::fs::copy(env!("CARGO_BIN_EXE_studysite"), &tool).unwrap();
    let build_with = |tool: &std::path::Path| {
        // A file just written can be "busy" for a moment: a child process that another test
        // forked meanwhile may hold it open until it execs.
        let mut tries = 0;
        let out = loop {
            match std::process::Command::new(tool)
                .env("STUDYSITE_CACHE_DIR", site.cache.path())
                .arg("build")
                .arg("--root")
                .arg(site.root())
                .output()
            {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
                result => break result.unwrap(),
            }
        };
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    assert!(build_with(&tool).starts_with("built "), "another binary");
    assert!(build_with(&tool).starts_with("up to date"));
    std::fs::File::options()
        .write(true)
        .open(&tool)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
    assert!(
        build_with(&tool).starts_with("built "),
        "the same binary, rebuilt"
    );
}
