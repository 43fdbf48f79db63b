//! The review page's first layout and paint are its first card's (templates/review.html,
//! static/review.js): the outline, the practise list and the progress section are hidden when the
//! first card goes in, and come back whole at the first rating, a Tab key or a moment later: on
//! screen, reached by the keyboard, their links choosing the right first card (a section, a
//! tag, a note), the live region still reading the card. With no card to show (a quiz, a missing
//! scheduler) they come back at once.

use crate::review::{fix_clock, front, open_review_at, rate_with_keys, AddScript, T0};
use crate::review_parts::index;
use crate::support::*;
use headless_chrome::Tab;
use serde_json::Value;

/// Run in every page before its own scripts: what the page's later parts were when review.js
/// put the first card in (`data-ready-ms`), kept in `window.__atCard`.
const WATCH: &str = "(() => {
    new MutationObserver((changes, observer) => {
        const page = document.getElementById('review');
        if (!page || !page.dataset.readyMs) return;
        observer.disconnect();
        const outline = document.querySelector('nav.outline');
        window.__atCard = {
            scopes: document.querySelector('nav.review-scopes').hidden,
            data: document.querySelector('section.review-data').hidden,
            outline: getComputedStyle(outline).contentVisibility,
            outlineLinkSeen: outline.querySelector('a').checkVisibility(),
        };
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready-ms'] });
})();";

/// Whether the later parts are all back: shown, the outline's links drawn.
const SHOWN: &str = "!document.querySelector('nav.review-scopes').hidden
    && !document.querySelector('section.review-data').hidden
    && getComputedStyle(document.querySelector('nav.outline')).contentVisibility === 'visible'
    && document.querySelector('nav.outline a').checkVisibility()
    && document.querySelector('nav.review-scopes a').checkVisibility()
    && document.getElementById('review-export').checkVisibility()
    && !document.querySelector('[data-after-card]')";

fn watch(tab: &Tab) {
    tab.call_method(AddScript {
        source: WATCH.to_string(),
    })
    .expect("add the watching script");
}

/// The hidden state of the later parts when the first card went in.
fn at_card(tab: &Tab) -> Value {
    wait_for(tab, "window.__atCard", "the first card's moment")
}

fn assert_hidden_at_card(tab: &Tab) {
    let at = at_card(tab);
    assert_eq!(at["scopes"], true, "{at}");
    assert_eq!(at["data"], true, "{at}");
    assert_eq!(at["outline"], "hidden", "{at}");
    assert_eq!(at["outlineLinkSeen"], false, "{at}");
}

/// The page of the note the current card comes from, without its anchor, relative to the site.
fn source_page(tab: &Tab) -> String {
    let href = js(
        tab,
        "document.getElementById('review-source').getAttribute('href')",
    );
    href.as_str()
        .unwrap_or_default()
        .split('#')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Part `k` of the course's cards (`cards/p-<k>.js`), as the review page reads it.
fn part(k: usize) -> Value {
    let js = std::fs::read_to_string(course().join(format!("cards/p-{k}.js"))).expect("part");
    let json = js
        .strip_prefix(&format!("studysiteCardPart({k},"))
        .and_then(|s| s.strip_suffix(");\n"))
        .expect("a part file calls studysiteCardPart(k, data)");
    serde_json::from_str(json).expect("JSON")
}

/// The page of the first note in course order whose folder and tags `keep` takes: where a
/// student with no progress starts.
fn first_note(keep: impl Fn(&str, &[&str]) -> bool) -> String {
    let index = index();
    let name = |list: &str, i: &Value| {
        index[list][i.as_u64().unwrap() as usize]
            .as_str()
            .unwrap()
            .to_string()
    };
    for (k, p) in index["parts"].as_array().unwrap().iter().enumerate() {
        let dir = name("dirs", &p[0]);
        for note in part(k)["notes"].as_array().unwrap() {
            let tags: Vec<String> = note[2]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| name("tags", t))
                .collect();
            let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
            if keep(&dir, &tags) {
                let page = note[1].as_str().unwrap();
                return match page.strip_prefix('/') {
                    Some(whole) => whole.to_string(),
                    None if dir.is_empty() => format!("{page}.html"),
                    None => format!("{dir}/{page}.html"),
                };
            }
        }
    }
    panic!("no note of the course is taken");
}

