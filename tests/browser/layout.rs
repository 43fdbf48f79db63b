//! Layout at desktop and phone widths: screenshots of the fixture for a reviewer (written to
//! `target/browser-screenshots/`), no sideways scrolling, and comparison cards that use a
//! phone's width.

use headless_chrome::protocol::cdp::Page;

use crate::support::*;
use crate::COMPARISON_PAGE;

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn screenshots_in_both_themes_and_no_horizontal_scroll() {
    let session = Session::start();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/browser-screenshots");
    let measure = "(async () => {
        await document.fonts.ready;
        const widest = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                + ' right=' + Math.round(e.getBoundingClientRect().right))
            .slice(0, 8);
        return { inner: window.innerWidth, scroll: document.documentElement.scrollWidth,
                 height: Math.ceil(document.documentElement.scrollHeight), widest };
    })()";
    // One tab, one shot after another: only the tab in front paints, so captures in parallel
    // tabs never finish.
    let tab = session.tab();
    let mut overflows = Vec::new();
    let pages = [
        ("home", "index.html"),
        ("comparison", COMPARISON_PAGE),
        ("code", "code/languages.html"),
        ("diagram", "diagrams/pipeline.html"),
        ("pricing", "functions/lambda-pricing.html"),
    ];
    for (theme, (width, height), (name, page)) in ["light", "dark"]
        .into_iter()
        .flat_map(|t| [(1280, 900), (360, 780)].map(|size| (t, size)))
        .flat_map(|(t, size)| pages.map(|p| (t, size, p)))
    {
        {
            set_dark(&tab, theme == "dark");
            set_viewport(&tab, width, height);
            let m = goto_and(&tab, &file_url(page), measure);
            assert_eq!(m["inner"], width, "viewport width on {page}");
            let (inner, scroll) = (m["inner"].as_f64().unwrap(), m["scroll"].as_f64().unwrap());
            if scroll > inner + 1.0 {
                overflows.push(format!(
                    "{page} at {width} px ({theme}): scrollWidth {scroll} > innerWidth {inner}; overflowing: {}",
                    m["widest"]
                ));
            }
            // The whole page, not just the first screen: grow the viewport to its height.
            let full = m["height"]
                .as_u64()
                .unwrap_or(0)
                .clamp(u64::from(height), 8000);
            set_viewport(&tab, width, full as u32);
            wait_for(
                &tab,
                &format!("window.innerHeight === {full}"),
                "the tall viewport",
            );
            let png = tab
                .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
                .expect("capture a screenshot");
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
            let file = dir.join(format!("{name}-{width}-{theme}.png"));
            std::fs::write(&file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
        }
    }
    // Asked for at phone width; a desktop overflow would be just as broken.
    assert!(
        overflows.is_empty(),
        "horizontal scrolling:\n{}",
        overflows.join("\n")
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn comparison_cards_use_the_full_width_on_phones() {
    let session = Session::start();
    let tab = session.tab();
    set_viewport(&tab, 360, 780);
    // At phone width each comparison row is a card: its caption, aspect (row heading) and
    // values each span the card instead of keeping the desktop table's column widths.
    let m = goto_and(
        &tab,
        &file_url(COMPARISON_PAGE),
        "(() => {
            const table = document.querySelector('figure.comparison table.compare');
            const w = e => Math.round(e.getBoundingClientRect().width);
            const row = table.querySelector('tbody tr');
            return {
                table: w(table),
                caption: w(table.caption),
                row: w(row),
                heading: w(row.querySelector('th')),
                cells: [...row.querySelectorAll('td')].map(w),
            };
        })()",
    );
    let width = |k: &str| m[k].as_f64().unwrap_or(0.0);
    assert!(width("table") > 300.0, "the table is narrow at 360 px: {m}");
    let mut narrow = Vec::new();
    if width("caption") < 0.9 * width("table") {
        narrow.push("caption");
    }
    if width("heading") < 0.9 * width("row") {
        narrow.push("row heading (tbody th)");
    }
    if m["cells"].as_array().is_none_or(|c| {
        c.iter()
            .any(|c| c.as_f64().unwrap_or(0.0) < 0.9 * width("row"))
    }) {
        narrow.push("value cells (td)");
    }
    assert!(
        narrow.is_empty(),
        "{COMPARISON_PAGE} at 360 px: {} squeezed instead of spanning the card (widths in px: {m})",
        narrow.join(", ")
    );
}

