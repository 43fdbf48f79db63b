//! Issue #15, links: the hostile fixture site (tests/fixtures/hostile) names notes like script
//! URLs and writes `javascript:` everywhere a URL can go; no output file may hold a link with a
//! scheme but http, https, mailto or a raster `data:image/`, every relative link must reach a file
//! of the output, and no page may run a note's script.

use crate::common::{SearchFiles, TestSite};
use scraper::Html;
use std::path::Path;
use std::sync::OnceLock;

/// Attributes a browser follows or loads (their local names: `xlink:href` is `href`).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "cite",
    "background",
    "srcdoc",
];

/// The hostile fixture, built once; with the build's standard error. Names with a `\` or a line
/// break are refused before any link is made (tests/it/safety_paths.rs); the URL builder's
/// encoding of them is a property test in src/url.rs.
fn hostile() -> &'static (TestSite, String) {
    static SITE: OnceLock<(TestSite, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::fixture("hostile");
        let out = site.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            out.status.success(),
            "the hostile site must build:\n{stderr}"
        );
        (site, stderr)
    })
}

/// Every `.html` file of the output, relative to it.
fn html_files(out: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|rel| rel.ends_with(".html"))
        .collect();
    files.sort();
    files
}

/// The `file://` URL of `path` (absolute), as a browser opens it.
fn file_url(path: &Path) -> url::Url {
    url::Url::from_file_path(path).unwrap()
}

