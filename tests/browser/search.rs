//! Search in the page: the index loads only when asked for and a piece at a time, the keyboard
//! drives the list, results fit a phone, and the course's own text puts the right note first.

use headless_chrome::browser::tab::ModifierKey;
use headless_chrome::protocol::cdp::Page;
use headless_chrome::Tab;
use serde_json::{json, Value};

use crate::support::*;

// ---------------------------------------------------------------------------------------- search

/// Everything the search box shows, with result links relative to the site root (the page's
/// `data-root`), so they compare with the course's page paths, and the words they pass on to
/// the page (their `?q=`) apart.
pub const SEARCH_STATE: &str = "(() => {
    const input = document.getElementById('search-input'), list = document.getElementById('search-results');
    const root = new URL(document.documentElement.getAttribute('data-root') || './', location.href).href;
    const rel = h => { const u = new URL(h); u.search = ''; h = u.href; return h.startsWith(root) ? h.slice(root.length) : h; };
    const more = document.getElementById('search-more');
    return {
        value: input.value,
        focused: document.activeElement === input,
        expanded: input.getAttribute('aria-expanded'),
        active: input.getAttribute('aria-activedescendant'),
        hidden: list.hidden,
        shown: !list.hidden && list.getBoundingClientRect().height > 0,
        status: document.getElementById('search-status').textContent,
        none: !!list.querySelector('li.no-results'),
        busy: list.getAttribute('aria-busy') === 'true',
        more: more && { id: more.id, text: more.textContent, selected: more.getAttribute('aria-selected') },
        results: [...list.querySelectorAll('li')].filter(li => li.querySelector('[role=option]:not(#search-more)')).map(li => {
            const a = li.querySelector('a'), text = s => { const e = li.querySelector(s); return e ? e.textContent : null; };
            return { id: a.id, selected: a.getAttribute('aria-selected'), href: a && rel(a.href),
                     words: a && new URL(a.href).searchParams.get('q'),
                     title: text('.result-title'), section: text('.result-section'), snippet: text('.result-snippet'),
                     marks: [...li.querySelectorAll('.result-snippet mark')].map(m => m.textContent) };
        }),
    };
})()";

/// Waits until the search box's state (see [`SEARCH_STATE`], as `s`) satisfies `condition`, and
/// returns it.
pub fn wait_search(tab: &Tab, condition: &str, what: &str) -> Value {
    wait_for(
        tab,
        &format!("(() => {{ const s = {SEARCH_STATE}; return ({condition}) ? s : null; }})()"),
        what,
    )
}

/// Clicks the search box, as a user about to search.
pub fn focus_search(tab: &Tab) {
    click(
        tab,
        "the search box",
        "document.getElementById('search-input')",
    );
}

/// Replaces the query in the (already focused) search box as one typed insertion (a real
/// `input` event from the browser, one CDP round trip) and returns the new results, once their
/// snippets are in.
pub fn search(tab: &Tab, query: &str) -> Value {
    js(
        tab,
        "(() => {
            const input = document.getElementById('search-input');
            if (document.activeElement !== input) throw new Error('the search box does not have focus');
            input.select();
            document.querySelectorAll('#search-results li').forEach(li => li.setAttribute('data-browser-stale', ''));
        })()",
    );
    tab.send_character(query)
        .unwrap_or_else(|e| panic!("type {query:?}: {e:#}"));
    wait_search(
        tab,
        &format!(
            "s.value === {} && s.expanded === 'true' && !s.hidden && (s.results.length || s.none)
             && !s.busy && !document.querySelector('#search-results [data-browser-stale]')",
            json!(query)
        ),
        &format!("results for {query:?}"),
    )
}

/// The page part (before `#`) of a result's href.
pub fn page_of(result: &Value) -> &str {
    let href = result["href"].as_str().unwrap_or_default();
    href.split('#').next().unwrap_or_default()
}

