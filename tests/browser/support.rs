//! Harness for the real-browser tests in `tests/browser.rs`: builds the browser fixture (and the
//! course, for the tests about it) once per test process, launches one headless Chromium per
//! process and gives each test a fresh incognito context in it, runs JavaScript in a page and
//! waits on it, records what a tab requests and logs, and serves a built site under a sub-path
//! from a tiny static HTTP server bound to 127.0.0.1.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::types::{Event, Method};
use headless_chrome::protocol::cdp::{Emulation, Log, Runtime, Target};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde::Serialize;
use serde_json::{json, Value};

/// How long any single wait (an element, a navigation, a state change) may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Chromium's path: `$CHROMIUM` when set, otherwise Debian's `/usr/bin/chromium`. build.rs looks
/// in the same two places to decide whether these tests are `#[ignore]`d.
pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// The browser fixture (`tests/fixtures/browser`), built once per test process with the real
/// binary: the site most tests drive, made for them, so that a change to the course's text
/// breaks none of them.
pub fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_once("browser-site", &fixture("browser")))
}

/// The course in this repository, built once per test process: for the tests about the course
/// itself (how well its own text searches).
pub fn course() -> &'static Path {
    static COURSE: OnceLock<PathBuf> = OnceLock::new();
    COURSE.get_or_init(|| build_once("browser-course", Path::new(env!("CARGO_MANIFEST_DIR"))))
}

/// A fixture site's folder, `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Builds the site at `root` into a folder of the target's temporary directory named after
/// `prefix` and this process, and returns its output folder.
pub fn build_once(prefix: &str, root: &Path) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    remove_stale(tmp, &format!("{prefix}-"));
    let dir = tmp.join(format!("{prefix}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the site's temporary folder");
    let out = dir.join("public");
    build_site(root, &out);
    out
}

/// A site of `files` (each a path from its root and its text, `site.yaml` among them) written to
/// a new temporary folder named from `prefix` and built into its `public/`: the folder, deleted
/// when dropped, and the output.
pub fn build_temp_site(prefix: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("create a temporary site folder");
    let root = dir.path();
    std::fs::create_dir_all(root.join("notes")).expect("create notes/");
    for (file, text) in files {
        std::fs::write(root.join(file), text).unwrap_or_else(|e| panic!("write {file}: {e}"));
    }
    let out = root.join("public");
    build_site(root, &out);
    (dir, out)
}

/// Builds the site whose root folder is `root` into `out` with the real binary, quietly; panics
/// with the binary's output if the build fails or writes no `index.html`.
pub fn build_site(root: &Path, out: &Path) {
    let output = studysite_command()
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

/// Folders named `<prefix><pid>` left behind by earlier test processes that have ended (a static
/// is never dropped, so each process removes its predecessors' output instead). Only where /proc
/// tells who is alive.
fn remove_stale(tmp: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Every HTML page of the browser fixture except the 404 page, as paths relative to the site root
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

/// A JavaScript function, `(a) => preview`: the title and summary the browser fixture's build
/// gave the note a link leads to (from its `note-previews/` parts, as the page's script reads
/// them), or `undefined` for a link to this page or out of the site; for finding links that have
/// a preview and what it should say. Pages hold no previews themselves.
pub fn preview_of_js() -> String {
    let mut all = serde_json::Map::new();
    let dir = site().join("note-previews");
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
        let js = std::fs::read_to_string(entry.expect("a previews part").path()).unwrap();
        let json = js
            .strip_prefix("studysiteNotePreviews(")
            .and_then(|j| j.trim_end().strip_suffix(");"))
            .unwrap_or_else(|| panic!("not one studysiteNotePreviews call: {js}"));
        let part: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).expect("JSON");
        all.extend(part);
    }
    format!(
        "((previews) => (a) => {{
            const root = new URL(document.documentElement.getAttribute('data-root') || './', location.href).href;
            const url = a.href.split('#')[0];
            if (!url.startsWith(root) || url === location.href.split('#')[0]) return undefined;
            try {{ return previews[decodeURIComponent(url.slice(root.length))]; }} catch (e) {{ return undefined; }}
        }})({})",
        serde_json::Value::Object(all)
    )
}

/// `file://` URL of a page of the browser fixture.
pub fn file_url(rel: &str) -> String {
    file_url_in(site(), rel)
}

