//! Moving through the browser fixture as a reader does: every kind of link followed over
//! `file://`, every page loaded with nothing fetched from the network and no console error, and
//! the whole site crawled under a GitHub Pages sub-path, with a styled 404 page.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use headless_chrome::Tab;
use scraper::{Html, Selector};
use serde_json::{json, Value};

use crate::server::*;
use crate::support::*;

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
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn file_navigation_follows_every_kind_of_link() {
    let session = Session::start();
    let tab = session.tab();
    let style = goto_and(&tab, &file_url("index.html"), STYLE_FACTS);
    assert_styled(&style, "index.html");

    // Sidebar: the outline entry's text is the note's title, and the page marks it as current.
    let queues = follow(
        &tab,
        "sidebar link to compare/queues.html",
        "const a = document.querySelector(\"nav.outline a[href='compare/queues.html']\");
         return [a, a && a.textContent.trim()];",
    );
    let facts = js(
        &tab,
        "({ current: [...document.querySelectorAll('nav.outline a[aria-current=page]')].map(a => [a.getAttribute('href'), a.textContent.trim()]),
            crumbs: document.querySelector('.breadcrumbs').textContent.replace(/\\s+/g, ' ').trim() })",
    );
    assert_eq!(
        facts["current"],
        json!([["queues.html", queues]]),
        "aria-current on queues.html"
    );
    assert!(
        facts["crumbs"]
            .as_str()
            .is_some_and(|c| c.contains("Comparisons")),
        "breadcrumbs of queues.html: {}",
        facts["crumbs"]
    );

    // A cross-link in the note's text: its title comes from the site's link-preview data.
    let crossed = follow(
        &tab,
        "cross-link inside .content",
        &"const previewOf = PREVIEW_OF;
         for (const a of document.querySelectorAll('main .content p a[href], main .content li a[href]')) {
             const href = a.getAttribute('href');
             if (/^[a-z][a-z0-9+.-]*:|^\\/|^#/i.test(href)) continue;
             const preview = previewOf(a);
             if (preview) return [a, preview.title];
         }
         return [null, null];"
            .replace("PREVIEW_OF", &preview_of_js()),
    );
    assert_ne!(
        crossed, queues,
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

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn pages_load_nothing_from_the_network_and_log_no_errors() {
    let session = Session::start();
    let pages = pages();
    assert!(
        pages.len() > 15,
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
#[cfg_attr(no_chromium, ignore = "needs chromium")]
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
        seen_pages.len() > 15 && status.len() > seen_pages.len(),
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
    let session = Session::start();
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

/// GitHub Pages answers a missing path at any depth with 404.html, where the site's relative
/// URLs would miss: the page resolves them from the site's root (its `<base>`, the `base_url`
/// here), so that its outline and search lead into the course from `/course/a/b/c/`.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_404_page_offers_the_outline_and_search_from_any_depth() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    let server = Server::start(&out, "/course/");
    let built = studysite_command()
        .args(["build", "--quiet", "--root"])
        .arg(fixture("browser"))
        .arg("--out")
        .arg(&out)
        .args(["--base-url", &server.url("/course/")])
        .output()
        .expect("run studysite");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let deep = "/course/a/b/c/missing.html";
    assert_eq!(http_get(server.port, deep).status, 404);
    let session = Session::start();
    let tab = session.tab();
    let links = goto_and(
        &tab,
        &server.url(deep),
        "[...document.querySelectorAll('nav.outline a, #home-link')].map(a => a.href)",
    );
    let links: Vec<&str> = links
        .as_array()
        .expect("links")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(links.len() > 5, "no outline on the 404 page: {links:?}");
    let prefix = server.url("/course/");
    for href in &links {
        let path = href.strip_prefix(&server.url("")).unwrap_or(href);
        assert!(
            href.starts_with(&prefix) && http_get(server.port, path).status == 200,
            "the 404 page's link {href} leads nowhere"
        );
    }
    crate::search::focus_search(&tab);
    crate::search::search(&tab, "lambda");
    let found = js(
        &tab,
        "[...document.querySelectorAll('#search-results a[href]')].map(a => a.href)",
    );
    let found: Vec<&str> = found
        .as_array()
        .expect("results")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        !found.is_empty() && found.iter().all(|h| h.starts_with(&prefix)),
        "search on the 404 page: {found:?}"
    );
}
