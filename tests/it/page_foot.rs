//! The foot of a page lists each note once: a related note is not also under "Linked from", the
//! home page lists no "Linked from", and its course listing leaves out the notes its own text
//! already links to (a home page with a learning path once listed the course twice).

use crate::common::*;

/// A course of four notes: `a` names `b` as related, `b` and `c` link to `a`, `c` links home.
fn course(home: &str) -> TestSite {
    let site = TestSite::new();
    site.write("site.yaml", "title: Foot\nlanguage: en\n")
        .write(
            "notes/index.md",
            format!("---\ntitle: Welcome\n---\n{home}\n"),
        )
        .write(
            "notes/a.md",
            "---\ntitle: Alpha\norder: 1\nrelated: [b]\n---\nAlpha.\n",
        )
        .write(
            "notes/b.md",
            "---\ntitle: Beta\norder: 2\n---\nSee [[Alpha]].\n",
        )
        .write(
            "notes/c.md",
            "---\ntitle: Gamma\norder: 3\n---\nSee [[Alpha]], or go [[Welcome|home]].\n",
        )
        .write("notes/d.md", "---\ntitle: Delta\norder: 4\n---\nDelta.\n");
    site.build();
    site
}

#[test]
fn a_related_note_is_not_also_listed_as_linking_here() {
    let site = course("Start here.");
    let alpha = site.page("a.html");
    let related = alpha.texts("ul.related a");
    let backlinks = alpha.texts("ul.backlinks a");
    assert!(related.contains(&"Beta".to_string()), "{related:?}");
    assert!(
        backlinks.iter().all(|b| !related.contains(b)),
        "in both lists: related {related:?}, linked from {backlinks:?}"
    );
    assert!(
        backlinks.contains(&"Gamma".to_string()),
        "a linking note that is not related is still listed: {backlinks:?}"
    );
}

#[test]
fn the_home_page_lists_what_its_text_does_not_link_and_no_linked_from() {
    // The home page's text links to two notes: the listing holds the other two.
    let site = course("Begin with [[Alpha]], then [[Beta]].");
    let home = site.page("index.html");
    assert_eq!(home.texts(".course h2"), ["More in the course"]);
    assert_eq!(home.texts(".course .note-list a"), ["Gamma", "Delta"]);
    assert!(
        home.select("ul.backlinks").is_empty(),
        "the home page lists the notes linking to it"
    );
    assert_eq!(home.texts(".course .handout-link a").len(), 1);

    // Text with no links: the whole course, under its usual heading.
    let site = course("Start here.");
    let home = site.page("index.html");
    assert_eq!(home.texts(".course h2"), ["Course contents"]);
    assert_eq!(
        home.texts(".course .note-list a"),
        ["Alpha", "Beta", "Gamma", "Delta"]
    );

    // Text linking to every note: no listing, but still the handout.
    let site = course("[[Alpha]], [[Beta]], [[Gamma]] and [[Delta]].");
    let home = site.page("index.html");
    assert!(home.select(".course h2, .course .note-list").is_empty());
    assert_eq!(home.texts(".course .handout-link a").len(), 1);
}
