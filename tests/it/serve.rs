//! `studysite serve`: incremental rebuilds, live reload, the error overlay, and a server that
//! never reads outside the site.

use crate::common::{Page, SearchFiles, TestSite};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};
use studysite::command::serve::{Preview, Rebuild, Server};
use studysite::{Diagnostic, Options};

struct Quiet;
impl studysite::command::serve::Log for Quiet {
    fn info(&self, _: &str) {}
    fn problems(&self, _: &[Diagnostic]) {}
}

fn options(site: &TestSite) -> Options {
    Options {
        root: site.root().to_path_buf(),
        ..Options::default()
    }
}

/// A plain HTTP/1.0 GET: status code and body.
pub fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

pub fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A page as the preview serves it, before its reload script.
fn served(preview: &Preview, path: &str) -> String {
    String::from_utf8(
        preview
            .page(path)
            .unwrap_or_else(|| panic!("{path} not served")),
    )
    .unwrap()
}

#[test]
fn a_body_edit_rerenders_only_that_note() {
    let site = TestSite::fixture("basic");
    let work = tempfile::tempdir().unwrap();
    let preview = Preview::new(&options(&site), work.path());
    assert!(preview.problems().is_empty(), "{:?}", preview.problems());
    let note = site.path("notes/compute/functions.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\nA new paragraph.\n")).unwrap();
    assert_eq!(
        preview.apply(std::slice::from_ref(&note)),
        Rebuild::Pages(vec!["compute/functions.html".into()])
    );
    assert!(served(&preview, "compute/functions.html").contains("A new paragraph."));
    let index = SearchFiles::read_with(|file| served(&preview, &format!("search/{file}")));
    assert!(index
        .sections
        .iter()
        .any(|s| s[3].contains("A new paragraph.")));
    assert!(!index.postings("paragraph", 2).is_empty());

    // A new link also re-renders the target, whose "Linked from" changes.
    std::fs::write(&note, format!("{text}\nSee [[Buckets]].\n")).unwrap();
    assert_eq!(
        preview.apply(std::slice::from_ref(&note)),
        Rebuild::Pages(vec![
            "compute/functions.html".into(),
            "storage/buckets.html".into()
        ])
    );
    let buckets = served(&preview, "storage/buckets.html");
    assert!(
        buckets.contains(
            "<ul class=\"backlinks\"><li><a href=\"../compute/functions.html\">Functions</a>"
        ),
        "{buckets}"
    );

    // A title edit shows in every page's outline: the site is linked again, and every page
    // renders anew, the tag pages too.
    std::fs::write(
        &note,
        text.replace("title: Functions", "title: Serverless functions"),
    )
    .unwrap();
    assert_eq!(preview.apply(&[note]), Rebuild::AllPages);
    assert!(served(&preview, "compute/vms.html").contains(">Serverless functions</a>"));
}

/// What an edit changes beside its own text, as served: "Linked from" on the pages it links to
/// (and no longer links to), its page's "On this page", and the course outline of other pages.
#[test]
fn an_edit_leaves_backlinks_and_outlines_right_on_served_pages() {
    let site = TestSite::fixture("basic");
    let work = tempfile::tempdir().unwrap();
    let preview = Preview::new(&options(&site), work.path());
    let page = |path: &str| Page(scraper::Html::parse_document(&served(&preview, path)));
    let linked_from = |path: &str| page(path).texts("ul.backlinks a");
    let before = linked_from("storage/buckets.html");
    assert!(!before.contains(&"Functions".to_string()), "{before:?}");
    let note = site.path("notes/compute/functions.md");
    let text = std::fs::read_to_string(&note).unwrap();
    let edit = |new: String| {
        std::fs::write(&note, new).unwrap();
        preview.apply(std::slice::from_ref(&note))
    };

    // A body edit: only the pages it touches.
    assert_eq!(
        edit(format!("{text}\nSee [[Buckets]].\n")),
        Rebuild::Pages(vec![
            "compute/functions.html".into(),
            "storage/buckets.html".into()
        ])
    );
    let mut with_functions = before.clone();
    with_functions.push("Functions".into());
    let mut now = linked_from("storage/buckets.html");
    now.sort();
    with_functions.sort();
    assert_eq!(now, with_functions);

    // The link gone, the backlink goes.
    assert!(matches!(
        edit(format!("{text}\nNo link.\n")),
        Rebuild::Pages(_)
    ));
    assert_eq!(linked_from("storage/buckets.html"), before);

    // New headings, then one renamed: the page's outline follows.
    assert_eq!(
        edit(format!("{text}\n## Cold starts\n\n## Pricing\n")),
        Rebuild::AllPages
    );
    let toc = page("compute/functions.html").texts("nav.toc a");
    assert!(
        toc.ends_with(&["Cold starts".to_string(), "Pricing".to_string()]),
        "{toc:?}"
    );
    assert_eq!(
        edit(format!("{text}\n## Warm starts\n\n## Pricing\n")),
        Rebuild::AllPages
    );
    let toc = page("compute/functions.html").texts("nav.toc a");
    assert!(toc.contains(&"Warm starts".to_string()), "{toc:?}");
    assert!(!toc.contains(&"Cold starts".to_string()), "{toc:?}");

    // A new title, with the link back: the course outline and "Linked from" of other pages.
    let retitled = text.replace("title: Functions", "title: Serverless functions");
    assert_eq!(
        edit(format!("{retitled}\nSee [[Buckets]].\n")),
        Rebuild::AllPages
    );
    let outline = page("compute/vms.html").texts("nav.outline a");
    assert!(
        outline.contains(&"Serverless functions".to_string()),
        "{outline:?}"
    );
    assert!(!outline.contains(&"Functions".to_string()), "{outline:?}");
    assert!(linked_from("storage/buckets.html").contains(&"Serverless functions".to_string()));
}

