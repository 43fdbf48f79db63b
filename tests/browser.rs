//! Real-browser tests: the course in this repository is built once per test process with the
//! studysite binary, then driven in Debian's headless Chromium over the DevTools protocol.
//!
//! Without Chromium (`/usr/bin/chromium`, or the path in `CHROMIUM`) every test prints a loud
//! SKIPPED message and passes, unless `CI` is set: then it fails. No browser is ever downloaded,
//! and nothing but `file://` and `127.0.0.1` is touched.

#[path = "browser/support.rs"]
mod support;

#[path = "browser/math.rs"]
mod math;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};

use headless_chrome::browser::tab::point::Point;
use headless_chrome::browser::tab::ModifierKey;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Page, Runtime};
use headless_chrome::Tab;
use scraper::{Html, Selector};
use serde_json::{json, Value};

use support::*;

/// The course page with a comparison table that the study-mode and screenshot tests use.
const COMPARISON_PAGE: &str = "containers/docker-vs-vms.html";

/// JavaScript describing how the current page is styled, checked by [`assert_styled`].
const STYLE_FACTS: &str = "(() => {
    const body = getComputedStyle(document.body);
    return {
        sheets: document.styleSheets.length,
        linked: [...document.styleSheets].filter(s => s.href && /\\/style\\.css$/.test(s.href)).length,
        font: body.fontFamily,
        margin: body.margin,
        layout: getComputedStyle(document.querySelector('.layout') || document.body).display,
    };
})()";

/// Asserts that the site's stylesheet (not the browser's defaults) styles a page, from the
/// [`STYLE_FACTS`] gathered on it.
fn assert_styled(style: &Value, what: &str) {
    assert!(
        style["sheets"].as_u64().unwrap_or(0) >= 2 && style["linked"] == 1,
        "{what}: style.css is not among the page's stylesheets: {style}"
    );
    let font = style["font"].as_str().unwrap_or_default();
    assert!(
        font.contains("system-ui") && style["margin"] == "0px",
        "{what}: body is not styled by style.css (browser defaults?): {style}"
    );
    assert_eq!(
        style["layout"], "grid",
        "{what}: .layout is not a grid at 1280 px: {style}"
    );
}

/// Finds the link that `pick` (a JS function body returning `[element, expectedTitle]`)
/// chooses, clicks it with the mouse, waits for the new page and checks that its `h1` and
/// `<title>` are the expected note's and that it is styled. Returns the note's title.
fn follow(tab: &Tab, what: &str, pick: &str) -> String {
    let chosen = js(
        tab,
        &format!(
            "(() => {{
                const [el, title] = (() => {{ {pick} }})();
                if (!el) return null;
                document.querySelectorAll('[data-browser-test]').forEach(e => e.removeAttribute('data-browser-test'));
                el.setAttribute('data-browser-test', 'follow');
                {MARK_PAGE};
                return {{ title, href: el.href.split('#')[0] }};
            }})()"
        ),
    );
    assert!(
        !chosen.is_null(),
        "{what}: no such link on {}",
        tab.get_url()
    );
    let title = chosen["title"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no expected title for {chosen}"))
        .to_owned();
    click(
        tab,
        what,
        "document.querySelector('[data-browser-test=follow]')",
    );
    let page = wait_new_page(
        tab,
        what,
        &format!(
            "{{ href: location.href.split('#')[0], title: document.title,
                h1: ((document.querySelector('main h1') || {{}}).textContent || '').trim(), style: {STYLE_FACTS} }}"
        ),
    );
    assert_eq!(
        page["href"], chosen["href"],
        "{what}: landed on the wrong page"
    );
    assert_eq!(
        page["h1"],
        title.as_str(),
        "{what}: wrong h1 on {}",
        page["href"]
    );
    assert!(
        page["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&title),
        "{what}: <title> {} does not name the note {title:?}",
        page["title"]
    );
    assert_styled(&page["style"], what);
    eprintln!("followed the {what} to {} ({title})", page["href"]);
    title
}

#[test]
fn file_navigation_follows_every_kind_of_link() {
    let Some(session) = Session::start() else {
        return;
    };
    let tab = session.tab();
    let style = goto_and(&tab, &file_url("index.html"), STYLE_FACTS);
    assert_styled(&style, "index.html");

    // Sidebar: the outline entry's text is the note's title, and the page marks it as current.
    let docker = follow(
        &tab,
        "sidebar link to containers/docker.html",
        "const a = document.querySelector(\"nav.outline a[href='containers/docker.html']\");
         return [a, a && a.textContent.trim()];",
    );
    let facts = js(
        &tab,
        "({ current: [...document.querySelectorAll('nav.outline a[aria-current=page]')].map(a => [a.getAttribute('href'), a.textContent.trim()]),
            crumbs: document.querySelector('.breadcrumbs').textContent.replace(/\\s+/g, ' ').trim() })",
    );
    assert_eq!(
        facts["current"],
        json!([["docker.html", docker]]),
        "aria-current on docker.html"
    );
    assert!(
        facts["crumbs"]
            .as_str()
            .is_some_and(|c| c.contains("Containers")),
        "breadcrumbs of docker.html: {}",
        facts["crumbs"]
    );

    // A cross-link in the note's text: its title comes from the page's link-preview data.
    let crossed = follow(
        &tab,
        "cross-link inside .content",
        "const previews = JSON.parse(document.getElementById('link-previews').textContent);
         for (const a of document.querySelectorAll('main .content p a[href], main .content li a[href]')) {
             const href = a.getAttribute('href');
             if (/^[a-z][a-z0-9+.-]*:|^\\/|^#/i.test(href)) continue;
             const key = Object.keys(previews).find(k => a.href.split('#')[0].endsWith('/' + k));
             if (key && a.href.split('#')[0] !== location.href.split('#')[0]) return [a, previews[key].title];
         }
         return [null, null];",
    );
    assert_ne!(
        crossed, docker,
        "the cross-link should lead to another note"
    );

    // Course order: next, then previous comes back.
    let pager_title = "a => [...a.childNodes].filter(n => !(n.classList && n.classList.contains('muted'))).map(n => n.textContent).join('').trim()";
    let next = follow(
        &tab,
        "pager rel=next",
        &format!("const a = document.querySelector('nav.pager a[rel=next]'); return [a, a && ({pager_title})(a)];"),
    );
    assert_ne!(next, crossed);
    let back = follow(
        &tab,
        "pager rel=prev",
        &format!("const a = document.querySelector('nav.pager a[rel=prev]'); return [a, a && ({pager_title})(a)];"),
    );
    assert_eq!(
        back, crossed,
        "prev after next should return to {crossed:?}"
    );

    // A backlink under "Linked from".
    follow(
        &tab,
        "backlink under \"Linked from\"",
        "const list = document.querySelector('ul.backlinks');
         const heading = list && list.closest('section').querySelector('h2');
         if (!heading || heading.textContent.trim() !== 'Linked from') return [null, null];
         const links = [...list.querySelectorAll('a')];
         const a = links.find(a => !a.href.endsWith('/index.html')) || links[0];
         return [a, a && a.textContent.trim()];",
    );
}