pub fn marks(result: &Value) -> Vec<String> {
    result["marks"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| m.as_str().unwrap_or_default().to_lowercase())
                .collect()
        })
        .unwrap_or_default()
}

/// Where the page says the search scripts are: globals, script tags, resource entries.
const SEARCH_LOADED: &str = "({
    minisearch: typeof window.MiniSearch,
    scripts: [...document.scripts].map(s => s.src).filter(s => /\\/search\\/|minisearch/.test(s)),
    fetched: performance.getEntriesByType('resource').map(e => e.name).filter(n => /\\/search\\/|minisearch/.test(n)),
    boxShown: !document.querySelector('.search').hidden && document.getElementById('search-input').getBoundingClientRect().width > 0,
})";

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn search_index_loads_only_when_the_box_is_first_focused_and_a_piece_at_a_time() {
    let session = Session::start();
    let tab = session.tab();
    // A page one folder down, so the scripts' paths go through data-root.
    let before = goto_and(&tab, &file_url("functions/lambda.html"), SEARCH_LOADED);
    assert!(
        before["boxShown"] == true,
        "search.js did not unhide the search box: {before}"
    );
    // Give an idle-time or timer preload the chance to show itself.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let before = js(&tab, SEARCH_LOADED);
    assert_eq!(
        (
            &before["minisearch"],
            &before["scripts"],
            &before["fetched"]
        ),
        (&json!("undefined"), &json!([]), &json!([])),
        "the search index or MiniSearch was loaded before the search box was focused: {before}"
    );

    focus_search(&tab);
    let after = wait_for(
        &tab,
        &format!(
            "(() => {{ const l = {SEARCH_LOADED}; return l.minisearch === 'function' && l.scripts.length === 2
                && document.getElementById('search-status').textContent === '' ? l : null; }})()"
        ),
        "MiniSearch and search/meta.js to load after focus",
    );
    assert_eq!(
        after["scripts"],
        json!([file_url("vendor/minisearch.js"), file_url("search/meta.js")]),
        "script tags after focus: {after}"
    );

    // A query loads the shard of its words' first letter and the sections it shows, no more.
    let s = search(&tab, "lambda");
    assert_eq!(
        s["results"][0]["title"], "Lambda functions",
        "first result for lambda: {s}"
    );
    let loaded = js(&tab, SEARCH_LOADED);
    let added: Vec<&str> = loaded["scripts"]
        .as_array()
        .expect("scripts")
        .iter()
        .filter_map(|s| s.as_str())
        .skip(2)
        .collect();
    assert!(
        added.first() == Some(&file_url("search/t-6c.js").as_str())
            && !added.is_empty()
            && added[1..]
                .iter()
                .all(|s| s.contains("/search/d-") && s.ends_with(".js")),
        "a query for lambda should load search/t-6c.js (l) and then only section chunks: {added:?}"
    );

    // Focusing again (after a blur) loads nothing more.
    js(&tab, "document.getElementById('search-input').blur()");
    click(
        &tab,
        "the search box again",
        "document.getElementById('search-input')",
    );
    let again = js(&tab, SEARCH_LOADED);
    assert_eq!(
        again["scripts"], loaded["scripts"],
        "a second focus added scripts"
    );
}

