//! Handouts: `handout.html` in every build, `studysite handout` for part of the course, and the
//! PDF printed through Chromium.

use crate::common::{stderr, studysite_command, text, Page, TestSite};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The fixture site, built once: its `handout.html` comes with the build.
fn fixture() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::fixture("basic");
        site.build();
        site
    })
}

fn fixture_handout() -> Page {
    fixture().page("handout.html")
}

/// The repository's own course as a handout, written once by `studysite handout`.
fn course() -> &'static (TestSite, String) {
    static COURSE: OnceLock<(TestSite, String)> = OnceLock::new();
    COURSE.get_or_init(|| {
        let site = TestSite::new();
        let out = site.path("course.html");
        let result = studysite(site.root())
            .args(["handout", "--quiet", "--root"])
            .arg(repo())
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(result.status.success(), "{}", stderr(&result));
        let html = std::fs::read_to_string(&out).unwrap();
        (site, html)
    })
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn studysite(dir: &Path) -> Command {
    let mut cmd = studysite_command();
    cmd.current_dir(dir);
    cmd
}

fn parse(html: &str) -> Page {
    Page(scraper::Html::parse_document(html))
}

/// Runs `studysite handout <args> --root <site>` in the site's folder.
fn handout(site: &TestSite, args: &[&str]) -> Output {
    studysite(site.root())
        .arg("handout")
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap()
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "handout failed:\n{}", stderr(&out));
    out
}

fn note_ids(page: &Page) -> Vec<String> {
    page.attrs("article.handout-note", "id")
}

/// Every id and `<a name>` of the page, insisting that none repeats.
fn unique_ids(page: &Page) -> HashSet<String> {
    let mut ids = HashSet::new();
    for e in page.select("[id], a[name]") {
        for value in [e.value().attr("id"), e.value().attr("name")]
            .into_iter()
            .flatten()
        {
            assert!(ids.insert(value.to_string()), "duplicate id {value:?}");
        }
    }
    ids
}

