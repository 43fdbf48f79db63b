//! The handout runs nothing and loads nothing, whatever a note holds (issue #15). Each way a
//! note once ran script or fetched from the network is a note of one hostile course
//! (`tests/fixtures/hostile`), written to a handout by `studysite handout`; the sanitizer
//! itself is fed generated hostile HTML. Printing the handout stops a hung Chromium and leaves
//! no temporary file behind, Ctrl-C included.

use crate::common::{stderr, studysite_command, text, Page, TestSite};
use proptest::prelude::*;
use proptest::sample::select;
use scraper::ElementRef;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// What a handout may not hold.

/// Elements that run script, fetch, or change an attribute later.
const FORBIDDEN: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "object",
    "embed",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "image",
    "feimage",
    "use",
    "foreignobject",
    "link",
    "meta",
    "base",
    "video",
    "audio",
    "source",
    "track",
    "area",
    "form",
    "template",
    "annotation-xml",
];
/// Attributes holding a URL a browser follows when clicked.
const LINK_ATTRIBUTES: &[&str] = &["href", "action", "formaction"];
/// Attributes holding a URL a browser fetches by itself.
const FETCH_ATTRIBUTES: &[&str] = &[
    "src",
    "srcset",
    "poster",
    "background",
    "data",
    "ping",
    "srcdoc",
];
/// Attributes whose value is CSS.
const CSS_ATTRIBUTES: &[&str] = &[
    "style",
    "fill",
    "stroke",
    "filter",
    "mask",
    "clip-path",
    "cursor",
    "marker-end",
];

/// A URL as a browser reads it: lower-case, without the spaces and control characters it
/// ignores.
fn url(value: &str) -> String {
    value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// A link may go to the web, a mail address or an anchor.
fn safe_link(value: &str) -> bool {
    let url = url(value);
    url.starts_with('#') || matches!(url.split_once(':'), Some(("http" | "https" | "mailto", _)))
}

/// What loads by itself may only be an image the handout holds.
fn safe_fetch(value: &str) -> bool {
    url(value).starts_with("data:image/")
}

/// CSS as a browser reads it: `\72` is `r`, `\(` is `(`.
fn css_unescape(css: &str) -> String {
    let mut out = String::new();
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while let Some(h) = chars.next_if(|h| h.is_ascii_hexdigit() && hex.len() < 6) {
            hex.push(h);
        }
        if hex.is_empty() {
            out.extend(chars.next());
        } else {
            let code = u32::from_str_radix(&hex, 16).unwrap();
            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            chars.next_if(|c| c.is_whitespace());
        }
    }
    out
}

/// Whether CSS fetches: `url()` of anything but an image it holds, `@import`, `image-set()`.
fn css_fetches(css: &str) -> bool {
    let css = css_unescape(css).to_ascii_lowercase();
    css.contains("@import")
        || css.contains("image-set(")
        || css.match_indices("url(").any(|(at, _)| {
            !css[at + 4..]
                .trim_start_matches([' ', '"', '\''])
                .starts_with("data:image/")
        })
}

/// What, in `root` and below, would run script or fetch something, as a browser reads it.
fn hazards(root: ElementRef<'_>) -> Vec<String> {
    let mut found = Vec::new();
    for element in root
        .descendants()
        .filter_map(ElementRef::wrap)
        .map(|e| e.value())
    {
        let name = element.name().to_ascii_lowercase();
        if FORBIDDEN.contains(&name.as_str()) {
            found.push(format!("<{name}>"));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            let is = |list: &[&str]| list.contains(&attribute.as_str());
            if attribute.starts_with("on")
                || (is(LINK_ATTRIBUTES) && !safe_link(value))
                || (is(FETCH_ATTRIBUTES) && !safe_fetch(value))
                || (is(CSS_ATTRIBUTES) && css_fetches(value))
            {
                found.push(format!("<{name} {attribute}={value:?}>"));
            }
        }
    }
    found
}

