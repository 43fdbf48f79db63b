//! The review page (`review.html`, `static/review.js`) over `file://`, with the page's clock
//! fixed: a card rated Good is scheduled days ahead and still is after a reload; it is due
//! again when the clock has moved on; progress exported in one browser profile and imported in
//! a fresh one comes back; quiz scoring; keyboard only; a 360 px phone; damaged stored data.

use crate::server::percent_decode;
use crate::support::*;
use headless_chrome::protocol::cdp::types::Method;
use headless_chrome::Tab;
use serde::Serialize;
use serde_json::Value;

/// The note whose cards the tests review: the course's Docker vs VMs note (the course, not the
/// browser fixture, because its cards are what a student reviews).
const NOTE: &str = "containers/docker-vs-vms.html";
/// 2026-03-02 09:00 UTC, the fixed "now" of the page.
pub(crate) const T0: i64 = 1_772_442_000_000;
pub(crate) const DAY: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Serialize)]
pub(crate) struct AddScript {
    pub(crate) source: String,
}

impl Method for AddScript {
    const NAME: &'static str = "Page.addScriptToEvaluateOnNewDocument";
    type ReturnObject = Value;
}

/// Makes every page the tab opens from now on see `now` as the time (`Date.now()`, `new Date()`).
/// A later call wins: its script runs after the earlier ones.
pub(crate) fn fix_clock(tab: &Tab, now: i64) {
    let source = format!(
        "(() => {{ const T = {now}; const D = Date;
           class Fixed extends D {{ constructor(...a) {{ if (a.length) super(...a); else super(T); }}
             static now() {{ return T; }} }}
           window.Date = Fixed; }})();"
    );
    tab.call_method(AddScript { source })
        .expect("add the clock script");
}

fn review_url(query: &str) -> String {
    format!("{}{query}", course_url("review.html"))
}

/// Opens the review page for the note and waits until a card is shown; returns the status.
fn open_review(tab: &Tab) -> String {
    open_review_at(tab, &format!("?note={NOTE}"))
}

/// Opens the review page with `query` and waits until a card is shown; returns the status.
pub(crate) fn open_review_at(tab: &Tab, query: &str) -> String {
    open_review_url(tab, &review_url(query))
}

/// Opens the review page at `url` and waits until a card is shown; returns the status.
pub(crate) fn open_review_url(tab: &Tab, url: &str) -> String {
    goto_and(
        tab,
        url,
        "document.getElementById('review-status').textContent",
    );
    wait_for(
        tab,
        "!document.getElementById('review-card').hidden && document.getElementById('review-status').textContent",
        "a card to review",
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

pub(crate) fn front(tab: &Tab) -> String {
    js(tab, "document.getElementById('review-front').textContent")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The stored progress as `{version, cards}`, the record of every card by id, read as
/// `progress.js` reads it (version 2 packs each record in an array), or null when there is none.
pub(crate) fn stored(tab: &Tab) -> Value {
    js(
        tab,
        "(() => { const raw = localStorage.getItem(document.getElementById('review').dataset.store + ':progress');
           if (raw === null) return null;
           const read = window.studysiteProgress.parse(raw);
           return read && { version: JSON.parse(raw).version, cards: read.cards }; })()",
    )
}

/// Chooses `text` as the file of the page's "Import progress", as a student picking an export.
pub(crate) fn import_progress(tab: &Tab, text: &str) {
    js(
        tab,
        &format!(
            "(() => {{ const dt = new DataTransfer();
               dt.items.add(new File([{}], 'progress.json', {{ type: 'application/json' }}));
               const input = document.getElementById('review-import');
               input.files = dt.files;
               input.dispatchEvent(new Event('change')); }})()",
            serde_json::json!(text)
        ),
    );
}

