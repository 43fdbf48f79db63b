//! Harness for the real-browser tests in `tests/browser.rs`: finds Debian's Chromium (or skips),
//! builds the course once per test process, launches a private headless Chromium per test, runs
//! JavaScript in a page and waits on it, and serves the built site under a sub-path from a tiny
//! static HTTP server bound to 127.0.0.1.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::types::Method;
use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde::Serialize;
use serde_json::Value;

/// How long any single wait (an element, a navigation, a state change) may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Chromium's path, or `None` after telling the developer loudly why the test is skipped.
/// With `CI` set a missing browser is a failure, never a silent skip.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "browser tests SKIPPED: Chromium not found (looked for {}); install Debian's chromium \
         (apt-get install chromium) or set CHROMIUM=/path",
        path.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message} -- and CI is set, so a missing browser fails the run");
    }
    // Straight to the process's stderr: the test harness captures `eprintln!` of passing tests.
    let bar = "!".repeat(78);
    let _ = writeln!(std::io::stderr(), "\n{bar}\n{message}\n{bar}\n");
    None
}

/// The course in this repository, built once per test process with the real binary.
pub fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        remove_stale_sites(tmp);
        let dir = tmp.join(format!("browser-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the site's temporary folder");
        let out = dir.join("public");
        build_site(Path::new(env!("CARGO_MANIFEST_DIR")), &out);
        out
    })
}

/// Builds the site whose root folder is `root` into `out` with the real binary, quietly; panics
/// with the binary's output if the build fails or writes no `index.html`.
pub fn build_site(root: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_studysite"))
        .args([
            OsStr::new("build"),
            OsStr::new("--quiet"),
            OsStr::new("--root"),
        ])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run the studysite binary");
    assert!(
        output.status.success(),
        "studysite build of {} failed ({}):\n{}\n{}",
        root.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.join("index.html").is_file(),
        "the build of {} wrote no index.html",
        root.display()
    );
}

/// Sites left behind by earlier test processes that have ended (a static is never dropped, so
/// each process removes its predecessors' output instead). Only where /proc tells who is alive.
fn remove_stale_sites(tmp: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("browser-site-")) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Every HTML page of the built site except the 404 page, as paths relative to the site root
/// with `/` separators, sorted.
pub fn pages() -> Vec<String> {
    let root = site();
    let mut pages: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk the built site"))
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            (rel.ends_with(".html") && rel != "404.html").then_some(rel)
        })
        .collect();
    pages.sort();
    pages
}

/// `file://` URL of a page of the built site.
pub fn file_url(rel: &str) -> String {
    file_url_in(site(), rel)
}

/// `file://` URL of a file under `root`, an absolute folder (a site built by [`build_site`]).
pub fn file_url_in(root: &Path, rel: &str) -> String {
    let path = root.join(rel);
    let path = path.to_str().expect("UTF-8 temp path");
    assert!(path.starts_with('/'), "absolute path expected: {path}");
    format!("file://{}", encode_path(path))
}

fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A CDP call with free-form parameters, for methods whose generated structs have many
/// optional fields.
macro_rules! raw_method {
    ($name:ident, $cdp:literal) => {
        #[derive(Debug, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub Value);
        impl Method for $name {
            const NAME: &'static str = $cdp;
            type ReturnObject = Value;
        }
    };
}
raw_method!(NetworkEnable, "Network.enable");
raw_method!(SetDeviceMetrics, "Emulation.setDeviceMetricsOverride");

/// One private headless Chromium with a fresh profile; both go away when this is dropped.
pub struct Session {
    browser: Option<Browser>,
    profile: Option<tempfile::TempDir>,
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closes the browser and kills its main process.
        drop(self.browser.take());
        let Some(profile) = self.profile.take() else {
            return;
        };
        // Chromium's helper processes (GPU, network, renderers) still write into the profile for
        // a moment after the main process has gone: wait for them, so the folder can be removed.
        let flag = format!("--user-data-dir={}", profile.path().display());
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) && processes_with_arg(&flag) > 0 {
            thread::sleep(Duration::from_millis(20));
        }
        let path = profile.path().to_path_buf();
        for _ in 0..50 {
            if std::fs::remove_dir_all(&path).is_ok() || !path.exists() {
                break;
            }
            thread::sleep(Duration::from_millis(20));
        }
        drop(profile);
    }
}