/// What in a whole handout would run script or fetch something: in its body, anything
/// [`hazards`] finds; in its head, which studysite writes, only its styles and metadata.
fn page_hazards(page: &Page) -> Vec<String> {
    let mut found = hazards(page.one("body"));
    for element in page.select("head *") {
        let name = element.value().name();
        match name {
            "meta" | "title" => {}
            "style" if !css_fetches(&text(&element)) => {}
            _ => found.push(format!("<{name}> in the head")),
        }
    }
    for meta in page.select("meta[http-equiv]") {
        let equiv = meta.value().attr("http-equiv").unwrap();
        if !equiv.eq_ignore_ascii_case("content-security-policy") {
            found.push(format!("<meta http-equiv={equiv:?}>"));
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// The sanitizer, against generated hostile HTML.

const TAGS: &[&str] = &[
    "script",
    "SCRIPT",
    "style",
    "iframe",
    "frame",
    "svg",
    "set",
    "animate",
    "animateMotion",
    "animateTransform",
    "image",
    "feImage",
    "filter",
    "use",
    "foreignObject",
    "object",
    "embed",
    "a",
    "A",
    "img",
    "iMg",
    "video",
    "audio",
    "source",
    "track",
    "area",
    "map",
    "p",
    "div",
    "table",
    "td",
    "math",
    "mi",
    "mtext",
    "annotation-xml",
    "select",
    "option",
    "xmp",
    "textarea",
    "noscript",
    "template",
    "title",
    "link",
    "meta",
    "base",
    "form",
    "button",
    "input",
    "details",
    "text",
    "path",
    "plaintext",
    "noembed",
];
const ATTRIBUTES: &[&str] = &[
    "onclick",
    "onload",
    "ONERROR",
    "onmouseover",
    "onbegin",
    "href",
    "HREF",
    "xlink:href",
    "src",
    "srcset",
    "srcdoc",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "ping",
    "style",
    "fill",
    "stroke",
    "filter",
    "mask",
    "clip-path",
    "cursor",
    "marker-end",
    "attributeName",
    "to",
    "from",
    "values",
    "begin",
    "id",
    "class",
    "rel",
    "http-equiv",
    "content",
    "type",
    "xmlns",
    "xmlns:xlink",
    "encoding",
];
const VALUES: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "https://evil.example/x.png",
    "//evil.example/x",
    "notes/a.md",
    "file:///etc/passwd",
    "mailto:a@example.com",
    "#top",
    "href",
    "xlink:href",
    "text/html",
    "refresh",
    "0;url=javascript:alert(1)",
    "alert(1)",
    "url(https://evil.example/x)",
    "URL(https://evil.example/x)",
    "u\\72l(https://evil.example/x)",
    "\\75rl(https://evil.example/x)",
    "url(#g)",
    "background:url(//evil.example/x)",
    "background:URL(https://evil.example/x)",
    "background-image:image-set('https://evil.example/x' 1x)",
    "background-image:-webkit-image-set(url(https://evil.example/x) 1x)",
    "background: u\\72l(https://evil.example/x)",
    "list-style:url(https://evil.example/x)",
    "cursor:url(https://evil.example/x),auto",
    "color:red;background:url(https://evil.example/x)",
    "fill:url(https://evil.example/#p)",
    "color: red",
    "width: expression(alert(1))",
    "@import 'https://evil.example/x.css'",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
];
const TEXTS: &[&str] = &[
    "text",
    "@import url(https://evil.example/x.css);",
    "@import 'https://evil.example/x.css';",
    "p{background:url(https://evil.example/x)}",
    "p{background:image-set('https://evil.example/x' 1x)}",
    "@font-face{font-family:x;src:url(https://evil.example/f.woff)}",
    "alert(1)",
    "</style><script>alert(1)</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
];
const QUOTES: &[&str] = &["\"", "'", ""];

fn attribute() -> impl Strategy<Value = String> {
    (select(ATTRIBUTES), select(VALUES), select(QUOTES))
        .prop_map(|(name, value, quote)| format!(" {name}={quote}{value}{quote}"))
}

/// HTML from the pieces above: elements with attributes, nested up to four deep, some left
/// unclosed, and text.
fn hostile_html() -> impl Strategy<Value = String> {
    let text = select(TEXTS).prop_map(String::from);
    let node = text.prop_recursive(4, 32, 4, |inner| {
        (
            select(TAGS),
            prop::collection::vec(attribute(), 0..4),
            prop::collection::vec(inner, 0..4),
            any::<bool>(),
        )
            .prop_map(|(tag, attributes, children, close)| {
                let end = if close {
                    format!("</{tag}>")
                } else {
                    String::new()
                };
                format!("<{tag}{}>{}{end}", attributes.concat(), children.concat())
            })
    });
    prop::collection::vec(node, 1..5).prop_map(|nodes| nodes.concat())
}

fn fragment_hazards(html: &str) -> Vec<String> {
    hazards(scraper::Html::parse_fragment(html).root_element())
}

/// 400 cases, or `PROPTEST_CASES` for a longer run.
fn cases() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(cases())]

    #[test]
    fn sanitized_html_runs_nothing_and_fetches_nothing(html in hostile_html()) {
        let clean = studysite::markup::sanitize::clean(&html, studysite::markup::sanitize::Policy::Handout);
        let found = fragment_hazards(&clean);
        prop_assert!(found.is_empty(), "{found:?} in {clean:?}\nfrom {html:?}");
    }
}