/// The course's own text: its notes come first for their names, typos of them, figures and
/// phrases a student would type (a test of the course as much as of search).
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn course_search_puts_the_right_note_first() {
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &course_url("index.html"), "true");
    focus_search(&tab);
    // (query, first result's note title, its page, a word marked in its snippet)
    let cases = [
        ("lambda", "AWS Lambda", "serverless/lambda.html", "lambda"),
        ("lamdba", "AWS Lambda", "serverless/lambda.html", "lambda"),
        // Typos in the first letter: its shard is l (or f), the word's is k (or a).
        ("kambda", "AWS Lambda", "serverless/lambda.html", "lambda"),
        (
            "argate",
            "AWS Fargate",
            "containers/fargate.html",
            "fargate",
        ),
        ("farg", "AWS Fargate", "containers/fargate.html", "fargate"),
        (
            "$0.20",
            "Lambda Pricing",
            "serverless/lambda-pricing.html",
            "$0.20",
        ),
        (
            "lightsail wordpress",
            "Amazon Lightsail",
            "batch-and-lightsail/lightsail.html",
            "lightsail",
        ),
    ];
    let mut wrong = Vec::new();
    for (query, title, page, mark) in cases {
        let s = search(&tab, query);
        let first = &s["results"][0];
        let ok = first["title"] == title
            && page_of(first) == page
            && marks(first).iter().any(|m| m == mark);
        if !ok {
            wrong.push(format!(
                "{query:?}: expected {title:?} ({page}) first with {mark:?} marked, got {first}"
            ));
        }
        let snippetless = s["results"].as_array().is_none_or(|r| {
            r.iter()
                .any(|r| r["snippet"].as_str().is_none_or(str::is_empty))
        });
        if snippetless {
            wrong.push(format!("{query:?}: a result without a snippet: {s}"));
        }
        eprintln!(
            "search {query:?}: first {} ({})",
            first["title"], first["href"]
        );
    }
    // The same words in "lightsail wordpress" are marked somewhere in its results.
    let s = search(&tab, "lightsail wordpress");
    let all: Vec<String> = s["results"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(marks)
        .collect();
    if !all.iter().any(|m| m == "wordpress") {
        wrong.push(format!(
            "\"lightsail wordpress\": no result marks WordPress: {s}"
        ));
    }

    // Lambda's time limit: the course states it in the Lambda note's Limits section and in the
    // notes that compare Lambda with Batch, EC2 and ECS; the summary repeats it.
    let s = search(&tab, "15 minutes");
    let first = &s["results"][0];
    let lambda_notes = [
        "serverless/lambda.html",
        "batch-and-lightsail/batch-vs-lambda.html",
        "serverless/ec2-vs-lambda.html",
        "serverless/lambda-vs-ecs-containers.html",
    ];
    let first_marks = marks(first);
    if !(lambda_notes.contains(&page_of(first))
        && first["title"]
            .as_str()
            .is_some_and(|t| t.contains("Lambda"))
        && first_marks.iter().any(|m| m == "15")
        && first_marks.iter().any(|m| m == "minutes"))
    {
        wrong.push(format!(
            "\"15 minutes\": expected a Lambda note first with 15 and minutes marked, got {first}"
        ));
    }
    let top5: Vec<&str> = s["results"]
        .as_array()
        .into_iter()
        .flatten()
        .take(5)
        .filter_map(|r| r["href"].as_str())
        .collect();
    if !top5.contains(&"serverless/lambda.html#limits") {
        wrong.push(format!(
            "\"15 minutes\": AWS Lambda's Limits section is not in the top 5: {top5:?}"
        ));
    }
    eprintln!(
        "search \"15 minutes\": first {} ({})",
        first["title"], first["href"]
    );

    // The status announces the count: of how many, when there are more than are shown.
    let shown = s["results"].as_array().map_or(0, Vec::len);
    let status = s["status"].as_str().unwrap_or_default();
    let counted = if s["more"].is_null() {
        status == format!("{shown} results")
    } else {
        status.starts_with(&format!("{shown} of "))
            && s["more"]["text"]
                .as_str()
                .is_some_and(|m| m.starts_with(status))
    };
    assert!(counted, "status of \"15 minutes\": {s}");

    // A note's title match outranks its sections': the Lambda note itself comes first, before
    // its sections whose headings say Lambda too.
    for query in ["lamdba", "lambda"] {
        let s = search(&tab, query);
        if s["results"][0]["href"] != "serverless/lambda.html" {
            wrong.push(format!(
                "{query:?}: the Lambda note itself is not first: {}",
                s["results"]
            ));
        }
    }
    assert!(wrong.is_empty(), "search ranking:\n{}", wrong.join("\n"));
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn search_by_keyboard_slash_arrows_enter_escape_and_ctrl_k() {
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &file_url("index.html"), "true");
    assert!(js_bool(&tab, "document.activeElement === document.body"));
    tab.press_key("/").expect("press /");
    let s = wait_search(&tab, "s.focused", "/ to focus the search box");
    assert_eq!(s["value"], "", "/ was typed into the box: {s}");
    assert_eq!(s["expanded"], "false", "{s}");

    // Real key presses; the first ones may land while the index is still loading.
    tab.type_str("lambda").expect("type lambda");
    let s = wait_search(
        &tab,
        "s.value === 'lambda' && s.expanded === 'true' && s.shown && s.results.length >= 3",
        "results while typing",
    );
    let results = s["results"].as_array().expect("results").clone();
    assert_eq!(
        s["active"], results[0]["id"],
        "the first option is not active: {s}"
    );
    assert_eq!(results[0]["selected"], "true", "{s}");

    let only_selected = |s: &Value, n: usize| {
        s["results"].as_array().is_some_and(|r| {
            r.iter()
                .enumerate()
                .all(|(i, r)| r["selected"] == if i == n { "true" } else { "false" })
        })
    };
    let moves = [("ArrowDown", 1), ("ArrowUp", 0), ("ArrowDown", 1)];
    for (key, n) in moves {
        tab.press_key(key).expect("press an arrow key");
        let s = wait_search(
            &tab,
            &format!("s.active === {}", results[n]["id"]),
            &format!("{key} to make option {n} active"),
        );
        assert!(
            only_selected(&s, n),
            "after {key}, option {n} alone should be aria-selected: {s}"
        );
        assert!(s["focused"] == true && s["shown"] == true, "{s}");
    }

    // Enter opens the active (second) option.
    let chosen = &results[1];
    js(&tab, MARK_PAGE);
    tab.press_key("Enter").expect("press Enter");
    let page = wait_new_page(
        &tab,
        "Enter on the second option",
        "{ href: location.href.replace(location.search, '').slice(new URL(document.documentElement.getAttribute('data-root') || './', location.href).href.length),
           words: new URLSearchParams(location.search).get('q'),
           h1: ((document.querySelector('main h1') || {}).textContent || '').trim() }",
    );
    assert_eq!(
        (&page["href"], &page["words"]),
        (&chosen["href"], &chosen["words"]),
        "Enter did not open the active option"
    );
    assert_eq!(page["h1"], chosen["title"], "wrong note after Enter");

    // Ctrl-K focuses the box from the new page; Escape closes the list and keeps the focus.
    assert!(js_bool(
        &tab,
        "document.activeElement !== document.getElementById('search-input')"
    ));
    tab.press_key_with_modifiers("k", Some(&[ModifierKey::Ctrl]))
        .expect("press Ctrl-K");
    let s = wait_search(&tab, "s.focused", "Ctrl-K to focus the search box");
    assert_eq!(s["value"], "", "Ctrl-K typed into the box: {s}");
    tab.type_str("pipel").expect("type pipel");
    let s = wait_search(
        &tab,
        "s.value === 'pipel' && s.expanded === 'true' && s.shown && s.results.length > 0",
        "results for pipel",
    );
    assert_eq!(s["results"][0]["title"], "The pipeline", "{s}");
    tab.press_key("Escape").expect("press Escape");
    let s = wait_search(
        &tab,
        "s.expanded === 'false' && s.hidden && !s.shown",
        "Escape to close the list",
    );
    assert!(
        s["active"].is_null() && s["focused"] == true && s["value"] == "pipel",
        "after Escape: {s}"
    );
    // In the box, / is a character of the query ("CI/CD"), not the shortcut.
    tab.press_key("/").expect("press / in the box");
    wait_search(&tab, "s.value === 'pipel/'", "/ typed into the box");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn search_results_fit_a_360_px_phone() {
    let session = Session::start();
    let tab = session.tab();
    set_viewport(&tab, 360, 780);
    goto_and(&tab, &file_url("functions/lambda.html"), "true");
    assert!(js_bool(&tab, "window.innerWidth === 360"));
    click(
        &tab,
        "the search box at 360 px",
        "document.getElementById('search-input')",
    );
    // Many results, and snippets with a long URL and figures.
    let s = search(&tab, "lambda pricing");
    assert!(
        s["results"].as_array().is_some_and(|r| r.len() >= 3),
        "too few results to fill the list: {s}"
    );
    let m = js(
        &tab,
        "(() => {
            const list = document.getElementById('search-results'), r = list.getBoundingClientRect();
            const input = document.getElementById('search-input').getBoundingClientRect();
            const name = e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(/\\s+/).join('.') : '');
            return {
                inner: innerWidth, innerHeight, scroll: document.documentElement.scrollWidth,
                left: r.left, right: r.right, width: r.width, top: r.top, bottom: r.bottom,
                listScroll: list.scrollWidth, listClient: list.clientWidth,
                inputLeft: input.left, inputRight: input.right,
                sticking: [...list.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                    .map(e => name(e) + ' right=' + Math.round(e.getBoundingClientRect().right)).slice(0, 6),
            };
        })()",
    );
    let n = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/browser-screenshots");
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("capture a screenshot");
    std::fs::write(dir.join("search-360.png"), png).expect("write search-360.png");

    let mut problems = Vec::new();
    if n("scroll") > n("inner") + 1.0 {
        problems.push("the page scrolls horizontally");
    }
    if n("left") < -0.5 || n("right") > n("inner") + 0.5 {
        problems.push("the list sticks out of the viewport");
    }
    if n("listScroll") > n("listClient") + 1.0 {
        problems.push("the list itself scrolls horizontally");
    }
    if n("inputLeft") < -0.5 || n("inputRight") > n("inner") + 0.5 {
        problems.push("the search box sticks out of the viewport");
    }
    if n("width") < 0.6 * n("inner") {
        problems.push("the list is too narrow to read");
    }
    if n("bottom") > n("innerHeight") + 0.5 {
        problems.push("the list runs past the bottom of the screen");
    }
    assert!(
        problems.is_empty(),
        "search results at 360 px: {} ({m})",
        problems.join("; ")
    );
}

