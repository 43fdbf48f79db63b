//! The fixture site in `tests/fixtures/basic`, built and inspected page by page.

use crate::common::{numbers, stderr, text, SearchFiles, TestSite};
use std::sync::OnceLock;

/// Built once for all tests here: they only read it.
fn built() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::fixture("basic");
        site.build();
        site
    })
}

#[test]
fn output_mirrors_the_notes_tree() {
    let site = built();
    for page in [
        "index.html",
        "compute/index.html",
        "compute/vms.html",
        "compute/containers.html",
        "compute/functions.html",
        "storage/buckets.html",
        "tags.html",
        "tags/compute.html",
        "comparisons.html",
        "404.html",
        "style.css",
        "highlight.css",
        "site.js",
        "search.js",
        "previews.js",
        "study.js",
        ".nojekyll",
        "compute/logo.svg",
    ] {
        assert!(site.path("public").join(page).is_file(), "missing {page}");
    }
    assert!(!site.path("public/_draft-ideas.html").exists());
}

#[test]
fn outline_follows_order_then_title_and_marks_the_current_page() {
    let page = built().page("compute/containers.html");
    assert_eq!(
        page.texts("nav.outline > ol a, nav.outline > ol span"),
        [
            "Compute",
            "Virtual machines",
            "Containers",
            "Functions",
            "Storage",
            "Buckets"
        ]
    );
    assert_eq!(
        page.texts("nav.outline a[aria-current=page]"),
        ["Containers"]
    );
    assert_eq!(
        page.attrs("nav.outline > ol a", "href"),
        [
            "index.html",
            "vms.html",
            "containers.html",
            "functions.html",
            "../storage/buckets.html"
        ]
    );
}

#[test]
fn previous_and_next_follow_course_order() {
    let site = built();
    let pager = |page: &str| {
        let p = site.page(page);
        (
            p.attrs("nav.pager a[rel=prev]", "href"),
            p.attrs("nav.pager a[rel=next]", "href"),
        )
    };
    assert_eq!(
        pager("index.html"),
        (vec![], vec!["compute/index.html".to_string()])
    );
    assert_eq!(
        pager("compute/containers.html"),
        (vec!["vms.html".into()], vec!["functions.html".into()])
    );
    assert_eq!(
        pager("compute/functions.html").1,
        ["../storage/buckets.html"]
    );
    assert_eq!(
        pager("storage/buckets.html"),
        (vec!["../compute/functions.html".into()], vec![])
    );
}

#[test]
fn breadcrumbs_lead_home_through_sections() {
    let page = built().page("compute/vms.html");
    assert_eq!(page.texts("nav.breadcrumbs li"), ["Home", "Compute"]);
    assert_eq!(
        page.attrs("nav.breadcrumbs a", "href"),
        ["../index.html", "index.html"]
    );
}

#[test]
fn links_of_every_style_become_relative_urls() {
    let site = built();
    let home = site.page("index.html");
    assert_eq!(
        home.attrs(".content p a", "href"),
        ["compute/vms.html", "compute/index.html"]
    );
    let containers = site.page("compute/containers.html");
    assert_eq!(
        containers.attrs(".content p a", "href")[0],
        "vms.html#startup-time"
    );
    assert_eq!(containers.attrs(".content img", "src"), ["logo.svg"]);
    let buckets = site.page("storage/buckets.html");
    assert_eq!(
        buckets.attrs(".content p a", "href"),
        ["../compute/functions.html"]
    );
}

#[test]
fn external_links_are_marked() {
    let page = built().page("compute/containers.html");
    let external = page.one("a.external");
    assert_eq!(
        external.value().attr("href"),
        Some("https://hub.docker.com/")
    );
    assert_eq!(external.value().attr("rel"), Some("noopener"));
}

#[test]
fn backlinks_list_the_notes_linking_here_but_not_related() {
    let site = built();
    // Both notes linking to containers are its related notes too, listed there only.
    assert!(site
        .page("compute/containers.html")
        .select("ul.backlinks")
        .is_empty());
    assert_eq!(
        site.page("compute/functions.html").texts("ul.backlinks a"),
        ["Buckets"]
    );
    assert!(site
        .page("storage/buckets.html")
        .select("ul.backlinks")
        .is_empty());
}