/// Reveals the current card and rates it with the keyboard alone.
pub(crate) fn rate_with_keys(tab: &Tab, key: &str) {
    tab.press_key(" ").expect("press Space");
    wait_for(
        tab,
        "!document.getElementById('review-back').hidden && !document.getElementById('review-rate').hidden",
        "Space to show the answer",
    );
    tab.press_key(key).expect("press a rating key");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn good_schedules_days_ahead_keeps_after_reload_and_is_due_later() {
    let session = Session::start();
    let tab = session.tab();
    fix_clock(&tab, T0);
    let status = open_review(&tab);
    assert!(status.contains("0 due,"), "{status}");
    let first = front(&tab);
    assert!(!first.is_empty());
    // The focus is on "Show answer", and keys do the rest.
    assert!(js_bool(&tab, "document.activeElement.id === 'review-show'"));
    rate_with_keys(&tab, "3");
    let said = wait_for(
        &tab,
        "document.getElementById('review-status').textContent.startsWith('Good:') && document.getElementById('review-status').textContent",
        "the rating announced",
    );
    assert!(
        said.as_str()
            .unwrap()
            .contains("Good: next review in 2 days."),
        "{said}"
    );
    let records = stored(&tab);
    let cards = records["cards"].as_object().expect("stored cards");
    assert_eq!(cards.len(), 1, "{records}");
    let (_, record) = cards.iter().next().unwrap();
    assert_eq!(record["due"].as_i64(), Some(T0 + 2 * DAY), "{record}");
    assert_eq!(record["n"], NOTE);
    assert_eq!(record["state"], 2, "in review, not learning");

    // Reloaded the same day: the card is not due, so it is not asked first.
    let status = open_review(&tab);
    assert!(status.contains("0 due,"), "{status}");
    assert_ne!(front(&tab), first);
    assert_eq!(stored(&tab), records);

    // The note's page counts its cards and shows none due.
    let due = goto_and(
        &tab,
        &course_url(NOTE),
        "document.querySelector('.study-due').textContent",
    );
    assert_eq!(due, ", 0 due");

    // Three days later it is due, and asked first.
    fix_clock(&tab, T0 + 3 * DAY);
    let status = open_review(&tab);
    assert!(status.contains("1 due,"), "{status}");
    assert_eq!(front(&tab), first);
    let due = goto_and(
        &tab,
        &course_url(NOTE),
        "document.querySelector('.study-due').textContent",
    );
    assert_eq!(due, ", 1 due");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn progress_exported_then_imported_into_a_fresh_profile_comes_back() {
    let session = Session::start();
    let tab = session.tab();
    fix_clock(&tab, T0);
    open_review(&tab);
    rate_with_keys(&tab, "3");
    wait_for(
        &tab,
        "document.getElementById('review-status').textContent.startsWith('Good:')",
        "the first rating",
    );
    rate_with_keys(&tab, "4");
    wait_for(
        &tab,
        "document.getElementById('review-status').textContent.startsWith('Easy:')",
        "the second rating",
    );
    let before = stored(&tab);
    assert_eq!(before["cards"].as_object().unwrap().len(), 2);
    // The export button hands a blob to a download link: catch the link's target and read it.
    let exported = js(
        &tab,
        "(async () => {
            let href = null;
            const click = HTMLAnchorElement.prototype.click;
            HTMLAnchorElement.prototype.click = function () { href = this.href; };
            document.getElementById('review-export').click();
            HTMLAnchorElement.prototype.click = click;
            return await (await fetch(href)).text();
        })()",
    );
    let exported = exported.as_str().expect("the export's text").to_string();

    let fresh = Session::start();
    let tab = fresh.tab();
    fix_clock(&tab, T0);
    open_review(&tab);
    assert_eq!(stored(&tab), Value::Null, "a fresh profile has no progress");
    js(&tab, MARK_PAGE);
    import_progress(&tab, &exported);
    wait_new_page(&tab, "the reload after importing", "1");
    assert_eq!(stored(&tab), before);

    // A file that is not an export is refused with a message, and changes nothing.
    js(
        &tab,
        "(() => { const dt = new DataTransfer();
           dt.items.add(new File(['{\"cards\": 1}'], 'other.json'));
           const input = document.getElementById('review-import');
           input.files = dt.files;
           input.dispatchEvent(new Event('change')); })()",
    );
    wait_for(
        &tab,
        "document.getElementById('review-status').textContent.includes('not a studysite progress export')",
        "the refusal",
    );
    assert_eq!(stored(&tab), before);
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn damaged_stored_progress_is_ignored_with_a_message() {
    let session = Session::start();
    let tab = session.tab();
    fix_clock(&tab, T0);
    open_review(&tab);
    js(
        &tab,
        "localStorage.setItem(document.getElementById('review').dataset.store + ':progress', '{not json')",
    );
    let status = open_review(&tab);
    assert!(status.contains("could not be read"), "{status}");
    assert!(!front(&tab).is_empty(), "the cards are still shown");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn a_quiz_round_scores_and_links_the_missed_questions_to_their_notes() {
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &review_url("?quiz=1"), "1");
    wait_for(
        &tab,
        "!document.getElementById('quiz').hidden",
        "the first question",
    );
    let total = js(
        &tab,
        "Number(document.getElementById('quiz-count').textContent.match(/of (\\d+)/)[1])",
    )
    .as_u64()
    .unwrap();
    assert!(total >= 2, "a round has questions: {total}");
    let mut right = 0;
    for i in 0..total {
        wait_for(
            &tab,
            &format!(
                "document.getElementById('quiz-count').textContent.startsWith('Question {} ')",
                i + 1
            ),
            "the next question",
        );
        // Always the first choice, by key; the page marks which one was right.
        tab.press_key("1").expect("press 1");
        let was_right = wait_for(
            &tab,
            "document.querySelector('#quiz-choices .right') && { right: document.querySelector('#quiz-choices button').classList.contains('right') }",
            "the answer marked",
        );
        if was_right["right"] == true {
            right += 1;
        }
        assert!(js_bool(&tab, "document.activeElement.id === 'quiz-next'"));
        tab.press_key("Enter").expect("press Enter");
    }
    let result = wait_for(
        &tab,
        "!document.getElementById('quiz-result').hidden && { score: document.getElementById('quiz-score').textContent, wrong: [...document.querySelectorAll('#quiz-wrong a')].map(a => a.href) }",
        "the score",
    );
    assert_eq!(result["score"], format!("You scored {right} of {total}."));
    let wrong = result["wrong"].as_array().unwrap();
    assert_eq!(wrong.len() as u64, total - right);
    for href in wrong {
        let href = href.as_str().unwrap();
        let path = href
            .strip_prefix("file://")
            .unwrap()
            .split('#')
            .next()
            .unwrap();
        let path = percent_decode(path).unwrap();
        assert!(std::path::Path::new(&path).is_file(), "{href}");
    }
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_review_page_fits_a_360_px_phone_with_big_tap_targets() {
    let session = Session::start();
    let tab = session.tab();
    set_viewport(&tab, 360, 740);
    fix_clock(&tab, T0);
    open_review(&tab);
    tab.press_key(" ").expect("press Space");
    let facts = wait_for(
        &tab,
        "!document.getElementById('review-rate').hidden && {
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            buttons: [...document.querySelectorAll('#review-rate button')].map(b => {
                const r = b.getBoundingClientRect(); return [r.width, r.height, r.right]; }),
        }",
        "the rating buttons",
    );
    assert!(facts["overflow"].as_f64().unwrap() <= 0.0, "{facts}");
    for b in facts["buttons"].as_array().unwrap() {
        let (w, h, right) = (
            b[0].as_f64().unwrap(),
            b[1].as_f64().unwrap(),
            b[2].as_f64().unwrap(),
        );
        assert!(w >= 44.0 && h >= 44.0 && right <= 360.0, "{facts}");
    }
    // The live region says what the card is, then what the answer is.
    let said = js(&tab, "document.getElementById('review-status').textContent");
    assert!(said.as_str().unwrap().starts_with("Answer: "), "{said}");
    assert_eq!(
        js(
            &tab,
            "document.getElementById('review-status').getAttribute('aria-live')"
        ),
        "polite"
    );
}