/// How many live processes have `arg` among their arguments (0 where /proc is missing).
fn processes_with_arg(arg: &str) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        })
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|cmdline| cmdline.split(|&b| b == 0).any(|a| a == arg.as_bytes()))
        .count()
}

impl Session {
    /// Launches Chromium, or returns `None` (after a loud message) if it is not installed.
    pub fn start() -> Option<Self> {
        let path = chromium()?;
        let profile = tempfile::Builder::new()
            .prefix("studysite-chromium-profile-")
            .tempdir()
            .expect("create a Chromium profile folder");
        let args: Vec<&OsStr> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-pings",
            "--disable-domain-reliability",
            "--mute-audio",
            "--hide-scrollbars",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        let options = LaunchOptions::default_builder()
            .path(Some(path.clone()))
            .headless(true)
            .sandbox(false)
            .enable_gpu(false)
            .user_data_dir(Some(profile.path().to_path_buf()))
            .window_size(Some((1280, 900)))
            .idle_browser_timeout(Duration::from_secs(30))
            .args(args)
            .build()
            .expect("Chromium launch options");
        let browser = Browser::new(options)
            .unwrap_or_else(|e| panic!("launch {} headless: {e:#}", path.display()));
        Some(Self {
            browser: Some(browser),
            profile: Some(profile),
        })
    }

    /// A new tab that behaves as if it had focus (so focus events fire in parallel tabs).
    pub fn tab(&self) -> Arc<Tab> {
        let browser = self.browser.as_ref().expect("a running browser");
        let tab = browser.new_tab().expect("open a tab");
        tab.set_default_timeout(TIMEOUT);
        tab.call_method(Emulation::SetFocusEmulationEnabled { enabled: true })
            .expect("emulate focus");
        tab
    }
}

/// Sets the viewport's CSS size (device scale factor 1, desktop rules).
pub fn set_viewport(tab: &Tab, width: u32, height: u32) {
    tab.call_method(SetDeviceMetrics(serde_json::json!({
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false
    })))
    .unwrap_or_else(|e| panic!("set viewport {width}x{height}: {e:#}"));
}

/// Evaluates a JavaScript expression in the page (awaiting it if it is a promise) and returns its
/// JSON value (`undefined` becomes `null`); an exception thrown by the expression is an `Err`,
/// never a console error.
///
/// Every CDP round trip through headless_chrome costs up to ~100 ms (its socket reader holds the
/// connection in 100 ms slices), so the tests do as much as they can per evaluation.
pub fn try_js(tab: &Tab, expr: &str) -> Result<Value, String> {
    let wrapped = format!(
        "(async () => {{ try {{ const v = await ({expr}); return JSON.stringify({{ ok: v === undefined ? null : v }}); }} \
         catch (e) {{ return JSON.stringify({{ err: String(e && e.stack || e) }}); }} }})()"
    );
    let object = tab.evaluate(&wrapped, true).map_err(|e| format!("{e:#}"))?;
    let text = object
        .value
        .as_ref()
        .and_then(Value::as_str)
        .ok_or_else(|| format!("no JSON came back: {object:?}"))?;
    let result: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    match result.get("err") {
        Some(err) => Err(err.as_str().unwrap_or_default().to_owned()),
        None => Ok(result.get("ok").cloned().unwrap_or(Value::Null)),
    }
}

/// Like [`try_js`], panicking on failure.
pub fn js(tab: &Tab, expr: &str) -> Value {
    try_js(tab, expr).unwrap_or_else(|e| panic!("evaluating `{expr}` failed: {e}"))
}