/// The checks find what they look for: each is shown a fragment that has it, and then what the
/// sanitizer makes of it.
#[test]
fn the_checks_catch_what_they_look_for() {
    for html in [
        "<script>alert(1)</script>",
        "<svg><set attributeName=href to=javascript:alert(1)></set></svg>",
        "<p onclick=alert(1)>x</p>",
        "<a href=JaVaScRiPt:alert(1)>x</a>",
        "<a href=javascript&#58;alert(1)>x</a>",
        "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
        "<img src=https://evil.example/x>",
        "<p style=\"background:u\\72l(https://evil.example/x)\">x</p>",
        "<p style=\"background-image:image-set('x' 1x)\">x</p>",
        "<svg><path fill=\"URL(https://evil.example/#p)\"></path></svg>",
    ] {
        assert!(!fragment_hazards(html).is_empty(), "{html}");
        let clean =
            studysite::markup::sanitize::clean(html, studysite::markup::sanitize::Policy::Handout);
        assert_eq!(fragment_hazards(&clean), Vec::<String>::new(), "{html}");
    }
    let fine = "<a href=\"#x\" style=\"color:red\">x</a><img src=\"data:image/png;base64,AA\">";
    assert_eq!(fragment_hazards(fine), Vec::<String>::new());
    assert_eq!(
        studysite::markup::sanitize::clean(fine, studysite::markup::sanitize::Policy::Handout),
        fine
    );
}

// ---------------------------------------------------------------------------------------------
// The reproductions of issue #15, each a note of one hostile course.

/// The hostile course (`tests/fixtures/hostile`: a note per way the handout once ran script or
/// fetched something), written once by `studysite handout`: its folder and the handout.
fn hostile() -> &'static (TestSite, String) {
    static HOSTILE: OnceLock<(TestSite, String)> = OnceLock::new();
    HOSTILE.get_or_init(|| {
        let site = TestSite::fixture("hostile");
        let out = studysite_command()
            .args(["handout", "--quiet", "--out", "hostile.html", "--root"])
            .arg(site.root())
            .current_dir(site.root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let html = std::fs::read_to_string(site.path("hostile.html")).unwrap();
        (site, html)
    })
}

fn hostile_page() -> Page {
    Page(scraper::Html::parse_document(&hostile().1))
}

/// Asserts that note `name` came through (its text is there) without anything that runs or
/// fetches, and returns its content's HTML.
fn assert_harmless(page: &Page, name: &str) -> String {
    let note = page.one(&format!("article#{name}"));
    assert_eq!(hazards(note), Vec::<String>::new(), "{name}");
    let content = text(&note);
    assert!(
        content.contains("Before.") && content.contains("After."),
        "{name}: {content}"
    );
    let html = note.html();
    for sign in ["javascript", "alert(", "evil.example"] {
        assert!(!html.contains(sign), "{name}: {sign} in {html}");
    }
    html
}