/// Records, for one tab, every request it makes and every console error, exception or error log
/// entry, each with the page it happened on.
#[derive(Default)]
struct Recorder {
    page: Mutex<String>,
    requests: Mutex<Vec<String>>,
    errors: Mutex<Vec<String>>,
}

impl Recorder {
    fn attach(self: &Arc<Self>, tab: &Tab) {
        let me = Arc::clone(self);
        tab.add_event_listener(Arc::new(move |event: &Event| me.on_event(event)))
            .expect("listen to page events");
        tab.call_method(NetworkEnable(json!({})))
            .expect("enable Network events");
        tab.enable_runtime().expect("enable Runtime events");
        tab.enable_log().expect("enable Log events");
    }

    fn on_event(&self, event: &Event) {
        let error = match event {
            Event::NetworkRequestWillBeSent(e) => {
                self.requests
                    .lock()
                    .unwrap()
                    .push(e.params.request.url.clone());
                None
            }
            Event::RuntimeExceptionThrown(e) => {
                let details = &e.params.exception_details;
                Some(format!(
                    "uncaught exception: {} {}",
                    details.text,
                    details
                        .exception
                        .as_ref()
                        .and_then(|x| x.description.clone())
                        .unwrap_or_default()
                ))
            }
            Event::RuntimeConsoleAPICalled(e)
                if matches!(
                    e.params.Type,
                    Runtime::ConsoleAPICalledEventTypeOption::Error
                        | Runtime::ConsoleAPICalledEventTypeOption::Assert
                ) =>
            {
                let args: Vec<String> = e
                    .params
                    .args
                    .iter()
                    .map(|a| {
                        a.value.as_ref().map_or_else(
                            || a.description.clone().unwrap_or_default(),
                            Value::to_string,
                        )
                    })
                    .collect();
                Some(format!("console.{:?}: {}", e.params.Type, args.join(" ")))
            }
            Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
                let entry = &e.params.entry;
                Some(format!(
                    "log error ({:?}): {} {}",
                    entry.source,
                    entry.text,
                    entry.url.clone().unwrap_or_default()
                ))
            }
            _ => None,
        };
        if let Some(error) = error {
            let page = self.page.lock().unwrap().clone();
            self.errors.lock().unwrap().push(format!("{page}: {error}"));
        }
    }
}

#[test]
fn pages_load_nothing_from_the_network_and_log_no_errors() {
    let Some(session) = Session::start() else {
        return;
    };
    let pages = pages();
    assert!(
        pages.len() > 20,
        "only {} pages were built: {pages:?}",
        pages.len()
    );
    // What a page loaded (by its own account) and what its markup points a browser at.
    let loaded = "{
        entries: performance.getEntries().map(e => e.name).filter(n => /^[a-z][a-z0-9+.-]*:/i.test(n)),
        references: [...document.querySelectorAll('link[href], script[src], img[src], iframe[src], source[src], video[src], audio[src], object[data], embed[src]')]
            .map(e => e.href || e.src || e.data || ''),
    }";
    // Each CDP round trip is slow, so three tabs share the pages.
    const TABS: usize = 3;
    let results: Vec<(Arc<Recorder>, Vec<String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..TABS)
            .map(|i| {
                let (session, pages) = (&session, &pages);
                scope.spawn(move || {
                    let tab = session.tab();
                    let recorder = Arc::new(Recorder::default());
                    recorder.attach(&tab);
                    let mut offenders = Vec::new();
                    for page in pages.iter().skip(i).step_by(TABS) {
                        *recorder.page.lock().unwrap() = page.clone();
                        let found = goto_and(&tab, &file_url(page), loaded);
                        for (kind, list) in [
                            ("loaded", &found["entries"]),
                            ("references", &found["references"]),
                        ] {
                            for url in list.as_array().expect("a list of URLs") {
                                let url = url.as_str().unwrap_or_default();
                                if !(url.starts_with("file://") || url.starts_with("data:")) {
                                    offenders.push(format!("{page} {kind} {url}"));
                                }
                            }
                        }
                    }
                    (recorder, offenders)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a page-visiting thread panicked"))
            .collect()
    });

    let mut offenders = Vec::new();
    let mut requests = Vec::new();
    let mut errors = Vec::new();
    for (recorder, found) in results {
        offenders.extend(found);
        requests.extend(recorder.requests.lock().unwrap().iter().cloned());
        errors.extend(recorder.errors.lock().unwrap().iter().cloned());
    }
    // The recorder saw every page's own request, so it works for file:// (and is not vacuous).
    for page in &pages {
        let url = file_url(page);
        assert!(
            requests.contains(&url),
            "the network recorder never saw the request for {url}; it saw {} requests",
            requests.len()
        );
    }
    assert!(
        requests.iter().any(|r| r.ends_with("/style.css"))
            && requests.iter().any(|r| r.ends_with("/site.js")),
        "the recorder did not see style.css and site.js being loaded"
    );
    for url in &requests {
        if !(url.starts_with("file://") || url.starts_with("data:")) {
            offenders.push(format!("network request {url}"));
        }
    }
    assert!(
        offenders.is_empty(),
        "pages reached past file:// and data::\n{}",
        offenders.join("\n")
    );
    assert!(
        errors.is_empty(),
        "console errors while visiting {} pages:\n{}",
        pages.len(),
        errors.join("\n")
    );
}

#[test]
fn site_works_under_a_sub_path_and_missing_pages_render_styled() {
    let site = site();
    let server = Server::start(site, "/course/");

    // Crawl over HTTP from the course home: every internal reference answers 200.
    let references = [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("script[src]", "src"),
        ("img[src]", "src"),
    ]
    .map(|(css, attr)| (Selector::parse(css).expect("selector"), attr));
    let with_id = Selector::parse("[id], a[name]").expect("selector");
    let mut status: BTreeMap<String, u16> = BTreeMap::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut anchors: Vec<(String, String, String)> = Vec::new(); // (page, target, fragment)
    let mut failures: Vec<String> = Vec::new();
    let mut queue = VecDeque::from(["/course/index.html".to_owned()]);
    let mut seen_pages = BTreeSet::new();
    while let Some(page) = queue.pop_front() {
        if !seen_pages.insert(page.clone()) {
            continue;
        }
        let response = http_get(server.port, &page);
        assert_eq!(response.status, 200, "{page} should be served");
        let html = Html::parse_document(&String::from_utf8_lossy(&response.body));
        let page_ids = ids.entry(page.clone()).or_default();
        for el in html.select(&with_id) {
            let v = el.value();
            page_ids.extend(v.attr("id").or(v.attr("name")).map(str::to_owned));
        }
        for (selector, attr) in &references {
            for el in html.select(selector) {
                let reference = el.value().attr(attr).unwrap_or_default();
                let Some((target, fragment)) = resolve(&page, reference) else {
                    continue;
                };
                if !target.starts_with("/course/") {
                    failures.push(format!(
                        "{page}: {attr}={reference:?} leaves /course/ (resolves to {target})"
                    ));
                    continue;
                }
                if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                    anchors.push((page.clone(), target.clone(), fragment));
                }
                let code = *status
                    .entry(target.clone())
                    .or_insert_with(|| http_get(server.port, &target).status);
                if code != 200 {
                    failures.push(format!(
                        "{page}: {attr}={reference:?} -> {target} answers {code}"
                    ));
                } else if *attr == "href"
                    && el.value().name() == "a"
                    && (target.ends_with(".html") || target.ends_with('/'))
                {
                    let target = if target.ends_with('/') {
                        format!("{target}index.html")
                    } else {
                        target
                    };
                    queue.push_back(target);
                }
            }
        }
    }
    for (page, target, fragment) in &anchors {
        let fragment = percent_decode(fragment).unwrap_or_else(|| fragment.clone());
        let known = ids.get(target).is_some_and(|ids| ids.contains(&fragment));
        if !known && target.ends_with(".html") {
            failures.push(format!(
                "{page}: link to {target}#{fragment}, but that page has no such id"
            ));
        }
    }
    let expected: BTreeSet<String> = pages().iter().map(|p| format!("/course/{p}")).collect();
    let missed: Vec<&String> = expected.difference(&seen_pages).collect();
    assert!(
        failures.is_empty(),
        "broken references under /course/:\n{}",
        failures.join("\n")
    );
    assert!(
        missed.is_empty(),
        "pages no link reaches from /course/index.html: {missed:?}"
    );
    assert!(
        seen_pages.len() > 20 && status.len() > seen_pages.len(),
        "the crawl saw too little"
    );
    // Folder URLs work as on GitHub Pages.
    assert_eq!(http_get(server.port, "/course/").status, 200);

    // A deep missing path: 404 with 404.html's body, which must style itself (no relative URLs).
    let deep = "/course/a/b/c/missing.html";
    let response = http_get(server.port, deep);
    assert_eq!(response.status, 404);
    assert!(response
        .headers
        .get("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    let Some(session) = Session::start() else {
        return;
    };
    let tab = session.tab();
    let page = goto_and(
        &tab,
        &server.url(deep),
        "(() => {
            const h1 = document.querySelector('h1');
            const r = h1 ? h1.getBoundingClientRect() : null;
            const body = getComputedStyle(document.body), root = getComputedStyle(document.documentElement);
            return {
                h1: h1 ? h1.textContent.trim() : null,
                h1Visible: !!r && r.width > 0 && r.height > 0 && getComputedStyle(h1).visibility === 'visible',
                inlineStyle: document.querySelectorAll('head style').length,
                sheets: document.styleSheets.length,
                linked: document.querySelectorAll('link[rel~=stylesheet]').length,
                bodyFont: body.fontFamily, rootFont: root.fontFamily, bodyMargin: body.margin,
                homeLink: !!document.querySelector('main a[href]'),
            };
        })()",
    );
    assert!(page["h1Visible"] == true, "404 page: no visible h1: {page}");
    assert!(
        page["inlineStyle"].as_u64() >= Some(1) && page["sheets"].as_u64() >= Some(1),
        "404 page: no inline <style>: {page}"
    );
    assert_eq!(
        page["linked"], 0,
        "404 page must not depend on a linked stylesheet: {page}"
    );
    assert!(
        page["bodyFont"] != page["rootFont"] && page["bodyMargin"] == "0px",
        "404 page renders with the browser's default styles: {page}"
    );
    assert!(
        page["homeLink"] == true,
        "404 page offers no way back: {page}"
    );
}

