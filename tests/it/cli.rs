//! The command line as a user meets it: exact error text and exit codes.

use crate::common::{stderr, studysite_command, TestSite};

fn fails_with(site: &TestSite, args: &[&str], expected: &str) {
    let out = site.run(args);
    assert_eq!(stderr(&out), expected);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn broken_yaml_names_the_line_in_the_note() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "---\ntitle: A\ntags: [a, b\nsummary: x\n---\nBody\n",
    );
    fails_with(
        &site,
        &["build"],
        "error: notes/a.md:4:8: invalid frontmatter: did not find expected ',' or ']'
   |
 4 | summary: x
   |        ^
  = help: check the indentation and quote values that contain `: ` or `#`
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn unknown_frontmatter_key_suggests_the_known_one() {
    let site = TestSite::new();
    site.write("notes/a.md", "---\ntitle: A\ntittle: B\n---\nBody\n");
    fails_with(
        &site,
        &["build"],
        "error: notes/a.md:3:1: unknown frontmatter key `tittle`
   |
 3 | tittle: B
   | ^
  = help: did you mean `title`? Other keys are kept for templates, but one this close to a known key is taken for a typo
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn bad_site_yaml() {
    let site = TestSite::new();
    site.write("notes/a.md", "Body\n")
        .write("site.yaml", "title: T\nbase-url: x\n");
    fails_with(
        &site,
        &["check"],
        "error: site.yaml:2:1: unknown site.yaml key `base-url`
   |
 2 | base-url: x
   | ^
  = help: did you mean `base_url`? Known keys: title, description, author, language, base_url, allow_broken_links, follow_external_links, strict_frontmatter, ignore, handout, math_macros
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn non_utf8_note() {
    let site = TestSite::new();
    site.write("notes/a.md", b"# Caf\xe9\n".as_slice());
    fails_with(
        &site,
        &["build"],
        "error: notes/a.md:1:6: note is not valid UTF-8 (byte 0xe9)
   |
 1 | # Caf\u{fffd}
   |      ^
  = help: save the file with UTF-8 encoding
error: 1 problem found; nothing was written
",
    );
}

/// Vaults are full of placeholders: an empty note is a warning, and gets its page.
#[test]
fn empty_note() {
    let site = TestSite::new();
    site.write("notes/a.md", "\n  \n");
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "warning: notes/a.md:1:1: note is empty
   |
 1 | \n   | ^
  = help: write something in it, or leave it out of the site: rename it with a leading `_`, or list it under `ignore:` in site.yaml
"
    );
    assert!(site.path("public/a.html").is_file());
}

#[test]
fn notes_differing_only_in_case_collide() {
    let site = TestSite::new();
    site.write("notes/Lambda.md", "A\n")
        .write("notes/lambda.md", "B\n");
    fails_with(
        &site,
        &["build"],
        "error: notes/lambda.md: note lambda.md would be written to lambda.html, which is also note Lambda.md
  = help: rename or move one of them (output names that differ only in case collide on macOS and Windows)
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_note_may_not_take_a_file_the_build_writes_at_a_fixed_name() {
    let site = TestSite::new();
    site.write("notes/404.md", "A\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with(
        "error: notes/404.md: note 404.md would be written to 404.html, which is also a file the build generates\n"
    ));
}

/// A vault's own `Glossary.md` or `Review.md`, or Obsidian Publish's `permalink: tags` (as
/// Obsidian's own help vault writes), keeps its page; the site-wide page moves aside, and every
/// link to it follows. They failed the build.
#[test]
fn notes_named_like_the_site_wide_pages_keep_their_names_and_the_pages_move_aside() {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nSee [[Tag notes]].\n")
        .write("notes/Glossary.md", "# My glossary\n\nWords.\n")
        .write("notes/Review.md", "# Exam review\n\nWhat to revise.\n")
        .write("notes/tags-2.md", "# Second tags\n\nTaken too.\n")
        .write(
            "notes/Editing/Tag notes.md",
            "---\npermalink: tags\ntags: [howto]\n---\n# Tags\n\nHow tags work.\n",
        )
        .write(
            "notes/glossary.yaml",
            "Pod: The smallest unit Kubernetes runs.\n",
        );
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The notes are where their names put them.
    assert_eq!(
        site.page("Glossary.html").texts("main h1"),
        ["My glossary#"]
    );
    assert_eq!(site.page("Review.html").texts("main h1"), ["Exam review#"]);
    assert_eq!(site.page("tags.html").texts("main h1"), ["Tags#"]);
    // The site-wide pages took the first free names: tags-2 is a note's, so tags-3.
    assert_eq!(site.page("tags-3.html").texts("main h1"), ["Tags"]);
    assert_eq!(site.page("glossary-2.html").texts("main h1"), ["Glossary"]);
    assert!(site.page("review-2.html").select("#review").len() == 1);
    // Every page's header and the tag pages' breadcrumbs link where they went.
    for (page, prefix) in [
        ("index.html", ""),
        ("tags.html", ""),
        ("tags/howto.html", "../"),
    ] {
        let page = site.page(page);
        let header = page.attrs("header nav a", "href");
        for moved in ["tags-3.html", "review-2.html", "glossary-2.html"] {
            assert!(header.contains(&format!("{prefix}{moved}")), "{header:?}");
        }
    }
    assert_eq!(
        site.page("tags/howto.html").attrs(".breadcrumbs a", "href"),
        ["../index.html", "../tags-3.html"]
    );
}

#[test]
fn unwritable_output_folder() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n")
        .write("blocker", "a file, not a folder");
    let out = site.run(&["build", "--out", "blocker/public"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot write the output folder blocker/public: blocker is a file, not a folder
  = help: choose another --out, or fix the permissions of its parent folder
error: 1 problem found; nothing was written
"
    );
}

#[test]
fn failed_build_keeps_the_previous_site() {
    let site = TestSite::new();
    site.write("notes/index.md", "# First version\n").build();
    assert!(site.output("index.html").contains("First version"));
    site.write("notes/index.md", "# Second version [[missing]]\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(site.output("index.html").contains("First version"));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn rebuild_replaces_the_old_output_whole() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n")
        .write("notes/b.md", "B\n")
        .build();
    std::fs::remove_file(site.path("notes/b.md")).unwrap();
    site.build();
    assert!(site.path("public/a.html").exists());
    assert!(!site.path("public/b.html").exists());
}

#[test]
fn refuses_a_folder_it_did_not_write() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n")
        .write("public/precious.txt", "mine");
    fails_with(
        &site,
        &["build"],
        "error: refusing to write the site into public: it is not empty and was not written by studysite (no .studysite-output file in it)
  = help: empty it or choose another --out; studysite only replaces folders it wrote itself
error: 1 problem found; nothing was written
",
    );
    assert_eq!(
        std::fs::read_to_string(site.path("public/precious.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn refuses_the_root_and_the_notes_folder_as_output() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n");
    for out in [".", "notes", "notes/public"] {
        let result = site.run(&["build", "--out", out]);
        assert_eq!(result.status.code(), Some(1), "--out {out}");
        assert!(
            stderr(&result).starts_with("error: refusing to write the site into"),
            "{}",
            stderr(&result)
        );
    }
    assert!(site.path("notes/a.md").exists());
}

#[test]
fn every_broken_link_is_reported_in_one_run() {
    let site = TestSite::new();
    site.write("notes/lambda.md", "---\ntitle: AWS Lambda\n---\n## Pricing\n")
        .write(
            "notes/a.md",
            "See [[lamda]] and [[lambda#pricng]].\n\nAlso [x](nope.md) and ![i](pic.png) and [[lambda#limits]].\n",
        );
    fails_with(
        &site,
        &["check"],
        "error: notes/a.md:1:5: broken link 'lamda': no note is named 'lamda'
   |
 1 | See [[lamda]] and [[lambda#pricng]].
   |     ^
  = help: did you mean 'AWS Lambda' (lambda.md)?
error: notes/a.md:1:19: broken link 'lambda#pricng': no heading or anchor '#pricng' in lambda.md
   |
 1 | See [[lamda]] and [[lambda#pricng]].
   |                   ^
  = help: did you mean '#pricing'?
error: notes/a.md:3:6: broken link 'nope.md': no note or file at 'nope.md'
   |
 3 | Also [x](nope.md) and ![i](pic.png) and [[lambda#limits]].
   |      ^
error: notes/a.md:3:23: broken link 'pic.png': no image or file at 'pic.png'
   |
 3 | Also [x](nope.md) and ![i](pic.png) and [[lambda#limits]].
   |                       ^
error: notes/a.md:3:41: broken link 'lambda#limits': no heading or anchor '#limits' in lambda.md
   |
 3 | Also [x](nope.md) and ![i](pic.png) and [[lambda#limits]].
   |                                         ^
  = help: its anchors are #pricing
error: 5 problems found; nothing was written
",
    );
}

#[test]
fn ambiguous_wikilink_lists_the_candidates() {
    let site = TestSite::new();
    site.write("notes/a/intro.md", "A\n")
        .write("notes/b/intro.md", "B\n")
        .write("notes/c.md", "[[intro]]\n");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with(
        "error: notes/c.md:1:1: broken link 'intro': 'intro' is ambiguous: it names 'Intro' (a/intro.md), 'Intro' (b/intro.md)\n"
    ), "{}", stderr(&out));
}

#[test]
fn allow_broken_links_warns_and_builds() {
    let site = TestSite::new();
    site.write("notes/a.md", "[[nowhere]]\n");
    let out = site.run(&["build", "--allow-broken-links", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).starts_with(
        "warning: notes/a.md:1:1: broken link 'nowhere': no note is named 'nowhere'\n"
    ));
    assert!(site.output("a.html").contains("class=\"broken-link\""));

    site.write("site.yaml", "allow_broken_links: true\n");
    assert_eq!(site.run(&["build", "--quiet"]).status.code(), Some(0));
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n");
    let out = site.run(&["check"]);
    assert!(out.status.success());
    assert_eq!(
        stderr(&out).split(" in ").next(),
        Some("checked 1 notes into 6 pages")
    );
    assert!(!site.path("public").exists());
}

#[test]
fn build_prints_a_summary_unless_quiet() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n");
    let loud = site.run(&["build"]);
    assert!(stderr(&loud).starts_with("built 1 notes into 6 pages in "));
    let quiet = site.run(&["build", "--quiet"]);
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn usage_errors_exit_with_2() {
    let site = TestSite::new();
    let out = site.run(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = site.run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_command_has_help_with_an_example() {
    let site = TestSite::new();
    for command in ["build", "check", "new"] {
        let out = site.run(&[command, "--help"]);
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Example:"),
            "{command}"
        );
    }
}

#[test]
fn new_creates_a_note_that_builds() {
    let site = TestSite::new();
    let out = site.run(&["new", "Lambda pricing", "--dir", "notes/serverless"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "created notes/serverless/lambda-pricing.md\n"
    );
    site.build();
    assert!(site
        .output("serverless/lambda-pricing.html")
        .contains("<h1>Lambda pricing</h1>"));
    let again = site.run(&["new", "Lambda pricing", "--dir", "notes/serverless"]);
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn missing_notes_folder_says_what_to_do() {
    let site = TestSite::new();
    std::fs::remove_dir(site.path("notes")).unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "help: create it, or point --notes (or --root) at the folder holding your Markdown notes"
    ));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported() {
    let site = TestSite::new();
    site.write("notes/a/x.md", "A\n");
    std::os::unix::fs::symlink("..", site.path("notes/a/loop")).unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .starts_with("error: notes/a/loop: symlink loop: this link points back to notes\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn init_scaffolds_a_site_that_builds_and_never_overwrites() {
    let site = TestSite::new();
    let out = site.run(&["init", "course"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "site.yaml",
        "notes/index.md",
        "notes/sample-note.md",
        ".github/workflows/pages.yml",
        ".gitignore",
    ] {
        assert!(site.path("course").join(file).is_file(), "{file}");
    }
    let build = studysite_command()
        .args(["build", "--quiet", "--root"])
        .arg(site.path("course"))
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    let sample = std::fs::read_to_string(site.path("course/public/sample-note.html")).unwrap();
    assert!(
        sample.contains("<table class=\"compare\">") && sample.contains("<svg class=\"diagram\"")
    );
    let again = site.run(&["init", "course"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("site.yaml already exists"));
}

/// A file in the notes named like one the build writes itself (its stylesheet, its code
/// colours, a file of the site's `static/`) was silently replaced by it, or replaced it: the
/// site lost its code colours to a vault's `highlight.css`.
#[test]
fn a_file_may_not_take_the_name_of_the_builds_own_files() {
    let site = TestSite::new();
    site.write("notes/a.md", "# A\n\nHi.\n")
        .write("notes/style.css", "body { color: red }\n")
        .write("notes/Highlight.css", "x\n")
        .write("notes/extra/theme.css", "y\n")
        .write("static/extra/theme.css", "z\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr(&out);
    let mut errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: ") && l.contains("would be written"))
        .map(|l| &l[l.find("notes/").unwrap()..])
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            "notes/Highlight.css: file Highlight.css would be written to Highlight.css, which is also a file the build generates",
            "notes/extra/theme.css: file extra/theme.css would be written to extra/theme.css, which is also a file of the site's static/ folder",
            "notes/style.css: file style.css would be written to style.css, which is also a file the build generates",
        ]
    );
}