#[test]
fn tags_have_pages_and_an_index() {
    let site = built();
    let note = site.page("compute/vms.html");
    assert_eq!(note.texts("ul.tags a"), ["compute", "basics"]);
    assert_eq!(
        note.attrs("ul.tags a", "href"),
        ["../tags/compute.html", "../tags/basics.html"]
    );
    let tag = site.page("tags/compute.html");
    assert_eq!(
        tag.texts("ol.note-list a"),
        ["Virtual machines", "Containers", "Functions"]
    );
    assert_eq!(
        tag.attrs("ol.note-list a", "href")[0],
        "../compute/vms.html"
    );
    let index = site.page("tags.html");
    assert_eq!(
        index.texts("ul.tag-index a"),
        ["basics", "compute", "serverless", "storage"]
    );
}

#[test]
fn related_notes_come_from_frontmatter_then_shared_tags() {
    let page = built().page("compute/containers.html");
    assert_eq!(
        page.texts("ul.related a"),
        ["Functions", "Virtual machines"]
    );
}

#[test]
fn comparison_is_an_accessible_linked_table() {
    let page = built().page("compute/containers.html");
    let figure = page.one("figure.comparison");
    assert_eq!(figure.value().attr("id"), Some("containers-vs-vms"));
    assert_eq!(page.texts("table.compare caption"), ["Containers vs VMs"]);
    assert_eq!(
        page.texts("table.compare thead th[scope=col]"),
        ["Aspect", "Containers", "Virtual machines"]
    );
    assert_eq!(
        page.attrs("table.compare thead a", "href"),
        ["containers.html", "vms.html"]
    );
    assert_eq!(page.texts("table.compare tbody th[scope=row]")[0], "Kernel");
    let cells = page.select("table.compare tbody td");
    assert_eq!(cells.len(), 4);
    assert_eq!(
        cells[1].value().attr("data-label"),
        Some("Virtual machines")
    );
    assert_eq!(
        cells[1].inner_html(),
        "<span class=\"cell\">Own, inside a <strong>full OS</strong></span>"
    );
    assert_eq!(page.attrs(".row-note a", "href"), ["vms.html#startup-time"]);
}

#[test]
fn compared_notes_link_back_to_their_comparisons() {
    let site = built();
    let vms = site.page("compute/vms.html");
    assert_eq!(vms.texts("aside.connections h2")[0], "Compared with");
    assert_eq!(
        vms.texts("aside.connections li")[0],
        "Containers vs VMs (with Containers)"
    );
    assert_eq!(
        vms.attrs("aside.connections section:first-child a", "href"),
        ["containers.html#containers-vs-vms"]
    );
    let all = site.page("comparisons.html");
    assert_eq!(
        all.attrs("ul.comparison-index > li > a", "href"),
        ["compute/containers.html#containers-vs-vms"]
    );
}

#[test]
fn code_is_highlighted_with_classes_and_escaped() {
    let page = built().page("compute/containers.html");
    let code = page.one("pre.code[data-lang=dockerfile] code");
    assert_eq!(
        page.texts("pre.code[data-lang=dockerfile] span.k")[0],
        "FROM"
    );
    assert!(text(&code).contains("echo \"<hi>\""));
    assert!(page.select("pre.code [style]").is_empty());
    // One flat span per token: no span in a span.
    assert!(page.select("pre.code span span").is_empty());
    // Focusable, so that a wide block scrolls from the keyboard (axe: scrollable-region-focusable).
    assert_eq!(page.attrs("pre.code", "tabindex"), ["0"]);
}

#[test]
fn diagrams_are_inline_svg() {
    let page = built().page("compute/containers.html");
    let svg = page.one("figure.diagram svg.diagram");
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert!(text(&svg).contains("Container"));
}

#[test]
fn callouts_and_key_facts() {
    let site = built();
    let vms = site.page("compute/vms.html");
    assert_eq!(vms.texts("aside.callout-key .callout-title"), ["Key facts"]);
    assert_eq!(vms.texts("aside.callout-key li").len(), 2);
    assert!(!site.output("compute/vms.html").contains("[!KEY]"));
    assert_eq!(
        site.page("compute/containers.html")
            .texts("aside.callout-tip .callout-title"),
        ["Tip"]
    );
}