#[test]
fn the_hostile_handout_runs_nothing_and_loads_nothing() {
    let page = hostile_page();
    assert_eq!(page_hazards(&page), Vec::<String>::new());
    let notes = std::fs::read_dir(hostile().0.path("notes"))
        .unwrap()
        .count();
    assert_eq!(
        page.attrs("article", "id").len(),
        notes,
        "every note is in the handout"
    );
    // Besides the sanitizer, the browser is told to run nothing and load nothing.
    let csp = page.attrs("meta[http-equiv=Content-Security-Policy]", "content");
    assert!(
        csp.len() == 1 && csp[0].starts_with("default-src 'none';"),
        "{csp:?}"
    );
}

#[test]
fn a_markdown_link_to_mixed_case_javascript_is_plain_text() {
    let page = hostile_page();
    assert_harmless(&page, "markdown-link");
    assert_eq!(
        page.attrs("#markdown-link a[href]", "href"),
        ["https://example.com/ok"]
    );
    assert!(text(&page.one("#markdown-link .content")).contains("mixed case and fine"));
}

#[test]
fn javascript_hidden_behind_character_references_is_dropped() {
    let page = hostile_page();
    assert_harmless(&page, "entity-href");
    assert!(page.select("#entity-href a[href]").is_empty());
    // The link stage refuses all three (the tab one too, as browsers drop tabs from URLs) and
    // keeps their text.
    assert!(page.select("#entity-href .content a").is_empty());
    assert!(text(&page.one("#entity-href .content")).contains("colon j tab"));
}

#[test]
fn svg_links_to_javascript_are_dropped() {
    let page = hostile_page();
    assert_harmless(&page, "svg-xlink");
    assert!(page.select("#svg-xlink svg [href]").is_empty());
    assert_eq!(page.texts("#svg-xlink svg text"), ["xlink", "href"]);
}

#[test]
fn svg_animations_cannot_change_an_href() {
    let page = hostile_page();
    assert_harmless(&page, "svg-animation");
    assert_eq!(page.texts("#svg-animation svg text"), ["animated"]);
}

#[test]
fn frames_and_plugins_become_links_to_the_web_only() {
    let page = hostile_page();
    assert_harmless(&page, "embeds");
    assert_eq!(
        page.attrs("#embeds a", "href"),
        ["https://example.com/video"]
    );
    assert_eq!(page.texts("#embeds a.external"), ["[iframe]"]);
}

#[test]
fn a_style_element_is_dropped_with_its_imports_and_fonts() {
    let page = hostile_page();
    let html = assert_harmless(&page, "style-element");
    assert!(!html.contains("@import") && !html.contains("font-face"));
    assert!(text(&page.one("#style-element .content")).contains("Styled text."));
}

#[test]
fn style_attributes_lose_what_would_load() {
    let page = hostile_page();
    assert_harmless(&page, "style-attribute");
    assert_eq!(
        page.texts("#style-attribute .content p"),
        ["Before.", "upper", "set", "escaped", "red", "After."]
    );
    // What loads nothing stays.
    assert_eq!(
        page.attrs("#style-attribute .content p[style]", "style"),
        ["color: red"]
    );
}

#[test]
fn svg_images_filters_and_paint_load_nothing() {
    let page = hostile_page();
    assert_harmless(&page, "svg-fetch");
    assert_eq!(page.attrs("#svg-fetch path", "d"), ["M0 0L10 10"]);
}

#[test]
fn raw_html_browsers_may_read_differently_is_made_safe() {
    // lol_html cannot tell how a browser reads a <script> in an <xmp> in a <select>; the
    // sanitizer reads it as a browser does (as the text of the <xmp>), and drops the rest.
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "---\ntitle: A\n---\nPick:\n\n<select><xmp><script>alert(1)</script></xmp></select>\n",
    );
    site.build();
    let page = site.page("handout.html");
    assert_eq!(page_hazards(&page), Vec::<String>::new());
    assert_eq!(
        text(&page.one("#a .content")),
        "Pick: <script>alert(1)</script>"
    );
    assert!(!site.output("handout.html").contains("<script"));
}

// ---------------------------------------------------------------------------------------------
// Printing: a hung Chromium, Ctrl-C.

