//! Hostile input costs a bounded amount of work: YAML and diagrams that made a build take
//! minutes are refused with a located error.

use crate::common::{stderr, TestSite};

/// Builds a site expected to fail, and returns what it printed.
fn failure(site: &TestSite) -> String {
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out)
}

#[test]
fn frontmatter_over_64_kb_is_refused_at_its_first_line() {
    let site = TestSite::new();
    // 100 KB of `[` took 18 s in serde_yaml.
    site.write(
        "notes/a.md",
        format!("---\ntitle: {}\n---\nbody\n", "[".repeat(100_000)),
    );
    let err = failure(&site);
    assert!(
        err.contains("error: notes/a.md:2:1: frontmatter is 98 KB long; at most 64 KB is read"),
        "{err}"
    );
    assert!(
        err.contains("help: shorten it: long text belongs in the Markdown of a note"),
        "{err}"
    );
}

#[test]
fn deeply_nested_frontmatter_is_refused_where_it_gets_too_deep() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        format!("---\ntitle: A\ntags: {}\n---\nbody\n", "[".repeat(40_000)),
    );
    let err = failure(&site);
    assert!(
        err.contains("error: notes/a.md:3:71: frontmatter nests `[` and `{` more than 64 deep"),
        "{err}"
    );
}

#[test]
fn comparison_over_64_kb_is_refused_at_its_block() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        format!(
            "---\ntitle: A\n---\nText.\n\n```compare\ntitle: {}\n```\n",
            "[".repeat(100_000)
        ),
    );
    let err = failure(&site);
    assert!(
        err.contains("error: notes/a.md:7:1: comparison is 98 KB long; at most 64 KB is read"),
        "{err}"
    );
}

#[test]
fn site_yaml_of_10_mb_is_refused() {
    let site = TestSite::new();
    site.write("notes/a.md", "# A\n");
    site.write("site.yaml", format!("title: {}", "[".repeat(10 << 20)));
    let err = failure(&site);
    assert!(
        err.contains("error: site.yaml:1:1: site.yaml is 10241 KB long; at most 64 KB is read"),
        "{err}"
    );
}

#[test]
fn a_huge_diagram_is_refused_before_pikchr_reads_it() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        format!(
            "# A\n\n```pikchr\n{}```\n",
            "box \"x\"; arrow\n".repeat(10_000)
        ),
    );
    let err = failure(&site);
    assert!(
        err.contains(
            "error: notes/a.md:4:1: diagram does not parse: 147 KB is too long for one diagram (the limit is 64 KB): split it into smaller ones"
        ),
        "{err}"
    );
}
