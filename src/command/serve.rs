//! Live preview: `studysite serve`.
//!
//! In: the same options as `build`. Out: the site served on 127.0.0.1 only, kept loaded in
//! memory and updated as files change, open pages told to reload with Server-Sent Events.
//! The site is built once into a private temporary folder (static files, copied assets); a
//! note's page is rendered when the browser asks for it and kept until an edit touches what it
//! shows (`serve/pages.rs`), and so are the search index and the pages listing notes
//! (`serve/generated.rs`), so that no edit waits for them. An edit to notes re-reads them and
//! updates the kept site and its link index by the build's rules (`serve/update.rs`): a body edit
//! resolves the note's links again and forgets its page and the pages whose "Linked from"
//! changed; a title or heading edit (`serve/retitle.rs`) also resolves again the links that may
//! find it otherwise and sorts the outline again, and forgets the pages that show its title
//! or link to it; an edit that shows on other pages in other ways (summary, tags, order,
//! comparisons) links the site again and forgets every page. Either way it costs the pages that
//! are open, not all of them. A template, static file or `site.yaml` change, or a note added or
//! removed, rebuilds the whole site. An edit that fails leaves the last good site served under
//! the error overlay, and its notes are read again with the next change. The reload script and
//! the error overlay are added to pages as they are served, never written into the build
//! output (`serve/respond.rs`, which also maps a URL to its file). The HTTP side, and what it
//! refuses, is in `serve/http.rs`; which changed files count, in `serve/watch.rs`.

mod generated;
mod http;
mod linkers;
mod pages;
mod relink;
mod respond;
mod retitle;
mod update;
mod watch;

use crate::command::build::{build_site, Built};
use crate::model::config::Options;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::progress::Silent;
use generated::Generated;
use http::{EventStreams, Reply};
use linkers::Lookups;
use pages::Pages;
use respond::{safe_path, site_path};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use update::Touched;

/// Where the preview reports what happens (the CLI prints it).
pub trait Log: Send + Sync {
    fn info(&self, message: &str);
    fn problems(&self, problems: &[Diagnostic]);
}

const EVENTS_PATH: &str = "/__studysite/events";

/// The served site and what the browser needs to know about it.
pub struct Preview {
    options: Options,
    out: PathBuf,
    /// The kept site, locked for writing while an edit updates it.
    built: RwLock<Option<Built>>,
    /// The kept site's link lookups, kept with it so that an edit does not build them anew.
    lookups: Mutex<Option<Lookups>>,
    /// Note pages rendered from `built`.
    pages: Pages,
    /// The search index and the pages listing notes, generated from `built`.
    generated: Generated,
    /// The problems of the last rebuild, shown over every page until fixed. Apart from the
    /// site, so serving a page never waits for a rebuild.
    problems: Mutex<Vec<Diagnostic>>,
    /// Notes whose last edit failed, and so are not in the kept site: read again with the next
    /// change.
    pending: Mutex<Vec<PathBuf>>,
    /// The open pages, told to reload after every rebuild (good or bad).
    events: Arc<EventStreams>,
}

/// What one rebuild did, for the log and for tests.
#[derive(Debug, PartialEq, Eq)]
pub enum Rebuild {
    /// Only these pages changed; each renders anew when asked.
    Pages(Vec<String>),
    /// The site was linked again and every page renders anew when asked.
    AllPages,
    /// The site was loaded and built anew.
    Full,
    Failed,
}

impl Preview {
    /// Builds the site into `work_dir` (a folder the caller owns, e.g. a temp dir).
    pub fn new(options: &Options, work_dir: &Path) -> Preview {
        let out = work_dir.join("site");
        let mut options = options.clone();
        options.out = Some(out.clone());
        // Watchers report absolute paths; compare them with absolute paths.
        let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        if options.root.as_os_str().is_empty() {
            options.root = PathBuf::from(".");
        }
        options.root = absolute(&options.root);
        options.notes = options.notes.as_deref().map(absolute);
        let preview = Preview {
            options,
            out,
            built: RwLock::new(None),
            lookups: Mutex::new(None),
            pages: Pages::default(),
            generated: Generated::default(),
            problems: Mutex::new(Vec::new()),
            pending: Mutex::new(Vec::new()),
            events: Arc::new(EventStreams::new(http::LIMITS.event_streams)),
        };
        preview.full_rebuild();
        preview
    }

    pub fn out_dir(&self) -> &Path {
        &self.out
    }

    /// The problems currently shown over every page.
    pub fn problems(&self) -> Vec<Diagnostic> {
        self.problems
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_problems(&self, problems: Vec<Diagnostic>) {
        *self.problems.lock().unwrap_or_else(|p| p.into_inner()) = problems;
    }

    fn write_built(&self) -> std::sync::RwLockWriteGuard<'_, Option<Built>> {
        self.built.write().unwrap_or_else(|p| p.into_inner())
    }

