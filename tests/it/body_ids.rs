//! The ids the loading stage finds in a note's body (`Analysis::ids`, with its embeds' parts put
//! in by `transclude::body_ids`) are the ids its page holds, in the same order: the handout names
//! its ids from that list instead of rendering each note to learn them.

use crate::common::{Page, TestSite};
use scraper::Html;
use studysite::output::transclude::body_ids;
use studysite::{Options, Silent};

/// A note with an id of every kind the render pass writes or passes through.
const EVERY_KIND: &str = r#"# Ids

Intro with a footnote[^fn] and <span id="raw-one">raw</span> HTML.

## Setup {#custom}

## Setup

## Setup

A paragraph with a block id. ^para

- an item ^item
- another with <em id="in-item">an id</em>

<a name="old-anchor"></a>

$$x^2 + y$$

```mermaid
flowchart LR
  A[Client] --> B[Server]
```

```pikchr
box "a"
arrow
box "b"
```

```compare
title: A vs B
things: [{label: A}, {label: B}]
rows:
  - aspect: Speed
    values: [fast, <b id="in-cell">slow</b>]
    note: a <i id="in-remark">remark</i>
```

> [!question]- Why?
> Because <b id="in-callout">so</b>.

![[embedded]]

Then a section: ![[embedded#Part two]] and a block:

![[embedded#^blk]]

<!-- <p id="commented-out"></p> -->

## Last <span id="in-heading">heading</span>

[^fn]: The footnote, <i id="in-footnote">with an id</i>.
"#;

/// What [`EVERY_KIND`] embeds: ids a part keeps (raw HTML, footnotes, diagrams, prefixed) and
/// ids it drops (headings, blocks).
const EMBEDDED: &str = r#"# Embedded

Its own <span id="embedded-raw">raw id</span>.

```mermaid
flowchart TD
  X --> Y
```

## Part two

Text with <span id="in-part">an id</span>.

```mermaid
flowchart TD
  X --> Y
```

A block <b id="in-block">with an id</b>. ^blk

## After
"#;

/// The ids a page shows in its body, in document order, as a browser finds them.
fn page_ids(html: &str) -> Vec<String> {
    let page = Page(Html::parse_document(html));
    page.select("article.note div.content [id], article.note div.content a[name]")
        .iter()
        .flat_map(|e| {
            let el = e.value();
            let name = (el.name() == "a").then(|| el.attr("name")).flatten();
            el.attr("id").into_iter().chain(name).map(str::to_string)
        })
        .collect()
}

#[test]
fn the_models_ids_are_the_pages_in_order() {
    let site = TestSite::new();
    site.write("notes/ids.md", EVERY_KIND)
        .write("notes/embedded.md", EMBEDDED)
        .write("notes/plain.md", "# Plain\n\nNo ids but its heading's.\n");
    let out = tempfile::tempdir().unwrap();
    let options = Options {
        root: site.root().to_path_buf(),
        out: Some(out.path().to_path_buf()),
        no_cache: true,
        force: true,
        ..Options::default()
    };
    let built = studysite::build_site(&options, &Silent).expect("the site builds");
    for (id, note) in built.site.notes.iter().enumerate() {
        let html = std::fs::read_to_string(out.path().join(&note.url)).unwrap();
        let on_page = page_ids(&html);
        assert_eq!(body_ids(&built.site, id), on_page, "{}", note.rel);
        if note.rel == "ids.md" {
            let has = |id: &str| on_page.iter().any(|i| i == id);
            let starts = |p: &str| on_page.iter().any(|i| i.starts_with(p));
            for id in [
                "ids",
                "raw-one",
                "custom",
                "setup",
                "setup-1",
                "^para",
                "^item",
                "in-item",
                "old-anchor",
                "a-vs-b",
                "in-remark",
                "in-cell",
                "in-callout",
                "embedded-raw",
                "in-part",
                "in-block",
                "in-heading",
                "fn",
                "in-footnote",
            ] {
                assert!(has(id), "{id} is not on the page: {on_page:?}");
            }
            // The page's own diagram, and those of the parts it embeds, prefixed.
            assert!(starts("mermaid"), "{on_page:?}");
            assert!(starts("embed1-mermaid"), "{on_page:?}");
            assert!(starts("embed2-mermaid"), "{on_page:?}");
            // A part shows no headings' or blocks' ids: the embedded note has its own page.
            assert!(!has("part-two") && !has("^blk") && !has("commented-out"));
        }
    }
}

/// The handout names a note's ids from the model's list; an id its render holds that the list
/// lacks (here one of a note embedded in a comparison's cell, which the loading stage does not
/// follow) is dropped, never written as it is, where it would take the template's id or
/// another note's.
#[test]
fn an_id_the_model_does_not_list_never_reaches_the_handout_unprefixed() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "---\ntitle: A\n---\n```compare\ntitle: A vs B\nthings: [{label: A}, {label: B}]\n\
         rows:\n  - aspect: What\n    values: [\"![[b]]\", plain]\n```\n",
    )
    .write(
        "notes/b.md",
        "---\ntitle: B\n---\nB's <span id=\"handout-title\">text</span>.\n",
    );
    site.build();
    let html = site.output("handout.html");
    let page = Page(Html::parse_document(&html));
    // The embed is drawn in the cell.
    assert!(
        page.select("table.compare .embed-note").len() == 1,
        "{html}"
    );
    let mut seen = std::collections::HashSet::new();
    for e in page.select("[id]") {
        let id = e.value().attr("id").unwrap();
        assert!(seen.insert(id.to_string()), "{id} twice in the handout");
    }
    assert!(seen.contains("handout-title") && seen.contains("b--handout-title"));
}