/// Every cell of the first comparison table, with its state.
const CELLS: &str = "[...document.querySelector('figure.comparison table.compare').querySelectorAll('tbody td')].map(td => ({
    label: td.getAttribute('data-label'),
    concealed: td.classList.contains('concealed'),
    tabindex: td.getAttribute('tabindex'),
    role: td.getAttribute('role'),
    visibility: getComputedStyle(td.querySelector('.cell')).visibility,
    text: td.querySelector('.cell').textContent.trim(),
}))";

/// JavaScript for the `n`th cell (row by row, 0-based) of the first comparison table.
fn cell(n: usize) -> String {
    format!("document.querySelector('figure.comparison table.compare').querySelectorAll('tbody td')[{n}]")
}

fn button(label: &str) -> String {
    format!(
        "[...document.querySelectorAll('.study-controls button')].find(b => b.textContent.trim() === {})",
        json!(label)
    )
}

/// Waits until `condition` (JavaScript over `c`, the [`CELLS`] list) holds.
fn wait_cells(tab: &Tab, condition: &str, what: &str) {
    wait_for(
        tab,
        &format!("(() => {{ const c = {CELLS}; return ({condition}) || null; }})()"),
        what,
    );
}

#[test]
fn study_mode_hides_and_reveals_comparison_cells() {
    let Some(session) = Session::start() else {
        return;
    };
    let tab = session.tab();
    let start = goto_and(
        &tab,
        &file_url(COMPARISON_PAGE),
        &format!(
            "{{
                labels: [...document.querySelectorAll('.study-controls button')].map(b => b.textContent.trim()),
                pressed: [...document.querySelectorAll('.study-controls button')].map(b => b.getAttribute('aria-pressed')),
                columns: [...document.querySelectorAll('figure.comparison table.compare thead th')].slice(1).map(th => th.textContent.trim()),
                beforeTable: !!document.querySelector('.study-controls + table.compare'),
                cells: {CELLS},
            }}"
        ),
    );
    // The controls: "Hide all", "Hide <column>" for each compared thing, "Show all".
    let columns: Vec<String> = serde_json::from_value(start["columns"].clone()).expect("columns");
    assert!(columns.len() >= 2, "comparison columns: {columns:?}");
    let mut expected = vec!["Hide all".to_owned()];
    expected.extend(columns.iter().map(|c| format!("Hide {c}")));
    expected.push("Show all".to_owned());
    assert_eq!(start["labels"], json!(expected), "study-mode buttons");
    assert!(start["pressed"]
        .as_array()
        .is_some_and(|p| p.iter().all(|p| p == "false")));
    assert!(
        start["beforeTable"] == true,
        "the controls are not right before the table"
    );
    let before: Vec<Value> = serde_json::from_value(start["cells"].clone()).expect("cells");
    let total = before.len();
    assert!(total >= 4, "too few cells: {before:?}");
    assert!(before
        .iter()
        .all(|c| c["concealed"] == false && c["visibility"] == "visible"));

    click(&tab, "Hide all", &button("Hide all"));
    let hidden = wait_for(
        &tab,
        &format!("(() => {{ const c = {CELLS}; return c.every(c => c.concealed) && c; }})()"),
        "every cell concealed",
    );
    for c in hidden.as_array().expect("cells") {
        assert_eq!(c["visibility"], "hidden", "a concealed value shows: {c}");
        assert_eq!(c["tabindex"], "0", "a concealed cell is not focusable: {c}");
        assert_eq!(c["role"], "button", "a concealed cell is not a button: {c}");
    }
    assert!(js_bool(
        &tab,
        &format!(
            "{}.getAttribute('aria-pressed') === 'true'",
            button("Hide all")
        )
    ));

    // A click reveals that cell, and only that one.
    click(&tab, "a concealed cell", &cell(0));
    wait_cells(
        &tab,
        "c[0].visibility === 'visible' && c.filter(c => c.concealed).length === c.length - 1",
        "a click to reveal that cell only",
    );

    // Keyboard: focus another concealed cell and press Enter; Space works as well.
    for (n, key) in [(3, "Enter"), (total - 1, " ")] {
        assert!(
            js_bool(
                &tab,
                &format!(
                    "(() => {{ const td = {}; td.focus(); return td.classList.contains('concealed') && document.activeElement === td; }})()",
                    cell(n)
                )
            ),
            "concealed cell {n} does not take focus"
        );
        tab.press_key(key).expect("press a key");
        wait_cells(
            &tab,
            &format!("!c[{n}].concealed && c[{n}].visibility === 'visible'"),
            &format!("{key:?} to reveal the focused cell {n}"),
        );
    }
    wait_cells(
        &tab,
        &format!("c.filter(c => c.concealed).length === {}", total - 3),
        "three cells revealed, the rest still concealed",
    );

    // Hiding one column conceals exactly that column.
    let first = &columns[0];
    click(
        &tab,
        "Hide the first column",
        &button(&format!("Hide {first}")),
    );
    wait_cells(
        &tab,
        &format!(
            "c.every(c => c.concealed === (c.label === {}))",
            json!(first)
        ),
        "that column, and only it, to be concealed",
    );

    click(&tab, "Show all", &button("Show all"));
    wait_cells(
        &tab,
        "c.every(c => !c.concealed && c.visibility === 'visible')",
        "Show all to reveal every cell",
    );
    assert!(js_bool(
        &tab,
        "[...document.querySelectorAll('.study-controls button')].every(b => b.getAttribute('aria-pressed') === 'false')"
    ));

    // Without JavaScript the table shows every value and there are no controls.
    let no_js = session.tab();
    no_js
        .call_method(Emulation::SetScriptExecutionDisabled { value: true })
        .expect("disable JavaScript");
    let plain = goto_and(
        &no_js,
        &file_url(COMPARISON_PAGE),
        &format!(
            "{{ controls: document.querySelectorAll('.study-controls').length, cells: {CELLS} }}"
        ),
    );
    assert_eq!(plain["controls"], 0, "study controls without JavaScript");
    let plain: Vec<Value> = serde_json::from_value(plain["cells"].clone()).expect("cells");
    assert_eq!(plain.len(), total);
    for (c, original) in plain.iter().zip(&before) {
        assert!(
            c["concealed"] == false
                && c["visibility"] == "visible"
                && c["text"] == original["text"]
                && c["text"] != "",
            "without JavaScript a cell is not shown as is: {c}"
        );
    }
}

