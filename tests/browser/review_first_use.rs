//! The review page loads search and link previews on first use (`templates/base.html` marks its
//! `site.js` `data-on-first-use`), so that nothing but its cards comes before the first rating:
//! until then neither script is in the page, yet the search box is there; `/` focuses it and a
//! search finds a note; a link pointed at or focused first shows its preview, and Escape (which
//! `site.js` hands out) closes it.

use crate::search::{search, wait_search};
use crate::support::*;
use headless_chrome::Tab;

/// The scripts of search and link previews that the page has asked for so far, by file name.
const ASKED: &str = "[...document.scripts].map(s => s.src.split('/').pop())
    .filter(n => ['search.js', 'previews.js', 'minisearch.js', 'meta.js'].includes(n))";

/// Opens the browser fixture's review page, waits for its first card and checks that it has
/// not loaded search or previews (after a moment in which an eager load would show).
fn open_review(tab: &Tab) {
    goto_and(tab, &file_url("review.html"), "true");
    wait_for(
        tab,
        "!document.getElementById('review-card').hidden && document.getElementById('review-front').textContent",
        "the first card",
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    let asked = js(tab, ASKED);
    assert_eq!(
        asked,
        serde_json::json!([]),
        "the review page loaded search or previews before they were used"
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn review_page_search_loads_when_first_used_and_finds_a_note() {
    let session = Session::start();
    let tab = session.tab();
    open_review(&tab);
    assert!(
        js_bool(
            &tab,
            "!document.querySelector('.search').hidden
             && document.getElementById('search-input').getBoundingClientRect().width > 0"
        ),
        "the review page shows no search box before search.js loads"
    );
    tab.press_key("/").expect("press /");
    let s = wait_search(&tab, "s.focused", "/ to focus the search box");
    assert_eq!(s["value"], "", "/ was typed into the box: {s}");
    let s = search(&tab, "lambda");
    assert_eq!(
        s["results"][0]["title"], "Lambda functions",
        "first result for lambda on the review page: {s}"
    );
    // Once: site.js asked for search.js, which asked for the index.
    assert_eq!(
        js(&tab, ASKED),
        serde_json::json!(["search.js", "minisearch.js", "meta.js"])
    );
    // Escape closes the list, then leaves the box; / focuses it again (search.js's own key now).
    tab.press_key("Escape").expect("press Escape");
    wait_search(&tab, "s.hidden", "Escape to close the list");
    tab.press_key("Escape").expect("press Escape");
    wait_search(&tab, "!s.focused", "Escape to leave the box");
    tab.press_key("/").expect("press /");
    let s = wait_search(&tab, "s.focused", "/ to focus the box again");
    assert_eq!(s["value"], "lambda", "{s}");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn review_page_link_previews_load_when_a_link_is_first_pointed_at_or_focused() {
    let session = Session::start();
    let tab = session.tab();
    let tooltip = "(() => {
        const t = document.querySelector('div.link-preview[role=tooltip] strong');
        const a = document.querySelector('[aria-describedby=link-preview]');
        return t && a && a.hasAttribute('data-browser-link') && t.textContent;
    })()";
    // An outline link to another note, with the title its preview should show.
    let mark_outline = "(() => {
        const previewOf = PREVIEW_OF;
        const a = [...document.querySelectorAll('#outline a[href]')].find(a => previewOf(a));
        a.setAttribute('data-browser-link', '');
        return previewOf(a).title;
    })()"
        .replace("PREVIEW_OF", &preview_of_js());

    // Pointed at first.
    open_review(&tab);
    let title = js(&tab, &mark_outline);
    hover(
        &tab,
        "an outline link",
        "document.querySelector('[data-browser-link]')",
    );
    let shown = wait_for(&tab, tooltip, "a preview on the outline link");
    assert_eq!(shown, title);
    assert_eq!(js(&tab, ASKED), serde_json::json!(["previews.js"]));
    // Escape, registered with site.js by a script that came after it, still closes it.
    tab.press_key("Escape").expect("press Escape");
    wait_for(
        &tab,
        "!document.querySelector('.link-preview')",
        "Escape to close the preview",
    );

    // Focused first, in a page loaded afresh.
    open_review(&tab);
    let title = js(&tab, &mark_outline);
    js(
        &tab,
        "document.querySelector('[data-browser-link]').focus()",
    );
    let shown = wait_for(&tab, tooltip, "a preview on the focused outline link");
    assert_eq!(shown, title);
}
