//! Live preview: `studysite serve`.
//!
//! In: the same options as `build`. Out: the site served on 127.0.0.1 only, kept loaded in
//! memory and updated as files change, open pages told to reload with Server-Sent Events.
//! The site is built once into a private temporary folder (static files, copied assets); a
//! note's page is rendered when the browser asks for it and kept until an edit touches what it
//! shows (`serve/pages.rs`), and so are the search index and the pages listing notes
//! (`serve/generated.rs`), so that no edit waits for them. An edit to notes re-reads them and links the site
//! again by the build's rules (`serve/update.rs`): a body edit forgets the note's page and the
//! pages whose "Linked from" or related notes changed; an edit that shows on other pages (title,
//! summary, anchors, tags, order, comparisons) forgets every page, so it costs the pages that
//! are open, not all of them. A template, static file or `site.yaml` change, or a note added or
//! removed, rebuilds the whole site. An edit that fails leaves the last good site served under
//! the error overlay, and its notes are read again with the next change. The reload script and
//! the error overlay are added to pages as they are served, never written into the build
//! output. The HTTP side, and what it refuses, is in `serve/http.rs`.

mod generated;
mod http;
mod pages;
mod update;

use crate::command::build::{build_site, Built};
use crate::model::config::Options;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::progress::Silent;
use generated::Generated;
use http::{EventStreams, Reply};
use notify_debouncer_mini::notify::RecursiveMode;
use pages::Pages;
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
        let Some(built) = kept.as_mut() else {
            drop(kept);
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
        let outcome = match update::notes(&mut built.site, &changed) {
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
                        self.pages.forget(&urls);
                        // The review page counts the cards, which a body holds.
                        self.generated.clear();
                        Rebuild::Pages(urls)
                    }
                }
            }
            Ok(None) => {
                drop(pending);
                drop(kept);
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
        drop(pending);
        drop(kept);
        self.bump();
        outcome
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

    /// Adds the reload script, and the error overlay while the last rebuild failed.
    fn decorate(&self, html: &[u8]) -> Vec<u8> {
        let html = String::from_utf8_lossy(html);
        let mut extra = String::from(RELOAD_SCRIPT);
        let problems = self.problems();
        let errors: Vec<&Diagnostic> = problems
            .iter()
            .filter(|d| d.severity == crate::util::error::Severity::Error)
            .collect();
        if !errors.is_empty() {
            extra.push_str("<div id=\"studysite-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:9999;overflow:auto;background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem\"><h2 style=\"color:#ff8a80;margin-top:0\">Build failed: the page below is the last good build</h2><pre style=\"white-space:pre-wrap\">");
            for d in errors {
                extra.push_str(&crate::util::html::escape(&d.to_string()));
                if let Some(help) = &d.help {
                    extra.push_str(&crate::util::html::escape(&format!("\n  help: {help}")));
                }
                extra.push_str("\n\n");
            }
            extra.push_str("</pre></div>");
        }
        match html.rfind("</body>") {
            Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]).into_bytes(),
            None => format!("{html}{extra}").into_bytes(),
        }
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

/// The page a URL path names in the site, as the model spells it (`compute/vms.html`, a
/// folder's `index.html`); `file` is where [`safe_path`] found it.
fn site_path(url: &str, file: &Path) -> String {
    let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
    let path = decoded.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if file.is_dir() {
        format!("{path}/index.html")
    } else {
        path.to_string()
    }
}

const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__studysite/events\");s.onmessage=function(e){if(e.data===\"reload\")location.reload();};})();</script>";

fn problems_of(error: Error) -> Vec<Diagnostic> {
    match error {
        Error::Invalid(problems) => problems,
        other => vec![Diagnostic::error(other.to_string())],
    }
}

/// The file under `root` that a URL path names, or `None` for anything that would leave it:
/// `..` in any encoding, backslashes, and symlinks pointing outside.
pub fn safe_path(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut path = root.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            // Still encoded after one decoding: a double-encoded `..` or similar trickery.
            p if p.contains('%')
                && percent_encoding::percent_decode_str(p)
                    .decode_utf8()
                    .is_ok_and(|d| d.contains("..") || d.contains('/') || d.contains('\\')) =>
            {
                return None
            }
            p => path.push(p),
        }
    }
    let real_root = root.canonicalize().ok()?;
    match path.canonicalize() {
        Ok(real) if real.starts_with(&real_root) => Some(real),
        Ok(_) => None,
        // Missing files are the 404 page's business, not a refusal.
        Err(_) => Some(path),
    }
}

