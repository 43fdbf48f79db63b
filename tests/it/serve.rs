//! `studysite serve`: incremental rebuilds, live reload, the error overlay, and a server that
//! never reads outside the site.

use crate::common::{SearchFiles, TestSite};
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
fn get(port: u16, path: &str) -> (u16, String) {
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

fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
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
    let page = std::fs::read_to_string(preview.out_dir().join("compute/functions.html")).unwrap();
    assert!(page.contains("A new paragraph."));
    let index = SearchFiles::read(preview.out_dir());
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
    let buckets = std::fs::read_to_string(preview.out_dir().join("storage/buckets.html")).unwrap();
    assert!(
        buckets.contains(
            "<ul class=\"backlinks\"><li><a href=\"../compute/functions.html\">Functions</a>"
        ),
        "{buckets}"
    );

    // A title edit shows in every page's outline: the whole site is rebuilt.
    std::fs::write(
        &note,
        text.replace("title: Functions", "title: Serverless functions"),
    )
    .unwrap();
    assert_eq!(preview.apply(&[note]), Rebuild::Full);
    let vms = std::fs::read_to_string(preview.out_dir().join("compute/vms.html")).unwrap();
    assert!(vms.contains(">Serverless functions</a>"));
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

    // Editors write a file after the watcher has started; give it a moment to be in place.
    std::thread::sleep(Duration::from_millis(200));
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

    std::fs::write(&note, format!("{text}\nSee [[no such note]].\n")).unwrap();
    wait_for("the error overlay", || {
        get(port, "/compute/vms.html")
            .1
            .contains("studysite-error-overlay")
    });
    let (_, page) = get(port, "/compute/containers.html");
    assert!(
        page.contains("broken link &#39;no such note&#39;")
            || page.contains("broken link 'no such note'"),
        "{page}"
    );
    std::fs::write(&note, &text).unwrap();
    wait_for("the overlay to go", || {
        !get(port, "/compute/vms.html")
            .1
            .contains("studysite-error-overlay")
    });
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