fn decode(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

/// What every handout must be: one file, no script, nothing fetched from anywhere, every id
/// unique, every in-page link landing on an element, and every other link absolute.
fn assert_self_contained(page: &Page, name: &str) {
    let ids = unique_ids(page);
    assert!(page.select("script").is_empty(), "{name}: has a <script>");
    assert!(page.select("link").is_empty(), "{name}: has a <link>");
    for element in ["iframe", "object", "embed", "video", "audio", "base"] {
        assert!(page.select(element).is_empty(), "{name}: has <{element}>");
    }
    for e in page.select("[src], [srcset], [poster]") {
        let src = e.value().attr("src").unwrap_or_default();
        assert!(src.starts_with("data:"), "{name}: src={src:?}");
        assert!(e.value().attr("srcset").is_none(), "{name}: srcset");
    }
    assert!(
        page.select("[onclick], [onload], [onerror]").is_empty(),
        "{name}: event handlers"
    );
    for a in page.select("a[href]") {
        let href = a.value().attr("href").unwrap();
        if let Some(fragment) = href.strip_prefix('#') {
            assert!(
                ids.contains(&decode(fragment)),
                "{name}: link {href} to no element"
            );
        } else {
            // External links in the text, and links to the site (with a base_url) for what the
            // handout leaves out: absolute either way.
            assert!(
                href.starts_with("https://") || href.starts_with("http://"),
                "{name}: {href} leaves the handout but is not absolute"
            );
        }
    }
    assert!(
        page.select(".study-controls, button").is_empty(),
        "{name}: study controls"
    );
    assert!(
        page.select("td.concealed").is_empty(),
        "{name}: hidden cells"
    );
    let css = page.texts("style").join("\n");
    assert!(
        css.contains("--accent"),
        "{name}: the site's CSS is not inlined"
    );
    assert!(
        css.contains(".code .k {"),
        "{name}: the highlighting CSS is not inlined"
    );
}

#[test]
fn every_build_writes_a_self_contained_handout() {
    let page = fixture_handout();
    assert_self_contained(&page, "fixture handout.html");
    assert_self_contained(&parse(&course().1), "course handout");
    let home = fixture().page("index.html");
    assert_eq!(home.attrs(".handout-link a", "href"), ["handout.html"]);
}

#[test]
fn notes_come_in_course_order_after_a_title_page_and_contents() {
    let page = fixture_handout();
    assert_eq!(
        note_ids(&page),
        [
            "index",
            "compute--index",
            "compute--vms",
            "compute--containers",
            "compute--functions",
            "storage--buckets"
        ]
    );
    let title = page.one("#handout-title");
    assert_eq!(text(&page.one("#handout-title h1")), "Fixture Course");
    assert!(text(&title).contains("A small course for the tests."));
    assert!(text(&title).contains("6 notes"));
    let date = page
        .one("#handout-title time")
        .value()
        .attr("datetime")
        .unwrap();
    assert!(date.len() == 10 && date.as_bytes()[4] == b'-', "{date}");
    assert_eq!(
        page.texts("nav.handout-toc a, nav.handout-toc span"),
        [
            "Welcome",
            "Compute",
            "Virtual machines",
            "Containers",
            "Functions",
            "Storage",
            "Buckets"
        ]
    );
    // The contents list every note, in the order they follow.
    let toc: Vec<String> = page
        .attrs("nav.handout-toc a", "href")
        .iter()
        .map(|h| h.trim_start_matches('#').to_string())
        .collect();
    assert_eq!(toc, note_ids(&page));
}

#[test]
fn the_course_handout_follows_the_course_order() {
    let page = parse(&course().1);
    let ids = note_ids(&page);
    assert_eq!(ids.len(), 26, "{ids:?}");
    assert_eq!(ids[0], "index");
    assert_eq!(ids.last().map(String::as_str), Some("summary"));
    // Each section's introduction comes before its notes.
    for section in [
        "foundations",
        "containers",
        "serverless",
        "batch-and-lightsail",
    ] {
        let index = ids.iter().position(|i| *i == format!("{section}--index"));
        let first = ids
            .iter()
            .position(|i| i.starts_with(&format!("{section}--")));
        assert_eq!(index, first, "{section}: {ids:?}");
    }
    let toc: Vec<String> = page
        .attrs("nav.handout-toc a", "href")
        .iter()
        .map(|h| h.trim_start_matches('#').to_string())
        .collect();
    assert_eq!(toc, ids);
}

#[test]
fn ids_are_prefixed_and_links_between_notes_are_in_page_anchors() {
    let page = fixture_handout();
    assert_eq!(
        page.attrs("#compute--vms h2", "id"),
        ["compute--vms--startup-time"]
    );
    assert_eq!(
        page.attrs("#compute--vms h2 a.anchor", "href"),
        ["#compute--vms--startup-time"]
    );
    assert_eq!(
        page.attrs("#index .content a", "href"),
        ["#compute--vms", "#compute--index"]
    );
    assert_eq!(
        page.attrs("#compute--containers .content p a", "href")[0],
        "#compute--vms--startup-time"
    );
    assert_eq!(
        page.attrs("#storage--buckets .content p a", "href"),
        ["#compute--functions"]
    );
    let external = page.one("#compute--containers a.external");
    assert_eq!(
        external.value().attr("href"),
        Some("https://hub.docker.com/")
    );
    // Tag pages are not in the handout, and without a base_url there is nowhere to link to.
    assert_eq!(
        page.texts("#compute--vms ul.tags li"),
        ["compute", "basics"]
    );
    assert!(page.select("ul.tags a").is_empty());
}

#[test]
fn images_are_embedded() {
    use base64::Engine as _;
    let page = fixture_handout();
    let src = page.attrs("#compute--containers img", "src").remove(0);
    let data = src
        .strip_prefix("data:image/svg+xml;base64,")
        .unwrap_or_else(|| panic!("{src:.60}"));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    let logo = std::fs::read(repo().join("tests/fixtures/basic/notes/compute/logo.svg")).unwrap();
    assert_eq!(bytes, logo);
}

/// `![[pic.png]]` and `![[pic.png|40]]` are images in the handout as on the page: their `data:`
/// URI once made them links named after the file, which the sanitizer left without an href.
#[test]
fn an_obsidian_image_embed_is_an_image_in_the_handout() {
    use base64::Engine as _;
    let site = TestSite::new();
    let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    site.write(
        "notes/index.md",
        "# Home\n\n![[pic.png]]\n\nSized: ![[pic.png|40]] and a file: ![[notes.txt]]\n",
    )
    .write("notes/pic.png", png)
    .write("notes/notes.txt", "text");
    ok(handout(&site, &["--quiet", "--out", "h.html"]));
    let page = parse(&std::fs::read_to_string(site.path("h.html")).unwrap());
    let data = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    );
    assert_eq!(page.attrs("main img", "src"), [data.clone(), data]);
    assert_eq!(page.attrs("main img", "width"), ["40"]);
    // A file the handout does not hold is named, not linked (no base_url).
    assert!(text(&page.one("main")).contains("a file: notes.txt"));
    assert!(page.select("main a.embed-file").is_empty());
}