/// Whether `href` (as a browser reads the attribute) on the page at `page` is a link a page may
/// hold, and for a relative one, whether it reaches a file of the output folder `out`.
fn check_link(out: &Path, page: &Path, href: &str) -> Result<(), String> {
    match url::Url::parse(href) {
        Ok(absolute) => {
            let raster = absolute.scheme() == "data"
                && ["image/png", "image/jpeg", "image/gif", "image/webp"]
                    .iter()
                    .any(|t| absolute.path().starts_with(t));
            if ["http", "https", "mailto"].contains(&absolute.scheme()) || raster {
                Ok(())
            } else {
                Err(format!("scheme {}:", absolute.scheme()))
            }
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let target = file_url(page).join(href).map_err(|e| e.to_string())?;
            let path = target
                .to_file_path()
                .map_err(|()| format!("not a file: {target}"))?;
            if !path.starts_with(out) {
                return Err(format!("leaves the output: {}", path.display()));
            }
            if !path.is_file() {
                return Err(format!("no such file: {}", path.display()));
            }
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn no_output_file_holds_a_dangerous_or_dead_link() {
    let (site, _) = hostile();
    let out = site.path("public");
    let files = html_files(&out);
    assert!(files.len() > 12, "{files:?}");
    // base.html's theme script, as written there: the one inline script a page runs.
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/base.html"),
    )
    .expect("read templates/base.html");
    let theme_script = base
        .split_once("<script>")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(script, _)| script)
        .expect("base.html's theme script");
    let mut problems = Vec::new();
    let mut checked = 0;
    for rel in &files {
        let path = out.join(rel);
        let page = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        for element in page
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            let el = element.value();
            for (name, value) in el.attrs() {
                if name.starts_with("on") {
                    problems.push(format!("{rel}: <{}> has {name}", el.name()));
                }
                if !URL_ATTRIBUTES.contains(&name) {
                    continue;
                }
                checked += 1;
                // The 404 page is served at any depth: its way home is the server's root.
                if rel == "404.html" && value == "/" {
                    continue;
                }
                if let Err(why) = check_link(&out, &path, value) {
                    problems.push(format!("{rel}: <{} {name}=\"{value}\">: {why}", el.name()));
                }
            }
            // The page's own scripts only: site.js and its siblings by feature, the theme's in <head>, the previews' data,
            // the 404 page's guess.
            if el.name() == "script" {
                let in_head = element
                    .parent()
                    .and_then(scraper::ElementRef::wrap)
                    .is_some_and(|p| p.value().name() == "head");
                // Every page's by feature, the review page's and the cards' (src/cards/data.rs).
                let scripts = [
                    "site.js",
                    "search.js",
                    "previews.js",
                    "study.js",
                    "progress.js",
                    "review.js",
                    "cards.js",
                    "cards/p-0.js",
                    "cards/b-0.js",
                    "vendor/ts-fsrs.js",
                ];
                let own = el
                    .attr("src")
                    .is_some_and(|s| scripts.iter().any(|f| s.ends_with(f)))
                    || (in_head && element.inner_html() == theme_script)
                    || el.attr("type") == Some("application/json")
                    || rel == "404.html";
                if !own {
                    problems.push(format!(
                        "{rel}: a script that is not the site's: {}",
                        element.html()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 250, "only {checked} URLs were checked");
}

#[test]
fn names_that_read_as_schemes_or_escapes_link_to_their_pages() {
    let (site, _) = hostile();
    let home = site.page("index.html");
    let outline = home.attrs(".outline a", "href");
    for expected in [
        "./javascript:alert(1).html",
        "./Note:%20intro.html",
        "c%23sharp.html",
        "100%25.html",
        "what%3F.html",
        "emoji%20%F0%9F%98%80.html",
        "my%20notes/space%20name.html",
    ] {
        assert!(
            outline.contains(&expected.to_string()),
            "{expected} in {outline:?}"
        );
    }
    // From a folder down, a name with a colon needs no `./`: `..` comes first.
    let nested = site.page("my notes/space name.html");
    let nested_outline = nested.attrs(".outline a", "href");
    assert!(
        nested_outline.contains(&"../javascript:alert(1).html".to_string()),
        "{nested_outline:?}"
    );
    // Links a note writes to such notes, by path and by wikilink.
    let attacks = site.page("attacks.html");
    let written = attacks.attrs(".content a", "href");
    for expected in [
        "./javascript:alert(1).html",
        "./Note:%20intro.html",
        "c%23sharp.html",
    ] {
        assert!(
            written.contains(&expected.to_string()),
            "{expected} in {written:?}"
        );
    }
}

#[test]
fn refused_links_are_plain_text_with_a_warning_at_their_line() {
    let (site, stderr) = hostile();
    for expected in [
        "warning: notes/attacks.md:11:16: link 'JaVaScRiPt:alert('md')' dropped: a link with the scheme 'javascript:'",
        "warning: notes/attacks.md:13:8: link 'javascript:alert('image')' dropped",
        "warning: notes/attacks.md:15:11: link 'javascript:alert('autolink')' dropped",
        "warning: notes/attacks.md:17:12: link 'javascript:alert('reference')' dropped",
        "warning: notes/attacks.md:19:7: link 'data:text/html;base64,",
        "warning: notes/attacks.md:21:11: link 'vbscript:msgbox('vb')' dropped",
        "warning: notes/attacks.md:23:7: link 'file:///etc/passwd' dropped",
        "warning: notes/attacks.md:25:56: link 'javascript:alert('entity')' dropped",
        "warning: notes/attacks.md:34:9: raw HTML: 'href' of <a>",
        "warning: notes/attacks.md:37:1: raw HTML: the attribute 'onerror' of <img> was removed",
        "warning: notes/attacks.md:38:29: raw HTML: 'xlink:href' of <a>",
        "warning: notes/attacks.md:40:1: raw HTML: the attribute 'srcdoc' of <iframe> was removed",
        "warning: notes/attacks.md:41:41: raw HTML: 'formaction' of <button>",
        "warning: notes/attacks.md:42:1: raw HTML: the attribute 'onclick' of <p> was removed",
        "warning: notes/attacks.md:47:1: raw HTML: a <script> was removed",
    ] {
        assert!(stderr.contains(expected), "no {expected:?} in:\n{stderr}");
    }
    assert!(stderr.contains("help: links may be http:, https:, mailto: or relative"));
    let attacks = site.page("attacks.html");
    let paragraphs = attacks.texts(".content p");
    for text in [
        "Markdown link: md link",
        "Image: md image",
        "Reference: ref link",
        "Obfuscated: tab link and entity link",
        "Inline: raw entity, raw numeric, raw tab.",
    ] {
        assert!(
            paragraphs.contains(&text.to_string()),
            "{text} in {paragraphs:?}"
        );
    }
    // `check` reports the same, and the handout keeps none of them either (the file test).
    let check = site.run(&["check"]);
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stderr).contains("warning: notes/attacks.md:11:16:"));
}

#[test]
fn a_title_that_opens_a_comment_in_a_script_leaves_the_pages_scripts_whole() {
    let (site, _) = hostile();
    // The home page links to "Attacks <!--<script> of every kind", so its previews hold that
    // title; `<!--<script>` in a script element would swallow the rest of the page.
    let previews = site.note_previews();
    assert_eq!(
        previews["attacks.html"]["title"],
        "Attacks <!--<script> of every kind"
    );
    for page in [
        "index.html",
        "my notes/space name.html",
        "javascript:alert(1).html",
    ] {
        let html = site.output(page);
        let doc = site.page(page);
        assert_eq!(
            doc.select("script[src$='site.js']").len(),
            1,
            "{page}: {html}"
        );
        assert_eq!(
            doc.select("script[src$='previews.js']").len(),
            1,
            "{page}: {html}"
        );
    }
}

#[test]
fn search_results_link_to_their_pages_from_any_folder() {
    let (site, _) = hostile();
    let out = site.path("public");
    let index = SearchFiles::read(&out);
    let urls: Vec<&str> = index.sections.iter().map(|s| s[0].as_str()).collect();
    assert!(
        urls.iter()
            .any(|u| u.starts_with("./javascript:alert(1).html#")),
        "{urls:?}"
    );
    for page in ["index.html", "my notes/space name.html"] {
        // site.js puts the page's data-root before a result's URL.
        let root = "../".repeat(page.matches('/').count());
        for url in &urls {
            if let Err(why) = check_link(&out, &out.join(page), &format!("{root}{url}")) {
                panic!("result {url} on {page}: {why}");
            }
        }
    }
}

/// A page loads nothing from elsewhere because of a note: a remote image in Markdown is a link to
/// it (its alt text the link's text); an embedded `data:` image and a local one stay images.
#[test]
fn remote_images_are_links_not_loads() {
    let site = TestSite::new();
    site.write(
        "notes/index.md",
        "# Home\n\n![A remote chart](https://example.com/chart.png) and ![tiny](data:image/png;base64,iVBORw0KGgo=) and ![local](pic.png)\n",
    )
    .write("notes/pic.png", [0x89, b'P', b'N', b'G'])
    .build();
    let page = site.page("index.html");
    assert_eq!(
        page.attrs("main img", "src"),
        ["data:image/png;base64,iVBORw0KGgo=", "pic.png"]
    );
    assert_eq!(
        page.attrs("main a.remote-image", "href"),
        ["https://example.com/chart.png"]
    );
    assert_eq!(page.texts("main a.remote-image"), ["A remote chart"]);
}

/// A note's raw HTML is cleaned wherever it is shown, also in a page that embeds it when the
/// embedding note's own Markdown holds no HTML at all (that page once showed the embedded
/// `<script>` and `onerror` as written). Every page of the hostile site: no script of a note,
/// no event handler, nothing that frames or plays from elsewhere.
#[test]
fn no_page_runs_or_frames_a_notes_html_embedded_or_not() {
    let (site, _) = hostile();
    let out = site.path("public");
    let embedding = site.page("embedded-attacks.html");
    assert!(
        embedding
            .texts("main p")
            .iter()
            .any(|t| t.contains("handlers")),
        "the embedded attacks are not shown"
    );
    for rel in html_files(&out) {
        // The handout: tests/it/safety_handout.rs; the review page holds the site's own
        // scripts and no note's HTML.
        if rel.starts_with("handout") || rel == "review.html" {
            continue;
        }
        let html = Html::parse_document(&site.output(&rel));
        let selector = scraper::Selector::parse("main *").unwrap();
        for element in html.select(&selector) {
            let name = element.value().name();
            assert!(
                !["script", "iframe", "object", "embed", "frame", "style"].contains(&name),
                "{rel}: a note's <{name}> is in the page"
            );
            for (attr, value) in element.value().attrs() {
                assert!(
                    !attr.to_ascii_lowercase().starts_with("on"),
                    "{rel}: <{name} {attr}=\"{value}\">"
                );
            }
        }
    }
}

/// Every note's link preview holds the hostile titles as data: no `<` that could close or
/// comment out anything (`note_previews` checks), and the titles as they are.
#[test]
fn the_previews_of_every_note_hold_hostile_titles_as_data() {
    let (site, _) = hostile();
    let previews = site.note_previews();
    assert_eq!(
        previews["attacks.html"]["title"],
        "Attacks <!--<script> of every kind"
    );
    assert!(
        previews.contains_key("javascript:alert(1).html"),
        "{previews:?}"
    );
}