    fn read_built(&self) -> std::sync::RwLockReadGuard<'_, Option<Built>> {
        self.built.read().unwrap_or_else(|p| p.into_inner())
    }

    fn full_rebuild(&self) -> Rebuild {
        let result = build_site(&self.options, &Silent);
        let outcome = match result {
            Ok(built) => {
                self.set_problems(built.report.warnings.clone());
                let mut kept = self.write_built();
                self.pending
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clear();
                *lock(&self.lookups) = Some(Lookups::new(&built.site));
                *kept = Some(built);
                self.pages.clear();
                self.generated.clear();
                Rebuild::Full
            }
            Err(e) => {
                self.set_problems(problems_of(e));
                // The last good build's files are served until the site builds again.
                *self.write_built() = None;
                self.pages.clear();
                self.generated.clear();
                Rebuild::Failed
            }
        };
        self.bump();
        outcome
    }

    fn bump(&self) {
        self.events.send("reload");
    }

    /// Brings the served site up to date with the changed files.
    pub fn apply(&self, changed: &[PathBuf]) -> Rebuild {
        let root = &self.options.root;
        let notes_dir = self
            .options
            .notes
            .clone()
            .unwrap_or_else(|| root.join("notes"));
        let needs_full = changed.iter().any(|p| {
            p.file_name().is_some_and(|n| n == "site.yaml")
                || p.starts_with(root.join("templates"))
                || p.starts_with(root.join("static"))
        });
        let notes: Vec<&PathBuf> = changed
            .iter()
            .filter(|p| p.starts_with(&notes_dir) && p.extension().is_some_and(|e| e == "md"))
            .collect();
        let assets_changed = changed
            .iter()
            .any(|p| p.starts_with(&notes_dir) && !notes.contains(&p));
        if needs_full || assets_changed || notes.is_empty() {
            return self.full_rebuild();
        }
        let mut kept = self.write_built();
        let mut kept_lookups = lock(&self.lookups);
        let (Some(built), Some(lookups)) = (kept.as_mut(), kept_lookups.as_mut()) else {
            drop((kept_lookups, kept));
            return self.full_rebuild();
        };
        // The notes of an edit that failed are read again with these: the kept site is the
        // last good one, without them.
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        let mut notes: Vec<PathBuf> = notes.into_iter().cloned().collect();
        for path in pending.drain(..) {
            if !notes.contains(&path) {
                notes.push(path);
            }
        }
        let changed: Vec<&PathBuf> = notes.iter().collect();
        let outcome = match update::notes(&mut built.site, lookups, &changed) {
            Ok(Some(touched)) => {
                self.set_problems(built.site.warnings.clone());
                match touched {
                    Touched::All => {
                        self.pages.clear();
                        self.generated.clear();
                        Rebuild::AllPages
                    }
                    Touched::Notes(ids) => {
                        let site = &built.site;
                        let urls: Vec<String> =
                            ids.iter().map(|&id| site.notes[id].url.clone()).collect();
                        self.pages.forget(&urls, &site.pages.handout);
                        // The review page counts the cards, which a body holds.
                        self.generated.clear();
                        Rebuild::Pages(urls)
                    }
                }
            }
            Ok(None) => {
                drop((kept_lookups, pending, kept));
                return self.full_rebuild();
            }
            Err(e) => {
                // Shown over the last good site's pages. Of several notes edited at once, those
                // before the failing one may be in: every page renders anew.
                self.set_problems(problems_of(e));
                self.pages.clear();
                self.generated.clear();
                *pending = notes;
                Rebuild::Failed
            }
        };
        drop((kept_lookups, pending, kept));
        self.bump();
        outcome
    }

    /// Applies a burst of changed files and says in `log` what it did.
    fn report(&self, paths: &[PathBuf], log: &dyn Log) {
        let started = Instant::now();
        let outcome = self.apply(paths);
        let took = started.elapsed().as_millis();
        match outcome {
            Rebuild::Pages(pages) => {
                log.info(&format!("rebuilt {} page(s) in {took} ms", pages.len()))
            }
            Rebuild::AllPages => log.info(&format!(
                "updated the site in {took} ms; pages render as they are opened"
            )),
            Rebuild::Full => log.info(&format!("rebuilt the site in {took} ms")),
            Rebuild::Failed => {}
        }
        log.problems(&self.problems());
    }

    /// A page as served, before the reload script: a note's page from the kept site, anything
    /// else from the built folder. `None` when nothing is there. `path` is the page's path in
    /// the site, decoded (`compute/vms.html`).
    pub fn page(&self, path: &str) -> Option<Vec<u8>> {
        match self.kept_file(path) {
            Some(Ok(page)) => Some(page.to_vec()),
            _ => std::fs::read(self.out.join(path)).ok(),
        }
    }

    /// The file at `path` made from the site in memory: a note's page, or a generated file
    /// (rendered, or kept from an earlier request).
    fn kept_file(&self, path: &str) -> Option<Result<Arc<Vec<u8>>>> {
        let kept = self.read_built();
        let built = kept.as_ref()?;
        self.pages
            .note(built, path)
            .or_else(|| self.generated.file(built, path))
    }

    fn file_response(&self, path: &Path) -> Option<Reply> {
        let path = if path.is_dir() {
            path.join("index.html")
        } else {
            path.to_path_buf()
        };
        let bytes = std::fs::read(&path).ok()?;
        let content_type = crate::util::mime::of_path(&path);
        let body = if content_type.starts_with("text/html") {
            self.decorate(&bytes)
        } else {
            bytes
        };
        Some(Reply::Page {
            status: 200,
            content_type,
            body,
        })
    }

    fn not_found(&self) -> Reply {
        let body = self
            .page("404.html")
            .map(|b| self.decorate(&b))
            .unwrap_or_else(|| {
                self.decorate(b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>")
            });
        Reply::Page {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body,
        }
    }

    /// The page with the reload script, and the error overlay while the last rebuild failed.
    fn decorate(&self, html: &[u8]) -> Vec<u8> {
        respond::decorate(html, &self.problems())
    }
}

