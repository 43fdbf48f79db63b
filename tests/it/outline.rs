//! The sidebar outline of a big site (over 300 notes, where a page shows a window of it): every
//! section is reachable from every page, those in no section (home, tags, review) included.

use crate::common::{Page, TestSite};

const SECTIONS: usize = 20;

/// 20 sections of 16 notes (320 in all), a home page and a tag; the odd sections have a page
/// of their own (`index.md`), the even ones are entered by their first note.
fn big_site() -> TestSite {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nWhere the course starts.\n");
    for section in 1..=SECTIONS {
        if section % 2 == 1 {
            site.write(
                &format!("notes/s{section:02}/index.md"),
                format!("---\ntitle: Section {section}\n---\nAbout section {section}.\n"),
            );
        }
        for i in 0..16 {
            site.write(
                &format!("notes/s{section:02}/n{i:02}.md"),
                format!("---\ntags: [shared]\n---\nNote {i} of section {section}.\n"),
            );
        }
    }
    site.build();
    site
}

/// The link each of the outline's top-level sections has, in order (an empty string for a
/// section shown without one).
fn section_links(page: &Page) -> Vec<String> {
    page.select("nav.outline > ol > li.section")
        .iter()
        .map(|li| {
            li.children()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| e.value().name() == "a")
                .and_then(|a| a.value().attr("href"))
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// A page in no section once listed the first 13 of 20 sections and then "…", and a page in
/// the last section the last 13: the rest could not be reached from it.
#[test]
fn every_page_of_a_big_site_links_every_section() {
    let site = big_site();
    let first_page = |section: usize| {
        if section % 2 == 1 {
            format!("s{section:02}/index.html")
        } else {
            format!("s{section:02}/n00.html")
        }
    };
    for (page, prefix) in [
        ("index.html", ""),
        ("review.html", ""),
        ("tags.html", ""),
        ("tags/shared.html", "../"),
    ] {
        let doc = site.page(page);
        let mut expected: Vec<String> = (1..=SECTIONS)
            .map(|s| format!("{prefix}{}", first_page(s)))
            .collect();
        expected.sort();
        let mut links = section_links(&doc);
        links.sort();
        assert_eq!(links, expected, "{page}");
        assert!(
            doc.select("nav.outline > ol > li.more").is_empty(),
            "{page}: sections left out"
        );
    }
    // A page in the first or the last section: every section listed, its own open with a
    // window of its notes.
    for page in ["s01/n03.html", "s20/n15.html"] {
        let doc = site.page(page);
        let links = section_links(&doc);
        assert_eq!(links.len(), SECTIONS, "{page}: {links:?}");
        assert!(
            doc.select("nav.outline > ol > li.more").is_empty(),
            "{page}: sections left out"
        );
        let others = links.iter().filter(|l| !l.is_empty()).count();
        assert!(others >= SECTIONS - 1, "{page}: {links:?}");
        assert_eq!(
            doc.texts("nav.outline a[aria-current=page]").len(),
            1,
            "{page}"
        );
    }
}