#[test]
fn link_previews_show_the_linked_notes_title() {
    let Some(session) = Session::start() else {
        return;
    };
    let tab = session.tab();
    // Two different internal links in the text, with the titles the course gives their targets.
    let targets = goto_and(
        &tab,
        &file_url("index.html"),
        "(() => {
            const previews = JSON.parse(document.getElementById('link-previews').textContent);
            const out = [], seen = new Set();
            for (const a of document.querySelectorAll('main .content p a[href], main .content li a[href]')) {
                const key = Object.keys(previews).find(k => a.href.split('#')[0].endsWith('/' + k));
                if (!key || seen.has(key)) continue;
                seen.add(key);
                a.setAttribute('data-browser-link', String(out.length));
                out.push(previews[key].title);
                if (out.length === 2) break;
            }
            return out;
        })()",
    );
    let titles: Vec<String> = serde_json::from_value(targets).expect("titles");
    assert_eq!(
        titles.len(),
        2,
        "need two internal links in index.html's text"
    );
    let tooltip = "(() => {
        const t = document.querySelector('div.link-preview[role=tooltip]');
        if (!t || t.offsetHeight === 0) return null;
        const a = document.querySelector('[aria-describedby=link-preview]');
        return { title: (t.querySelector('strong') || t).textContent.trim(), text: t.textContent,
                 described: a && a.getAttribute('data-browser-link') };
    })()";

    // Hover with the mouse.
    hover(
        &tab,
        "first link",
        "document.querySelector('[data-browser-link=\"0\"]')",
    );
    let shown = wait_for(&tab, tooltip, "a link preview on hover");
    assert_eq!(
        shown["title"],
        titles[0].as_str(),
        "preview on hover: {shown}"
    );
    assert_eq!(
        shown["described"], "0",
        "the hovered link is not described by the preview"
    );
    assert!(
        shown["text"].as_str().unwrap_or_default().len() > titles[0].len(),
        "the preview has no summary: {shown}"
    );
    tab.move_mouse_to_point(Point { x: 2.0, y: 2.0 })
        .expect("move the mouse away");
    wait_for(
        &tab,
        "!document.querySelector('.link-preview')",
        "the preview to go when the mouse leaves",
    );

    // Keyboard focus, then Escape.
    js(
        &tab,
        "document.querySelector('[data-browser-link=\"1\"]').focus()",
    );
    let shown = wait_for(&tab, tooltip, "a link preview on focus");
    assert_eq!(
        shown["title"],
        titles[1].as_str(),
        "preview on focus: {shown}"
    );
    assert_eq!(shown["described"], "1");
    tab.press_key("Escape").expect("press Escape");
    wait_for(
        &tab,
        "!document.querySelector('.link-preview')",
        "Escape to close the preview",
    );
}