impl http::Handler for Preview {
    /// Answers one request (already checked to be a GET or HEAD for us) from the built site.
    fn handle(&self, request: &http::Request) -> Reply {
        let url = request.target.split(['?', '#']).next().unwrap_or("/");
        if url == EVENTS_PATH {
            return Reply::Events(Arc::clone(&self.events));
        }
        let reply = match safe_path(&self.out, url) {
            Some(path) => match self.kept_file(&site_path(url, &path)) {
                Some(Ok(file)) => {
                    let content_type =
                        crate::util::mime::of_path(Path::new(&site_path(url, &path)));
                    let body = if content_type.starts_with("text/html") {
                        self.decorate(&file)
                    } else {
                        file.to_vec()
                    };
                    Some(Reply::Page {
                        status: 200,
                        content_type,
                        body,
                    })
                }
                _ => self.file_response(&path),
            },
            None => Some(Reply::Page {
                status: 403,
                content_type: "text/plain; charset=utf-8",
                body: b"Forbidden: that path is outside the site.".to_vec(),
            }),
        };
        reply.unwrap_or_else(|| self.not_found())
    }
}

/// A running preview server.
pub struct Server {
    pub preview: Arc<Preview>,
    pub port: u16,
    _http: http::Server,
    /// Dropped with the server, which ends the pings.
    _pinging: mpsc::Sender<()>,
    _watcher: watch::Watcher,
    _work_dir: tempfile::TempDir,
}

impl Server {
    /// Builds the site, starts watching its files and serving on 127.0.0.1:`port` (0: any free).
    pub fn start(options: &Options, port: u16, log: Arc<dyn Log>) -> Result<Server> {
        // Before the first build: a file saved while it runs, or the moment it ends, is a
        // change (file times come from a clock that may lag this one by a tick).
        let since = std::time::SystemTime::now();
        let work_dir = tempfile::Builder::new()
            .prefix("studysite-serve-")
            .tempdir()
            .map_err(|e| Error::io("create a temporary folder in", &std::env::temp_dir(), e))?;
        let preview = Arc::new(Preview::new(options, work_dir.path()));
        let options = &preview.options;
        log.problems(&preview.problems());
        let handler: Arc<dyn http::Handler> = Arc::clone(&preview) as _;
        let http = http::Server::start(port, http::LIMITS, handler).map_err(|e| {
            Error::from(
                Diagnostic::error(format!("cannot listen on 127.0.0.1:{port}: {e}"))
                    .with_help("choose another --port, or stop what is using it"),
            )
        })?;
        let port = http.port();
        let watched = Arc::clone(&preview);
        let watcher = watch::watch(options, since, move |paths| {
            watched.report(paths, log.as_ref())
        })?;
        let (pinging, stopped) = mpsc::channel::<()>();
        let events = Arc::clone(&preview.events);
        std::thread::spawn(move || {
            // A comment line every 15 s finds the pages that have gone.
            while let Err(mpsc::RecvTimeoutError::Timeout) =
                stopped.recv_timeout(Duration::from_secs(15))
            {
                events.ping();
            }
        });
        Ok(Server {
            preview,
            port,
            _http: http,
            _pinging: pinging,
            _watcher: watcher,
            _work_dir: work_dir,
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

fn problems_of(error: Error) -> Vec<Diagnostic> {
    match error {
        Error::Invalid(problems) => problems,
        other => vec![Diagnostic::error(other.to_string())],
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
