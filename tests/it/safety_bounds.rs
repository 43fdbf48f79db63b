//! Hostile input costs a bounded amount of work: YAML, diagrams and headings that made a build
//! take minutes are refused with a located error, or handled in linear time; nothing panics.

use crate::common::{stderr, TestSite};
use std::collections::HashSet;

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

/// TOML nests without brackets too: each dot of a key is a table in a table.
#[test]
fn deeply_nested_toml_frontmatter_is_refused_not_a_crash() {
    let site = TestSite::new();
    for (name, header) in [
        ("dots", format!("{}a = 1", "a.".repeat(20_000))),
        ("brackets", format!("a = {}", "[".repeat(40_000))),
    ] {
        site.write(
            "notes/a.md",
            format!("+++\ntitle = 'A'\n{header}\n+++\nbody\n"),
        );
        let err = failure(&site);
        let refused = err.contains("recursion limit") || err.contains("more than 64 deep");
        assert!(
            err.contains("error: notes/a.md:") && refused,
            "{name}: {err}"
        );
    }
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

/// Each repeated `x` used to walk the taken `x-N` again: 4,000 took two minutes.
#[test]
fn thousands_of_repeated_headings_get_unique_ids() {
    let n = 2000;
    let site = TestSite::new();
    let mut body = String::from("---\ntitle: A\n---\n# x\n\n");
    for i in 1..=n {
        body.push_str(&format!("## x-{i}\n\n"));
    }
    body.push_str(&"## x\n\n".repeat(n));
    site.write("notes/a.md", body);
    site.build();
    let ids = site.page("a.html").attrs("h1[id], h2[id]", "id");
    assert_eq!(ids.len(), 2 * n + 1);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    assert_eq!(ids[n + 1], format!("x-{}", n + 1));
    assert_eq!(ids.last().unwrap(), &format!("x-{}", 2 * n));
}

/// Inputs that could make the Markdown stage super-linear or overflow a stack: each builds.
#[test]
fn hostile_bodies_build() {
    let site = TestSite::new();
    let notes = [
        ("nested-lists", "- ".repeat(10_000) + "x\n"),
        ("quotes", "> ".repeat(10_000) + "x\n"),
        ("brackets", "[".repeat(100_000) + "\n"),
        ("stars", "*".repeat(100_000) + "\n"),
        ("emphasis", "*a _b ".repeat(20_000) + "\n"),
        ("long-line", "word ".repeat(200_000) + "\n"),
        ("self-links", "[[self-links]] ".repeat(20_000) + "\n"),
        ("wiki-opens", "[[".repeat(50_000) + "\n"),
    ];
    for (name, body) in &notes {
        site.write(&format!("notes/{name}.md"), body);
    }
    for i in 0..100 {
        site.write(
            &format!("notes/same-{i}.md"),
            "---\ntitle: Same\n---\nbody\n",
        );
    }
    site.build();
    // (Not parsed: html5ever takes minutes over 10,000 nested elements in a debug build.)
    for (name, _) in &notes {
        assert!(
            site.output(&format!("{name}.html")).contains("</main>"),
            "{name}"
        );
    }
}
