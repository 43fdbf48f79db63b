//! Printing Obsidian's callouts: a folded one (`> [!faq]-`) and a question callout are
//! `<details>` that a reader opens on screen; paper cannot be clicked, so the print stylesheet
//! shows their content. The Obsidian fixture (`tests/fixtures/obsidian`), built once, read from
//! `file://` on screen and with print media emulated, as a page and in the handout.

use crate::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The Obsidian fixture's site, built once per test process.
fn obsidian_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_once("browser-obsidian", &fixture("obsidian")))
}

/// Each callout that folds in `scope`: its type, whether it is open, and whether each of its
/// children after the title is drawn (visible, with a height).
fn folding(scope: &str) -> String {
    format!(
        "[...document.querySelectorAll('{scope} details.callout')].map(d => ({{
            callout: d.dataset.callout,
            open: d.open,
            shown: [...d.children].filter(c => c.tagName !== 'SUMMARY')
                .map(c => c.checkVisibility() && c.getBoundingClientRect().height > 0),
        }}))"
    )
}

/// On screen, the closed callouts hide their content (else this test could not fail); with
/// print media, every callout shows all of it.
fn assert_printed_open(screen: &Value, printed: &Value, what: &str) {
    let screen = screen.as_array().unwrap();
    let closed: Vec<&Value> = screen.iter().filter(|c| c["open"] == false).collect();
    let kinds: Vec<&str> = closed
        .iter()
        .map(|c| c["callout"].as_str().unwrap())
        .collect();
    // The folded `faq` and the question callout that is not foldable, at least.
    assert!(
        kinds.contains(&"faq") && kinds.contains(&"question"),
        "{what}: {screen:?}"
    );
    for c in &closed {
        let shown = c["shown"].as_array().unwrap();
        assert!(
            !shown.is_empty() && shown.iter().all(|s| s == false),
            "{what}: a closed callout shows its content on screen: {c}"
        );
    }
    let printed = printed.as_array().unwrap();
    assert_eq!(printed.len(), screen.len(), "{what}");
    for c in printed {
        let shown = c["shown"].as_array().unwrap();
        assert!(
            !shown.is_empty() && shown.iter().all(|s| s == true),
            "{what}: a callout prints without its content: {c}"
        );
    }
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn folded_and_question_callouts_print_open_on_a_page_and_in_the_handout() {
    let session = Session::start();
    let tab = session.tab();
    let root = obsidian_site();
    for (page, scope) in [
        ("Syntax/Callouts.html", ".content"),
        ("handout.html", "#Syntax--Callouts"),
    ] {
        tab.call_method(SetEmulatedMedia(serde_json::json!({ "media": "screen" })))
            .expect("emulate screen");
        let screen = goto_and(&tab, &file_url_in(root, page), &folding(scope));
        tab.call_method(SetEmulatedMedia(serde_json::json!({ "media": "print" })))
            .expect("emulate print");
        let printed = js(&tab, &folding(scope));
        assert_printed_open(&screen, &printed, page);
    }
}
