//! mdBook's `{{#include}}` and `{{#rustdoc_include}}` in code blocks: the fixture book
//! (`tests/fixtures/mdbook`, its listings beside the notes folder, as the Rust book keeps them)
//! shows the files' lines on its pages, in its handout and in its search index; a directive that
//! finds nothing, leaves the site or names too big a file is reported at its `file:line:col`.

use crate::common::{stderr, text, Page, SearchFiles, TestSite};
use std::sync::OnceLock;

/// The fixture book, built once.
fn book() -> &'static TestSite {
    static BOOK: OnceLock<TestSite> = OnceLock::new();
    BOOK.get_or_init(|| {
        let site = TestSite::fixture("mdbook");
        site.build();
        site
    })
}

/// The text of each code block of a page, in order, its lines and spaces as shown.
fn code_blocks(page: &Page) -> Vec<String> {
    page.select("main pre code")
        .iter()
        .map(|code| code.text().collect())
        .collect()
}

#[test]
fn code_blocks_show_the_whole_file_its_lines_or_its_anchor_without_markers() {
    let blocks = code_blocks(&book().page("index.html"));
    assert_eq!(
        blocks[0],
        "[package]\nname = \"hello_listing\"\nversion = \"0.1.0\"\n"
    );
    assert_eq!(
        blocks[1],
        "fn greet_reader(name: &str) {\n    println!(\"Hello, {name}!\");\n}\n"
    );
    // rustdoc_include shows the anchor's lines alone (mdBook hides the rest behind `# `).
    assert_eq!(
        blocks[2],
        "    let mut line = String::new();\n    io::stdin().read_line(&mut line).expect(\"a line\");\n"
    );
    assert_eq!(
        blocks[3],
        "line two\nline three\n---\nline four\n---\nline one\n---\nline five\n"
    );
    // Not recursive, as in mdBook; `\{{#include}}` is the directive written out.
    assert_eq!(
        blocks[4],
        "inner text\n{{#include lines.txt}}\n{{#include ../listings/hello/lines.txt}}\n"
    );
    // An indented code block too.
    assert_eq!(blocks[5], "line one\n");
}

#[test]
fn paths_are_relative_to_the_note_and_anchors_nest() {
    let blocks = code_blocks(&book().page("parts/deeper.html"));
    let all = &blocks[0];
    assert!(all.starts_with("use std::io;\n\nfn greet_reader"), "{all}");
    assert!(all.ends_with("greet_reader(line.trim());\n}\n"), "{all}");
    assert!(!all.contains("ANCHOR"), "{all}");
    assert_eq!(blocks[1], "def snippet_inside_notes():\n    return 42\n");
}

#[test]
fn the_included_code_is_highlighted_in_the_page_the_handout_and_the_search_index() {
    let site = book();
    let page = site.page("index.html");
    // Highlighted: the language's tokens have their classes.
    let greet = &page.select("main pre code")[1];
    assert!(
        greet
            .select(&scraper::Selector::parse("span[class]").unwrap())
            .count()
            > 3,
        "{}",
        greet.html()
    );
    let handout = site.page("handout.html");
    let codes = handout.texts("pre code");
    assert!(
        codes
            .iter()
            .any(|c| c.contains("fn greet_reader(name: &str)")),
        "{codes:?}"
    );
    assert!(!site
        .output("handout.html")
        .contains("{{#include ../listings/hello/src"));
    let index = SearchFiles::read(&site.path("public"));
    assert!(
        index
            .sections
            .iter()
            .any(|s| s[3].contains("snippet_inside_notes")),
        "the search text has the included code"
    );
}

/// A copy of the fixture book with `note` added, built: its output and whether it succeeded.
fn build_with(note: &str, extra: &[&str]) -> (TestSite, bool, String) {
    let site = TestSite::fixture("mdbook");
    site.write("notes/bad.md", note);
    let mut args = vec!["build", "--quiet"];
    args.extend(extra);
    let out = site.run(&args);
    (site, out.status.success(), stderr(&out))
}

#[test]
fn a_missing_file_or_anchor_is_a_broken_link_at_the_directive() {
    let note = "# Bad\n\n```rust\nfn x() {}\n  {{#include ../listings/hello/src/gone.rs}}\n{{#include ../listings/hello/src/main.rs:nope}}\n```\n";
    let (_, ok, err) = build_with(note, &[]);
    assert!(!ok, "{err}");
    assert!(
        err.contains(
            "error: notes/bad.md:5:3: `{{#include}}` finds no file `../listings/hello/src/gone.rs`"
        ),
        "{err}"
    );
    assert!(
        err.contains("notes/bad.md:6:1: `{{#include}}` finds no anchor `nope` in `../listings/hello/src/main.rs`"),
        "{err}"
    );
    // Imported material goes on: a warning, the directive left as written.
    let (site, ok, err) = build_with(note, &["--allow-broken-links"]);
    assert!(ok, "{err}");
    assert!(err.contains("warning: notes/bad.md:5:3:"), "{err}");
    let blocks = code_blocks(&site.page("bad.html"));
    assert!(blocks[0].contains("{{#include ../listings/hello/src/gone.rs}}"));
}

/// The build's error output, strict and with `--allow-broken-links`: what no flag lets through.
fn refused_in_both_modes(site: &TestSite) -> Vec<String> {
    [&[][..], &["--allow-broken-links"][..]]
        .into_iter()
        .map(|flags| {
            let mut args = vec!["build", "--quiet"];
            args.extend(flags);
            let out = site.run(&args);
            let err = stderr(&out);
            assert!(!out.status.success(), "{err}");
            err
        })
        .collect()
}

