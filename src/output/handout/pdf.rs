//! The handout as a PDF. In: the handout's HTML file. Out: a PDF printed by a locally
//! installed Chromium ([`find_chromium`], from [`CHROMIUM_ENV`] or `PATH`) on the [`Paper`]
//! asked for, stopped after [`chromium_timeout`], its temporary files removed on every way out
//! (Ctrl-C included), and its page count when it can be read. Nothing is downloaded.

use super::*;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::interrupt::{self, Temporary};
use crate::util::url::{self};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Names the Chromium executable to print PDFs with; without it, Chromium is looked for on `PATH`.
pub const CHROMIUM_ENV: &str = "STUDYSITE_CHROMIUM";
/// Looked for on `PATH`, in this order.
pub(crate) const CHROMIUM_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
/// How long Chromium may take to print, unless [`CHROMIUM_TIMEOUT_ENV`] says otherwise.
pub const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(180);
/// Overrides [`CHROMIUM_TIMEOUT`], in seconds.
pub const CHROMIUM_TIMEOUT_ENV: &str = "STUDYSITE_CHROMIUM_TIMEOUT";

/// The Chromium to print with: [`CHROMIUM_ENV`] when set (an error when it names nothing
/// runnable), otherwise the first of `chromium`, `chromium-browser`, `google-chrome` and
/// `google-chrome-stable` on `PATH`.
pub fn find_chromium() -> Result<PathBuf> {
    find_chromium_in(std::env::var_os(CHROMIUM_ENV), std::env::var_os("PATH"))
}

pub(crate) fn find_chromium_in(
    explicit: Option<OsString>,
    path: Option<OsString>,
) -> Result<PathBuf> {
    if let Some(value) = explicit.filter(|v| !v.is_empty()) {
        let candidate = PathBuf::from(&value);
        let is_name = candidate.components().count() == 1 && !candidate.is_absolute();
        let found = if is_name {
            search_path(&value, path.as_ref())
        } else {
            is_executable(&candidate).then(|| candidate.clone())
        };
        return found.ok_or_else(|| {
            let why = if is_name {
                "no such command on PATH"
            } else if candidate.exists() {
                "not an executable file"
            } else {
                "no such file"
            };
            Diagnostic::error(format!(
                "cannot print the PDF: {CHROMIUM_ENV} is set to '{}', {why}",
                candidate.display()
            ))
            .with_help(format!(
                "point {CHROMIUM_ENV} at Chromium's executable (e.g. /usr/bin/chromium), or unset it to use chromium from PATH"
            ))
            .into()
        });
    }
    CHROMIUM_NAMES
        .iter()
        .find_map(|name| search_path(name.as_ref(), path.as_ref()))
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "cannot print the PDF: no Chromium found (looked for {} on PATH)",
                CHROMIUM_NAMES.join(", ")
            ))
            .with_help(format!(
                "install Chromium (Debian/Ubuntu: apt-get install chromium) or set {CHROMIUM_ENV} to its executable; the HTML handout needs no browser"
            ))
            .into()
        })
}

pub(crate) fn search_path(name: &std::ffi::OsStr, path: Option<&OsString>) -> Option<PathBuf> {
    let path = path?;
    std::env::split_paths(path).find_map(|dir| {
        let candidate = dir.join(name);
        if is_executable(&candidate) {
            return Some(candidate);
        }
        let exe = candidate.with_extension("exe");
        (cfg!(windows) && is_executable(&exe)).then_some(exe)
    })
}

pub(crate) fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

pub(crate) fn file_url(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    format!("file://{}", url::encode_path(&path))
}

/// Prints the page `page` to the PDF file `pdf` on `paper` with headless Chromium, offline: a
/// copy of the page, with the paper's `@page` size added, goes to a temporary folder (Chromium
/// reads it by its `file://` URL, with a throwaway profile), the PDF to a temporary file beside
/// `pdf`, which replaces `pdf` once Chromium succeeded. Returns the page count when the PDF
/// shows it.
///
/// Chromium gets `timeout` to finish; then it is killed, with every process it started. Its
/// temporary files go on every way out: success, failure, timeout, and Ctrl-C (they are
/// registered with [`interrupt`]).
pub fn print_pdf(
    page: &Path,
    pdf: &Path,
    paper: Paper,
    chromium: &Path,
    timeout: Duration,
) -> Result<Option<usize>> {
    let work = Temporary::new(
        tempfile::Builder::new()
            .prefix("studysite-handout-")
            .tempdir()
            .map_err(|e| Error::io("create a temporary folder in", &std::env::temp_dir(), e))?,
    );
    // The size goes last, after `</html>`, where a parser puts it in the body: it still applies,
    // and the page is copied whole rather than parsed.
    let printed = work.path().join("handout.html");
    std::fs::copy(page, &printed).map_err(|e| Error::io("copy", page, e))?;
    {
        use std::io::Write as _;
        std::fs::OpenOptions::new()
            .append(true)
            .open(&printed)
            .and_then(|mut f| f.write_all(paper.style().as_bytes()))
            .map_err(|e| Error::io("write", &printed, e))?;
    }
    let log_path = work.path().join("chromium.log");
    let log = std::fs::File::create(&log_path).map_err(|e| Error::io("write", &log_path, e))?;
    let parent = parent_of(pdf);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("create folder", &parent, e))?;
    let staging = Temporary::new(
        tempfile::Builder::new()
            .prefix(".studysite-pdf-")
            .tempdir_in(&parent)
            .map_err(|e| Error::io("write into", &parent, e))?,
    );
    let staged = absolute(&staging.path().join("handout.pdf"));

    let mut command = std::process::Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            // Nothing to resolve: a handout refers to nothing outside itself.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            // Page numbers come from the stylesheet's @page margin boxes instead of Chromium's
            // header and footer, which would show the temporary file's URL.
            "--no-pdf-header-footer",
            // Bookmarks from the headings (the notes' titles and sections), for moving through
            // a long PDF in a reader's sidebar.
            "--generate-pdf-document-outline",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", staged.display()))
        .arg(file_url(&absolute(&printed)))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log);
    let failed = |why: String, help: String| -> Error {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = log
            .lines()
            .filter(|l| !l.contains("dbus") && !l.trim().is_empty())
            .collect();
        let tail = tail[tail.len().saturating_sub(5)..].join("\n");
        Diagnostic::error(format!(
            "cannot print the PDF: {} {why}",
            chromium.display()
        ))
        .with_help(if tail.is_empty() {
            help
        } else {
            format!("Chromium said:\n{tail}")
        })
        .into()
    };
    let check = || {
        format!(
            "check that {} runs (try it with --version), or point {CHROMIUM_ENV} at another Chromium",
            chromium.display()
        )
    };
    let mut child = interrupt::spawn_group(&mut command)
        .map_err(|e| failed(format!("could not be started: {e}"), check()))?;
    let running = interrupt::kill_on_interrupt(&child);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                interrupt::kill_group(&mut child);
                return Err(failed(
                    format!(
                        "did not finish within {}, and was stopped",
                        seconds(timeout)
                    ),
                    format!(
                        "a long handout may need longer: set {CHROMIUM_TIMEOUT_ENV} to more seconds (it is {}); or {}",
                        timeout.as_secs_f64(),
                        check()
                    ),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                interrupt::kill_group(&mut child);
                return Err(failed(format!("could not be waited for: {e}"), check()));
            }
        }
    };
    drop(running);
    let bytes = std::fs::read(&staged).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF-") {
        let why = if status.success() {
            "wrote no PDF".into()
        } else {
            format!("failed ({status})")
        };
        return Err(failed(why, check()));
    }
    std::fs::rename(&staged, pdf).map_err(|e| Error::io("write", pdf, e))?;
    Ok(count_pages(&bytes))
}

