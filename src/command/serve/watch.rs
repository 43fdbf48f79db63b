//! Which files the preview watches, and which changes count. In: the site's folders and the
//! time the preview started. Out: a watcher that calls back with each burst of changed files,
//! editors' hidden files, files only read (not changed) and files caught between an editor's
//! truncate and write left out.

use crate::model::config::Options;
use crate::util::error::{Diagnostic, Error, Result};
use notify_debouncer_mini::notify::RecursiveMode;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The watcher the preview keeps while it runs.
pub type Watcher =
    notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>;

/// Watches the notes, templates, static files and `site.yaml` of the site `options` name, and
/// calls `changed` with the files changed in each burst of events, sorted. A file first seen
/// counts when it was modified `since`.
pub fn watch(
    options: &Options,
    since: std::time::SystemTime,
    mut changed: impl FnMut(&[PathBuf]) + Send + 'static,
) -> Result<Watcher> {
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
            .filter(|p| !is_hidden(p.strip_prefix(&root).unwrap_or(p)))
            .collect();
        paths.sort();
        paths.dedup();
        paths.retain(|p| stamps.changed(p));
        let emptied: Vec<PathBuf> = paths.iter().filter(|p| is_empty(p)).cloned().collect();
        if !emptied.is_empty() {
            let written = written_again(&emptied, EMPTIED_SETTLE);
            paths.retain(|p| !written.contains(p));
        }
        if paths.is_empty() {
            return;
        }
        changed(&paths);
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

/// How long a file found empty may take to be written again before it counts as emptied.
/// Editors save by truncating the file, then writing it: two events, normally microseconds
/// apart, but under load more than the 10 ms of quiet that end a burst. Read in between, a
/// note is empty: its frontmatter gone, the whole site was linked again, and failed. The wait
/// ends as soon as the file grows, so a save pays only the gap; the limit is what a note
/// really emptied waits before it shows: notify-debouncer-mini's default quiet (mdBook waits
/// 1 s of quiet before every rebuild), far above a scheduler's delays under load.
const EMPTIED_SETTLE: Duration = Duration::from_millis(500);

/// Whether `path` is a file of 0 bytes.
fn is_empty(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0)
}

/// Of the `emptied` files, those no longer empty (written again, or gone) within `settle`:
/// the event that wrote them is still to come, and brings them in a burst of its own
/// ([`Stamps`] has seen them empty, so their new size is a change).
fn written_again(emptied: &[PathBuf], settle: Duration) -> Vec<PathBuf> {
    let deadline = Instant::now() + settle;
    let mut empty = emptied.to_vec();
    loop {
        empty.retain(|p| is_empty(p));
        if empty.is_empty() || Instant::now() >= deadline {
            return emptied
                .iter()
                .filter(|p| !empty.contains(p))
                .cloned()
                .collect();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
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
