//! The review page holds its first part, first cards and index itself (the data block
//! src/output/cards/bundle.rs's `write` returns), so its first card waits for no file: on a
//! small site built for these tests whose `cards.js`, `cards/p-0.js` and `cards/b-0.js` are then
//! deleted, the whole course, a tag, a note and a due card each still come first and can be
//! rated, and a note title that looks like the end of the page's script is shown as text, never
//! run.

use crate::review::{fix_clock, front, open_review_url, rate_with_keys, DAY, T0};
use crate::support::*;
use headless_chrome::Tab;
use std::path::{Path, PathBuf};

/// A note title that would end an inline script element if the page did not escape it.
const HOSTILE: &str = "Alpha </script><script>window.pwned=1</script> <!-- <script>";

/// Builds the site into a temporary folder and deletes the three files the page holds.
fn site_without_the_first_files() -> (tempfile::TempDir, PathBuf) {
    let alpha = format!(
        "---\ntitle: '{HOSTILE}'\norder: 1\n---\n> [!question] What comes first?\n> Alpha.\n\n\
         > [!question] What comes after alpha?\n> Beta.\n"
    );
    let (dir, out) = build_temp_site(
        "studysite-review-first-",
        &[
            ("site.yaml", "title: Review First\nlanguage: en\n"),
            ("notes/index.md", "---\ntitle: Home\n---\nThe course.\n"),
            ("notes/alpha.md", &alpha),
            (
                "notes/beta.md",
                "---\ntitle: Beta\norder: 2\ntags: [exam]\n---\n\
                 > [!question] Which note is tagged exam?\n> Beta.\n",
            ),
        ],
    );
    for file in ["cards.js", "cards/p-0.js", "cards/b-0.js"] {
        std::fs::remove_file(out.join(file)).unwrap_or_else(|e| panic!("delete {file}: {e}"));
    }
    (dir, out)
}

fn open(tab: &Tab, out: &Path, query: &str) -> String {
    open_review_url(tab, &format!("{}{query}", file_url_in(out, "review.html")))
}

fn rated_good(tab: &Tab) {
    rate_with_keys(tab, "3");
    wait_for(
        tab,
        "document.getElementById('review-status').textContent.startsWith('Good:')",
        "the rating",
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_first_cards_need_no_file_of_the_cards_and_scripts_in_them_stay_text() {
    let (_dir, out) = site_without_the_first_files();
    let session = Session::start();
    let tab = session.tab();
    fix_clock(&tab, T0);

    // The whole course: the first card of the first note, its note's title as written, nothing
    // of it run.
    let status = open(&tab, &out, "");
    assert!(status.contains("0 due, 3 new."), "{status}");
    assert_eq!(front(&tab), "What comes first?");
    let source = js(&tab, "document.getElementById('review-source').textContent");
    assert_eq!(source, format!("From {HOSTILE}").as_str());
    assert_eq!(js(&tab, "typeof window.pwned"), "undefined");

    // A tag and a note each start at their own card; a rating is taken.
    let status = open(&tab, &out, "?tag=exam");
    assert!(status.contains("0 due, 1 new."), "{status}");
    assert_eq!(front(&tab), "Which note is tagged exam?");
    rated_good(&tab);
    open(&tab, &out, "?note=alpha.html");
    assert_eq!(front(&tab), "What comes first?");

    // Three days on, the tagged card is due and comes before the first note's new ones.
    fix_clock(&tab, T0 + 3 * DAY);
    let status = open(&tab, &out, "");
    assert!(status.contains("1 due, 2 new."), "{status}");
    assert_eq!(front(&tab), "Which note is tagged exam?");
}
