//! `studysite serve` watching a save as editors make it: the file truncated, then written. The
//! watcher may see the note empty in between; that must cost no more than the save itself,
//! while a note really emptied is still shown empty.

use crate::common::{Page, TestSite};
use crate::serve::{get, served_pages_match_build, wait_for};
use scraper::Html;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use studysite::command::serve::{Log, Server};
use studysite::{Diagnostic, Options};

/// What the preview said it did, in order.
#[derive(Default)]
struct Said(Mutex<Vec<String>>);

impl Log for Said {
    fn info(&self, message: &str) {
        self.0.lock().unwrap().push(message.to_string());
    }
    fn problems(&self, problems: &[Diagnostic]) {
        for problem in problems {
            self.0
                .lock()
                .unwrap()
                .push(format!("problem: {}", problem.message));
        }
    }
}

impl Said {
    fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

const ALPHA: &str = "---\ntitle: Alpha\n---\n## Part\n\nFirst text.\n";

/// A home page linking to a heading of `a.md`, which an empty `a.md` lacks; and `b.md`, which
/// nothing links to.
fn server(said: &Arc<Said>) -> (TestSite, Server) {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nSee [[a#Part]].\n")
        .write("notes/a.md", ALPHA)
        .write("notes/b.md", "---\ntitle: Beta\n---\nSome text.\n");
    let options = Options {
        root: site.root().to_path_buf(),
        ..Options::default()
    };
    let log: Arc<dyn Log> = Arc::clone(said) as _;
    let server = Server::start(&options, 0, log).unwrap();
    (site, server)
}

/// The note read empty linked the whole site again, which failed (the home page's link lost
/// its heading); only the write after it came in incrementally.
#[test]
fn a_note_emptied_then_written_is_one_incremental_update() {
    let said = Arc::new(Said::default());
    let (site, server) = server(&said);
    let note = site.path("notes/a.md");
    // Emptied, and written again well after the watcher's 10 ms of quiet end its burst.
    std::fs::File::create(&note).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(&note, ALPHA.replace("First", "Second")).unwrap();
    wait_for("the save to be served", || {
        get(server.port, "/a.html").1.contains("Second text.")
    });
    // Past the wait for an emptied file: nothing more is to come.
    std::thread::sleep(Duration::from_millis(1500));
    let said = said.all();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].starts_with("rebuilt 1 page(s) in "), "{said:?}");
    served_pages_match_build(&site, &server.preview, &[]);
}

#[test]
fn a_note_really_emptied_is_served_empty() {
    let said = Arc::new(Said::default());
    let (site, server) = server(&said);
    let emptied = std::time::Instant::now();
    std::fs::File::create(site.path("notes/b.md")).unwrap();
    wait_for("the emptied note to be served", || {
        !get(server.port, "/b.html").1.contains("Some text.")
    });
    // Not before the watcher has waited for a write that did not come.
    assert!(emptied.elapsed() >= Duration::from_millis(500));
    let page = Page(Html::parse_document(&get(server.port, "/b.html").1));
    assert_eq!(page.texts("div.content"), [""]);
    let said = said.all();
    let (problems, updates): (Vec<&String>, Vec<&String>) =
        said.iter().partition(|s| s.starts_with("problem: "));
    assert_eq!(updates.len(), 1, "{said:?}");
    assert_eq!(problems, ["problem: note is empty"], "{said:?}");
    served_pages_match_build(&site, &server.preview, &[]);
}