#[test]
fn comparisons_are_whole_tables_without_study_controls() {
    let page = fixture_handout();
    let figure = page.one("figure.comparison");
    assert_eq!(
        figure.value().attr("id"),
        Some("compute--containers--containers-vs-vms")
    );
    assert_eq!(
        page.texts("table.compare thead th"),
        ["Aspect", "Containers", "Virtual machines"]
    );
    assert_eq!(
        page.attrs("table.compare thead a", "href"),
        ["#compute--containers", "#compute--vms"]
    );
    assert_eq!(page.select("table.compare tbody td").len(), 4);
    assert_eq!(
        page.attrs(".row-note a", "href"),
        ["#compute--vms--startup-time"]
    );

    let course = parse(&course().1);
    let comparisons = course.select("figure.comparison table.compare");
    assert!(comparisons.len() >= 5, "{}", comparisons.len());
    for table in comparisons {
        assert!(table.select(&sel("thead th")).count() >= 3);
        assert!(table.select(&sel("tbody td")).count() >= 2);
    }
}

fn sel(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap()
}

#[test]
fn diagrams_are_inline_svg() {
    let page = fixture_handout();
    let svg = page.one("#compute--containers figure.diagram svg.diagram");
    assert!(text(&svg).contains("Container"));

    let blocks: usize = walkdir::WalkDir::new(repo().join("notes"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .matches("```pikchr")
                .count()
        })
        .sum();
    let course = parse(&course().1);
    assert!(blocks >= 4);
    assert_eq!(course.select("figure.diagram > svg.diagram").len(), blocks);
}

#[test]
fn a_tag_handout_holds_only_its_notes() {
    let site = TestSite::fixture("basic");
    ok(handout(&site, &["--tag", "Compute", "--quiet"]));
    // Without --out: handout-<tag>.html in the current folder.
    let page = parse(&std::fs::read_to_string(site.path("handout-compute.html")).unwrap());
    assert_self_contained(&page, "tag handout");
    assert_eq!(
        note_ids(&page),
        ["compute--vms", "compute--containers", "compute--functions"]
    );
    assert_eq!(
        text(&page.one(".handout-subtitle")),
        "Notes tagged “compute”"
    );
    // The section is shown in the contents, without a link: its page is not in the handout.
    assert_eq!(page.texts("nav.handout-toc span"), ["Compute"]);

    ok(handout(&site, &["--tag", "serverless", "--out", "fn.html"]));
    let page = parse(&std::fs::read_to_string(site.path("fn.html")).unwrap());
    assert_eq!(note_ids(&page), ["compute--functions"]);
    // Its link to Containers, which the handout leaves out, is plain text.
    assert!(page.select("#compute--functions .content a").is_empty());
    assert!(text(&page.one("#compute--functions .content")).contains("they are not Containers."));
}

#[test]
fn with_a_base_url_links_to_left_out_notes_are_absolute() {
    let site = TestSite::fixture("basic");
    ok(handout(
        &site,
        &[
            "--tag",
            "serverless",
            "--out",
            "fn.html",
            "--base-url",
            "https://example.com/course",
        ],
    ));
    let page = parse(&std::fs::read_to_string(site.path("fn.html")).unwrap());
    assert_self_contained(&page, "base_url handout");
    assert_eq!(
        page.attrs("#compute--functions .content a.external", "href"),
        ["https://example.com/course/compute/containers.html"]
    );
    assert_eq!(
        page.attrs("ul.tags a", "href"),
        [
            "https://example.com/course/tags/compute.html",
            "https://example.com/course/tags/serverless.html"
        ]
    );
}

