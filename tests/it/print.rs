//! The PDF handout on paper: the sheet size (`--paper`, or the site's language), and pages that
//! are used, measured on the rendered pages themselves (poppler's `pdftoppm`).

use crate::common::{stderr, studysite_command, Page, TestSite};
use crate::handout::{pdf_pages, pdf_tools, pdftotext};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `studysite handout --pdf <pdf> <args>` on the site at `root`; the PDF's path.
fn print(site: &TestSite, root: &Path, pdf: &str, args: &[&str]) -> PathBuf {
    let pdf = site.path(pdf);
    let out = studysite_command()
        .current_dir(site.root())
        .args(["handout", "--quiet", "--root"])
        .arg(root)
        .arg("--pdf")
        .arg(&pdf)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    pdf
}

/// `pdfinfo`'s page size line: `612 x 792 pts (letter)`.
fn page_size(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or_else(|| panic!("no page size in:\n{info}"))
        .trim()
        .to_owned()
}

/// Of each page, rendered in grey at 24 dpi, the share of its height from the top margin to
/// its last ink above the bottom margin (where the page number is): 0 for a blank page.
fn used_heights(pdf: &Path, margin_mm: f64, page_mm: f64) -> Vec<f64> {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "24", "-gray"])
        .arg(pdf)
        .arg(dir.path().join("page"))
        .output()
        .expect("run pdftoppm (poppler-utils)");
    assert!(out.status.success(), "pdftoppm: {}", stderr(&out));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let bytes = std::fs::read(file).unwrap();
            // A binary PGM: "P5", width, height, maximum, one whitespace, then the pixels.
            let mut fields = Vec::new();
            let mut at = 0;
            while fields.len() < 4 {
                while bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                let start = at;
                while !bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
            }
            assert_eq!(fields[0], "P5", "{}", file.display());
            let (width, height): (usize, usize) =
                (fields[1].parse().unwrap(), fields[2].parse().unwrap());
            let pixels = &bytes[at + 1..];
            let margin = (height as f64 * margin_mm / page_mm) as usize;
            let last_ink = (margin..height - margin).rev().find(|&row| {
                pixels[row * width..(row + 1) * width]
                    .iter()
                    .any(|&p| p < 200)
            });
            last_ink.map_or(0.0, |row| (row - margin) as f64 / height as f64)
        })
        .collect()
}

/// Notes that each open with a line and then a block too tall for the rest of the first page
/// but not for a page of its own: a code block, a callout, a comparison. Printed on Letter,
/// where the course's comparisons were pushed whole to the next page.
fn tall_blocks() -> TestSite {
    let site = TestSite::new();
    let lines: String = (1..=44).map(|i| format!("let line_{i} = {i};\n")).collect();
    site.write(
        "notes/code.md",
        format!("---\ntitle: Code\n---\nOne line first.\n\n```rust\n{lines}```\n"),
    );
    let items: String = (1..=30)
        .map(|i| format!("> - Point {i} of the callout.\n"))
        .collect();
    site.write(
        "notes/callout.md",
        format!("---\ntitle: Callout\n---\nOne line first.\n\n> [!note] Key facts\n{items}"),
    );
    let rows: String = (1..=16)
        .map(|i| {
            format!(
                "  - aspect: Aspect {i}\n    values:\n      - \"A value long enough to take two lines in its column, number {i}\"\n      - \"Another one\"\n"
            )
        })
        .collect();
    site.write(
        "notes/compare.md",
        format!(
            "---\ntitle: Compare\n---\nOne line first.\n\n```compare\ntitle: Side by side\nthings:\n  - code\n  - callout\nrows:\n{rows}```\n"
        ),
    );
    site
}

/// A4 by default (the site's language, `en`, names no region), with bookmarks, and no page
/// under a fifth used but a note's last: what is too tall for the rest of a page breaks
/// instead of leaving the page nearly empty.
#[test]
fn every_page_is_used_but_the_last_of_a_note() {
    if pdf_tools().is_none() {
        return;
    }
    let site = tall_blocks();
    let root = site.root().to_owned();
    let a4 = print(&site, &root, "a4.pdf", &["--out", "a4.html"]);
    assert!(page_size(&a4).ends_with("(A4)"), "{}", page_size(&a4));
    let bytes = std::fs::read(&a4).unwrap();
    assert!(
        bytes.windows(9).any(|w| w == b"/Outlines"),
        "the PDF has no bookmarks"
    );
    let letter = print(&site, &root, "letter.pdf", &["--paper", "letter"]);
    assert!(
        page_size(&letter).ends_with("(letter)"),
        "{}",
        page_size(&letter)
    );

    // Each note (and the answer key) starts a page with its title.
    let html = Page(scraper::Html::parse_document(
        &std::fs::read_to_string(site.path("a4.html")).unwrap(),
    ));
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let titles: Vec<String> = html
        .texts("article.handout-note h1, #answer-key h2")
        .iter()
        .map(|t| words(t))
        .collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    for (pdf, page_mm) in [(&a4, 297.0), (&letter, 279.4)] {
        let used = used_heights(pdf, 18.0, page_mm);
        let pages = pdf_pages(pdf);
        assert_eq!(used.len(), pages);
        let mut short = Vec::new();
        for (i, share) in used.iter().enumerate() {
            let n = i + 1;
            let last_of_a_note = n == pages || {
                let next = pdftotext(pdf, Some(n + 1));
                let first = next.lines().map(words).find(|l| !l.is_empty());
                first.is_some_and(|l| titles.contains(&l))
            };
            if *share < 0.2 && !last_of_a_note {
                short.push(format!(
                    "page {n}: {:.0}% used, ending {:?}",
                    share * 100.0,
                    pdftotext(pdf, Some(n))
                        .lines()
                        .rev()
                        .find(|l| !l.trim().is_empty())
                ));
            }
        }
        assert!(
            short.is_empty(),
            "{}: {} of {pages} pages nearly empty:\n{}",
            page_size(pdf),
            short.len(),
            short.join("\n")
        );
    }
}

/// Letter where the site's language says its readers use it; `--paper a4` wins over it.
#[test]
fn letter_when_the_language_is_american_unless_asked_otherwise() {
    if pdf_tools().is_none() {
        return;
    }
    let site = TestSite::new();
    site.write("notes/a.md", "---\ntitle: A\n---\n## One\n\nText.\n");
    let root = site.root().to_owned();
    let asked = print(&site, &root, "asked.pdf", &["--paper", "letter"]);
    assert!(
        page_size(&asked).ends_with("(letter)"),
        "{}",
        page_size(&asked)
    );

    site.write("site.yaml", "title: T\nlanguage: en-US\n");
    let american = print(&site, &root, "american.pdf", &[]);
    assert!(
        page_size(&american).ends_with("(letter)"),
        "{}",
        page_size(&american)
    );
    let overruled = print(&site, &root, "a4.pdf", &["--paper", "a4"]);
    assert!(
        page_size(&overruled).ends_with("(A4)"),
        "{}",
        page_size(&overruled)
    );
}