#[test]
fn screenshots_and_no_horizontal_scroll_on_phones() {
    let Some(session) = Session::start() else {
        return;
    };
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
    for (width, height) in [(1280, 900), (360, 780)] {
        for (name, page) in [("home", "index.html"), ("comparison", COMPARISON_PAGE)] {
            set_viewport(&tab, width, height);
            let m = goto_and(&tab, &file_url(page), measure);
            assert_eq!(m["inner"], width, "viewport width on {page}");
            let (inner, scroll) = (m["inner"].as_f64().unwrap(), m["scroll"].as_f64().unwrap());
            if scroll > inner + 1.0 {
                overflows.push(format!(
                    "{page} at {width} px: scrollWidth {scroll} > innerWidth {inner}; overflowing: {}",
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
            let file = dir.join(format!("{name}-{width}.png"));
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
fn comparison_cards_use_the_full_width_on_phones() {
    let Some(session) = Session::start() else {
        return;
    };
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

// ---------------------------------------------------------------------------------------- search

/// Everything the search box shows, with result links relative to the site root (the page's
/// `data-root`), so they compare with the course's page paths.
const SEARCH_STATE: &str = "(() => {
    const input = document.getElementById('search-input'), list = document.getElementById('search-results');
    const root = new URL(document.documentElement.getAttribute('data-root') || './', location.href).href;
    const rel = h => h.startsWith(root) ? h.slice(root.length) : h;
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
        results: [...list.querySelectorAll('li[role=option]')].map(li => {
            const a = li.querySelector('a'), text = s => { const e = li.querySelector(s); return e ? e.textContent : null; };
            return { id: li.id, selected: li.getAttribute('aria-selected'), href: a && rel(a.href),
                     title: text('.result-title'), section: text('.result-section'), snippet: text('.result-snippet'),
                     marks: [...li.querySelectorAll('.result-snippet mark')].map(m => m.textContent) };
        }),
    };
})()";

/// Waits until the search box's state (see [`SEARCH_STATE`], as `s`) satisfies `condition`, and
/// returns it.
fn wait_search(tab: &Tab, condition: &str, what: &str) -> Value {
    wait_for(
        tab,
        &format!("(() => {{ const s = {SEARCH_STATE}; return ({condition}) ? s : null; }})()"),
        what,
    )
}

/// Clicks the search box, as a user about to search.
fn focus_search(tab: &Tab) {
    click(
        tab,
        "the search box",
        "document.getElementById('search-input')",
    );
}

/// Replaces the query in the (already focused) search box as one typed insertion (a real
/// `input` event from the browser, one CDP round trip) and returns the new results, once their
/// snippets are in.
fn search(tab: &Tab, query: &str) -> Value {
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
fn page_of(result: &Value) -> &str {
    let href = result["href"].as_str().unwrap_or_default();
    href.split('#').next().unwrap_or_default()
}

fn marks(result: &Value) -> Vec<String> {
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
fn search_index_loads_only_when_the_box_is_first_focused_and_a_piece_at_a_time() {
    let Some(session) = Session::start() else {
        return;
    };
    let tab = session.tab();
    // A page one folder down, so the scripts' paths go through data-root.
    let before = goto_and(&tab, &file_url("serverless/lambda.html"), SEARCH_LOADED);
    assert!(
        before["boxShown"] == true,
        "site.js did not unhide the search box: {before}"
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
        s["results"][0]["title"], "AWS Lambda",
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

#[test]
fn search_puts_the_right_note_first() {
    let Some(session) = Session::start() else {
        return;
    };
    let tab = session.tab();
    goto_and(&tab, &file_url("index.html"), "true");
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

    // The status announces the count.
    assert!(
        s["status"].as_str().is_some_and(
            |t| t == format!("{} results", s["results"].as_array().map_or(0, Vec::len))
        ),
        "status of \"15 minutes\": {}",
        s["status"]
    );
    assert!(wrong.is_empty(), "search ranking:\n{}", wrong.join("\n"));
}

#[test]
fn search_by_keyboard_slash_arrows_enter_escape_and_ctrl_k() {
    let Some(session) = Session::start() else {
        return;
    };
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
        "{ href: location.href.slice(new URL(document.documentElement.getAttribute('data-root') || './', location.href).href.length),
           h1: ((document.querySelector('main h1') || {}).textContent || '').trim() }",
    );
    assert_eq!(
        page["href"], chosen["href"],
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
    tab.type_str("farg").expect("type farg");
    let s = wait_search(
        &tab,
        "s.value === 'farg' && s.expanded === 'true' && s.shown && s.results.length > 0",
        "results for farg",
    );
    assert_eq!(s["results"][0]["title"], "AWS Fargate", "{s}");
    tab.press_key("Escape").expect("press Escape");
    let s = wait_search(
        &tab,
        "s.expanded === 'false' && s.hidden && !s.shown",
        "Escape to close the list",
    );
    assert!(
        s["active"].is_null() && s["focused"] == true && s["value"] == "farg",
        "after Escape: {s}"
    );
    // In the box, / is a character of the query ("CI/CD"), not the shortcut.
    tab.press_key("/").expect("press / in the box");
    wait_search(&tab, "s.value === 'farg/'", "/ typed into the box");
}

/// A note whose text looks like markup, in inline code, a code block, a heading and plain text.
/// (Outside code, smart punctuation curls straight quotes, so the heading has none.)
const HOSTILE_NOTE: &str = r#"---
title: 'Hostile "quotes" & <b>tags</b> zanzibar'
summary: A note whose text looks like markup.
---
Zanzibar in code: `</script><script>window.pwned=1</script>` and `<img src=x onerror="window.pwned=2">` and `"quotes"`.

## Plain text {#plain}

Zanzibar in plain text: \</script>\<script>window.pwned=1\</script> and &lt;img src=x onerror="window.pwned=2"&gt; and "quotes".

## Heading &lt;img src=x onerror=window.pwned=3&gt; {#heading}

Zanzibar under a hostile heading.

## Words from other languages {#words}

Größe, l’été and NAÏVE are indexed by the build as the page reads queries.

## Code block

```html
zanzibar </script><script>window.pwned=1</script>
<img src=x onerror="window.pwned=2"> "quotes"
```
"#;

#[test]
fn search_shows_hostile_note_text_literally() {
    let Some(session) = Session::start() else {
        return;
    };
    let dir = tempfile::Builder::new()
        .prefix("studysite-hostile-")
        .tempdir()
        .expect("create a temporary site folder");
    let root = dir.path();
    std::fs::create_dir_all(root.join("notes")).expect("create notes/");
    for (file, text) in [
        (
            "site.yaml",
            "title: Hostile Fixture\ndescription: Markup-like text in notes.\nlanguage: en\n",
        ),
        (
            "notes/index.md",
            "---\ntitle: Home\nsummary: The home page.\n---\nSee [[hostile]].\n",
        ),
        ("notes/hostile.md", HOSTILE_NOTE),
    ] {
        std::fs::write(root.join(file), text).unwrap_or_else(|e| panic!("write {file}: {e}"));
    }
    let out = root.join("public");
    build_site(root, &out);

    let tab = session.tab();
    let recorder = Arc::new(Recorder::default());
    recorder.attach(&tab);
    *recorder.page.lock().unwrap() = "hostile fixture index.html".into();
    goto_and(&tab, &file_url_in(&out, "index.html"), "true");
    focus_search(&tab);
    let s = search(&tab, "zanzibar");
    // Let an injected <img onerror> or <script> have its chance to run.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let facts = js(
        &tab,
        "({
            pwned: typeof window.pwned,
            elements: [...document.querySelectorAll('#search-results *')].map(e => e.tagName.toLowerCase())
                .filter(t => !['li', 'a', 'span', 'mark'].includes(t)),
            images: document.querySelectorAll('img').length,
            scripts: [...document.scripts].filter(s => s.src).map(s => s.src.split('/').pop()).sort(),
            inline: [...document.scripts].filter(s => !s.src).map(s => s.type),
        })",
    );
    // The sections as the build wrote them for the page (places in meta.js, texts in d-0.js),
    // read back as JavaScript would.
    let read_part = |file: &str, name: &str| -> Value {
        let js = std::fs::read_to_string(out.join("search").join(file))
            .unwrap_or_else(|e| panic!("read search/{file}: {e}"));
        assert!(
            !js.to_lowercase().contains("</script"),
            "search/{file} holds a closing script tag"
        );
        let data = js
            .strip_prefix(&format!("studysiteSearchPart(\"{name}\","))
            .and_then(|c| c.trim_end().strip_suffix(");"))
            .unwrap_or_else(|| panic!("search/{file} is not one studysiteSearchPart call: {js}"));
        serde_json::from_str(data).unwrap_or_else(|e| panic!("search/{file} ({e}): {data}"))
    };
    let texts: Vec<String> = serde_json::from_value(read_part("d-0.js", "d0")).expect("texts");
    let meta = read_part("meta.js", "meta");
    let places = meta["places"].as_str().expect("places");
    let indexed = format!("{}\n{places}", texts.join("\n"));
    let title = r#"Hostile "quotes" & <b>tags</b> zanzibar"#;
    let results = s["results"].as_array().expect("results");
    assert!(
        results.len() >= 4,
        "expected each section of the hostile note: {s}"
    );
    for r in results {
        assert_eq!(
            r["title"], title,
            "a result's title is not the literal title: {r}"
        );
        assert!(page_of(r) == "hostile.html", "{r}");
    }
    let snippets: String = results
        .iter()
        .filter_map(|r| r["snippet"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let sections: String = results
        .iter()
        .filter_map(|r| r["section"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for literal in [
        "</script><script>window.pwned=1</script>",
        r#"<img src=x onerror="window.pwned=2">"#,
        r#""quotes""#,
    ] {
        assert!(
            indexed.contains(literal),
            "search/d-0.js does not hold {literal:?} as is: {indexed}"
        );
        assert!(
            snippets.contains(literal),
            "no snippet shows {literal:?} literally:\n{snippets}"
        );
    }
    assert!(
        sections.contains("<img src=x onerror=window.pwned=3>"),
        "the hostile heading is not shown literally: {sections}"
    );
    assert_eq!(
        facts["pwned"], "undefined",
        "text from the note ran as script: {facts}"
    );
    assert_eq!(
        facts["elements"],
        json!([]),
        "the results hold elements site.js never makes (markup from the note?): {facts}"
    );
    assert_eq!(facts["images"], 0, "an <img> appeared in the page: {facts}");
    assert_eq!(
        facts["scripts"],
        json!(["d-0.js", "meta.js", "minisearch.js", "site.js", "t-7a.js"]),
        "unexpected scripts in the page: {facts}"
    );
    assert!(
        facts["inline"]
            .as_array()
            .is_some_and(|t| t.iter().all(|t| t == "application/json")),
        "an inline script that runs appeared in the page: {facts}"
    );
    // The build (Rust) and the page (JavaScript) must cut and lower-case words alike.
    for query in ["größe", "GRÖßE", "l'été", "l\u{2019}été", "naïve"] {
        let s = search(&tab, query);
        let found = s["results"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r["href"] == "hostile.html#words"));
        assert!(found, "{query:?} did not find the section it is in: {s}");
    }
    let errors = recorder.errors.lock().unwrap().clone();
    assert!(
        errors.is_empty(),
        "console errors while searching the hostile note:\n{}",
        errors.join("\n")
    );
}

#[test]
fn search_results_fit_a_360_px_phone() {
    let Some(session) = Session::start() else {
        return;
    };
    let tab = session.tab();
    set_viewport(&tab, 360, 780);
    goto_and(&tab, &file_url("serverless/lambda.html"), "true");
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

/// A site big enough for several section chunks, built: `notes` notes of filler text, the first one
/// also about kestrels, the middle one about kittiwakes and the last one about kingfishers (so
/// the three words share the `k` shard, but not a chunk), and all three about herons, the
/// later ones more.
fn chunked_site(prefix: &str, notes: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("create a temporary site folder");
    let root = dir.path();
    std::fs::create_dir_all(root.join("notes")).expect("create notes/");
    let site = "title: Chunked Fixture\ndescription: Many sections.\nlanguage: en\n";
    std::fs::write(root.join("site.yaml"), site).expect("write site.yaml");
    let filler = "Plain filler words about nothing in particular, repeated to fill a chunk. ";
    for n in 1..=notes {
        let bird = match n {
            1 => "A kestrel hovers over the field. A heron waits.\n\n",
            n if n == notes / 2 => "A kittiwake glides over the sea. A heron, a heron.\n\n",
            n if n == notes => "A kingfisher dives into the river. Heron, heron, heron.\n\n",
            _ => "",
        };
        let body = format!(
            "---\ntitle: Note {n:02}\nsummary: Filler note {n}.\n---\n{bird}## Part one\n\n{}\n\n## Part two\n\n{}\n",
            filler.repeat(40),
            filler.repeat(40)
        );
        std::fs::write(root.join(format!("notes/note-{n:02}.md")), body)
            .unwrap_or_else(|e| panic!("write note {n}: {e}"));
    }
    let out = root.join("public");
    build_site(root, &out);
    (dir, out)
}

#[test]
fn search_shows_results_before_their_snippets_arrive() {
    let Some(session) = Session::start() else {
        return;
    };
    let (_dir, out) = chunked_site("studysite-chunked-", 30);
    let chunks = std::fs::read_dir(out.join("search"))
        .expect("read search/")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("d-"))
        })
        .count();
    assert!(
        chunks >= 3,
        "the fixture should need several chunks, has {chunks}"
    );

    let tab = session.tab();
    goto_and(&tab, &file_url_in(&out, "note-05.html"), "true");
    focus_search(&tab);
    // Every state the list goes through, as the page changes it.
    js(
        &tab,
        &format!(
            "(() => {{
                window.searchStates = [];
                const list = document.getElementById('search-results');
                new MutationObserver(() => window.searchStates.push({SEARCH_STATE}))
                    .observe(list, {{ childList: true, subtree: true, attributes: true, characterData: true }});
            }})()"
        ),
    );
    let done = search(&tab, "kestrel");
    let states = js(&tab, "window.searchStates");
    let first = states
        .as_array()
        .expect("states")
        .iter()
        .find(|s| s["results"].as_array().is_some_and(|r| !r.is_empty()))
        .unwrap_or_else(|| panic!("no state with results: {states}"));
    // Shown at once with the note's title, section and link; the snippet follows its chunk.
    let shown = &first["results"][0];
    assert_eq!(
        (
            &shown["title"],
            &shown["href"],
            &shown["snippet"],
            &first["busy"]
        ),
        (
            &json!("Note 01"),
            &json!("note-01.html"),
            &json!(""),
            &json!(true)
        ),
        "the first list shown: {first}"
    );
    let last = &done["results"][0];
    assert_eq!(
        (&last["title"], marks(last), &done["busy"]),
        (
            &json!("Note 01"),
            vec!["kestrel".to_string()],
            &json!(false)
        ),
        "the list once its snippets are in: {done}"
    );
    assert!(
        last["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("A kestrel hovers over the field.")),
        "{last}"
    );

    // A newer query's list is busy until its own snippets are in, even when an older query's
    // chunk (asked for first, so likely first to arrive) comes in meanwhile. (Were it to come
    // second, this would pass whether or not the page checks.)
    js(
        &tab,
        "(() => {
            window.searchStates = [];
            const input = document.getElementById('search-input');
            for (const q of ['kingfisher', 'kittiwake']) {
                input.value = q;
                input.dispatchEvent(new Event('input'));
            }
        })()",
    );
    let s = wait_search(
        &tab,
        "s.value === 'kittiwake' && !s.busy && s.results.length > 0",
        "kittiwake's snippets",
    );
    assert_eq!(
        (&s["results"][0]["title"], marks(&s["results"][0])),
        (&json!("Note 15"), vec!["kittiwake".to_string()]),
        "kittiwake's list: {s}"
    );
    let states = js(&tab, "window.searchStates");
    let early: Vec<&Value> = states
        .as_array()
        .expect("states")
        .iter()
        .filter(|s| {
            s["busy"] == false
                && s["results"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r["snippet"] == ""))
        })
        .collect();
    assert!(
        early.is_empty(),
        "the list said it was done while snippets were missing: {early:?}"
    );

    // On a fresh page, the chunks are asked for in the order of the results they serve.
    goto_and(&tab, &file_url_in(&out, "note-05.html"), "true");
    focus_search(&tab);
    let s = search(&tab, "heron");
    let titles: Vec<&str> = s["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["title"].as_str())
        .collect();
    assert_eq!(titles, ["Note 30", "Note 15", "Note 01"], "{s}");
    let chunks = js(
        &tab,
        "[...document.scripts].map(s => s.src.split('/').pop()).filter(s => s.startsWith('d-'))",
    );
    assert_eq!(
        chunks,
        json!(["d-2.js", "d-1.js", "d-0.js"]),
        "chunks asked for out of the results' order"
    );

    // A new list starts scrolled to its top, whatever the last one was scrolled to.
    search(&tab, "filler");
    tab.press_key("ArrowUp").expect("press ArrowUp");
    let scrolled = wait_for(
        &tab,
        "(() => { const l = document.getElementById('search-results'); return l.scrollTop > 0 ? l.scrollTop : null; })()",
        "ArrowUp to scroll the list to its last option",
    );
    search(&tab, "plain");
    let top = wait_for(
        &tab,
        "new Promise(r => requestAnimationFrame(() => r({ top: document.getElementById('search-results').scrollTop })))",
        "a frame",
    );
    assert_eq!(
        top["top"],
        json!(0),
        "the new list kept the old one's scroll ({scrolled})"
    );
}

#[test]
fn search_shows_its_list_and_says_so_when_a_chunk_is_missing() {
    let Some(session) = Session::start() else {
        return;
    };
    let (_dir, out) = chunked_site("studysite-missing-chunk-", 30);
    std::fs::remove_file(out.join("search/d-1.js")).expect("remove search/d-1.js");

    let tab = session.tab();
    goto_and(&tab, &file_url_in(&out, "note-05.html"), "true");
    focus_search(&tab);
    // search() waits for the list to be no longer busy: it must not stay busy for ever.
    let s = search(&tab, "kittiwake");
    assert_eq!(s["results"][0]["title"], "Note 15", "{s}");
    assert_eq!(s["status"], "Some snippets could not be loaded.", "{s}");
    // The other chunks still serve their snippets.
    let s = search(&tab, "kestrel");
    assert_eq!(marks(&s["results"][0]), ["kestrel"], "{s}");
}

#[test]
fn search_looks_in_other_letters_only_for_words_that_are_not_words_of_their_own() {
    let Some(session) = Session::start() else {
        return;
    };
    let tab = session.tab();
    goto_and(&tab, &file_url("index.html"), "true");
    focus_search(&tab);
    let loaded = |tab: &Tab| -> Vec<String> {
        let names = js(
            tab,
            "[...document.scripts].map(s => s.src.split('/').pop()).filter(s => /^(t-|vocab)/.test(s))",
        );
        serde_json::from_value(names).expect("script names")
    };
    // A word of the notes, found in fewer sections than a screenful: its letter only.
    let s = search(&tab, "wordpress");
    let count = s["results"].as_array().map_or(0, Vec::len);
    assert!((1..12).contains(&count), "{s}");
    assert_eq!(loaded(&tab), ["t-77.js"], "{s}");
    // A word that is in no note, with no word one edit from it in another letter: nothing found,
    // after asking the vocabulary.
    let s = search(&tab, "lamport");
    assert_eq!(
        (&s["none"], &s["status"]),
        (&json!(true), &json!("0 results")),
        "{s}"
    );
    assert_eq!(loaded(&tab), ["t-77.js", "t-6c.js", "vocab.js"]);
    // A typo in the first letter: its letter (k), then the letter of the word it is one edit
    // from (l), already loaded.
    let s = search(&tab, "kambda");
    assert_eq!(s["results"][0]["title"], "AWS Lambda", "{s}");
    assert_eq!(loaded(&tab), ["t-77.js", "t-6c.js", "vocab.js", "t-6b.js"]);
}

/// Issue #15 in a real browser: on the hostile fixture site (tests/fixtures/hostile, notes named
/// like `javascript:alert(1).md` and `javascript:` written everywhere a URL can go), following
/// every link of its pages opens no dialog and asks for nothing outside the output folder, and
/// the page linking to a note titled `Attacks <!--<script> ...` still searches.
#[test]
fn hostile_links_run_no_script_and_stay_in_the_output() {
    let Some(session) = Session::start() else {
        return;
    };
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary folder");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let copy = std::process::Command::new("cp")
        .arg("-r")
        .arg(&fixture)
        .arg(dir.path().join("site"))
        .status()
        .expect("copy the fixture");
    assert!(copy.success());
    let out = dir.path().join("site/public");
    build_site(&dir.path().join("site"), &out);

    let tab = session.tab();
    let recorder = Arc::new(Recorder::default());
    recorder.attach(&tab);
    let dialogs = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&dialogs);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        if let Event::PageJavascriptDialogOpening(e) = event {
            seen.lock().unwrap().push(e.params.message.clone());
        }
    }))
    .expect("listen for dialogs");

    let mut followed = 0;
    for page in ["index.html", "attacks.html", "my notes/space name.html"] {
        let url = file_url_in(&out, page);
        // Hover and click everything of the note's content that is not a link or a button
        // (handlers are what would run), then each link in turn, from a fresh page.
        let links = goto_and(
            &tab,
            &url,
            "(() => {
                document.querySelectorAll('main *').forEach(e => {
                    for (const type of ['mouseover', 'focus']) e.dispatchEvent(new Event(type, { bubbles: true }));
                    if (!e.closest('a, button, form, label, summary')) e.dispatchEvent(new MouseEvent('click', { bubbles: true }));
                });
                return document.querySelectorAll('a').length;
            })()",
        );
        assert!(dialogs.lock().unwrap().is_empty(), "{page}: {dialogs:?}");
        let links = links.as_u64().expect("a count of links");
        assert!(links > 5, "{page} has only {links} links");
        for i in 0..links {
            goto_and(&tab, &url, "true");
            let href = js(
                &tab,
                &format!(
                    "(() => {{ const a = document.querySelectorAll('a')[{i}]; const h = a.getAttribute('href'); a.dispatchEvent(new MouseEvent('click', {{ bubbles: true, cancelable: true }})); return h; }})()"
                ),
            );
            std::thread::sleep(std::time::Duration::from_millis(150));
            assert!(
                dialogs.lock().unwrap().is_empty(),
                "{page}: link {i} ({href}) opened a dialog: {dialogs:?}"
            );
            followed += 1;
        }
    }
    assert!(followed > 40, "only {followed} links followed");

    // Everything asked for was a file of the output (or data: inside it).
    let inside = format!("{}/", file_url_in(&out, "").trim_end_matches('/'));
    let requests = recorder.requests.lock().unwrap().clone();
    assert!(
        requests.len() > followed,
        "the recorder saw {} requests",
        requests.len()
    );
    let outside: Vec<&String> = requests
        .iter()
        .filter(|r| !(r.starts_with(&inside) || r.starts_with("data:")))
        .collect();
    assert!(outside.is_empty(), "requests outside {inside}: {outside:?}");

    // The home page's previews hold "Attacks <!--<script> ...": its scripts still run.
    goto_and(&tab, &file_url_in(&out, "index.html"), "true");
    focus_search(&tab);
    let found = search(&tab, "quokka");
    let results = found["results"].as_array().expect("results");
    assert!(
        results.iter().any(|r| page_of(r) == "attacks.html"),
        "the search for quokka did not find the attacks note: {found}"
    );
    assert!(dialogs.lock().unwrap().is_empty(), "{dialogs:?}");
}