#[test]
fn headings_have_ids_anchors_and_a_toc_title_once() {
    let site = built();
    let vms = site.page("compute/vms.html");
    assert_eq!(
        vms.attrs("h2#startup-time a.anchor", "href"),
        ["#startup-time"]
    );
    assert_eq!(vms.texts("h1"), ["Virtual machines"]);
    // A note opening with its own H1 is not given a second one.
    assert_eq!(site.page("storage/buckets.html").texts("h1"), ["Buckets#"]);
}

/// A page holds no previews: the parts hold every note's title and summary, keyed by its URL
/// from the root, for the links of every page (its text, its foot, its outline).
#[test]
fn note_previews_hold_every_note_by_its_url() {
    let site = built();
    let previews = site.note_previews();
    assert_eq!(previews["compute/vms.html"]["title"], "Virtual machines");
    assert_eq!(
        previews["compute/vms.html"]["summary"],
        "Whole computers, virtualized."
    );
    let page = site.page("compute/containers.html");
    assert!(page.select("script[type='application/json']").is_empty());
    for href in page.attrs("nav.outline a, main .content a[href$='.html']", "href") {
        let key = from_root("compute", &href);
        assert!(
            previews[key.as_str()]["title"].is_string(),
            "the link to {href} ({key}) has no preview: {previews:?}"
        );
    }
    // Every note's, but the draft's (`_draft-ideas.md`), which has no page.
    assert_eq!(previews.len(), 6, "{previews:?}");
    // Every part is written, those that hold no note too (a link to a tag page looks in one).
    assert_eq!(
        std::fs::read_dir(site.path("public/note-previews"))
            .unwrap()
            .count(),
        studysite::output::previews::PARTS as usize
    );
}

/// The previews' folder is the build's: a note there could be overwritten by a part.
#[test]
fn a_note_may_not_be_written_in_the_previews_folder() {
    let site = TestSite::new();
    site.write("notes/note-previews/a.md", "A\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(
            "error: notes/note-previews/a.md: note note-previews/a.md would be written to note-previews/a.html, which is also the folder of the link previews\n"
        ),
        "{}",
        stderr(&out)
    );
}