#[test]
fn includes_that_leave_the_site_are_refused_even_as_broken_links() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret words\n").unwrap();
    let secret = outside.path().join("secret.txt");
    let note = format!(
        "# Bad\n\n```\n{{{{#include ../../outside.txt}}}}\n```\n\n```\n{{{{#include {}}}}}\n```\n\n```\n{{{{#include link.txt}}}}\n```\n",
        secret.display()
    );
    let site = TestSite::fixture("mdbook");
    // A path out of the site by `..` is refused whether or not it exists; a symlink out of
    // the notes folder once it is followed.
    site.write("notes/bad.md", &note);
    std::os::unix::fs::symlink(&secret, site.path("notes/link.txt")).unwrap();
    for err in refused_in_both_modes(&site) {
        assert!(
            err.contains("notes/bad.md:4:1: `{{#include}}` of `../../outside.txt`"),
            "{err}"
        );
        assert!(err.contains("notes/bad.md:8:1:"), "{err}");
        assert!(err.contains("is an absolute path"), "{err}");
        assert!(
            err.contains("notes/bad.md:12:1: `{{#include}}` of `link.txt` leads outside the site"),
            "{err}"
        );
        assert!(!err.contains("secret words"), "{err}");
    }
}

/// The site root holds what is never published (`.env`, `.git/config`): a note including it
/// would publish it.
#[test]
fn hidden_files_of_the_site_are_refused() {
    let site = TestSite::fixture("mdbook");
    site.write(".env", "API_KEY=secret words\n")
        .write("listings/.git/config", "[remote] secret words\n")
        .write(
            "notes/bad.md",
            "# Bad\n\n```\n{{#include ../.env}}\n```\n\n```\n{{#include ../listings/.git/config}}\n```\n",
        );
    std::os::unix::fs::symlink(site.path(".env"), site.path("notes/env.txt")).unwrap();
    site.write(
        "notes/worse.md",
        "# Worse\n\n```\n{{#include env.txt}}\n```\n",
    );
    for err in refused_in_both_modes(&site) {
        for (at, path) in [
            ("notes/bad.md:4:1", "../.env"),
            ("notes/bad.md:8:1", "../listings/.git/config"),
            ("notes/worse.md:4:1", "env.txt"),
        ] {
            assert!(
                err.contains(&format!(
                    "{at}: `{{{{#include}}}}` of `{path}` names a hidden file or folder"
                )),
                "{err}"
            );
        }
        assert!(!err.contains("secret words"), "{err}");
    }
}

#[test]
fn a_file_over_a_mebibyte_a_note_over_eight_or_not_utf8_is_refused() {
    let site = TestSite::fixture("mdbook");
    site.write("listings/big.txt", vec![b'a'; 10 << 20]);
    site.write("listings/latin1.txt", b"caf\xe9\n");
    site.write(
        "notes/bad.md",
        "# Bad\n\n```\n{{#include ../listings/big.txt:1}}\n```\n\n```\n{{#include ../listings/latin1.txt}}\n```\n",
    );
    // Nine directives of a file of 1 MiB (the most one may be) pass the note's 8 MiB.
    site.write("listings/mib.txt", vec![b'a'; 1 << 20]);
    site.write(
        "notes/many.md",
        format!(
            "# Many\n\n```\n{}```\n",
            "{{#include ../listings/mib.txt}}\n".repeat(9)
        ),
    );
    let out = site.run(&["build", "--quiet", "--allow-broken-links"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains(
            "notes/bad.md:4:1: `{{#include}}` of `../listings/big.txt` is larger than 1024 KiB"
        ),
        "{err}"
    );
    assert!(
        err.contains("notes/bad.md:8:1: `{{#include}}` of `../listings/latin1.txt` is not UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("notes/many.md:12:1: `{{#include}}` of `../listings/mib.txt` would take the note's includes past 8 MiB"),
        "{err}"
    );
    assert_eq!(err.matches("notes/many.md").count(), 1, "{err}");
}

#[test]
fn a_directive_outside_code_stays_text_with_one_warning_per_note() {
    let (site, ok, err) = build_with(
        "# Text\n\nBefore.\n\n{{#include ../listings/hello/lines.txt}}\n\nAnd {{#include ../listings/hello/lines.txt:2}} again, but `{{#include x}}` is code.\n",
        &[],
    );
    assert!(ok, "{err}");
    assert_eq!(
        err.matches("is expanded in code blocks only").count(),
        1,
        "{err}"
    );
    assert!(err.contains("warning: notes/bad.md:5:1:"), "{err}");
    let page = site.page("bad.html");
    assert!(text(&page.one("main")).contains("{{#include ../listings/hello/lines.txt}}"));
    assert!(!text(&page.one("main")).contains("line one"));
}

#[test]
fn an_edit_to_a_listing_outside_the_notes_folder_is_built_again() {
    let site = TestSite::fixture("mdbook");
    site.settle();
    site.build();
    // The same size, so that only the contents and the time tell the edit.
    site.write(
        "listings/hello/Cargo.toml",
        "[package]\nname = \"hello_lISTING\"\nversion = \"0.1.0\"\n",
    );
    site.settle();
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert!(!err.contains("up to date"), "{err}");
    assert!(code_blocks(&site.page("index.html"))[0].contains("hello_lISTING"));
}