/// A note embedded in another (`![[Note]]`), itself embedded in a third: an edit to its text
/// shows on the pages that show it, however deep.
#[test]
fn a_body_edit_shows_on_the_pages_that_embed_the_note() {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nThe course.\n")
        .write("notes/inner.md", "# Inner\n\nFirst words.\n")
        .write("notes/middle.md", "# Middle\n\n![[inner]]\n")
        .write("notes/outer.md", "# Outer\n\n![[middle]]\n");
    let work = tempfile::tempdir().unwrap();
    let preview = Preview::new(&options(&site), work.path());
    assert!(preview.problems().is_empty(), "{:?}", preview.problems());
    for page in ["outer.html", "middle.html", "inner.html"] {
        assert!(served(&preview, page).contains("First words."), "{page}");
    }
    let note = site.path("notes/inner.md");
    std::fs::write(&note, "# Inner\n\nSecond words.\n").unwrap();
    assert!(matches!(
        preview.apply(std::slice::from_ref(&note)),
        Rebuild::Pages(_)
    ));
    for page in ["outer.html", "middle.html", "inner.html"] {
        let html = served(&preview, page);
        assert!(
            html.contains("Second words.") && !html.contains("First words."),
            "{page}"
        );
    }
}

/// Builds `site` with `build`, and checks that the preview serves every HTML page of the
/// output byte for byte.
fn assert_served_as_built(site: &TestSite, preview: &Preview, args: &[&str]) {
    let pages = served_pages_match_build(site, preview, args);
    assert!(pages > 3, "only {pages} pages");
}

/// Builds `site` with `build <args>`, checks that the preview serves every HTML page of the
/// output byte for byte (a difference shown where it starts) and returns how many it compared.
pub fn served_pages_match_build(site: &TestSite, preview: &Preview, args: &[&str]) -> usize {
    let mut build = vec!["build", "--quiet", "--force"];
    build.extend_from_slice(args);
    let out = site.run(&build);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let public = site.path("public");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&public).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".html") {
            continue;
        }
        let built = std::fs::read(entry.path()).unwrap();
        let served = preview
            .page(&rel)
            .unwrap_or_else(|| panic!("{rel} not served"));
        assert_same_as_built(&rel, &served, &built);
        pages += 1;
    }
    pages
}

/// Fails, showing where they part, unless file `what` is served as it was built.
pub fn assert_same_as_built(what: &str, served: &[u8], built: &[u8]) {
    if served == built {
        return;
    }
    let at = served.iter().zip(built).take_while(|(a, b)| a == b).count();
    let around = |bytes: &[u8]| {
        String::from_utf8_lossy(&bytes[at.saturating_sub(300)..(at + 300).min(bytes.len())])
            .into_owned()
    };
    panic!(
        "{what} is served otherwise than built, from byte {at}:\nserved: {}\nbuilt: {}",
        around(served),
        around(built)
    );
}

#[test]
fn served_pages_are_byte_identical_to_build() {
    for (fixture, args) in [
        ("basic", &[][..]),
        ("obsidian", &[][..]),
        ("realworld", &["--allow-broken-links"][..]),
    ] {
        let site = TestSite::fixture(fixture);
        let mut options = options(&site);
        options.allow_broken_links = !args.is_empty();
        let work = tempfile::tempdir().unwrap();
        let preview = Preview::new(&options, work.path());
        assert_served_as_built(&site, &preview, args);
    }
}