/// `href`, written in a page in `dir`, as a URL from the root, without its fragment.
fn from_root(dir: &str, href: &str) -> String {
    let url = std::path::Path::new(dir).join(href.split('#').next().unwrap());
    let mut parts: Vec<String> = Vec::new();
    for c in url.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            c => parts.push(c.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

/// The foot's lists ("Linked from", "Related notes", "Compared with") have previews too.
#[test]
fn previews_describe_the_notes_the_foot_lists() {
    let site = built();
    let previews = site.note_previews();
    let mut checked = 0;
    for page in [
        "compute/index.html",
        "compute/vms.html",
        "compute/containers.html",
        "compute/functions.html",
        "storage/buckets.html",
    ] {
        let doc = site.page(page);
        let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        for href in doc.attrs("aside.connections a", "href") {
            let key = from_root(dir, &href);
            // Its own comparisons are "Compared with" too; it needs no preview of itself.
            if key == page {
                continue;
            }
            assert!(
                previews[key.as_str()]["title"].is_string(),
                "{page}: no preview for {href} in {previews:?}"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 3,
        "the fixture's feet list too few notes: {checked}"
    );
}

#[test]
fn every_url_is_relative_and_nothing_loads_from_the_network() {
    let site = built();
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        let name = entry.path().to_string_lossy().to_string();
        if !name.ends_with(".html") || name.ends_with("404.html") {
            continue;
        }
        let page = crate::common::Page(scraper::Html::parse_document(
            &std::fs::read_to_string(entry.path()).unwrap(),
        ));
        for url in page
            .attrs("link[href]", "href")
            .into_iter()
            .chain(page.attrs("script[src]", "src"))
            .chain(page.attrs("img[src]", "src"))
        {
            assert!(
                !url.contains("//") && !url.starts_with('/'),
                "{name}: {url}"
            );
        }
        for a in page.select("a[href]") {
            let href = a.value().attr("href").unwrap();
            let external = a
                .value()
                .has_class("external", scraper::CaseSensitivity::CaseSensitive);
            assert!(
                external || !(href.starts_with('/') || href.contains("://")),
                "{name}: {href}"
            );
            assert!(
                external
                    || href.starts_with('#')
                    || href.split(['#', '?']).next().unwrap().ends_with(".html")
                    || href.ends_with(".svg"),
                "{name}: {href} is not a file"
            );
        }
    }
}

#[test]
fn not_found_page_is_self_contained() {
    let page = built().page("404.html");
    assert!(page.select("link[rel=stylesheet]").is_empty());
    assert!(text(&page.one("style")).contains("--accent"));
}

#[test]
fn note_page_snapshot() {
    let page = built().page("compute/containers.html");
    let main = page.one("main").html();
    let tidy: Vec<&str> = main
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    insta::assert_snapshot!(tidy.join("\n"));
}

#[test]
fn base_url_gives_canonical_links_sitemap_and_robots() {
    let site = TestSite::fixture("basic");
    let out = site.run(&[
        "build",
        "--quiet",
        "--base-url",
        "https://me.github.io/course",
    ]);
    assert!(out.status.success());
    let page = site.page("compute/vms.html");
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://me.github.io/course/compute/vms.html"]
    );
    // Pages still link relatively.
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href")[0],
        "../style.css"
    );
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://me.github.io/course/compute/vms.html</loc>"));
    assert_eq!(sitemap.matches("<url>").count(), 6);
    assert!(site
        .output("robots.txt")
        .contains("Sitemap: https://me.github.io/course/sitemap.xml"));
    // The 404 page, served at any depth, resolves its URLs from the site's root, known here.
    let not_found = site.page("404.html");
    assert_eq!(
        not_found.attrs("head base", "href"),
        ["https://me.github.io/course/"]
    );
    assert_eq!(not_found.attrs("a#home-link", "href"), ["index.html"]);
    assert!(not_found.select("head script:not([src])").len() == 1);
}

#[test]
fn without_base_url_there_is_no_sitemap() {
    let site = built();
    assert!(!site.path("public/sitemap.xml").exists());
    assert!(!site.path("public/robots.txt").exists());
    assert!(site
        .page("index.html")
        .select("link[rel=canonical]")
        .is_empty());
}

#[test]
fn search_results_link_to_notes_whose_names_need_escaping() {
    let site = TestSite::new();
    site.write(
        "notes/c# and 100% sure.md",
        "---\ntitle: Odd\tname\n---\nIntro.\n\n## Part\ttwo\n\nMore.\n",
    );
    site.build();
    assert!(site.path("public/c# and 100% sure.html").is_file());
    let index = SearchFiles::read(&site.path("public"));
    let places: Vec<(&str, &str, &str)> = index
        .sections
        .iter()
        .map(|[url, title, heading, _]| (url.as_str(), title.as_str(), heading.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            ("c%23%20and%20100%25%20sure.html", "Odd name", ""),
            (
                "c%23%20and%20100%25%20sure.html#part-two",
                "Odd name",
                "Part two"
            ),
        ]
    );
}

#[test]
fn site_templates_and_static_files_override_the_built_in_ones() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n")
        .write("templates/note.html", "{% extends \"base.html\" %}{% block content %}<p id=\"mine\">{{ title }}</p>{% endblock content %}")
        .write("static/style.css", "body { color: red }")
        .write("static/extra.txt", "hello");
    site.build();
    assert_eq!(site.page("a.html").texts("p#mine"), ["A"]);
    assert_eq!(site.output("style.css"), "body { color: red }");
    assert_eq!(site.output("extra.txt"), "hello");
    assert!(site.output("study.js").contains("concealed"));
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n")
        .write("templates/note.html", "line one\n{% if %}\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = crate::common::stderr(&out);
    assert!(err.starts_with("error: templates/note.html:2:"), "{err}");
}

#[test]
fn search_index_has_one_entry_per_section_as_classic_scripts() {
    let site = built();
    let index = SearchFiles::read(&site.path("public"));
    assert_eq!(index.meta["docs"], index.sections.len());
    let lengths = numbers(index.meta["lengths"].as_str().unwrap());
    assert_eq!(lengths.len(), 4 * index.sections.len());
    let vms: Vec<usize> = (0..index.sections.len())
        .filter(|&i| index.sections[i][1] == "Virtual machines")
        .collect();
    assert_eq!(vms.len(), 2);
    let [first, second] = [&index.sections[vms[0]], &index.sections[vms[1]]];
    assert_eq!(first[0], "compute/vms.html");
    assert_eq!(second[0], "compute/vms.html#startup-time");
    assert_eq!(second[2], "Startup time");
    assert!(second[3].starts_with("Minutes. A VM includes a full operating system."));
    // Distinct words of the title and heading, for BM25: "Virtual machines", "Startup time".
    assert_eq!(lengths[4 * vms[1]..4 * vms[1] + 2], [2, 2]);

    // Tags and aliases are found on the note's first section only, in the keywords field.
    let keywords: Vec<u64> = index.postings("vm", 3).iter().map(|p| p.0).collect();
    assert_eq!(keywords, vec![vms[0] as u64]);
    assert_eq!(
        index.postings("startup", 1),
        vec![(vms[1] as u64, 1)],
        "the heading's words, in the heading field"
    );
    assert!(index
        .postings("minutes", 2)
        .iter()
        .any(|&(doc, _)| doc == vms[1] as u64));

    let containers = index
        .sections
        .iter()
        .find(|s| s[1] == "Containers")
        .unwrap();
    assert!(
        containers[3].contains("Kernel Shared with the host"),
        "comparison cells are searchable: {containers:?}"
    );
    assert!(
        containers[3].contains("FROM ubuntu:24.04"),
        "code is searchable: {containers:?}"
    );
    assert!(!index.postings("ubuntu", 2).is_empty());
    assert!(!index.postings("24.04", 2).is_empty());

    // The vocabulary: every term of every shard that is a word of three letters or more.
    let terms: Vec<&str> = index
        .shards
        .values()
        .flat_map(|shard| shard.as_array().unwrap())
        .map(|entry| entry[0].as_str().unwrap())
        .filter(|term| {
            term.chars().count() >= 3 && term.chars().all(|c| c.is_alphabetic() || c == '\'')
        })
        .collect();
    let mut vocabulary: Vec<&str> = index.vocabulary.iter().map(String::as_str).collect();
    vocabulary.sort_unstable();
    let mut expected = terms.clone();
    expected.sort_unstable();
    assert_eq!(vocabulary, expected);
    assert!(vocabulary.contains(&"ubuntu") && !vocabulary.contains(&"24.04"));
    assert!(!vocabulary.iter().any(|t| t.len() < 3 || t.contains('_')));
    let page = site.page("index.html");
    // Without script there is no search box, nor any control that needs script: the scripts
    // make them (the browser tests use them).
    for control in ["div.search", "input", ".menu-button", ".theme-button"] {
        assert!(
            page.select(control).is_empty(),
            "{control} is in the page before any script runs"
        );
    }
    assert_eq!(page.select("script[src$='search.js']").len(), 1);
    assert!(site.path("public/vendor/minisearch.js").is_file());
    assert!(site.path("public/vendor/minisearch.LICENSE.txt").is_file());
}

#[test]
fn a_big_site_opens_only_the_current_section_in_the_outline() {
    let site = TestSite::new();
    for section in ["alpha", "beta"] {
        for i in 0..160 {
            site.write(
                &format!("notes/{section}/n{i:03}.md"),
                format!("Note {i} of {section}.\n"),
            );
        }
    }
    site.build();
    let page = site.page("alpha/n050.html");
    assert_eq!(
        page.attrs("nav.outline > ol > li.section > a", "href"),
        ["../beta/n000.html"]
    );
    assert_eq!(
        page.texts("nav.outline > ol > li.section > span"),
        ["Alpha"]
    );
    assert_eq!(page.texts("nav.outline a[aria-current=page]"), ["N050"]);
    let alpha: Vec<String> = page.texts("nav.outline > ol > li.section:first-child > ol > li");
    assert_eq!(
        alpha.len(),
        15,
        "6 entries each side of the current one, and an ellipsis each side"
    );
    assert_eq!(
        (alpha[0].as_str(), alpha[1].as_str(), alpha[14].as_str()),
        ("…", "N044", "…")
    );
    // At the start of a section there is nothing to elide before.
    let first = site.page("alpha/n000.html");
    assert_eq!(
        first.texts("nav.outline > ol > li.section:first-child > ol > li")[0],
        "N000"
    );
}

/// The window on a big site's open section is on its notes: the site's sections are all
/// listed, the way to the rest of it (a window of 6 a side once hid 7 of 20).
#[test]
fn a_big_site_lists_every_section_in_the_outline() {
    let site = TestSite::new();
    for section in 1..=20 {
        for i in 0..16 {
            site.write(
                &format!("notes/s{section:02}/n{i:02}.md"),
                format!("Note {i} of section {section}.\n"),
            );
        }
    }
    site.build();
    let page = site.page("s10/n08.html");
    let sections =
        page.texts("nav.outline > ol > li.section > a, nav.outline > ol > li.section > span");
    assert_eq!(sections.len(), 20, "{sections:?}");
    assert!(page.select("nav.outline > ol > li.more").is_empty());
    let notes = page.texts("nav.outline > ol > li.section > ol > li");
    assert_eq!(
        notes.len(),
        15,
        "6 notes each side of the current one, and an ellipsis each side: {notes:?}"
    );
}

/// Each page shows the comparisons written in it, and only those, whichever notes come between.
#[test]
fn each_page_shows_its_own_comparisons() {
    let compare = |title: &str| {
        format!("```compare\ntitle: {title}\nthings: [b, c]\nrows:\n  - aspect: Size\n    values: [1, 2]\n```\n")
    };
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        format!("# A\n\n{}\n{}", compare("First"), compare("Second")),
    )
    .write("notes/b.md", "# B\n\nNo tables here.\n")
    .write("notes/c.md", format!("# C\n\n{}", compare("Third")))
    .build();
    let captions = |page: &str| site.page(page).texts("table.compare caption");
    assert_eq!(captions("a.html"), ["First", "Second"]);
    assert!(captions("b.html").is_empty());
    assert_eq!(captions("c.html"), ["Third"]);
    assert_eq!(
        site.page("handout.html").texts("table.compare caption"),
        ["First", "Second", "Third"]
    );
}