pub fn js_bool(tab: &Tab, expr: &str) -> bool {
    match js(tab, expr) {
        Value::Bool(b) => b,
        other => panic!("`{expr}` gave {other}, not a boolean"),
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// Polls a JavaScript expression until it is truthy and returns its value; panics with `what`
/// and the last value or error after [`TIMEOUT`]. Evaluation errors (a page mid-navigation)
/// count as "not yet".
pub fn wait_for(tab: &Tab, expr: &str, what: &str) -> Value {
    let start = Instant::now();
    let mut last;
    loop {
        match try_js(tab, expr) {
            Ok(v) if truthy(&v) => return v,
            Ok(v) => last = format!("last value {v}"),
            Err(e) => last = format!("last error {e}"),
        }
        if start.elapsed() > TIMEOUT {
            panic!(
                "timed out after {TIMEOUT:?} waiting for {what} (`{expr}`; {last}; page {})",
                tab.get_url()
            );
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// JavaScript that marks the current document, so that [`wait_new_page`] can tell when another
/// one has replaced it.
pub const MARK_PAGE: &str = "(window.__browserTestOldPage = true)";

/// Waits until a document without the [`MARK_PAGE`] mark has fully loaded, then evaluates `data`
/// in it and returns the result.
pub fn wait_new_page(tab: &Tab, what: &str, data: &str) -> Value {
    wait_loaded(tab, "!window.__browserTestOldPage", what, data)
}

/// Waits until `condition` holds and the document has fully loaded, then evaluates `data` there.
/// (It polls: with JavaScript disabled in the page, event listeners and timers never fire.)
fn wait_loaded(tab: &Tab, condition: &str, what: &str, data: &str) -> Value {
    let expr = format!(
        "(async () => {{
            if (!({condition}) || document.readyState !== 'complete') return null;
            return {{ data: await ({data}) }};
        }})()"
    );
    wait_for(tab, &expr, &format!("{what} to load a new page"))["data"].take()
}

/// Navigates, waits for the new document to be completely loaded and returns `data` evaluated
/// in it.
pub fn goto_and(tab: &Tab, url: &str, data: &str) -> Value {
    let same = tab.get_url() == url;
    if same {
        js(tab, MARK_PAGE);
    }
    tab.navigate_to(url)
        .unwrap_or_else(|e| panic!("navigate to {url}: {e:#}"));
    let condition = if same {
        "!window.__browserTestOldPage".to_owned()
    } else {
        format!("location.href === {}", serde_json::json!(url))
    };
    wait_loaded(tab, &condition, url, data)
}

/// Scrolls the element that `element` (a JS expression) evaluates to into view, checks that
/// nothing covers its centre, and returns that point in viewport coordinates.
pub fn point_of(tab: &Tab, what: &str, element: &str) -> Point {
    let p = js(
        tab,
        &format!(
            "(() => {{
                const el = ({element});
                if (!el) return {{ error: 'no such element' }};
                el.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }});
                const rects = [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0);
                if (!rects.length) return {{ error: 'element has no box' }};
                const r = rects[0], x = r.left + r.width / 2, y = r.top + r.height / 2;
                const hit = document.elementFromPoint(x, y);
                if (!hit || !(el === hit || el.contains(hit))) {{
                    return {{ error: 'covered by ' + (hit ? hit.outerHTML.slice(0, 120) : 'nothing') }};
                }}
                return {{ x, y }};
            }})()"
        ),
    );
    if let Some(error) = p.get("error") {
        panic!("{what}: cannot point at it on {}: {error}", tab.get_url());
    }
    Point {
        x: p["x"].as_f64().expect("x"),
        y: p["y"].as_f64().expect("y"),
    }
}

/// A real mouse click (move, press, release) on the centre of an element.
pub fn click(tab: &Tab, what: &str, element: &str) {
    let point = point_of(tab, what, element);
    tab.click_point(point)
        .unwrap_or_else(|e| panic!("{what}: click failed: {e:#}"));
}

/// Moves the real mouse pointer over the centre of an element.
pub fn hover(tab: &Tab, what: &str, element: &str) {
    let point = point_of(tab, what, element);
    tab.move_mouse_to_point(point)
        .unwrap_or_else(|e| panic!("{what}: hover failed: {e:#}"));
}

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
        Ok(body) => (
            "200 OK",
            studysite::command::serve::content_type(&file),
            body,
            None,
        ),
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