#[test]
fn after_edits_served_pages_are_what_a_new_build_writes() {
    let site = TestSite::fixture("basic");
    let work = tempfile::tempdir().unwrap();
    let preview = Preview::new(&options(&site), work.path());
    // Every note's page served once, so that all of them are kept.
    assert_served_as_built(&site, &preview, &[]);
    let note = site.path("notes/compute/functions.md");
    let text = std::fs::read_to_string(&note).unwrap();
    let edits = [
        format!("{text}\nSee [[Buckets]].\n"),
        format!("{text}\nSee [[Buckets]] and [[vms]].\n\n## A new heading\n"),
        text.replace("title: Functions", "title: Serverless functions"),
        text.clone(),
    ];
    for edit in edits {
        std::fs::write(&note, &edit).unwrap();
        let outcome = preview.apply(std::slice::from_ref(&note));
        assert!(
            matches!(outcome, Rebuild::Pages(_) | Rebuild::AllPages),
            "{outcome:?}"
        );
        assert_served_as_built(&site, &preview, &[]);
    }
}

/// The edits that change which pages exist or what lists them: a tag, a new note, a renamed
/// note, a deleted one. After each the served pages are what a new build writes.
#[test]
fn after_tag_edits_new_renamed_and_deleted_notes_served_pages_are_as_built() {
    let site = TestSite::fixture("basic");
    let work = tempfile::tempdir().unwrap();
    let preview = Preview::new(&options(&site), work.path());
    assert_served_as_built(&site, &preview, &[]);
    let note = site.path("notes/compute/functions.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("[compute, serverless]", "[compute, faas]"),
    )
    .unwrap();
    assert_eq!(
        preview.apply(std::slice::from_ref(&note)),
        Rebuild::AllPages
    );
    assert_served_as_built(&site, &preview, &[]);

    let new = site.path("notes/compute/batch.md");
    std::fs::write(
        &new,
        "---\ntitle: Batch\n---\nLike [[Functions]], for long jobs.\n",
    )
    .unwrap();
    assert_eq!(preview.apply(std::slice::from_ref(&new)), Rebuild::Full);
    assert_served_as_built(&site, &preview, &[]);
    assert!(served(&preview, "compute/functions.html").contains("batch.html"));

    let renamed = site.path("notes/compute/jobs.md");
    std::fs::rename(&new, &renamed).unwrap();
    assert_eq!(
        preview.apply(&[new.clone(), renamed.clone()]),
        Rebuild::Full
    );
    assert_served_as_built(&site, &preview, &[]);

    std::fs::remove_file(&renamed).unwrap();
    assert_eq!(preview.apply(&[renamed]), Rebuild::Full);
    assert_served_as_built(&site, &preview, &[]);
    assert!(!served(&preview, "compute/functions.html").contains("jobs.html"));
}

#[test]
fn deleted_notes_and_template_edits_rebuild_everything() {
    let site = TestSite::fixture("basic");
    let work = tempfile::tempdir().unwrap();
    let preview = Preview::new(&options(&site), work.path());
    let gone = site.path("notes/storage/buckets.md");
    std::fs::remove_file(&gone).unwrap();
    assert_eq!(preview.apply(&[gone]), Rebuild::Full);
    assert!(!preview.out_dir().join("storage/buckets.html").exists());
    site.write("templates/tags.html", "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">mine</p>{% endblock content %}");
    assert_eq!(
        preview.apply(&[site.path("templates/tags.html")]),
        Rebuild::Full
    );
    assert!(std::fs::read_to_string(preview.out_dir().join("tags.html"))
        .unwrap()
        .contains("id=\"custom\""));
}

#[test]
fn served_pages_reload_on_change_and_show_errors_until_fixed() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&options(&site), 0, Arc::new(Quiet)).unwrap();
    let port = server.port;

    let (status, page) = get(port, "/compute/vms.html");
    assert_eq!(status, 200);
    assert!(page.contains("new EventSource(\"/__studysite/events\")"));

    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        events,
        "GET /__studysite/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    events
        // Generous: CI runs this beside every other test on two cores.
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut events = BufReader::new(events);
    let mut line = String::new();
    while !line.starts_with(": connected") {
        line.clear();
        events.read_line(&mut line).unwrap();
    }

    // No pause before editing: a file saved the moment the server is up is a change.
    let note = site.path("notes/compute/vms.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\nFreshly edited.\n")).unwrap();
    loop {
        line.clear();
        events.read_line(&mut line).expect("a reload event");
        if line == "data: reload\n" {
            break;
        }
    }
    wait_for("the edit to be served", || {
        get(port, "/compute/vms.html").1.contains("Freshly edited.")
    });

    // A write is two events to a watcher (the file emptied, then written): under load it may
    // see the empty note first, whose own problems show for a moment. Wait for this one's.
    std::fs::write(&note, format!("{text}\nSee [[no such note]].\n")).unwrap();
    let names_the_link = |page: &str| {
        page.contains("studysite-error-overlay")
            && (page.contains("broken link &#39;no such note&#39;")
                || page.contains("broken link 'no such note'"))
    };
    wait_for("the error overlay", || {
        names_the_link(&get(port, "/compute/vms.html").1)
    });
    // Over every page, the last good one.
    let (_, page) = get(port, "/compute/containers.html");
    assert!(names_the_link(&page), "{page}");
    std::fs::write(&note, &text).unwrap();
    wait_for("the overlay to go", || {
        let page = get(port, "/compute/vms.html").1;
        !page.contains("studysite-error-overlay") && !page.contains("Freshly edited.")
    });
}