#[test]
fn a_section_handout_holds_the_notes_under_its_folder() {
    let site = TestSite::fixture("basic");
    ok(handout(
        &site,
        &["--section", "compute/", "--out", "compute.html"],
    ));
    let page = parse(&std::fs::read_to_string(site.path("compute.html")).unwrap());
    assert_self_contained(&page, "section handout");
    assert_eq!(
        note_ids(&page),
        [
            "compute--index",
            "compute--vms",
            "compute--containers",
            "compute--functions"
        ]
    );
    assert_eq!(text(&page.one(".handout-subtitle")), "Compute");

    // A path to the folder from the current one works too.
    ok(handout(&site, &["--section", "notes/storage", "--quiet"]));
    let page = parse(&std::fs::read_to_string(site.path("handout-notes-storage.html")).unwrap());
    assert_eq!(note_ids(&page), ["storage--buckets"]);
    assert!(page.select("#storage--buckets .content p a").is_empty());
}

#[test]
fn an_unknown_tag_or_section_lists_the_existing_ones() {
    let site = TestSite::fixture("basic");
    let out = handout(&site, &["--tag", "computer"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: unknown tag 'computer'
  = help: did you mean 'compute'? The tags are: basics, compute, serverless, storage
error: 1 problem found; nothing was written
"
    );
    let out = handout(&site, &["--section", "networking"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: unknown section 'networking': no such folder in the notes folder
  = help: the sections are: compute, storage
error: 1 problem found; nothing was written
"
    );
    assert!(!site.path("handout-computer.html").exists());
    assert!(!site.path("handout-networking.html").exists());
}

#[test]
fn only_handouts_are_replaced_and_never_inside_the_notes() {
    let site = TestSite::fixture("basic");
    site.write("mine.html", "<p>my own page</p>");
    let out = handout(&site, &["--out", "mine.html"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: refusing to write the handout to mine.html: the file exists and is not a handout studysite wrote\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(site.path("mine.html")).unwrap(),
        "<p>my own page</p>"
    );
    let out = ok(handout(&site, &["--out", "mine.html", "--force"]));
    assert!(stderr(&out).contains("warning: replaced mine.html, which was not a handout (--force)"));
    // A handout replaces a handout.
    let out = ok(handout(&site, &["--out", "mine.html"]));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));

    for target in ["notes/compute/vms.md", "notes/handout.html"] {
        let before = std::fs::read(site.path(target)).ok();
        let out = handout(&site, &["--out", target, "--force"]);
        assert_eq!(out.status.code(), Some(1), "{target}");
        assert!(
            stderr(&out).contains("it is inside the notes folder"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(site.path(target)).ok(), before);
    }
}

#[test]
fn a_note_named_handout_keeps_its_page_and_the_handout_moves_aside() {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nHello.\n")
        .write("notes/handout.md", "# Handout notes\n\nA note\n");
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        site.page("handout.html").texts("main h1"),
        ["Handout notes#"]
    );
    let handout = site.page("handout-2.html");
    assert!(handout
        .texts("article h1, article h2")
        .iter()
        .any(|t| t.starts_with("Handout notes")));
    assert_eq!(
        site.page("index.html").attrs(".handout-link a", "href"),
        ["handout-2.html"]
    );
}

#[test]
fn a_missing_chromium_is_a_clear_error() {
    let site = TestSite::fixture("basic");
    let out = studysite(site.root())
        .args(["handout", "--pdf", "x.pdf", "--root"])
        .arg(site.root())
        .env("STUDYSITE_CHROMIUM", "/nonexistent/chromium")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot print the PDF: STUDYSITE_CHROMIUM is set to '/nonexistent/chromium', no such file
  = help: point STUDYSITE_CHROMIUM at Chromium's executable (e.g. /usr/bin/chromium), or unset it to use chromium from PATH
error: 1 problem found; nothing was written
"
    );
    assert!(!site.path("x.pdf").exists());

    let empty = tempfile::tempdir().unwrap();
    let out = studysite(site.root())
        .args(["handout", "--pdf", "x.pdf", "--out", "x.html", "--root"])
        .arg(site.root())
        .env_remove("STUDYSITE_CHROMIUM")
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot print the PDF: no Chromium found"),
        "{err}"
    );
    assert!(
        err.contains(
            "install Chromium (Debian/Ubuntu: apt-get install chromium) or set STUDYSITE_CHROMIUM"
        ),
        "{err}"
    );
    assert!(!site.path("x.pdf").exists() && !site.path("x.html").exists());
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Chromium and poppler's tools, or why the PDF test cannot run. Under `CI` their absence fails
/// the test instead of skipping it.
pub(crate) fn pdf_tools() -> Option<()> {
    let chromium = std::env::var_os("STUDYSITE_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            ["chromium", "chromium-browser", "google-chrome"]
                .into_iter()
                .find_map(on_path)
        });
    let missing: Vec<&str> = [
        ("chromium", chromium.is_some()),
        ("pdfinfo", on_path("pdfinfo").is_some()),
        ("pdftotext", on_path("pdftotext").is_some()),
    ]
    .into_iter()
    .filter(|(_, found)| !found)
    .map(|(name, _)| name)
    .collect();
    if missing.is_empty() {
        return Some(());
    }
    let message = format!(
        "PDF handout test SKIPPED: {} not installed (Debian: apt-get install chromium poppler-utils)",
        missing.join(", ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}, and CI is set");
    }
    eprintln!("\n{}\n{message}\n{}\n", "!".repeat(80), "!".repeat(80));
    None
}