/// Past the first dozen: the list says how many there are ("12 of 37 results") in a last
/// option, which shows a dozen more, the focus staying in the box on the first one added.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn search_counts_its_results_and_shows_more() {
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &course_url("index.html"), "true");
    focus_search(&tab);
    let s = search(&tab, "lambda");
    let shown = s["results"].as_array().map_or(0, Vec::len);
    let more = s["more"]["text"].as_str().unwrap_or_default().to_owned();
    let total: usize = more
        .strip_prefix("12 of ")
        .and_then(|m| m.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no \"12 of N results\" option: {s}"));
    assert!(shown == 12 && total > 12, "{s}");
    assert_eq!(s["status"], format!("12 of {total} results"), "{s}");
    // The last option (up from the first) is "more"; Enter on it shows more.
    tab.press_key("ArrowUp").expect("press ArrowUp");
    wait_search(
        &tab,
        "s.more && s.active === s.more.id",
        "the more option to be active",
    );
    tab.press_key("Enter").expect("press Enter");
    let after = (total).min(24);
    let s = wait_search(
        &tab,
        &format!("s.results.length === {after} && s.focused && s.active === s.results[12].id"),
        "a dozen more, the first of them active",
    );
    let status = if total > 24 {
        format!("24 of {total} results")
    } else {
        format!("{total} results")
    };
    assert_eq!(s["status"], status, "{s}");
    let titles: Vec<&Value> = s["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["href"])
        .collect();
    let mut unique = titles.clone();
    unique.dedup();
    assert_eq!(unique.len(), titles.len(), "a result shown twice: {s}");
    // A new query starts again at a dozen.
    let s = search(&tab, "lambda limits");
    assert!(s["results"].as_array().map_or(0, Vec::len) <= 12, "{s}");
}