/// `1 second`, `2.5 seconds`.
pub(crate) fn seconds(duration: Duration) -> String {
    match duration.as_secs_f64() {
        1.0 => "1 second".into(),
        n => format!("{n} seconds"),
    }
}

/// How long Chromium may take to print: [`CHROMIUM_TIMEOUT_ENV`] seconds when set, otherwise
/// [`CHROMIUM_TIMEOUT`].
pub fn chromium_timeout() -> Result<Duration> {
    chromium_timeout_from(std::env::var_os(CHROMIUM_TIMEOUT_ENV))
}

pub(crate) fn chromium_timeout_from(value: Option<OsString>) -> Result<Duration> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(CHROMIUM_TIMEOUT);
    };
    let text = value.to_string_lossy();
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "cannot print the PDF: {CHROMIUM_TIMEOUT_ENV} is set to '{text}', not a number of seconds"
            ))
            .with_help(format!(
                "set it to how long Chromium may take to print, e.g. {CHROMIUM_TIMEOUT_ENV}=600, or unset it for {} seconds",
                CHROMIUM_TIMEOUT.as_secs()
            ))
            .into()
        })
}

/// Pages in a PDF as Chromium writes it (uncompressed page objects); `None` if none are seen.
pub(crate) fn count_pages(pdf: &[u8]) -> Option<usize> {
    let needle = b"/Type /Page";
    let count = pdf
        .windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count();
    (count > 0).then_some(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chromium_from_the_environment_must_exist() {
        let err = find_chromium_in(Some("/no/such/chromium".into()), None).unwrap_err();
        let Error::Invalid(d) = err else {
            panic!("{err:?}")
        };
        assert!(
            d[0].message
                .contains("STUDYSITE_CHROMIUM is set to '/no/such/chromium', no such file"),
            "{}",
            d[0].message
        );
        let err = find_chromium_in(None, Some(OsString::new())).unwrap_err();
        let Error::Invalid(d) = err else {
            panic!("{err:?}")
        };
        assert!(d[0]
            .help
            .as_deref()
            .unwrap()
            .contains("apt-get install chromium"));
    }

    #[test]
    fn the_chromium_timeout_may_be_set_in_seconds() {
        assert_eq!(chromium_timeout_from(None).unwrap(), CHROMIUM_TIMEOUT);
        assert_eq!(
            chromium_timeout_from(Some("".into())).unwrap(),
            CHROMIUM_TIMEOUT
        );
        assert_eq!(
            chromium_timeout_from(Some(" 600 ".into())).unwrap(),
            Duration::from_secs(600)
        );
        assert_eq!(
            chromium_timeout_from(Some("0.5".into())).unwrap(),
            Duration::from_millis(500)
        );
        for wrong in ["0", "-1", "ten", "inf", "NaN"] {
            let Error::Invalid(d) = chromium_timeout_from(Some(wrong.into())).unwrap_err() else {
                panic!("{wrong}")
            };
            assert_eq!(
                d[0].message,
                format!("cannot print the PDF: STUDYSITE_CHROMIUM_TIMEOUT is set to '{wrong}', not a number of seconds")
            );
        }
        assert_eq!(seconds(Duration::from_secs(1)), "1 second");
        assert_eq!(seconds(Duration::from_millis(2500)), "2.5 seconds");
    }

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/#1.html")),
            "file:///tmp/a%20b/%231.html"
        );
    }

    #[test]
    fn pages_are_counted() {
        assert_eq!(
            count_pages(b"<</Type /Pages /Count 2>> <</Type /Page>> <</Type /Page\n>>"),
            Some(2)
        );
        assert_eq!(count_pages(b"nothing"), None);
    }
}