/// A diagram is drawn at the size Pikchr laid it out, its text near the page's (it used to fill
/// the column: 33 px text on a desktop, bigger than the headings), and still fits a phone.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn diagram_text_is_the_size_of_the_page_text() {
    let session = Session::start();
    let tab = session.tab();
    let measure = "(() => {
        const svg = document.querySelector('figure.diagram svg'), r = svg.getBoundingClientRect();
        const text = Math.max(...[...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height));
        return { right: r.right, inner: innerWidth, text,
                 body: parseFloat(getComputedStyle(document.querySelector('main p')).fontSize) };
    })()";
    for (width, height) in [(1280, 900), (360, 780)] {
        set_viewport(&tab, width, height);
        let m = goto_and(&tab, &file_url("diagrams/pipeline.html"), measure);
        let n = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
        assert!(
            n("right") <= n("inner") + 0.5,
            "the diagram sticks out at {width} px: {m}"
        );
        assert!(
            n("text") < 1.6 * n("body"),
            "diagram text is far bigger than the page's at {width} px: {m}"
        );
    }
}

/// No diagram label runs into a shape it is not in, or into another label (the API Gateway
/// diagram's "proxy requests" crossed both boxes beside its arrow), and a caption written under
/// a diagram is its `<figcaption>`.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn diagram_labels_keep_clear_and_captions_are_figcaptions() {
    let session = Session::start();
    let tab = session.tab();
    let clashes = "(async () => {
        await document.fonts.ready;
        const found = [];
        const cross = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
            && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        for (const svg of document.querySelectorAll('figure.diagram svg')) {
            const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
            const shapes = [...svg.querySelectorAll('path')].map(p => p.getBoundingClientRect())
                .filter(r => r.width > 4 && r.height > 4);
            texts.forEach(([label, r], i) => {
                const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
                for (const s of shapes) {
                    const inside = s.left < x && x < s.right && s.top < y && y < s.bottom;
                    if (!inside && cross(r, s)) found.push(`${label} runs into a shape`);
                }
                texts.slice(i + 1).forEach(([other, o]) => { if (cross(r, o)) found.push(`${label} overlaps ${other}`); });
            });
        }
        return { found, diagrams: document.querySelectorAll('figure.diagram svg').length,
                 captions: [...document.querySelectorAll('figure.diagram > figcaption')].map(c => c.textContent.trim()) };
    })()";
    for (width, height) in [(1280, 900), (360, 780)] {
        set_viewport(&tab, width, height);
        for url in [
            course_url("serverless/api-gateway.html"),
            file_url("diagrams/pipeline.html"),
        ] {
            let m = goto_and(&tab, &url, clashes);
            assert!(m["diagrams"].as_u64() > Some(0), "{url}: no diagram: {m}");
            assert_eq!(
                m["found"],
                serde_json::json!([]),
                "{url} at {width} px: {m}"
            );
        }
    }
    let m = goto_and(&tab, &course_url("serverless/api-gateway.html"), clashes);
    assert!(
        m["captions"][0]
            .as_str()
            .is_some_and(|c| c.starts_with("Diagram: a client sends a REST call")),
        "{m}"
    );
}

/// A printed page is the note: no breadcrumbs, and none of the lists of other notes at its foot.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn printing_a_page_skips_its_breadcrumbs_and_foot_lists() {
    let session = Session::start();
    let tab = session.tab();
    let shown = "['.breadcrumbs', '.connections', '.content'].map(s => {
        const e = document.querySelector(s);
        return e ? getComputedStyle(e).display !== 'none' : 'missing ' + s;
    })";
    let screen = goto_and(&tab, &file_url("functions/lambda.html"), shown);
    assert_eq!(
        screen,
        serde_json::json!([true, true, true]),
        "the page lacks what this test prints"
    );
    tab.call_method(SetEmulatedMedia(serde_json::json!({ "media": "print" })))
        .expect("emulate print");
    let printed = js(&tab, shown);
    assert_eq!(
        printed,
        serde_json::json!([false, false, true]),
        "[breadcrumbs, connections, content] shown on paper"
    );
}