/// Clicks the practise list's link whose href ends with `query` and waits for its first card.
fn follow_practise_link(tab: &Tab, query: &str) {
    js(tab, MARK_PAGE);
    click(
        tab,
        &format!("the practise link {query}"),
        &format!(
            "[...document.querySelectorAll('nav.review-scopes a')].find(a => a.getAttribute('href').endsWith({}))",
            serde_json::json!(query)
        ),
    );
    wait_new_page(tab, "the practise link", "1");
    wait_for(
        tab,
        "!document.getElementById('review-card').hidden",
        "the first card",
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_later_parts_wait_for_the_first_card_and_tab_reaches_them() {
    let session = Session::start();
    let tab = session.tab();
    fix_clock(&tab, T0);
    watch(&tab);
    let status = open_review_at(&tab, "");
    assert_hidden_at_card(&tab);
    assert!(status.contains("Question: "), "{status}");
    // The focus is on "Show answer"; the next Tab goes to the practise list's first link, which
    // the key brings back if it is not back yet.
    assert!(js_bool(&tab, "document.activeElement.id === 'review-show'"));
    tab.press_key("Tab").expect("press Tab");
    wait_for(&tab, SHOWN, "the later parts back after Tab");
    wait_for(
        &tab,
        "document.activeElement.closest('nav.review-scopes') && document.activeElement.textContent === 'The whole course'",
        "the focus in the practise list",
    );
    // The live region still reads the card, and keeps being polite.
    let said = js(&tab, "document.getElementById('review-status').textContent");
    assert!(said.as_str().unwrap().contains("Question: "), "{said}");
    assert_eq!(
        js(
            &tab,
            "document.getElementById('review-status').getAttribute('aria-live')"
        ),
        "polite"
    );

    // Without a key they come back on their own, and a rating brings them back at once.
    open_review_at(&tab, "");
    assert_hidden_at_card(&tab);
    wait_for(&tab, SHOWN, "the later parts back by themselves");
    open_review_at(&tab, "");
    rate_with_keys(&tab, "3");
    wait_for(
        &tab,
        &format!(
            "document.getElementById('review-status').textContent.startsWith('Good:') && {SHOWN}"
        ),
        "the later parts back after the rating",
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_practise_lists_links_and_a_notes_start_at_their_own_first_card() {
    let index = index();
    let dirs: Vec<&str> = index["dirs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    // A section other than the first part's, and a tag.
    let section = dirs
        .iter()
        .rev()
        .find(|d| !d.is_empty() && !d.contains('/'))
        .expect("a section with cards")
        .to_string();
    let tag = index["tags"][0].as_str().expect("a tag").to_string();

    let session = Session::start();
    let tab = session.tab();
    fix_clock(&tab, T0);
    watch(&tab);
    open_review_at(&tab, "");
    assert_eq!(source_page(&tab), first_note(|_, _| true));
    wait_for(&tab, SHOWN, "the later parts");

    follow_practise_link(&tab, &format!("?section={section}"));
    assert_hidden_at_card(&tab);
    let expected = first_note(|dir, _| dir == section || dir.starts_with(&format!("{section}/")));
    assert_eq!(source_page(&tab), expected);
    wait_for(&tab, SHOWN, "the later parts");

    follow_practise_link(&tab, &format!("?tag={tag}"));
    let expected = first_note(|_, tags| tags.contains(&tag.as_str()));
    assert_eq!(source_page(&tab), expected);
    let first = front(&tab);
    assert!(!first.is_empty());

    // A note's own Practise link starts at that note's first card.
    goto_and(&tab, &course_url(&expected), "1");
    js(&tab, MARK_PAGE);
    click(
        &tab,
        "the note's Practise link",
        "document.querySelector('.study-note a.practise')",
    );
    wait_new_page(&tab, "the note's Practise link", "1");
    wait_for(
        &tab,
        "!document.getElementById('review-card').hidden",
        "the note's first card",
    );
    assert_hidden_at_card(&tab);
    assert_eq!(source_page(&tab), expected);
    assert_eq!(front(&tab), first);
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn a_quiz_shows_the_later_parts_with_its_first_question() {
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &format!("{}?quiz=1", course_url("review.html")), "1");
    wait_for(
        &tab,
        &format!("!document.getElementById('quiz').hidden && {SHOWN}"),
        "the first question and the later parts",
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn without_the_scheduler_the_page_says_so_and_shows_the_rest() {
    let (_dir, out) = build_temp_site(
        "studysite-review-after-",
        &[
            ("site.yaml", "title: Review After\n"),
            (
                "notes/alpha.md",
                "---\ntitle: Alpha\n---\n> [!question] What comes first?\n> Alpha.\n",
            ),
        ],
    );
    std::fs::remove_file(out.join("vendor/ts-fsrs.js")).expect("delete the scheduler");
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &file_url_in(&out, "review.html"), "1");
    let said = wait_for(
        &tab,
        &format!("{SHOWN} && document.getElementById('review-status').textContent"),
        "the message and the later parts",
    );
    assert!(
        said.as_str()
            .unwrap()
            .contains("could not load its scheduler"),
        "{said}"
    );
}