/// `#` and `#top` are defined by the HTML standard on every page, so they are never broken.
#[test]
fn links_to_the_top_of_a_page_are_not_broken() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "# A\n\n[Top](#top), [here](#), [B's top](b.md#top), [[b#top]]\n",
    )
    .write("notes/b.md", "# B\n")
    .build();
    let hrefs = site.page("a.html").attrs("main a:not(.anchor)", "href");
    assert!(hrefs.contains(&"#top".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"b.html#top".to_string()), "{hrefs:?}");
}

/// Each page loads the scripts of the features it has, each once and deferred: search, the
/// theme and previews (of the outline's links too) everywhere, study mode where it has a
/// comparison (containers.md has the fixture's only one).
#[test]
fn pages_load_the_scripts_of_their_features_only() {
    let site = built();
    let scripts = |page: &str| {
        let doc = site.page(page);
        let found: Vec<String> = doc
            .select("script[src]")
            .iter()
            .map(|s| {
                assert!(
                    s.attr("defer").is_some(),
                    "{page}: {} not deferred",
                    s.html()
                );
                s.attr("src")
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        found
    };
    assert_eq!(
        scripts("compute/containers.html"),
        ["site.js", "search.js", "previews.js", "study.js"]
    );
    // The note's study line (cards) names progress.js, which site.js loads for a reader with
    // stored progress only: no script tag loads it.
    assert_eq!(
        site.page("compute/containers.html")
            .attrs("section.study", "data-progress"),
        ["../progress.js"]
    );
    assert_eq!(
        scripts("compute/vms.html"),
        ["site.js", "search.js", "previews.js"]
    );
    assert_eq!(
        scripts("tags.html"),
        ["site.js", "search.js", "previews.js"]
    );
    assert_eq!(
        site.page("compute/containers.html")
            .attrs("script[src$='study.js']", "src"),
        ["../study.js"]
    );
}