/// Tab from the box, with its results open, goes to the next control on screen: the list is
/// no stop of its own and closes.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn tab_from_the_search_results_lands_on_a_visible_control() {
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &file_url("index.html"), "true");
    focus_search(&tab);
    search(&tab, "lambda");
    tab.press_key("Tab").expect("press Tab");
    let landed = wait_for(
        &tab,
        "(() => {
            const a = document.activeElement;
            if (a === document.getElementById('search-input')) return null;
            const r = a.getBoundingClientRect(), list = document.getElementById('search-results');
            return { tag: a.tagName, id: a.id, text: a.textContent.trim().slice(0, 40),
                     visible: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility === 'visible' && !a.closest('[hidden]'),
                     inList: list.contains(a), listHidden: list.hidden };
        })()",
        "Tab to leave the search box",
    );
    assert!(
        landed["visible"] == true && landed["inList"] == false && landed["tag"] != "BODY",
        "Tab landed on an invisible stop: {landed}"
    );
    assert_eq!(landed["listHidden"], true, "the list stayed open: {landed}");
}

/// The page a result opens marks the words the result matched (over file://, from its ?q=),
/// and Escape clears them, but only once nothing else is open: one Escape closes a link
/// preview, the next the marks.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_page_a_result_opens_marks_the_search_words_until_escape() {
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &file_url("index.html"), "true");
    focus_search(&tab);
    let s = search(&tab, "lambda");
    let first = s["results"][0].clone();
    assert_eq!(first["words"], "lambda", "{s}");
    js(&tab, MARK_PAGE);
    tab.press_key("Enter").expect("press Enter");
    let marks =
        "[...document.querySelectorAll('main .content mark.search-hit')].map(m => m.textContent)";
    let page = wait_new_page(
        &tab,
        "Enter on the first result",
        &format!("{{ url: location.href, marks: {marks} }}"),
    );
    assert!(
        page["url"].as_str().unwrap().starts_with("file://"),
        "{page}"
    );
    let found: Vec<String> = serde_json::from_value(page["marks"].clone()).expect("marks");
    assert!(
        !found.is_empty() && found.iter().all(|m| m.eq_ignore_ascii_case("lambda")),
        "the landed page does not mark lambda (and only it): {page}"
    );
    let link = js(
        &tab,
        &"(() => {
            const previewOf = PREVIEW_OF;
            const a = [...document.querySelectorAll('main .content a[href]')].find(a => previewOf(a));
            if (!a) return null;
            a.focus();
            return a.getAttribute('href');
        })()"
            .replace("PREVIEW_OF", &preview_of_js()),
    );
    assert!(
        link.is_string(),
        "no link with a preview on the landed page"
    );
    wait_for(
        &tab,
        "document.querySelector('.link-preview')",
        "a preview on the focused link",
    );
    tab.press_key("Escape").expect("press Escape");
    let after = wait_for(
        &tab,
        &format!("!document.querySelector('.link-preview') && {{ marks: {marks}.length, focused: document.activeElement.getAttribute('href') }}"),
        "Escape to close the preview",
    );
    assert!(
        after["marks"].as_u64() == Some(found.len() as u64) && after["focused"] == link,
        "one Escape closed more than the preview, or lost the focus: {after}"
    );
    tab.press_key("Escape").expect("press Escape");
    wait_for(
        &tab,
        &format!("{marks}.length === 0 && /lambda/i.test(document.querySelector('main .content').textContent)"),
        "a second Escape to clear the marks and keep the text",
    );
}

/// The open search list as a student sees it, for a reviewer: at desktop and phone widths,
/// light and dark, in `target/browser-screenshots/search-open-*.png`.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn search_screenshots_at_desktop_and_phone_widths() {
    let session = Session::start();
    let tab = session.tab();
    screenshot_views(&tab, "search-open", &file_url("index.html"), |tab| {
        focus_search(tab);
        let s = search(tab, "lambda");
        assert!(s["shown"] == true, "{s}");
    });
}
