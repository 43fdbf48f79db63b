//! Search over a site big enough for several snippet chunks (built per test): results show
//! before their snippets, a missing chunk is said, and other letters' shards load only for
//! words that are not words of their own.

use headless_chrome::Tab;
use serde_json::{json, Value};

use crate::search::*;
use crate::support::*;

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
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn search_shows_results_before_their_snippets_arrive() {
    let session = Session::start();
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
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn search_shows_its_list_and_says_so_when_a_chunk_is_missing() {
    let session = Session::start();
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
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn course_search_looks_in_other_letters_only_for_words_that_are_not_words_of_their_own() {
    let session = Session::start();
    let tab = session.tab();
    goto_and(&tab, &course_url("index.html"), "true");
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
