//! Docs written for Material for MkDocs: admonitions (`!!!`), folding ones (`???`, `???+`) and
//! content tabs (`===`) build as the callouts that show the same thing, on the page, as cards
//! and in the handout; a mistake inside one is still reported at its own line.

use crate::common::{stderr, TestSite};

const GUIDE: &str = r#"# Install

!!! tip "Before you start"
    Have Python 3.

    !!! warning
        Not 2.

=== "pip"

    ``` sh
    pip install thing
    ```

=== "docker"
    Run the image.

??? question "Which Python does it need?"
    Python 3.8 or later.

???+ note "Open by default"
    Shown.

```markdown
!!! note
    Syntax shown, not a block.
```
"#;

#[test]
fn admonitions_and_tabs_are_callouts() {
    let site = TestSite::new();
    site.write("notes/install.md", GUIDE);
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = site.page("install.html");
    assert_eq!(
        page.texts(".content .callout-title"),
        [
            "Before you start",
            "Warning",
            "pip",
            "docker",
            "Which Python does it need?",
            "Open by default"
        ]
    );
    // Nested as written, the tab's code a code block, the question folded, `???+` open.
    assert_eq!(page.select(".callout-tip .callout-warning").len(), 1);
    assert_eq!(
        page.texts("[data-callout='tab'] pre code"),
        ["pip install thing"]
    );
    assert_eq!(page.select("details.callout-question:not([open])").len(), 1);
    assert_eq!(page.select("details.callout-note[open]").len(), 1);
    let code = page.texts("pre code");
    assert!(code.iter().any(|c| c.starts_with("!!! note")), "{code:?}");
    // The question is a card, as any question callout is.
    let tsv = std::fs::read_to_string(site.path("public/cards.tsv")).unwrap();
    assert!(
        tsv.lines()
            .any(|l| l.contains("Which Python does it need?") && l.contains("Python 3.8 or later.")),
        "{tsv}"
    );
}

#[test]
fn a_mistake_inside_a_block_is_reported_at_its_line() {
    let site = TestSite::new();
    site.write(
        "notes/install.md",
        "# Install\n\n!!! note\n    Text.\n\n    See [gone](gone.md).\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("notes/install.md:6:"),
        "{}",
        stderr(&out)
    );
}

/// A heading's attribute list as Python-Markdown writes it, `{ id="9.7.0" }` (Material's
/// changelog), names the heading's id as `{#id}` does; links to it were broken.
#[test]
fn an_id_written_as_an_attribute_names_the_heading() {
    let site = TestSite::new();
    site.write(
        "notes/changelog.md",
        "# Changelog\n\n### 9.7.0 <small>November 11, 2025</small> { id=\"9.7.0\" }\n\nFixes.\n\n## Plain { #plain .wide }\n",
    )
    .write("notes/news.md", "# News\n\nSee [9.7.0](changelog.md#9.7.0) and [plain](changelog.md#plain).\n");
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        site.page("changelog.html")
            .attrs(".content h3, .content h2", "id"),
        ["9.7.0", "plain"]
    );
    assert_eq!(
        site.page("news.html").attrs(".content p a", "href"),
        ["changelog.html#9.7.0", "changelog.html#plain"]
    );
}