/// A stand-in for Chromium that hangs: it writes its process id and its child's to `pids/`,
/// then waits for a child that sleeps a minute.
fn hanging_chromium(dir: &Path) -> PathBuf {
    let pids = dir.join("pids");
    std::fs::create_dir_all(&pids).unwrap();
    let script = dir.join("chromium");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ > '{0}/chromium'\nsleep 60 &\necho $! > '{0}/child.tmp'\nmv '{0}/child.tmp' '{0}/child'\nwait\n",
            pids.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}

/// Whether the process is still running (not gone, not a zombie).
fn running(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .and_then(|s| s.split_whitespace().next())
            != Some("Z")
    })
}

/// Waits up to 10 s for the fake Chromium's processes to be gone.
fn assert_stopped(pids: &Path) {
    let started = Instant::now();
    for name in ["chromium", "child"] {
        let pid = std::fs::read_to_string(pids.join(name)).unwrap();
        while running(&pid) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the fake Chromium's {name} (pid {}) still runs",
                pid.trim()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `studysite handout --out out/x.html --pdf out/x.pdf` of the basic fixture, with the fake
/// Chromium and a temporary folder (`TMPDIR`) of its own.
fn print_command(site: &TestSite, chromium: &Path) -> Command {
    for dir in ["out", "tmp"] {
        std::fs::create_dir_all(site.path(dir)).unwrap();
    }
    let mut command = studysite_command();
    command
        .args([
            "handout",
            "--quiet",
            "--out",
            "out/x.html",
            "--pdf",
            "out/x.pdf",
            "--root",
        ])
        .arg(site.root())
        .current_dir(site.root())
        .env("STUDYSITE_CHROMIUM", chromium)
        .env("TMPDIR", site.path("tmp"));
    command
}

#[cfg(target_os = "linux")]
#[test]
fn a_hung_chromium_is_stopped_in_time_and_leaves_nothing_behind() {
    let site = TestSite::fixture("basic");
    let chromium = hanging_chromium(&site.path("fake"));
    let started = Instant::now();
    let out = print_command(&site, &chromium)
        .env("STUDYSITE_CHROMIUM_TIMEOUT", "1")
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot print the PDF: {0} did not finish within 1 second, and was stopped
  = help: a long handout may need longer: set STUDYSITE_CHROMIUM_TIMEOUT to more seconds (it is 1); or check that {0} runs (try it with --version), or point STUDYSITE_CHROMIUM at another Chromium
error: 1 problem found; nothing was written
",
            chromium.display()
        )
    );
    assert_stopped(&site.path("fake/pids"));
    assert_eq!(files_in(&site.path("out")), Vec::<String>::new());
    assert_eq!(files_in(&site.path("tmp")), Vec::<String>::new());

    let out = print_command(&site, &chromium)
        .env("STUDYSITE_CHROMIUM_TIMEOUT", "soon")
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out),
        "error: cannot print the PDF: STUDYSITE_CHROMIUM_TIMEOUT is set to 'soon', not a number of seconds
  = help: set it to how long Chromium may take to print, e.g. STUDYSITE_CHROMIUM_TIMEOUT=600, or unset it for 180 seconds
error: 1 problem found; nothing was written
"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_while_printing_stops_chromium_and_removes_the_temporary_files() {
    let site = TestSite::fixture("basic");
    let chromium = hanging_chromium(&site.path("fake"));
    let pids = site.path("fake/pids");
    let mut studysite = print_command(&site, &chromium)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !pids.join("child").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the fake Chromium never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Printing: the page, the PDF's staging folder and Chromium's profile exist.
    assert_eq!(
        files_in(&site.path("out")).len(),
        2,
        "{:?}",
        files_in(&site.path("out"))
    );
    assert_eq!(
        files_in(&site.path("tmp")).len(),
        1,
        "{:?}",
        files_in(&site.path("tmp"))
    );
    let killed = Command::new("kill")
        .args(["-INT", &studysite.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = studysite.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_stopped(&pids);
    assert_eq!(files_in(&site.path("out")), Vec::<String>::new());
    assert_eq!(files_in(&site.path("tmp")), Vec::<String>::new());
}
