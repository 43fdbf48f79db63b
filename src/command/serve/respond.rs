//! What a request's path means and what a served page gets added. In: a URL path, the built
//! folder, a page's bytes and the problems of the last rebuild. Out: the file the path names in
//! the site (or `None` for anything that would leave it), the page's path as the model spells it,
//! and the page with the reload script and, while the last rebuild failed, the error overlay.

use crate::util::error::{Diagnostic, Severity};
use crate::util::html::escape;
use std::path::{Path, PathBuf};

/// The page a URL path names in the site, as the model spells it (`compute/vms.html`, a
/// folder's `index.html`); `file` is where [`safe_path`] found it.
pub fn site_path(url: &str, file: &Path) -> String {
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

/// Adds the reload script, and the error overlay while the last rebuild failed.
pub fn decorate(html: &[u8], problems: &[Diagnostic]) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra = String::from(RELOAD_SCRIPT);
    let errors: Vec<&Diagnostic> = problems
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        extra.push_str("<div id=\"studysite-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:9999;overflow:auto;background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem\"><h2 style=\"color:#ff8a80;margin-top:0\">Build failed: the page below is the last good build</h2><pre style=\"white-space:pre-wrap\">");
        for d in errors {
            extra.push_str(&escape(&d.to_string()));
            if let Some(help) = &d.help {
                extra.push_str(&escape(&format!("\n  help: {help}")));
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
