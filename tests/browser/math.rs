//! Formulas and Mermaid diagrams in a real browser: the fixture in `tests/fixtures/math`, built
//! once, read from `file://` with JavaScript off at a 360 px phone width, and printed to a PDF
//! whose text must hold a diagram's labels.

use crate::support::*;
use headless_chrome::protocol::cdp::Emulation;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The math fixture's site, built once per test process.
fn math_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_once("browser-math", &fixture("math")))
}

/// What a page at 360 px shows of its formulas: sizes, and whether each fraction is laid out
/// as one (numerator above denominator), which plain text never is.
const MATH_FACTS: &str = "(() => {
    const box = e => e.getBoundingClientRect();
    return {
        page: document.documentElement.scrollWidth,
        formulas: [...document.querySelectorAll('.content math')].map(m => ({
            width: box(m).width, height: box(m).height, right: box(m).right,
            block: m.getAttribute('display') === 'block',
        })),
        fractions: [...document.querySelectorAll('.content mfrac')].map(f =>
            box(f.children[0]).bottom <= box(f.children[1]).top + 1),
    };
})()";

/// What a page at 360 px shows of its diagrams.
const DIAGRAM_FACTS: &str = "(() => {
    const box = e => e.getBoundingClientRect();
    return {
        page: document.documentElement.scrollWidth,
        diagrams: [...document.querySelectorAll('.content figure.mermaid')].map(f => {
            const svg = f.querySelector('svg');
            const labels = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
            return {
                figure: box(f).width,
                width: box(svg).width,
                height: box(svg).height,
                caption: f.querySelector('figcaption').textContent,
                labels: labels.length,
                smallest: Math.min(...labels.map(t => box(t).height)),
                font: getComputedStyle(labels[0]).fontFamily,
            };
        }),
    };
})()";

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn formulas_and_diagrams_render_at_360_px_without_javascript() {
    let session = Session::start();
    let tab = session.tab();
    tab.call_method(Emulation::SetScriptExecutionDisabled { value: true })
        .expect("disable JavaScript");
    set_viewport(&tab, 360, 780);
    let root = math_site();

    let facts = goto_and(&tab, &file_url_in(root, "formulas.html"), MATH_FACTS);
    assert!(
        facts["page"].as_f64().unwrap() <= 360.0,
        "the page overflows: {facts}"
    );
    let formulas = facts["formulas"].as_array().unwrap();
    assert_eq!(formulas.len(), 10, "{facts}");
    for f in formulas {
        assert!(
            f["width"].as_f64().unwrap() > 5.0 && f["height"].as_f64().unwrap() > 5.0,
            "a formula is not drawn: {f}"
        );
        if f["block"] == true {
            assert!(
                f["right"].as_f64().unwrap() <= 360.0,
                "a block runs off the page: {f}"
            );
        }
    }
    let fractions = facts["fractions"].as_array().unwrap();
    assert_eq!(fractions.len(), 3, "{facts}");
    assert!(
        fractions.iter().all(|f| f == true),
        "a fraction is not stacked (MathML not laid out): {facts}"
    );

    let facts = goto_and(&tab, &file_url_in(root, "diagrams.html"), DIAGRAM_FACTS);
    assert!(
        facts["page"].as_f64().unwrap() <= 360.0,
        "the page overflows: {facts}"
    );
    let diagrams = facts["diagrams"].as_array().unwrap();
    assert_eq!(diagrams.len(), 8, "{facts}");
    for d in diagrams {
        assert!(
            d["width"].as_f64().unwrap() > 100.0 && d["height"].as_f64().unwrap() > 50.0,
            "a diagram is not drawn: {d}"
        );
        assert!(
            d["figure"].as_f64().unwrap() <= 360.0,
            "a figure is wider than the page: {d}"
        );
        assert!(d["labels"].as_u64().unwrap() >= 2, "{d}");
        // Labels stay readable: not scaled down to fit a phone.
        assert!(
            d["smallest"].as_f64().unwrap() >= 10.0,
            "labels too small: {d}"
        );
        assert!(
            d["font"].as_str().unwrap().contains("system-ui"),
            "labels not in the page's font: {d}"
        );
    }
}

/// Whether poppler's `pdftotext` is there, or why the test cannot run (a failure under `CI`).
fn has_pdftotext() -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        let message = "PDF test SKIPPED: pdftotext not installed (apt-get install poppler-utils)";
        assert!(std::env::var_os("CI").is_none(), "{message}, and CI is set");
        eprintln!("{message}");
    }
    found
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_pdf_prints_the_diagrams_labels_and_the_formulas() {
    if !has_pdftotext() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let pdf = dir.path().join("math.pdf");
    let out = studysite_command()
        .args(["handout", "--quiet", "--root"])
        .arg(fixture("math"))
        .arg("--out")
        .arg(dir.path().join("math.html"))
        .arg("--pdf")
        .arg(&pdf)
        .env("STUDYSITE_CHROMIUM", chromium())
        .output()
        .expect("run studysite handout");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for label in [
        "Cache hit?",
        "Query DB",
        "GET /notes",
        "Revision plan",
        "Exam weight",
        "Lambda",
    ] {
        assert!(
            words.contains(label),
            "{label:?} is not in the PDF: {words}"
        );
    }
    // A formula prints as its symbols (MathML laid out), not as its TeX.
    assert!(words.contains('∑') && !words.contains(r"\sum"), "{words}");
}