/// The handout of the hostile course (`tests/fixtures/hostile`: a note per way a handout once
/// ran script or fetched something) runs nothing and loads nothing. It is opened as written, and
/// again without its Content-Security-Policy, so that the sanitizer alone is tried too; every
/// link that does not go to the web is clicked: no dialog opens, the page stays, and nothing but
/// the file itself and `data:` URIs is requested.
#[test]
fn the_hostile_handout_runs_nothing_and_loads_nothing() {
    let Some(session) = Session::start() else {
        return;
    };
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary folder");
    let written = dir.path().join("hostile.html");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_studysite"))
        .args(["handout", "--quiet", "--root"])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile"))
        .arg("--out")
        .arg(&written)
        .output()
        .expect("run studysite handout");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&written).expect("read the handout");
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("the handout has a Content-Security-Policy");
    let csp_end = csp_start + html[csp_start..].find('>').expect("the end of its <meta>") + 1;
    let bare = dir.path().join("hostile-without-csp.html");
    std::fs::write(&bare, format!("{}{}", &html[..csp_start], &html[csp_end..]))
        .expect("write the handout without its policy");

    for page in [&written, &bare] {
        let url = format!(
            "file://{}",
            page.to_str().expect("a UTF-8 path").replace(' ', "%20")
        );
        let tab = session.tab();
        let dialogs = Arc::new(Mutex::new(Vec::<String>::new()));
        let requests = Arc::new(Mutex::new(Vec::<String>::new()));
        let (d, r) = (Arc::clone(&dialogs), Arc::clone(&requests));
        tab.add_event_listener(Arc::new(move |event: &Event| match event {
            Event::PageJavascriptDialogOpening(e) => {
                d.lock().unwrap().push(e.params.message.clone())
            }
            Event::NetworkRequestWillBeSent(e) => {
                r.lock().unwrap().push(e.params.request.url.clone())
            }
            _ => {}
        }))
        .expect("listen to page events");
        tab.call_method(NetworkEnable(json!({})))
            .expect("enable Network events");
        let links = goto_and(&tab, &url, "document.querySelectorAll('a').length")
            .as_u64()
            .expect("a count of links");
        let mut clicked = 0;
        for i in 0..links {
            let link = format!("document.querySelectorAll('a')[{i}]");
            let facts = js(
                &tab,
                &format!(
                    "({{ href: {link}.getAttribute('href') || '', shown: {link}.getClientRects().length > 0 }})"
                ),
            );
            let href = facts["href"].as_str().unwrap_or_default();
            if href.starts_with("https://") || href.starts_with("http://") || facts["shown"] != true
            {
                continue;
            }
            let what = format!("link {i} (href {href:?}) of {}", page.display());
            click(&tab, &what, &link);
            clicked += 1;
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert_eq!(*dialogs.lock().unwrap(), Vec::<String>::new(), "{what}");
            let now = js(&tab, "location.href.split('#')[0]");
            assert_eq!(now, json!(url), "{what} left the handout");
        }
        assert!(clicked > 10, "only {clicked} of {links} links were clicked");
        let fetched: Vec<String> = requests
            .lock()
            .unwrap()
            .iter()
            .filter(|u| **u != url && !u.starts_with(&format!("{url}#")) && !u.starts_with("data:"))
            .cloned()
            .collect();
        assert_eq!(
            fetched,
            Vec::<String>::new(),
            "{} requested",
            page.display()
        );
        eprintln!("clicked {clicked} of {links} links in {}", page.display());
    }
}