/// `pdftotext` of the whole PDF, or of page `page`.
pub(crate) fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(n) = page {
        cmd.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("run pdftotext");
    assert!(out.status.success(), "pdftotext: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    assert!(out.status.success(), "pdfinfo: {}", stderr(&out));
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in:\n{info}"))
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_course_prints_to_a_pdf_with_every_note_and_no_empty_page() {
    if pdf_tools().is_none() {
        return;
    }
    let site = TestSite::new();
    let pdf = site.path("course.pdf");
    let html = site.path("course.html");
    let out = studysite(site.root())
        .args(["handout", "--root"])
        .arg(repo())
        .arg("--pdf")
        .arg(&pdf)
        .arg("--out")
        .arg(&html)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pages = pdf_pages(&pdf);
    assert!(pages > 1, "{pages} pages");
    assert!(
        stderr(&out).contains(&format!("printed {pages} pages of 26 notes to ")),
        "{}",
        stderr(&out)
    );

    let all = words(&pdftotext(&pdf, None));
    let titles = parse(&std::fs::read_to_string(&html).unwrap()).texts("nav.handout-toc a");
    assert_eq!(titles.len(), 26, "{titles:?}");
    for title in &titles {
        assert!(all.contains(&words(title)), "{title:?} is not in the PDF");
    }
    // Bookmarks: an outline with an entry at least per note.
    let bytes = std::fs::read(&pdf).unwrap();
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    assert!(count(b"/Outlines") > 0, "the PDF has no bookmarks");
    assert!(
        count(b"/Title") > titles.len(),
        "{} bookmark titles for {} notes",
        count(b"/Title"),
        titles.len()
    );
    for n in 1..=pages {
        let text = pdftotext(&pdf, Some(n));
        assert!(
            text.split_whitespace().count() > 3,
            "page {n} of {pages} is (nearly) empty: {text:?}"
        );
    }
    // Page numbers in the margin, but not on the title page.
    let second = words(&pdftotext(&pdf, Some(2)));
    assert!(second.ends_with(&format!("2 / {pages}")), "{second:?}");
    let first = pdftotext(&pdf, Some(1));
    assert!(!first.contains(&format!("1 / {pages}")), "{first:?}");
}

#[test]
fn footnotes_raw_html_and_repeated_headings_keep_their_links() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "---\ntitle: A\n---\n## Intro\n\nA claim.[^src] See [b](b.md#intro) and <a href=\"b.md\">b again</a>. Also <https://example.org/>.\n\n\
         <span id=\"spot\">here</span> <a href=\"#spot\">to the spot</a> <a href=\"#intro\">up</a>\n\n\
         <img src=\"https://example.com/x.png\" alt=\"remote\"> <img src=\"pic.svg\" alt=\"local\">\n\n\
         <iframe src=\"https://example.com/video\"><p>no frames</p></iframe>\n\n\
         <script>alert(1)</script><p onclick=\"alert(2)\">click</p>\n\n[^src]: The source.\n",
    )
    .write(
        "notes/b.md",
        "---\ntitle: B\n---\n## Intro\n\nB's own intro.[^src]\n\n[^src]: Another source.\n",
    )
    .write("notes/pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.build();
    let page = site.page("handout.html");
    assert_self_contained(&page, "raw HTML handout");
    // The same heading and footnote in two notes: two ids.
    assert_eq!(page.attrs(".content h2", "id"), ["a--intro", "b--intro"]);
    assert_eq!(
        page.attrs(".footnote-definition", "id"),
        ["a--src", "b--src"]
    );
    assert_eq!(page.attrs("#a .footnote-reference a", "href"), ["#a--src"]);
    assert_eq!(page.attrs("#b .footnote-reference a", "href"), ["#b--src"]);
    let hrefs = page.attrs("#a .content p a", "href");
    assert_eq!(
        hrefs,
        [
            "#a--src",
            "#b--intro",
            "#b",
            "https://example.org/",
            "#a--spot",
            "#a--intro",
            "https://example.com/x.png"
        ]
    );
    // The remote image is a link to it, the local one embedded; the script and handler are gone.
    assert_eq!(
        page.texts("#a a.external"),
        ["https://example.org/", "[remote]", "[iframe]"]
    );
    assert_eq!(
        page.attrs("#a a.external", "href")[2],
        "https://example.com/video"
    );
    // A link written as its URL is marked, so that print does not repeat the URL after it.
    assert_eq!(
        page.attrs("#a a.external.url", "href"),
        ["https://example.org/"]
    );
    assert!(page.select("iframe").is_empty());
    assert_eq!(
        page.attrs("#a img", "alt"),
        ["local"],
        "{:?}",
        page.attrs("#a img", "src")
    );
    assert!(!site.output("handout.html").contains("alert("));
}

#[test]
fn raw_html_is_read_as_a_browser_reads_it() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "---\ntitle: A\n---\n\
         <IMG SRC=\"pic.svg\" ALT=local ID=pic onError=\"alert(1)\" srcset='https://example.com/big.png 2x'> \
         <a HREF='#pic' title=\"a > b\">to the picture</a>\n\n\
         <textarea><img src=\"https://example.com/t.png\" id=\"in-text\"></textarea>\n\n\
         <SCRIPT>document.write('<p id=\"fake\">')</SCRIPT >\n\n\
         <p title='x' id=after-script>after</p>\n\n\
         <video controls><source src=\"https://example.com/v.mp4\"><a href=\"#pic\" id=inside>x</a></video>\n",
    )
    .write("notes/pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.build();
    let page = site.page("handout.html");
    assert_self_contained(&page, "odd raw HTML");
    // The upper-case image is embedded and keeps its (prefixed) id, without its handler and
    // the picture its srcset would fetch.
    let img = page.one("#a--pic");
    assert_eq!(img.value().name(), "img");
    assert!(img
        .value()
        .attr("src")
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    assert_eq!(page.attrs("#a .content a[title]", "href"), ["#a--pic"]);
    assert_eq!(page.attrs("#a .content a[title]", "title"), ["a > b"]);
    // A textarea's content is text, not markup, and stays text when the textarea goes; a
    // script's content is text too, and goes with its script.
    assert!(page.select("textarea, #in-text, #a--in-text").is_empty());
    assert!(text(&page.one("#a .content"))
        .contains("<img src=\"https://example.com/t.png\" id=\"in-text\">"));
    assert_eq!(text(&page.one("#a--after-script")), "after");
    let html = site.output("handout.html");
    assert!(
        !html.contains("fake") && !html.contains("onError"),
        "{html}"
    );
    // The player goes with what it holds.
    assert!(page.select("#a--inside, #inside").is_empty());
}

/// Issue 18: the handout numbered a taken id `x-2` where a page numbers it `x-1`; both now
/// take their ids from one allocator.
#[test]
fn handout_ids_are_numbered_as_page_ids_are() {
    let site = TestSite::new();
    site.write("notes/a.md", "---\ntitle: A\n---\n## Y\n\n## Y\n")
        .write("notes/b.md", "---\ntitle: B\n---\n## C\n")
        .write("notes/b--c.md", "---\ntitle: B C\n---\nText.\n");
    site.build();
    assert_eq!(site.page("a.html").attrs("main h2", "id"), ["y", "y-1"]);
    let page = site.page("handout.html");
    assert_self_contained(&page, "colliding ids");
    assert_eq!(page.attrs("#a h2", "id"), ["a--y", "a--y-1"]);
    // Note `b--c` and the heading `C` of note `b` both want `b--c`: the second gets `b--c-1`,
    // as a page's second `## C` would get `c-1`.
    let ids = unique_ids(&page);
    for id in ["b", "b--c", "b--c-1"] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
    assert!(!ids.contains("b--c-2"), "{ids:?}");
}

/// Issue 18: link checking counted an id inside an HTML comment as an anchor while the handout
/// did not; both now read raw HTML with one reader.
#[test]
fn an_id_inside_an_html_comment_is_no_anchor_for_links_or_the_handout() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "---\ntitle: A\n---\n<!--\n<span id=\"hidden\">x</span>\n-->\n\n\
         Text <!-- <b id=\"inline\"></b> --> and <span id=\"shown\">y</span>.\n\n\
         [gone](#hidden) [also gone](#inline) [here](#shown)\n",
    );
    let out = site.run(&["build", "--allow-broken-links", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("broken link '#hidden'"), "{err}");
    assert!(err.contains("broken link '#inline'"), "{err}");
    assert!(!err.contains("'#shown'"), "{err}");
    let ids = unique_ids(&site.page("handout.html"));
    assert!(ids.contains("a--shown"), "{ids:?}");
    assert!(!ids
        .iter()
        .any(|id| id.contains("hidden") || id.contains("inline")));
}