/// At 360 px the home page's progress table fits: neither the page nor the table scrolls
/// sideways, and every section's Practise link is on screen.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_home_pages_progress_table_fits_a_360_px_phone() {
    let session = Session::start();
    let tab = session.tab();
    set_viewport(&tab, 360, 740);
    let facts = goto_and(
        &tab,
        &course_url("index.html"),
        "(() => { const t = document.querySelector('.study-progress'); return t && {
            page: document.documentElement.scrollWidth - window.innerWidth,
            table: t.scrollWidth - t.clientWidth,
            right: t.getBoundingClientRect().right,
            links: [...t.querySelectorAll('.practise')].map(a => a.getBoundingClientRect().right),
        }; })()",
    );
    assert!(facts["page"].as_f64().unwrap() <= 0.0, "{facts}");
    assert!(facts["table"].as_f64().unwrap() <= 0.0, "{facts}");
    assert!(facts["right"].as_f64().unwrap() <= 360.0, "{facts}");
    let links = facts["links"].as_array().unwrap();
    assert!(links.len() > 2, "{facts}");
    for right in links {
        assert!(right.as_f64().unwrap() <= 360.0, "{facts}");
    }
}

/// A note page loads nothing of the study features for a reader who has never reviewed on the
/// site: its progress script comes only once progress is stored.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn a_note_loads_no_progress_script_until_there_is_progress() {
    let session = Session::start();
    let tab = session.tab();
    let loaded = "[...document.scripts].some(s => s.src.endsWith('/progress.js'))
        || performance.getEntriesByType('resource').some(e => e.name.endsWith('/progress.js'))";
    let state = goto_and(
        &tab,
        &course_url(NOTE),
        &format!("({{ study: !!document.querySelector('.study'), loaded: {loaded} }})"),
    );
    assert_eq!(state["study"], true, "the note has cards: {state}");
    assert_eq!(state["loaded"], false, "{state}");
    // Once something is stored, the note loads it and says what is due.
    js(
        &tab,
        "localStorage.setItem(document.querySelector('.study').dataset.store + ':progress', '{\"format\":\"studysite-progress\",\"version\":1,\"cards\":{}}')",
    );
    goto_and(&tab, &course_url(NOTE), "1");
    let due = wait_for(
        &tab,
        "!document.querySelector('.study-due').hidden && document.querySelector('.study-due').textContent",
        "the due count",
    );
    assert_eq!(due, ", 0 due");
}