/// `file://` URL of a page of the course.
pub fn course_url(rel: &str) -> String {
    file_url_in(course(), rel)
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
raw_method!(SetEmulatedMedia, "Emulation.setEmulatedMedia");
raw_method!(
    AddScriptOnNewDocument,
    "Page.addScriptToEvaluateOnNewDocument"
);

/// The one headless Chromium of this test process, with its throwaway profile. Tests share it
/// (launching a browser per test cost more than most tests) and each gets its own incognito
/// context, so no cookie, storage or cache passes from one test to another.
struct Shared {
    browser: Browser,
    /// Kept so that the folder lives as long as the browser; removed by [`stop_browser`].
    profile: PathBuf,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

/// The shared browser, launched on first use. A static is never dropped, so the browser is
/// stopped by an `atexit` handler when the test process ends, passed or failed.
fn shared() -> &'static Shared {
    SHARED.get_or_init(|| {
        let path = chromium();
        assert!(
            path.is_file(),
            "Chromium not found at {}: install Debian's chromium (apt-get install chromium) or \
             set CHROMIUM=/path, then build again (build.rs marks these tests ignored without it)",
            path.display()
        );
        let profile = tempfile::Builder::new()
            .prefix("studysite-chromium-profile-")
            .tempdir()
            .expect("create a Chromium profile folder")
            .keep();
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
            .user_data_dir(Some(profile.clone()))
            .window_size(Some((1280, 900)))
            // Tests that build a site keep the browser idle for a while: no idle shutdown.
            .idle_browser_timeout(Duration::from_secs(3600))
            .args(args)
            .build()
            .expect("Chromium launch options");
        let browser = Browser::new(options)
            .unwrap_or_else(|e| panic!("launch {} headless: {e:#}", path.display()));
        // SAFETY: registers a plain function with no arguments, once (inside this OnceLock).
        unsafe { libc::atexit(stop_browser) };
        Shared { browser, profile }
    })
}

/// Stops the shared browser when the test process exits and removes its profile.
extern "C" fn stop_browser() {
    let Some(shared) = SHARED.get() else { return };
    if let Some(pid) = shared.browser.get_process_id() {
        // SAFETY: a signal to the process this test process started.
        unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
    }
    // Chromium's helper processes (GPU, network, renderers) still write into the profile for a
    // moment after the main process has gone: wait for them, so the folder can be removed.
    let flag = format!("--user-data-dir={}", shared.profile.display());
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) && processes_with_arg(&flag) > 0 {
        thread::sleep(Duration::from_millis(20));
    }
    for _ in 0..50 {
        if std::fs::remove_dir_all(&shared.profile).is_ok() || !shared.profile.exists() {
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// One test's view of the shared browser: an incognito context of its own, whose tabs are
/// closed when this is dropped.
pub struct Session {
    context: String,
    tabs: Mutex<Vec<Arc<Tab>>>,
}

impl Drop for Session {
    fn drop(&mut self) {
        for tab in self
            .tabs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            let _ = tab.close(false);
        }
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
    /// A fresh incognito context in the shared browser (launched on first use); panics if
    /// Chromium is missing, as these tests run only when it is there or are asked for.
    pub fn start() -> Self {
        let context = shared()
            .browser
            .new_context()
            .expect("create an incognito browser context")
            .get_id()
            .to_owned();
        Self {
            context,
            tabs: Mutex::default(),
        }
    }

    /// Lets this session's pages read and write the clipboard, as a reader who allowed it.
    pub fn grant_clipboard(&self, tab: &Tab) {
        use headless_chrome::protocol::cdp::Browser::{GrantPermissions, PermissionType};
        tab.call_method(GrantPermissions {
            permissions: vec![
                PermissionType::ClipboardReadWrite,
                PermissionType::ClipboardSanitizedWrite,
            ],
            origin: None,
            browser_context_id: Some(self.context.clone()),
        })
        .expect("grant clipboard permissions");
    }

    /// A new tab of this session, in a window of its own (only a window's front tab paints,
    /// and screenshots wait for paint), that behaves as if it had focus (so focus events fire
    /// while other tests' windows are open).
    pub fn tab(&self) -> Arc<Tab> {
        let tab = shared()
            .browser
            .new_tab_with_options(Target::CreateTarget {
                url: "about:blank".to_owned(),
                left: None,
                top: None,
                width: Some(1280),
                height: Some(900),
                window_state: None,
                browser_context_id: Some(self.context.clone()),
                enable_begin_frame_control: None,
                new_window: Some(true),
                background: None,
                for_tab: None,
                hidden: None,
            })
            .expect("open a tab");
        tab.set_default_timeout(TIMEOUT);
        tab.call_method(Emulation::SetFocusEmulationEnabled { enabled: true })
            .expect("emulate focus");
        self.tabs.lock().unwrap().push(Arc::clone(&tab));
        tab
    }
}

/// For a reviewer: in each view (1280 and 360 px wide, light and dark) opens `url`, lets `show`
/// bring up what is to be seen, and writes `target/browser-screenshots/<name>-<width>-<theme>.png`.
pub fn screenshot_views(tab: &Tab, name: &str, url: &str, show: impl Fn(&Tab)) {
    for (width, height) in [(1280, 900), (360, 780)] {
        for theme in ["light", "dark"] {
            set_dark(tab, theme == "dark");
            set_viewport(tab, width, height);
            goto_and(tab, url, "true");
            show(tab);
            screenshot(tab, &format!("{name}-{width}-{theme}"));
        }
    }
}

/// Sets the viewport's CSS size (device scale factor 1, desktop rules).
pub fn set_viewport(tab: &Tab, width: u32, height: u32) {
    tab.call_method(SetDeviceMetrics(serde_json::json!({
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false
    })))
    .unwrap_or_else(|e| panic!("set viewport {width}x{height}: {e:#}"));
}

/// Makes the page see the system's colour scheme as dark or light (`prefers-color-scheme`).
pub fn set_dark(tab: &Tab, dark: bool) {
    let value = if dark { "dark" } else { "light" };
    tab.call_method(SetEmulatedMedia(serde_json::json!({
        "features": [{ "name": "prefers-color-scheme", "value": value }]
    })))
    .unwrap_or_else(|e| panic!("emulate prefers-color-scheme: {value}: {e:#}"));
}

/// Writes what the viewport shows now to `target/browser-screenshots/<name>.png`, for a
/// reviewer to look at (the README names the folder).
pub fn screenshot(tab: &Tab, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/browser-screenshots");
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .expect("capture a screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let file = dir.join(format!("{name}.png"));
    std::fs::write(&file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
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

/// Records, for one tab, every request it makes and every console error, exception or error log
/// entry, each with the page it happened on.
#[derive(Default)]
pub struct Recorder {
    /// The page being visited, set by the test, to say where an error happened.
    pub page: Mutex<String>,
    pub requests: Mutex<Vec<String>>,
    pub errors: Mutex<Vec<String>>,
}

impl Recorder {
    /// Starts recording `tab`'s requests and errors.
    pub fn attach(self: &Arc<Self>, tab: &Tab) {
        let me = Arc::clone(self);
        tab.add_event_listener(Arc::new(move |event: &Event| me.on_event(event)))
            .expect("listen to page events");
        tab.call_method(NetworkEnable(json!({})))
            .expect("enable Network events");
        tab.enable_runtime().expect("enable Runtime events");
        tab.enable_log().expect("enable Log events");
    }

    fn on_event(&self, event: &Event) {
        let error = match event {
            Event::NetworkRequestWillBeSent(e) => {
                self.requests
                    .lock()
                    .unwrap()
                    .push(e.params.request.url.clone());
                None
            }
            Event::RuntimeExceptionThrown(e) => {
                let details = &e.params.exception_details;
                Some(format!(
                    "uncaught exception: {} {}",
                    details.text,
                    details
                        .exception
                        .as_ref()
                        .and_then(|x| x.description.clone())
                        .unwrap_or_default()
                ))
            }
            Event::RuntimeConsoleAPICalled(e)
                if matches!(
                    e.params.Type,
                    Runtime::ConsoleAPICalledEventTypeOption::Error
                        | Runtime::ConsoleAPICalledEventTypeOption::Assert
                ) =>
            {
                let args: Vec<String> = e
                    .params
                    .args
                    .iter()
                    .map(|a| {
                        a.value.as_ref().map_or_else(
                            || a.description.clone().unwrap_or_default(),
                            Value::to_string,
                        )
                    })
                    .collect();
                Some(format!("console.{:?}: {}", e.params.Type, args.join(" ")))
            }
            Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
                let entry = &e.params.entry;
                Some(format!(
                    "log error ({:?}): {} {}",
                    entry.source,
                    entry.text,
                    entry.url.clone().unwrap_or_default()
                ))
            }
            _ => None,
        };
        if let Some(error) = error {
            let page = self.page.lock().unwrap().clone();
            self.errors.lock().unwrap().push(format!("{page}: {error}"));
        }
    }
}

#[path = "../shared/studysite.rs"]
mod binary;
pub use binary::studysite_command;
#[path = "../shared/search_part.rs"]
mod search_part;
pub use search_part::search_part;