/// Issue 18: the handout built its tag links with a raw `format!`, leaving a tag's non-ASCII
/// letters unencoded; it now goes through `Href` as the pages do.
#[test]
fn tag_links_with_a_base_url_are_encoded() {
    let site = TestSite::new();
    site.write("notes/a.md", "---\ntitle: A\ntags: [Café]\n---\nText.\n");
    ok(handout(
        &site,
        &["--out", "h.html", "--base-url", "https://example.com/c"],
    ));
    let page = parse(&std::fs::read_to_string(site.path("h.html")).unwrap());
    assert_eq!(
        page.attrs("ul.tags a", "href"),
        ["https://example.com/c/tags/caf%C3%A9.html"]
    );
    site.build();
    assert_eq!(
        site.page("a.html").attrs("main a[href*=tags]", "href"),
        ["tags/caf%C3%A9.html"]
    );
}

/// Issue 18: the handout drove the build's loop, writing each page when it asked for the note's
/// code, so a site's own handout template that showed no note's content left every note
/// without its page. The pages and the handout are now peers fed by one loop; a template that
/// shows the notes in another order gets each note's content in its place.
#[test]
fn a_handout_template_of_its_own_neither_drops_pages_nor_misorders_notes() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "# Alpha\n\nSee [b](b.md).\n\n```rust\nfn a() {}\n```\n",
    )
    .write("notes/b.md", "# Beta\n\nBack to [a](a.md#alpha).\n");
    let template = |body: &str| {
        format!(
            "<!doctype html><html><head><meta name=\"generator\" content=\"{{{{ generator }}}}\">\
             <title>{{{{ site.title }}}}</title></head><body>{body}</body></html>"
        )
    };
    site.write(
        "templates/handout.html",
        template("{% for note in notes %}<h1>{{ note.title }}</h1>{% endfor %}"),
    )
    .build();
    for page in ["a.html", "b.html"] {
        assert!(site.path(&format!("public/{page}")).is_file(), "{page}");
    }
    assert_eq!(site.page("a.html").attrs("main h1", "id"), ["alpha"]);

    site.write(
        "templates/handout.html",
        template(
            "{% for note in notes | reverse %}<section id=\"{{ note.anchor }}\">\
             {{ note.content | safe }}</section>{% endfor %}",
        ),
    )
    .build();
    let handout = site.page("handout.html");
    assert_eq!(handout.attrs("section h1", "id"), ["b--beta", "a--alpha"]);
    assert_eq!(handout.attrs("section p a", "href"), ["#a--alpha", "#b"]);
    assert!(!handout.select("section pre code span").is_empty());
}

/// Issue 18: the handout resolved the links of raw HTML with a link index of its own; the link
/// stage now resolves them, each from the note that writes it, also when another note embeds
/// the part that holds it.
#[test]
fn raw_html_links_of_an_embedded_part_resolve_from_their_own_note() {
    let site = TestSite::new();
    site.write("notes/a.md", "# A\n\n![[part]]\n")
        .write(
            "notes/sub/part.md",
            "# Part\n\n<a href=\"../x/c.md#c\">to c</a> <img src=\"pic.svg\" alt=\"pic\">\n",
        )
        .write("notes/x/c.md", "# C\n")
        .write(
            "notes/sub/pic.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .build();
    let page = site.page("handout.html");
    assert_self_contained(&page, "embedded raw HTML");
    let hrefs = page.attrs("#a .content a", "href");
    assert!(hrefs.contains(&"#x--c--c".to_string()), "{hrefs:?}");
    let src = page.attrs("#a .content img", "src");
    assert!(
        src.len() == 1 && src[0].starts_with("data:image/svg+xml;base64,"),
        "{src:?}"
    );
}