/// An edit that fails (a broken link typed, a note caught half written) leaves the last good
/// site served under the error, and the edit that fixes it is applied like any other, not by
/// loading the whole site again (which took minutes at 10,000 notes).
#[test]
fn after_a_failed_edit_the_fix_is_incremental() {
    let site = TestSite::fixture("basic");
    let work = tempfile::tempdir().unwrap();
    let preview = Preview::new(&options(&site), work.path());
    let note = site.path("notes/compute/functions.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\nA new paragraph.\n")).unwrap();
    assert!(matches!(
        preview.apply(std::slice::from_ref(&note)),
        Rebuild::Pages(_)
    ));

    std::fs::write(&note, format!("{text}\nSee [[no such note]].\n")).unwrap();
    assert_eq!(preview.apply(std::slice::from_ref(&note)), Rebuild::Failed);
    assert!(
        preview
            .problems()
            .iter()
            .any(|d| d.message.contains("no such note")),
        "{:?}",
        preview.problems()
    );
    let page = served(&preview, "compute/functions.html");
    assert!(page.contains("A new paragraph.") && !page.contains("no such note"));

    // Another note edited meanwhile: the failed one is read again with it, and still fails.
    let other = site.path("notes/compute/vms.md");
    let other_text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{other_text}\nMeanwhile.\n")).unwrap();
    assert_eq!(preview.apply(std::slice::from_ref(&other)), Rebuild::Failed);

    std::fs::write(&note, &text).unwrap();
    let outcome = preview.apply(std::slice::from_ref(&note));
    assert!(matches!(outcome, Rebuild::Pages(_)), "{outcome:?}");
    assert!(preview.problems().is_empty(), "{:?}", preview.problems());
    assert!(served(&preview, "compute/vms.html").contains("Meanwhile."));
    assert_served_as_built(&site, &preview, &[]);

    // Emptied mid-save: what other notes link to in it is gone for a moment.
    std::fs::write(&note, "").unwrap();
    let outcome = preview.apply(std::slice::from_ref(&note));
    assert!(outcome != Rebuild::Full, "{outcome:?}");
    std::fs::write(&note, &text).unwrap();
    let outcome = preview.apply(std::slice::from_ref(&note));
    assert!(
        matches!(outcome, Rebuild::Pages(_) | Rebuild::AllPages),
        "{outcome:?}"
    );
    assert_served_as_built(&site, &preview, &[]);
}

#[test]
fn the_server_never_serves_outside_the_site() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&options(&site), 0, Arc::new(Quiet)).unwrap();
    let port = server.port;
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2e%2e%2fsite.yaml",
        "/%252e%252e/site.yaml",
        "/..%5csite.yaml",
        "/compute/..\\..\\site.yaml",
    ] {
        let (status, body) = get(port, path);
        assert!(status == 403 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("Fixture Course\ndescription"),
            "{path} leaked site.yaml"
        );
    }
    let (status, body) = get(port, "/a/b/c/missing.html");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    let (status, _) = get(port, "/style.css");
    assert_eq!(status, 200);
}

#[test]
fn build_output_has_no_reload_script() {
    let site = TestSite::fixture("basic");
    site.build();
    for page in ["index.html", "compute/vms.html", "404.html"] {
        assert!(!site.output(page).contains("EventSource"), "{page}");
    }
}
