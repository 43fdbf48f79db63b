//! What a page says about itself in its `<head>`: its title (the home page's not doubled), its
//! description (the note's summary), and Open Graph tags for links shared in a chat, with an
//! absolute `og:url` only when the site has a `base_url` (every other URL stays relative).

use crate::common::*;

fn metas(page: &Page, attr: &str, name: &str) -> Vec<String> {
    page.attrs(&format!("meta[{attr}=\"{name}\"]"), "content")
}

#[test]
fn a_notes_description_is_its_summary_and_open_graph_describes_it() {
    let site = TestSite::fixture("basic");
    site.build();
    let page = site.page("compute/containers.html");
    assert_eq!(
        page.texts("title"),
        ["Containers · Fixture Course"],
        "the note's title, then the site's"
    );
    let summary = "Processes that share the host kernel.";
    assert_eq!(metas(&page, "name", "description"), [summary]);
    assert_eq!(metas(&page, "property", "og:description"), [summary]);
    assert_eq!(metas(&page, "property", "og:title"), ["Containers"]);
    assert_eq!(metas(&page, "property", "og:site_name"), ["Fixture Course"]);
    assert_eq!(metas(&page, "property", "og:type"), ["article"]);
    assert!(
        metas(&page, "property", "og:url").is_empty(),
        "og:url must be absolute, so it needs a base_url"
    );

    // A note without a summary has the site's description; a tag page too.
    let page = site.page("compute/index.html");
    assert_eq!(
        metas(&page, "name", "description"),
        ["A small course for the tests."]
    );
    let page = site.page("tags.html");
    assert_eq!(
        metas(&page, "name", "description"),
        ["A small course for the tests."]
    );
    assert_eq!(metas(&page, "property", "og:type"), ["website"]);
}

#[test]
fn the_home_page_title_names_the_site_once() {
    let site = TestSite::fixture("basic");
    site.write(
        "notes/index.md",
        "---\ntitle: Fixture Course\nsummary: The home page.\n---\nStart here.\n",
    );
    site.build();
    let page = site.page("index.html");
    assert_eq!(page.texts("title"), ["Fixture Course"]);
    assert_eq!(metas(&page, "property", "og:type"), ["website"]);
}

#[test]
fn og_url_is_the_pages_absolute_url_when_base_url_is_set() {
    let site = TestSite::fixture("basic");
    let yaml = std::fs::read_to_string(site.path("site.yaml")).expect("read site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}base_url: https://example.org/course/\n"),
    );
    site.build();
    let page = site.page("compute/containers.html");
    assert_eq!(
        metas(&page, "property", "og:url"),
        ["https://example.org/course/compute/containers.html"]
    );
}