/// In dark mode a diagram is recoloured colour by colour (highlight.css), not inverted: no
/// filter; its labels in the dark text colour on dark shapes, at 4.5:1 or more against the fill
/// of the shape under each label; a diagram with colours the palette does not know (the mind
/// map's) stays light on a light card. Saves `mermaid-360-dark.png` in
/// `target/browser-screenshots/` to look at.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn dark_diagrams_are_recoloured_not_inverted_and_stay_readable() {
    let session = Session::start();
    let tab = session.tab();
    set_dark(&tab, true);
    set_viewport(&tab, 360, 780);
    let facts = goto_and(
        &tab,
        &file_url_in(math_site(), "diagrams.html"),
        "(() => {
            const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
                return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
                return (x + 0.05) / (y + 0.05); };
            return [...document.querySelectorAll('.content svg.mermaid')].map(svg => {
                const themed = svg.classList.contains('themed');
                const worst = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
                    .map(t => {
                        const box = t.getBoundingClientRect();
                        const x = box.left + box.width / 2, y = box.top + box.height / 2;
                        // The shape under the label: the last painted one holding its centre.
                        const under = [...svg.querySelectorAll('rect, path, polygon, circle, ellipse')]
                            .filter(s => { const b = s.getBoundingClientRect();
                                return getComputedStyle(s).fill !== 'none' && !s.contains(t)
                                    && b.left <= x && x <= b.right && b.top <= y && y <= b.bottom; })
                            .pop();
                        const ground = under ? getComputedStyle(under).fill : getComputedStyle(document.body).backgroundColor;
                        return ratio(getComputedStyle(t).fill, ground);
                    }).reduce((a, b) => Math.min(a, b), 99);
                return { caption: svg.parentElement.querySelector('figcaption').textContent, themed,
                    filter: getComputedStyle(svg).filter, background: getComputedStyle(svg).backgroundColor,
                    text: getComputedStyle(svg.querySelector('text')).fill, worst };
            });
        })()",
    );
    let diagrams = facts.as_array().unwrap();
    assert_eq!(diagrams.len(), 8, "{facts}");
    let themed: Vec<_> = diagrams.iter().filter(|d| d["themed"] == true).collect();
    assert!(themed.len() >= 6, "most kinds are recoloured: {facts}");
    for d in diagrams {
        assert_eq!(d["filter"], "none", "not inverted: {d}");
        if d["themed"] == true {
            assert_eq!(d["text"], "rgb(228, 231, 235)", "{d}");
            assert!(d["worst"].as_f64().unwrap() >= 4.5, "{d}");
        } else {
            assert_eq!(d["background"], "rgb(255, 255, 255)", "a light card: {d}");
        }
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/browser-screenshots");
    let height = js(&tab, "Math.ceil(document.documentElement.scrollHeight)")
        .as_u64()
        .unwrap()
        .clamp(780, 8000);
    set_viewport(&tab, 360, height as u32);
    wait_for(
        &tab,
        &format!("window.innerHeight === {height}"),
        "the tall viewport",
    );
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .expect("capture a screenshot");
    std::fs::write(dir.join("mermaid-360-dark.png"), png).expect("write the screenshot");
}

/// What Chromium draws of the rules math-core writes as cell borders (`\boxed`, `\hline`) and
/// of the strokes over a `menclose` (`\cancel`), which only the stylesheet makes visible.
const RULE_FACTS: &str = "(() => {
    const box = e => e.getBoundingClientRect();
    const width = (e, side) => parseFloat(getComputedStyle(e)[`border${side}Width`]);
    return {
        tables: [...document.querySelectorAll('.content mtable')].map(t => ({
            left: width(t, 'Left'), top: width(t, 'Top'),
            right: width(t.querySelector('mtd'), 'Right'),
            rows: [...t.children].map(r => box(r).height),
        })),
        strokes: [...document.querySelectorAll('.content mrow.menclose-updiagonalstrike')]
            .map(s => ({ width: box(s).width, height: box(s).height })),
    };
})()";

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn boxes_rules_and_strokes_written_for_mathjax_are_drawn() {
    let out = build_once("browser-mathjax", &fixture("mathjax"));
    let session = Session::start();
    let tab = session.tab();
    set_viewport(&tab, 1280, 900);
    let url = file_url_in(&out, "mathjax.html");
    let facts = goto_and(&tab, &url, RULE_FACTS);
    let tables = facts["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 3, "two boxes and an array: {facts}");
    for t in tables {
        for side in ["left", "top", "right"] {
            assert!(t[side].as_f64().unwrap() > 0.0, "no {side} rule: {t}");
        }
        // The row after the last `\hline` holds only its rule: flat, not an empty line.
        let rows = t["rows"].as_array().unwrap();
        assert!(rows.last().unwrap().as_f64().unwrap() < 1.5, "{t}");
        assert!(rows[0].as_f64().unwrap() > 8.0, "{t}");
    }
    let strokes = facts["strokes"].as_array().unwrap();
    assert_eq!(strokes.len(), 1, "{facts}");
    assert!(
        strokes[0]["width"].as_f64().unwrap() > 4.0 && strokes[0]["height"].as_f64().unwrap() > 4.0,
        "the \\cancel stroke is not drawn: {facts}"
    );
    screenshot_views(&tab, "mathjax", &url, |_| {});
}
