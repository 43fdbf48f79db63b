//! The glossary: `glossary.yaml` beside the notes becomes `glossary.html`, and each note links
//! the first mention of every term to its entry, its definition in the link's title.

use crate::common::{stderr, text, Page, TestSite};

fn built() -> TestSite {
    let site = TestSite::fixture("glossary");
    site.build();
    site
}

/// The term links of a page's content, in order: (text, href, title).
fn term_links(page: &Page) -> Vec<(String, String, String)> {
    page.select(".content a.glossary-term")
        .iter()
        .map(|a| {
            let attr = |name| a.value().attr(name).unwrap_or_default().to_string();
            (text(a), attr("href"), attr("title"))
        })
        .collect()
}

fn texts_and_targets(page: &Page) -> Vec<(String, String)> {
    term_links(page)
        .into_iter()
        .map(|(text, href, _)| (text, href))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_first_mention_of_each_term_links_to_its_entry() {
    let site = built();
    let vms = site.page("compute/vms.html");
    // The heading's "hypervisor", the wikilink's and code's are passed over; "virtual machines"
    // is a plural, "rest" is not the acronym REST, the key fact's "container" is linked.
    assert_eq!(
        texts_and_targets(&vms),
        pairs(&[
            ("hypervisor", "../glossary.html#hypervisor"),
            ("virtual machines", "../glossary.html#virtual-machine"),
            ("kernel", "../glossary.html#kernel"),
            ("VPC", "../glossary.html#vpc"),
            ("REST", "../glossary.html#rest"),
            ("container", "../glossary.html#container"),
        ])
    );
    // The longest name wins: "Container images" is the container image, not a container.
    assert_eq!(
        texts_and_targets(&site.page("compute/containers.html")),
        pairs(&[
            ("Container images", "../glossary.html#container-image"),
            ("container", "../glossary.html#container"),
            ("kernel", "../glossary.html#kernel"),
            ("virtual machine", "../glossary.html#virtual-machine"),
        ])
    );
    assert_eq!(
        texts_and_targets(&site.page("index.html")),
        pairs(&[("hypervisor", "glossary.html#hypervisor")])
    );
}

#[test]
fn the_definition_is_the_links_title_and_no_term_links_inside_what_it_must_not() {
    let site = built();
    let vms = site.page("compute/vms.html");
    let links = term_links(&vms);
    assert_eq!(
        links[0].2,
        "The software that runs virtual machines and shares the host between them."
    );
    assert_eq!(
        links[2].2,
        "The core of an operating system, which \"talks\" to the hardware."
    );
    for inside in ["h1", "h2", "code", "pre", "a:not(.glossary-term)", "svg"] {
        let css = format!(".content {inside} a.glossary-term");
        assert!(vms.select(&css).is_empty(), "a term linked inside {inside}");
    }
    assert!(vms.texts(".content h2")[0].starts_with("The hypervisor"));
    assert_eq!(vms.texts(".content a[href='containers.html']"), ["kernel"]);
    // The preview needs no script: the stylesheet shows the title on hover and focus.
    let css = site.output("style.css");
    assert!(css.contains("a.glossary-term:focus-visible::after"));
    assert!(css.contains("content: attr(title)"));
}

#[test]
fn the_glossary_page_lists_every_term_sorted_with_an_anchor() {
    let site = built();
    let page = site.page("glossary.html");
    assert_eq!(
        page.attrs(".glossary-entry", "id"),
        [
            "container",
            "container-image",
            "hypervisor",
            "kernel",
            "rest",
            "virtual-machine",
            "vpc"
        ]
    );
    assert_eq!(
        page.texts(".glossary dt"),
        [
            "Container",
            "Container image (image)",
            "Hypervisor",
            "kernel",
            "REST",
            "Virtual machine (VM)",
            "VPC"
        ]
    );
    assert_eq!(
        page.texts("#container dd > p:first-child"),
        ["An app and its dependencies, run as an isolated process on the host's kernel."]
    );
    assert_eq!(
        page.attrs("#container .glossary-see a", "href"),
        ["#container-image", "#kernel"]
    );
    assert_eq!(
        page.attrs("#virtual-machine .glossary-note a", "href"),
        ["compute/vms.html"]
    );
    // The glossary page links no term to itself.
    assert!(page.select("a.glossary-term").is_empty());
    // Every page's header leads to it; the file it is made from is not published.
    for url in ["index.html", "compute/vms.html", "glossary.html"] {
        let header = site.page(url);
        let hrefs = header.attrs(".site-links a", "href");
        assert!(
            hrefs.iter().any(|h| h.ends_with("glossary.html")),
            "{url}: {hrefs:?}"
        );
    }
    assert!(!site.path("public/glossary.yaml").exists());
}

#[test]
fn the_handout_keeps_terms_as_plain_text() {
    let site = built();
    let handout = site.page("handout.html");
    assert!(handout.select("a.glossary-term").is_empty());
    let text = handout.texts("main, body").join(" ");
    assert!(
        text.contains("A hypervisor runs virtual machines."),
        "{text}"
    );
}

#[test]
fn a_site_without_a_glossary_has_no_glossary_page_or_link() {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nA hypervisor.\n")
        .build();
    assert!(!site.path("public/glossary.html").exists());
    let home = site.page("index.html");
    assert!(home.select("a.glossary-term").is_empty());
    assert!(!home
        .attrs(".site-links a", "href")
        .iter()
        .any(|h| h.contains("glossary")));
}

fn fails_with(glossary: &str, expected: &str) {
    let site = TestSite::new();
    site.write("notes/a.md", "---\ntitle: A\n---\nA task.\n")
        .write("notes/glossary.yaml", glossary);
    let out = site.run(&["build"]);
    assert_eq!(stderr(&out), expected);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unknown_and_duplicate_terms_are_errors_at_their_line() {
    fails_with(
        "Pod: The smallest unit Kubernetes runs.
Task:
  definition: One run of a task definition.
  also: [ECS task, Pod]
  see: [Podd, Task definition]
Task definition:
  definition: A task's blueprint.
  note: nowhere
Empty:
",
        "error: notes/glossary.yaml:2:1: `Pod` names two terms: `Pod` and `Task`
   |
 2 | Task:
   | ^
  = help: a name may belong to one term only: keep `Pod` in one of them (the other is at line 1)
error: notes/glossary.yaml:5:9: unknown term `Podd` in the `see` of `Task`
   |
 5 |   see: [Podd, Task definition]
   |         ^
  = help: did you mean `Pod`? Or add `Podd` to the glossary
error: notes/glossary.yaml:8:9: the note of term `Task definition`, `nowhere`, is not found: no note is named 'nowhere'
   |
 8 |   note: nowhere
   |         ^
  = help: name the note by its path in the notes folder (`aws/lambda`), file name, title or alias
error: notes/glossary.yaml:9:1: term `Empty` has no definition
   |
 9 | Empty:
   | ^
  = help: write what it means: `Empty: A short definition.`
error: 4 problems found; nothing was written
",
    );
    fails_with(
        "Pod: The smallest unit Kubernetes runs.\npod: Again.\n",
        "error: notes/glossary.yaml:2:1: term `pod` is defined twice
   |
 2 | pod: Again.
   | ^
  = help: merge the two entries (the first is at line 1), or rename one
error: 1 problem found; nothing was written
",
    );
    fails_with(
        "Pod:\n  definition: The smallest unit.\n  aliases: [pods]\n",
        "error: notes/glossary.yaml:3:3: term `Pod`: unknown glossary entry key `aliases`
   |
 3 |   aliases: [pods]
   |   ^
  = help: remove it; known keys are: definition, also, see, note
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_changed_glossary_is_a_change_to_build() {
    let site = TestSite::fixture("glossary");
    site.settle().build();
    let path = "notes/glossary.yaml";
    let text = std::fs::read_to_string(site.path(path)).unwrap();
    site.write(
        path,
        format!("{text}Guest OS: The operating system inside a VM.\n"),
    )
    .settle();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("up to date"));
    assert_eq!(
        site.page("glossary.html").attrs("#guest-os", "id"),
        ["guest-os"]
    );
}
