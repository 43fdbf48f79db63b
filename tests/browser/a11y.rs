//! Accessibility, measured by axe-core (vendored in `tests/browser/vendor/axe-core`, evaluated
//! in the page by the test; the site never loads it): no violation on the fixture's pages with
//! code in eight languages, a diagram, a comparison in study mode, an open search and an open
//! link preview and the phone's outline drawer, and on the handout, in light and dark at 1280 and 360 px.

use headless_chrome::Tab;
use serde_json::Value;

use crate::search::*;
use crate::support::*;

/// axe-core's source, evaluated in each page checked.
const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

/// Runs axe-core on the page as it is now and returns one line per violation. `target-size`
/// (WCAG 2.2 AA: what is tapped is at least 24 by 24 CSS px, or that far from its neighbours),
/// off by default, is on.
pub(crate) fn violations(tab: &Tab, what: &str) -> Vec<String> {
    let loaded = js(tab, "typeof window.axe");
    if loaded != "object" {
        tab.evaluate(AXE, false)
            .unwrap_or_else(|e| panic!("load axe-core into {what}: {e:#}"));
    }
    let found = js(
        tab,
        "axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } }).then(r => r.violations.map(v =>
            `${v.id} (${v.impact}): ${v.help}\\n      ` + v.nodes.slice(0, 4).map(n =>
                n.target.join(' ') + ' -- ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join('\\n      ')))",
    );
    let Value::Array(list) = found else {
        panic!("axe-core gave no list on {what}: {found}")
    };
    list.iter()
        .map(|v| format!("{what}: {}", v.as_str().unwrap_or_default()))
        .collect()
}

/// What a page is checked in: a page of the fixture and what to do there first.
struct View {
    name: &'static str,
    page: &'static str,
    /// Brings the page into the state to check; returns nothing.
    prepare: fn(&Tab),
}

fn nothing(_: &Tab) {}

/// Study mode on: every value of the comparison hidden.
pub(crate) fn hide_all(tab: &Tab) {
    click(
        tab,
        "Hide all",
        "[...document.querySelectorAll('.study-controls button')].find(b => b.textContent.trim() === 'Hide all')",
    );
    wait_for(
        tab,
        "[...document.querySelectorAll('table.compare tbody td')].every(td => td.classList.contains('concealed'))",
        "every cell hidden",
    );
}

/// The search box open with results and their snippets.
fn open_search(tab: &Tab) {
    focus_search(tab);
    search(tab, "lambda");
}

/// A link preview open (by keyboard focus, so that it stays while axe runs).
fn open_preview(tab: &Tab) {
    js(
        tab,
        &"(() => {
            const previewOf = PREVIEW_OF;
            const a = [...document.querySelectorAll('main .content a[href]')].find(a => previewOf(a));
            a.focus();
        })()"
            .replace("PREVIEW_OF", &preview_of_js()),
    );
    wait_for(
        tab,
        "(() => { const t = document.querySelector('div.link-preview'); return !!t && t.offsetHeight > 0; })()",
        "a link preview",
    );
}

/// The outline drawer open, where there is one (phones).
fn open_drawer(tab: &Tab) {
    js(
        tab,
        "(() => { const b = document.querySelector('.menu-button'); if (getComputedStyle(b).display !== 'none') b.click(); })()",
    );
}

const VIEWS: &[View] = &[
    View {
        name: "code in eight languages",
        page: "code/languages.html",
        prepare: nothing,
    },
    View {
        name: "a diagram",
        page: "diagrams/pipeline.html",
        prepare: nothing,
    },
    View {
        name: "a comparison in study mode",
        page: "compare/queues-vs-streams.html",
        prepare: hide_all,
    },
    View {
        name: "an open search",
        page: "index.html",
        prepare: open_search,
    },
    View {
        name: "an open link preview",
        page: "compare/queues.html",
        prepare: open_preview,
    },
    View {
        name: "the outline drawer",
        page: "functions/lambda.html",
        prepare: open_drawer,
    },
    View {
        name: "the handout",
        page: "handout.html",
        prepare: nothing,
    },
    View {
        name: "the 404 page",
        page: "404.html",
        prepare: nothing,
    },
];

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn axe_finds_nothing_in_light_and_dark_at_desktop_and_phone_widths() {
    let session = Session::start();
    let tab = session.tab();
    let mut found = Vec::new();
    for dark in [false, true] {
        set_dark(&tab, dark);
        for (width, height) in [(1280, 900), (360, 780)] {
            set_viewport(&tab, width, height);
            for view in VIEWS {
                goto_and(&tab, &file_url(view.page), "true");
                (view.prepare)(&tab);
                let theme = if dark { "dark" } else { "light" };
                let what = format!("{} ({}, {theme}, {width} px)", view.name, view.page);
                found.extend(violations(&tab, &what));
            }
        }
    }
    assert!(
        found.is_empty(),
        "axe-core found {} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// What a reader taps, measured: tags, breadcrumbs, outline items and study buttons are at least
/// 24 by 24 CSS px (WCAG 2.2 AA's target size; they were 18 to 32 px tall). axe-core's
/// `target-size` passes a small target that is far enough from its neighbours, so it alone
/// would not see them.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn tap_targets_are_at_least_24_px() {
    let session = Session::start();
    let tab = session.tab();
    let small = "[...document.querySelectorAll('.tags a, .breadcrumbs a, nav.outline a, .study-controls button')]
        .map(e => [e, e.getBoundingClientRect()])
        .filter(([e, r]) => r.width < 24 || r.height < 24)
        .map(([e, r]) => `${e.textContent.trim()} (${Math.round(r.width)}x${Math.round(r.height)})`)";
    let mut found = Vec::new();
    for (width, height) in [(1280, 900), (360, 780)] {
        set_viewport(&tab, width, height);
        for page in ["functions/lambda.html", crate::COMPARISON_PAGE] {
            let list = goto_and(&tab, &file_url(page), small);
            let count = goto_and(
                &tab,
                &file_url(page),
                "document.querySelectorAll('.tags a, .breadcrumbs a, nav.outline a').length",
            );
            assert!(count.as_u64() > Some(3), "{page}: nothing to tap");
            if list != serde_json::json!([]) {
                found.push(format!("{page} at {width} px: {list}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "targets under 24 px:\n{}",
        found.join("\n")
    );
}
