//! A tiny static HTTP server for the browser tests, bound to 127.0.0.1: serves a built site under
//! a sub-path as GitHub Pages serves a project site, with a client to read its answers and a
//! resolver for the references a page makes. In: a site folder and a prefix. Out: responses.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::support::TIMEOUT;

/// A tiny static file server for tests: serves `root` under `prefix` (like a GitHub Pages project
/// site), answers missing paths with status 404 and the body of `root/404.html`, redirects
/// folders to their slash form and serves `index.html` for a trailing slash. Loopback only.
pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(root: &Path, prefix: &str) -> Self {
        assert!(prefix.starts_with('/') && prefix.ends_with('/'));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let prefix = prefix.to_owned();
        let flag = Arc::clone(&stop);
        let accept_thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, prefix) = (root.clone(), prefix.clone());
                thread::spawn(move || serve_one(stream, &root, &prefix));
            }
        });
        Self {
            port,
            stop,
            accept_thread: Some(accept_thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.accept_thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_one(mut stream: TcpStream, root: &Path, prefix: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let mut words = request.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (
        words.next().unwrap_or_default(),
        words.next().unwrap_or("/"),
    );
    let (status, content_type, body, location) = respond(root, prefix, target);
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(location) = location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

fn respond(
    root: &Path,
    prefix: &str,
    target: &str,
) -> (&'static str, &'static str, Vec<u8>, Option<String>) {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let not_found = || {
        let body = std::fs::read(root.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
        ("404 Not Found", "text/html; charset=utf-8", body, None)
    };
    let Some(rel) = path.strip_prefix(prefix) else {
        return not_found();
    };
    let Some(rel) = percent_decode(rel) else {
        return not_found();
    };
    if rel
        .split('/')
        .any(|s| s == ".." || s == "." || s.contains('\\'))
    {
        return not_found();
    }
    let mut file = root.join(&rel);
    if file.is_dir() {
        if !rel.is_empty() && !rel.ends_with('/') {
            return (
                "301 Moved Permanently",
                "text/plain",
                Vec::new(),
                Some(format!("{path}/")),
            );
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => ("200 OK", studysite::util::mime::of_path(&file), body, None),
        Err(_) => not_found(),
    }
}

/// A URL path decoded; `None` when it is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// A response from [`http_get`].
pub struct Response {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

/// A minimal HTTP/1.1 GET against 127.0.0.1 (the test server closes every connection).
pub fn http_get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the test server");
    stream
        .set_read_timeout(Some(TIMEOUT))
        .expect("set a read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("read the response to {path}: {e}"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in the response to {path}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line in the response to {path}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// Resolves a relative reference against a page's absolute path (`/course/a/b.html`), returning
/// the absolute path (query dropped) and the fragment. `None` for references that leave the
/// server: a scheme (`https:`, `mailto:`, `data:`) or a protocol-relative `//host`.
pub fn resolve(page: &str, reference: &str) -> Option<(String, Option<String>)> {
    let is_scheme = reference.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !scheme.contains('/')
    });
    if is_scheme || reference.starts_with("//") {
        return None;
    }
    let (rest, fragment) = match reference.split_once('#') {
        Some((r, f)) => (r, Some(f.to_owned())),
        None => (reference, None),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    if rest.is_empty() {
        return Some((page.to_owned(), fragment));
    }
    let mut segments: Vec<&str> = if rest.starts_with('/') {
        Vec::new()
    } else {
        let mut base: Vec<&str> = page.split('/').collect();
        base.pop();
        base.into_iter().filter(|s| !s.is_empty()).collect()
    };
    let parts: Vec<&str> = rest.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            ".." => {
                segments.pop();
            }
            "." | "" if i + 1 < parts.len() => {}
            _ => segments.push(part),
        }
    }
    Some((format!("/{}", segments.join("/")), fragment))
}