/// At 1280 px "On this page" is a column beside the note that stays in view while the reader
/// scrolls (1280 px used to leave an empty right margin); below 1200 px, where it has no room, it
/// is a box above the text.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn on_this_page_follows_the_reader_at_wide_widths() {
    let session = Session::start();
    let tab = session.tab();
    let place = "(() => {
        const toc = document.querySelector('nav.toc').getBoundingClientRect();
        const text = document.querySelector('.note .content').getBoundingClientRect();
        return { tocLeft: toc.left, tocRight: toc.right, tocTop: toc.top, tocBottom: toc.bottom,
                 textLeft: text.left, textRight: text.right, textTop: text.top, inner: innerWidth, tall: innerHeight };
    })()";
    let page = file_url("functions/lambda.html");
    set_viewport(&tab, 1280, 700);
    let m = goto_and(&tab, &page, place);
    let n = |m: &serde_json::Value, k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    assert!(
        n(&m, "tocLeft") >= n(&m, "textRight") && n(&m, "inner") - n(&m, "tocRight") < 120.0,
        "at 1280 px the contents are not a column at the right: {m}"
    );
    js(
        &tab,
        "window.scrollTo(0, document.documentElement.scrollHeight)",
    );
    let scrolled = wait_for(
        &tab,
        &format!("window.scrollY > 0 && {place}"),
        "the page scrolled",
    );
    assert!(
        n(&scrolled, "tocTop") >= 0.0 && n(&scrolled, "tocTop") < n(&scrolled, "tall") / 2.0,
        "the contents column did not follow the reader: {scrolled}"
    );
    for (width, height) in [(1100, 800), (360, 780)] {
        set_viewport(&tab, width, height);
        let m = goto_and(&tab, &page, place);
        assert!(
            n(&m, "tocBottom") <= n(&m, "textTop") && n(&m, "tocLeft") < n(&m, "textLeft") + 1.0,
            "at {width} px the contents are not a box above the text: {m}"
        );
    }
}

/// Between 761 and 1000 px the outline is narrower and a comparison's aspects wrap no more than
/// their words need (with 289 px of outline, "Who reads a message" took a line a word).
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn a_tablet_keeps_room_for_the_page() {
    let session = Session::start();
    let tab = session.tab();
    set_viewport(&tab, 800, 900);
    let m = goto_and(
        &tab,
        &file_url(COMPARISON_PAGE),
        "(() => ({
            outline: document.querySelector('nav.outline').getBoundingClientRect().width,
            aspects: [...document.querySelectorAll('table.compare tbody th')].map(th => {
                const name = th.firstChild.textContent.trim(), range = document.createRange();
                range.selectNodeContents(th.firstChild);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
                return { name, words: name.split(/\\s+/).length, lines };
            }),
        }))()",
    );
    assert!(m["outline"].as_f64() <= Some(230.0), "{m}");
    let aspects = m["aspects"].as_array().unwrap();
    assert!(
        aspects.iter().any(|a| a["words"].as_u64() >= Some(3)),
        "{m}"
    );
    for a in aspects {
        let (words, lines) = (a["words"].as_u64().unwrap(), a["lines"].as_u64().unwrap());
        assert!(
            words < 3 || lines < words,
            "{a} wraps a word a line at 800 px"
        );
    }
}

/// The home page a site without `index.md` gets lists the course in its text: at desktop
/// width the outline beside it would list it a second time.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn a_generated_home_page_lists_the_course_once() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(notes.join("a.md"), "---\ntitle: Alpha\n---\nText.\n").unwrap();
    std::fs::write(notes.join("b.md"), "---\ntitle: Beta\n---\nText.\n").unwrap();
    let out = dir.path().join("public");
    build_site(dir.path(), &out);
    let session = Session::start();
    let tab = session.tab();
    for (width, height) in [(1280, 900), (360, 780)] {
        set_viewport(&tab, width, height);
        let shown = goto_and(
            &tab,
            &file_url_in(&out, "index.html"),
            "[...document.querySelectorAll('a[href=\"a.html\"]')].filter(a => a.checkVisibility({ visibilityProperty: true })).length",
        );
        assert_eq!(shown, 1, "Alpha listed {shown} times at {width} px");
    }
}