/// A running preview server.
pub struct Server {
    pub preview: Arc<Preview>,
    pub port: u16,
    _http: http::Server,
    /// Dropped with the server, which ends the pings.
    _pinging: mpsc::Sender<()>,
    _watcher: notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
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
        let watcher = watch(options, since, Arc::clone(&preview), Arc::clone(&log))?;
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

fn watch(
    options: &Options,
    since: std::time::SystemTime,
    preview: Arc<Preview>,
    log: Arc<dyn Log>,
) -> Result<notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>> {
    let root = options.root.clone();
    let notes = options.notes.clone().unwrap_or_else(|| root.join("notes"));
    let watched = [
        (notes, true),
        (root.join("templates"), true),
        (root.join("static"), true),
        (root.clone(), false),
    ];
    let mut stamps = Stamps::new(since);
    let handler = move |events: notify_debouncer_mini::DebounceEventResult| {
        let Ok(events) = events else { return };
        let mut paths: Vec<PathBuf> = events
            .into_iter()
            .map(|e| e.path)
            .filter(|p| !is_hidden(p.strip_prefix(&root).unwrap_or(p)) && stamps.changed(p))
            .collect();
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            return;
        }
        let started = Instant::now();
        let outcome = preview.apply(&paths);
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
        log.problems(&preview.problems());
    };
    // A save is one burst of events (truncate, write, close; or write and rename): 10 ms of
    // quiet ends it, and each file is handled as soon as its own burst ends, not with the
    // others' (at most twice the quiet), since the whole wait is part of every edit's latency.
    let config = notify_debouncer_mini::Config::default()
        .with_timeout(Duration::from_millis(10))
        .with_batch_mode(false);
    let mut debouncer = notify_debouncer_mini::new_debouncer_opt(config, handler).map_err(|e| {
        Error::from(Diagnostic::error(format!(
            "cannot watch the site's files: {e}"
        )))
    })?;
    let watcher = debouncer.watcher();
    for (dir, recursive) in watched {
        if dir.is_dir() {
            let mode = if recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            watcher.watch(&dir, mode).map_err(|e| {
                Error::from(Diagnostic::error(format!(
                    "cannot watch {}: {e}",
                    dir.display()
                )))
            })?;
        }
    }
    Ok(debouncer)
}

/// Size and modification time of the files seen changing. Watchers also report files being
/// opened and read (by our own builds, too), which must not trigger a rebuild: a file first
/// seen counts as changed when it was modified `since` the preview started.
struct Stamps {
    since: std::time::SystemTime,
    seen: std::collections::HashMap<PathBuf, Option<(std::time::SystemTime, u64)>>,
}

impl Stamps {
    fn new(since: std::time::SystemTime) -> Stamps {
        Stamps {
            since,
            seen: std::collections::HashMap::new(),
        }
    }

    fn changed(&mut self, path: &Path) -> bool {
        let now = std::fs::metadata(path)
            .ok()
            .map(|m| (m.modified().unwrap_or(self.since), m.len()));
        let changed = match self.seen.get(path) {
            Some(before) => *before != now,
            None => now.is_none_or(|(modified, _)| modified >= self.since),
        };
        self.seen.insert(path.to_path_buf(), now);
        changed
    }
}

/// Editors' swap and backup files are not the user's content (`path` is relative to the root).
fn is_hidden(path: &Path) -> bool {
    path.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.') && name.len() > 1 && name != ".."
    }) || path.to_string_lossy().ends_with('~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_in_every_encoding() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "a").unwrap();
        let root = dir.path();
        assert!(safe_path(root, "/a.html").is_some());
        assert!(safe_path(root, "/missing.html").is_some());
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/..%5c..%5cetc",
            "/a\\..\\..\\etc",
            "/%00",
        ] {
            assert_eq!(safe_path(root, bad), None, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("link")).unwrap();
        assert_eq!(safe_path(dir.path(), "/link"), None);
    }
}
