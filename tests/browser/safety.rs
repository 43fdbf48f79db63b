//! Hostile notes in a real browser (issue #15): markup-like note text shows literally in search,
//! links named like `javascript:` run nothing and stay in the output, and the hostile handout
//! runs and loads nothing.

use std::sync::{Arc, Mutex};

use headless_chrome::protocol::cdp::types::Event;
use serde_json::{json, Value};

use crate::search::*;
use crate::support::*;

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
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn search_shows_hostile_note_text_literally() {
    let session = Session::start();
    let (_dir, out) = build_temp_site(
        "studysite-hostile-",
        &[
            (
                "site.yaml",
                "title: Hostile Fixture\ndescription: Markup-like text in notes.\nlanguage: en\n",
            ),
            (
                "notes/index.md",
                "---\ntitle: Home\nsummary: The home page.\n---\nSee [[hostile]].\n",
            ),
            ("notes/hostile.md", HOSTILE_NOTE),
        ],
    );

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
            // Where each inline script is: base.html's theme script in <head>, data elsewhere.
            inline: [...document.scripts].filter(s => !s.src)
                .map(s => (s.parentNode === document.head ? 'head ' : '') + (s.type || 'script')),
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
        let data = search_part(&js, name)
            .unwrap_or_else(|| panic!("search/{file} is not one studysiteSearchPart call: {js}"));
        serde_json::from_str(&data).unwrap_or_else(|e| panic!("search/{file} ({e}): {data}"))
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
        "the results hold elements search.js never makes (markup from the note?): {facts}"
    );
    assert_eq!(facts["images"], 0, "an <img> appeared in the page: {facts}");
    assert_eq!(
        facts["scripts"],
        json!([
            "d-0.js",
            "meta.js",
            "minisearch.js",
            "previews.js",
            "search.js",
            "site.js",
            "t-7a.js"
        ]),
        "unexpected scripts in the page: {facts}"
    );
    let inline = facts["inline"].as_array().expect("inline scripts");
    assert!(
        inline.iter().filter(|t| *t == "head script").count() == 1
            && inline
                .iter()
                .all(|t| t == "head script" || t == "application/json"),
        "an inline script that runs appeared in the page (besides the theme's in <head>): {facts}"
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

/// Issue #15 in a real browser: on the hostile fixture site (tests/fixtures/hostile, notes named
/// like `javascript:alert(1).md` and `javascript:` written everywhere a URL can go), following
/// every link of its pages opens no dialog and asks for nothing outside the output folder, and
/// the page linking to a note titled `Attacks <!--<script> ...` still searches.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn hostile_links_run_no_script_and_stay_in_the_output() {
    let session = Session::start();
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
    for page in [
        "index.html",
        "attacks.html",
        "my notes/space name.html",
        "embedded-attacks.html",
    ] {
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
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_hostile_handout_runs_nothing_and_loads_nothing() {
    let session = Session::start();
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary folder");
    let written = dir.path().join("hostile.html");
    let output = studysite_command()
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
