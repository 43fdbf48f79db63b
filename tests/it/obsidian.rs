//! A notes folder written for other tools, built as it is: the Obsidian vault in
//! `tests/fixtures/obsidian` (properties as Obsidian and Obsidian Publish write them, beside
//! notes written for Hugo and Jekyll), and the mistakes that must still stop a build, with
//! their exact messages.

use crate::common::{stderr, text, TestSite};
use std::sync::OnceLock;

/// Built once for all tests here that only read it.
fn built() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::fixture("obsidian");
        site.build();
        site
    })
}

#[test]
fn the_vault_checks_with_a_warning_for_each_empty_note_and_each_question_callout_without_a_question(
) {
    let site = TestSite::fixture("obsidian");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stderr = stderr(&out);
    let (warnings, summary) = stderr.rsplit_once("checked ").unwrap();
    assert_eq!(
        warnings,
        "warning: notes/Cloud/Only properties.md:5:1: note has nothing after its frontmatter
  = help: write something in it, or leave it out of the site: rename it with a leading `_`, or list it under `ignore:` in site.yaml
warning: notes/Cloud/Placeholder.md:1:1: note is empty
  = help: write something in it, or leave it out of the site: rename it with a leading `_`, or list it under `ignore:` in site.yaml
warning: notes/Syntax/Callouts.md:12:1: question callout without a question: shown, but not made a card
    |
 12 | > [!question]
    | ^
  = help: to make it a card, write the question after the marker: `> [!question] How long can a Lambda function run?`
"
    );
    assert!(
        summary.starts_with("13 notes into 27 pages in "),
        "{summary}"
    );
    assert!(summary.ends_with("s, 3 warnings\n"), "{summary}");
}

#[test]
fn empty_notes_still_get_their_page() {
    let site = built();
    for (page, title) in [
        ("Cloud/Placeholder.html", "Placeholder"),
        ("Cloud/Only properties.html", "Only properties"),
    ] {
        assert_eq!(site.page(page).texts("main h1"), [title]);
    }
}

#[test]
fn a_permalink_names_the_page_and_every_link_follows_it() {
    let site = built();
    assert!(site.path("public/aws/lambda-basics.html").is_file());
    assert!(!site.path("public/Cloud/Lambda basics.html").exists());
    let page = site.page("aws/lambda-basics.html");
    // Its own links, made from where it now is, reach their pages and files.
    let hrefs = page.attrs(".content a:not(.anchor)", "href");
    assert_eq!(
        hrefs,
        ["../Cloud/Fold.html", "../University/Lecture%201.html"]
    );
    assert_eq!(page.attrs(".content img", "src"), ["../Cloud/diagram.svg"]);
    for href in hrefs.iter().chain(&page.attrs(".content img", "src")) {
        let target = href.replace("%20", " ");
        assert!(site.path("public/aws").join(target).is_file(), "{href}");
    }
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href")[0],
        "../style.css"
    );
    // Links to it still name its file (or title, or alias): the permalink is only where it goes.
    let lecture = site.page("University/Lecture 1.html");
    assert_eq!(
        lecture.attrs(".content a", "href")[1..],
        ["../aws/lambda-basics.html"]
    );
    let fold = site.page("Cloud/Fold.html");
    assert_eq!(
        fold.attrs(".content p a", "href"),
        ["../aws/lambda-basics.html"]
    );
    // In the outline it stays in the folder its file is in.
    assert_eq!(
        fold.texts("nav.outline li.section:first-of-type li a"),
        ["Written for Hugo", "Written for Jekyll"]
    );
    assert_eq!(
        fold.attrs("nav.outline a[href$='lambda-basics.html']", "href"),
        ["../aws/lambda-basics.html"]
    );
}

#[test]
fn obsidian_properties_take_their_meaning() {
    let page = built().page("aws/lambda-basics.html");
    // cssclasses: classes on the page's body.
    assert_eq!(page.one("body").value().attr("class"), Some("wide cards"));
    // description: the summary.
    assert_eq!(
        page.texts("p.summary"),
        ["Functions that run when something happens, billed by the millisecond."]
    );
    // tags: "#aws/lambda", one string, a nested tag.
    assert_eq!(page.texts("ul.tags a"), ["aws/lambda"]);
    assert_eq!(page.attrs("ul.tags a", "href"), ["../tags/awslambda.html"]);
    // created and modified: the latest is when it was updated, as a date.
    assert_eq!(page.texts("p.updated"), ["Updated 2025-03-01"]);
    // A page with no classes has a bare body.
    let fold = built().page("Cloud/Fold.html");
    assert_eq!(fold.one("body").value().attr("class"), None);
    // tag (singular) and date; `aliases:` left empty.
    assert_eq!(fold.texts("ul.tags a"), ["lambda"]);
    assert_eq!(fold.texts("p.updated"), ["Updated 2024-02-29"]);
    // Nested tags, `#` dropped; `created` as a link to the day's daily note.
    let lecture = built().page("University/Lecture 1.html");
    assert_eq!(lecture.texts("ul.tags a"), ["uni/ds", "exam"]);
    assert_eq!(lecture.texts("p.updated"), ["Updated 2023-10-05"]);
}

#[test]
fn publish_false_and_published_false_are_drafts() {
    let site = built();
    assert!(!site.path("public/Cloud/Unpublished.html").exists());
    assert!(!site.path("public/Blog/Not published.html").exists());
    let drafts = TestSite::fixture("obsidian");
    let out = drafts.run(&["build", "--drafts", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(drafts.path("public/Cloud/Unpublished.html").is_file());
    assert!(drafts.path("public/Blog/Not published.html").is_file());
}

#[test]
fn hugo_and_jekyll_front_matter_take_their_meaning() {
    let site = built();
    // Hugo: `slug` names the page in its folder, `weight` orders it, `lastmod` after `date`.
    let hugo = site.page("Blog/hugo-style.html");
    assert_eq!(hugo.texts("main h1"), ["Written for Hugo"]);
    assert_eq!(
        hugo.texts("p.summary"),
        ["Hugo's front matter, as Hugo writes it."]
    );
    assert_eq!(hugo.texts("p.updated"), ["Updated 2024-03-02"]);
    assert_eq!(hugo.texts("ul.tags a"), ["hugo", "static-sites"]);
    // Jekyll: `permalink: /jekyll/post/` is the page jekyll/post.html.
    let jekyll = site.page("jekyll/post.html");
    assert_eq!(jekyll.texts("main h1"), ["Written for Jekyll"]);
    assert_eq!(jekyll.texts("p.updated"), ["Updated 2024-04-01"]);
    assert_eq!(
        jekyll.attrs(".content a", "href"),
        ["../Blog/hugo-style.html"]
    );
    assert_eq!(
        jekyll.attrs("nav.pager a", "href"),
        ["../Blog/hugo-style.html", "../Cloud/Fold.html"]
    );
}

#[test]
fn ignored_and_hidden_files_stay_out() {
    let site = built();
    for gone in [
        "Templates",
        "Templates/Lecture.html",
        "Whiteboard.excalidraw.html",
        ".obsidian",
        ".trash",
        "tags/excalidraw.html",
    ] {
        assert!(!site.path("public").join(gone).exists(), "{gone}");
    }
    let tags = site.page("tags.html");
    assert!(!tags.texts("main a").contains(&"excalidraw".to_string()));
}

#[test]
fn templates_see_the_keys_of_other_tools_as_written() {
    let site = TestSite::fixture("obsidian");
    site.write(
        "templates/note.html",
        r#"{% extends "base.html" %}{% block content %}
<p id="permalink">{{ page.extra.permalink | default(value="none") }}</p>
<p id="mobile">{{ page.extra.mobile | default(value="none") }}</p>
<p id="created">{{ page.extra.created | default(value="none") }}</p>
<p id="course">{{ page.extra.course | default(value="none") }}</p>
{% endblock content %}"#,
    );
    site.build();
    let page = site.page("aws/lambda-basics.html");
    let texts = |css: &str| page.select(css).iter().map(text).collect::<Vec<_>>();
    assert_eq!(texts("#permalink"), ["aws/lambda-basics"]);
    assert_eq!(texts("#mobile"), ["false"]);
    assert_eq!(texts("#created"), ["2024-01-05 14:32"]);
    assert_eq!(texts("#course"), ["none"]);
    let lecture = site.page("University/Lecture 1.html");
    assert_eq!(lecture.texts("#course"), ["Distributed Systems"]);
    assert_eq!(lecture.texts("#permalink"), ["none"]);
}

/// `check` on a site of one note `notes/a.md`, failing with exactly `expected`.
fn check_fails(note: &str, site_yaml: Option<&str>, expected: &str) {
    let site = TestSite::new();
    site.write("notes/a.md", note);
    if let Some(yaml) = site_yaml {
        site.write("site.yaml", yaml);
    }
    let out = site.run(&["check"]);
    assert_eq!(stderr(&out), expected);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_key_one_edit_from_a_known_one_is_a_typo() {
    check_fails(
        "---\ntitle: A\ntittle: B\n---\nBody\n",
        None,
        "error: notes/a.md:3:1: unknown frontmatter key `tittle`
   |
 3 | tittle: B
   | ^
  = help: did you mean `title`? Other keys are kept for templates, but one this close to a known key is taken for a typo
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_value_of_the_wrong_kind_is_an_error_at_the_value() {
    check_fails(
        "---\ntitle: A\ntags:\n  - a\n  - {b: c}\norder: first\n---\nBody\n",
        None,
        "error: notes/a.md:3:6: `tags` must be a list of names, but item 2 is a mapping
   |
 3 | tags:
   |      ^
  = help: write `tags: [a, b]`, or one `- name` per line under `tags:`
error: notes/a.md:6:8: `order` must be a whole number, not `first`
   |
 6 | order: first
   |        ^
  = help: for example `order: 2`
error: 2 problems found; nothing was written
",
    );
}

#[test]
fn a_date_that_does_not_exist_is_an_error() {
    check_fails(
        "---\nupdated: 2026-13-45\n---\nBody\n",
        None,
        "error: notes/a.md:2:10: `updated` is not a date: `2026-13-45`
   |
 2 | updated: 2026-13-45
   |          ^
  = help: write it as YYYY-MM-DD, for example `updated: 2026-11-22`, or as a timestamp (`2026-11-22T14:30:00Z`)
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn strict_frontmatter_rejects_other_tools_keys() {
    check_fails(
        "---\ntitle: A\npermalink: a/b\n---\nBody\n",
        Some("strict_frontmatter: true\n"),
        "error: notes/a.md:3:1: `permalink` is not a studysite key (strict_frontmatter is on)
   |
 3 | permalink: a/b
   | ^
  = help: remove it, or set `strict_frontmatter: false` in site.yaml to keep other tools' keys; studysite's keys are title, summary, tags, aliases, order, draft, updated, related
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_permalink_may_not_leave_the_site() {
    check_fails(
        "---\npermalink: ../../etc/passwd\n---\nBody\n",
        None,
        "error: notes/a.md:2:12: `permalink` `../../etc/passwd` climbs out of the site with `..`
   |
 2 | permalink: ../../etc/passwd
   |            ^
  = help: write a path inside the site, with `/` between folders, for example `permalink: aws/lambda-basics`
error: 1 problem found; nothing was written
",
    );
    check_fails(
        "---\nslug: a\\b\n---\nBody\n",
        None,
        "error: notes/a.md:2:7: `slug` `a\\b` has a `\\`: separate folders with `/`
   |
 2 | slug: a\\b
   |       ^
  = help: write a path inside the site, with `/` between folders, for example `slug: lambda-basics`
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn two_pages_at_one_permalink_collide() {
    let site = TestSite::new();
    site.write("notes/a.md", "A\n")
        .write("notes/x/b.md", "---\npermalink: /A/\n---\nB\n");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: notes/x/b.md: note x/b.md (by its permalink) would be written to A.html, which is also note a.md
  = help: rename or move one of them (output names that differ only in case collide on macOS and Windows)
error: 1 problem found; nothing was written
"
    );
}

#[test]
fn an_ignore_pattern_that_is_no_glob_is_an_error_in_site_yaml() {
    check_fails(
        "Body\n",
        Some("title: T\nignore:\n  - Templates\n  - \"[abc\"\n"),
        "error: site.yaml:4:1: `ignore` pattern `[abc` is not a glob: unclosed character class; missing ']'
   |
 4 |   - \"[abc\"
   | ^
  = help: `*` stands for any name, `**` for any folders: for example `Templates`, `daily/**` or `*.excalidraw.md`
error: 1 problem found; nothing was written
",
    );
}

// Obsidian's links, embeds and syntax: the notes under `Syntax/`, written from Obsidian's help
// pages on internal links, embedding files, callouts, tags and formatting.

#[test]
fn wikilinks_find_notes_headings_and_blocks_as_obsidian_does() {
    let page = built().page("Syntax/Links.html");
    assert_eq!(
        page.attrs(".content p a:not(.embed-file)", "href"),
        [
            // By name anywhere, by path in the vault, by path from the note.
            "../University/Lecture%201.html",
            "../University/Lecture%201.html",
            "../Cloud/Fold.html",
            // A heading by its text (punctuation and case aside), a nested heading (the
            // `Detail` after `Part two`, not the first one), a heading here, a block.
            "Headings.html#part-one-the-start",
            "Headings.html#detail-1",
            "#tables",
            "Blocks.html#%5Efact-1",
        ]
    );
    // `\|` in a table cell separates the link's text, as in Obsidian.
    assert_eq!(page.attrs("td a", "href"), ["../Cloud/Fold.html"]);
    assert_eq!(page.texts("td a"), ["the fold note"]);
    // A link's text is no tag: `[[#Tables]]` tags nothing.
    assert!(page.texts("ul.tags a").is_empty());
}

#[test]
fn attachments_are_found_by_name_sized_and_files_are_links() {
    let page = built().page("Syntax/Links.html");
    assert_eq!(
        page.attrs(".content img", "src"),
        ["../Cloud/diagram.svg"; 4]
    );
    assert_eq!(page.attrs(".content img[width]", "width"), ["300", "300"]);
    assert_eq!(page.attrs(".content img[height]", "height"), ["200"]);
    assert_eq!(
        page.attrs("a.embed-file", "href"),
        ["../Attachments/slides.pdf"]
    );
    assert!(!page.texts(".content").concat().contains("![["));
}

#[test]
fn block_ids_mark_their_block_and_hide_the_marker() {
    let page = built().page("Syntax/Blocks.html");
    assert_eq!(
        page.texts(".content p[id='^fact-1']"),
        ["The first fact, with an id."]
    );
    assert_eq!(page.texts(".content li[id='^item-2']"), ["A listed fact"]);
    assert!(!page.texts(".content").concat().contains('^'));
}

#[test]
fn embeds_show_a_note_a_section_or_a_block_framed_and_linked_to_it() {
    let page = built().page("Syntax/Embeds.html");
    assert_eq!(
        page.attrs(".content > .embed > .embed-source a", "href"),
        [
            "Blocks.html",
            "Headings.html#part-two",
            "Blocks.html#%5Eitem-2",
            "Deeper/Inner.html"
        ]
    );
    let embeds = page.select(".content > .embed");
    let text = |i: usize| embeds[i].text().collect::<String>();
    assert!(text(0).contains("The first fact") && text(0).contains("Another item"));
    // The section: its heading and what is under it, up to the next heading of its level.
    assert!(text(1).contains("The detail of part two."));
    assert!(!text(1).contains("part three") && !text(1).contains("part one"));
    // The block alone.
    assert!(text(2).contains("A listed fact") && !text(2).contains("Another item"));
    // An embed's links resolve from the embedded note's folder, written from this page; its
    // own embed shows too.
    assert_eq!(
        page.attrs(
            ".content > .embed:nth-of-type(4) > p:not(.embed-source) a",
            "href"
        ),
        ["../Cloud/Fold.html", "Blocks.html"]
    );
    assert_eq!(
        page.attrs(".embed .embed .embed-source a", "href"),
        ["Blocks.html#%5Efact-1"]
    );
    // Only the page's own headings carry ids: the embedded ones would repeat them.
    assert_eq!(page.attrs(".content [id]", "id"), ["embeds"]);
}

#[test]
fn the_handout_shows_embeds_with_their_content_and_links_into_itself() {
    let handout = built().page("handout.html");
    let embeds = handout.texts("#Syntax--Embeds .embed");
    // Four embeds, and the one inside the embedded note.
    assert_eq!(embeds.len(), 5, "{embeds:#?}");
    let text = embeds.concat();
    for shown in [
        "The first fact",
        "Another item",
        "The detail of part two.",
        "A listed fact",
        "Links written here",
    ] {
        assert!(text.contains(shown), "{shown}: {text}");
    }
    assert!(!text.contains("part three"), "{text}");
    // Every link in an embed, its source's and those it shows, goes to a place in the handout.
    let ids = handout.attrs("[id]", "id");
    let hrefs = handout.attrs("#Syntax--Embeds .embed a", "href");
    assert_eq!(hrefs.len(), 7, "{hrefs:?}");
    for href in &hrefs {
        let target = href.strip_prefix('#').unwrap_or_else(|| panic!("{href}"));
        assert!(ids.iter().any(|id| id == target), "{href}");
    }
    assert!(hrefs.contains(&"#Cloud--Fold".to_string()), "{hrefs:?}");
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an id twice in {ids:?}");
}

#[test]
fn audio_and_video_embeds_play_the_copied_file_and_a_pdf_is_a_link() {
    let site = TestSite::new();
    site.write("site.yaml", "title: T\nhandout: always\n");
    let embeds = "![[talk.mp3]]\n\n![[clip.mp4|320x180]]\n\n![[paper.pdf]]\n";
    site.write("notes/Lectures/Week 1.md", format!("# Week 1\n\n{embeds}"));
    // Raw HTML: the page goes through the sanitizer, which must keep the players.
    site.write(
        "notes/Lectures/Week 2.md",
        format!("# Week 2\n\n{embeds}\n<b>raw</b> HTML.\n"),
    );
    for file in ["talk.mp3", "clip.mp4", "paper.pdf"] {
        site.write(&format!("notes/Attachments/{file}"), "bytes");
    }
    site.build();
    for page in ["Lectures/Week 1.html", "Lectures/Week 2.html"] {
        let page = site.page(page);
        assert_eq!(
            page.attrs(".content audio[controls]", "src"),
            ["../Attachments/talk.mp3"]
        );
        assert_eq!(
            page.attrs(".content audio > a", "href"),
            ["../Attachments/talk.mp3"]
        );
        assert_eq!(
            page.attrs(
                ".content video[controls][width=\"320\"][height=\"180\"]",
                "src"
            ),
            ["../Attachments/clip.mp4"]
        );
        assert_eq!(
            page.attrs(".content video > a", "href"),
            ["../Attachments/clip.mp4"]
        );
        // A PDF opens in the browser's own viewer.
        assert_eq!(
            page.attrs(".content p > a.embed-file", "href"),
            ["../Attachments/paper.pdf"]
        );
    }
    assert_eq!(site.output("Attachments/talk.mp3"), "bytes");
    // The handout plays nothing: the files are named.
    let handout = site.output("handout.html");
    assert!(!handout.contains("<audio") && !handout.contains("<video"));
    assert!(handout.contains("talk.mp3") && handout.contains("clip.mp4"));
}

#[test]
fn callouts_as_obsidian_writes_them() {
    let page = built().page("Syntax/Callouts.html");
    let callouts = page.select(".content .callout");
    let described: Vec<(String, Option<&str>, String)> = callouts
        .iter()
        .map(|c| {
            let v = c.value();
            let title = c
                .select(&scraper::Selector::parse(".callout-title").unwrap())
                .next()
                .map(|t| t.text().collect::<String>())
                .unwrap_or_default();
            (
                format!("{} {}", v.name(), v.attr("class").unwrap_or("")),
                v.attr("open"),
                title,
            )
        })
        .collect();
    let expected: Vec<(String, Option<&str>, String)> = [
        ("aside callout callout-tip", None, "A custom title"),
        ("details callout callout-question", None, "Why fold?"),
        (
            "details callout callout-warning",
            Some(""),
            "Open by default",
        ),
        // A question's answer waits until it is opened, foldable or not.
        ("details callout callout-question", None, "Question"),
        ("aside callout callout-success", None, "Answer"),
        ("aside callout callout-abstract", None, "Tldr"),
        // An unknown type is a note under its own name.
        ("aside callout callout-note", None, "Unknown type"),
        // GitHub's alert, as before.
        ("aside callout callout-note", None, "Note"),
        // Its marker line underlined (`> ---`): a title and a rule, not a heading.
        ("aside callout callout-abstract", None, "Related"),
    ]
    .into_iter()
    .map(|(c, o, t)| (c.to_string(), o, t.to_string()))
    .collect();
    assert_eq!(described, expected);
    assert_eq!(page.texts("summary.callout-title em"), Vec::<String>::new());
    assert_eq!(page.texts("p.callout-title em"), ["title"]);
    assert_eq!(
        page.texts("details.callout-question:not([data-callout=faq]) .callout-success p:not(.callout-title)"),
        ["Forty-two."]
    );
    assert!(!page.texts(".content").concat().contains("[!"));
    assert_eq!(page.select(".callout-abstract > hr").len(), 1);
    // The headings after it keep their ids.
    assert_eq!(page.attrs(".content h2[id]", "id"), ["before", "after"]);
}

#[test]
fn highlights_comments_and_inline_tags() {
    let site = built();
    let page = site.page("Syntax/Callouts.html");
    assert_eq!(page.texts(".content mark")[0], "highlighted text");
    // A highlighted formula, which is an event of its own between the markers.
    assert_eq!(page.select(".content mark > math").len(), 1);
    let cost = page.texts(".content p");
    let cost = cost.iter().find(|p| p.starts_with("The cost is")).unwrap();
    assert!(!cost.contains("=="), "{cost}");
    let text = page.texts(".content").concat();
    assert!(text.contains("a == b stays as it is"), "{text}");
    assert!(text.contains("Hidden text."), "{text}");
    // Comments are on no page, in no search index, in no handout.
    for file in ["Syntax/Callouts.html", "handout.html"] {
        let html = site.output(file);
        assert!(
            !html.contains("inline comment") && !html.contains("over lines"),
            "{file}"
        );
    }
    let mut search = String::new();
    // Each part of the index is deflated: read back as the page reads it.
    for entry in std::fs::read_dir(site.path("public/search")).unwrap() {
        let path = entry.unwrap().path();
        let js = std::fs::read_to_string(&path).unwrap();
        let name = js
            .strip_prefix("studysiteSearchPart(\"")
            .and_then(|rest| rest.split_once('"'))
            .map_or("", |(name, _)| name);
        let index = crate::common::search_part(&js, name)
            .unwrap_or_else(|| panic!("{} is not one search part", path.display()));
        assert!(!index.contains("inline comment") && !index.contains("over lines"));
        search.push_str(&index);
    }
    // The search text shows the words without the highlight's marks, but a lone `==`.
    assert!(search.contains("Some highlighted text here"), "{search}");
    assert!(search.contains("a == b stays"), "{search}");
    assert!(search.contains("The cost is O(n) at most."), "{search}");
    // `#1`, `C#` and code are no tags.
    assert_eq!(page.texts("ul.tags a"), ["inline-tag", "nested/tag"]);
}

#[test]
fn an_ambiguous_name_lists_its_candidates() {
    let site = TestSite::new();
    site.write("notes/a.md", "# A\n\n[[Twin]]\n");
    site.write("notes/x/Twin.md", "# Twin in x\n");
    site.write("notes/y/Twin.md", "# Twin in y\n");
    let out = site.run(&["check"]);
    assert_eq!(
        stderr(&out),
        "error: notes/a.md:3:1: broken link 'Twin': 'Twin' is ambiguous: it names 'Twin in x' (x/Twin.md), 'Twin in y' (y/Twin.md)
   |
 3 | [[Twin]]
   | ^
  = help: link by path instead, e.g. [[folder/note]]
error: 1 problem found; nothing was written
"
    );
    // The shortest path wins, as in Obsidian.
    site.write("notes/Twin.md", "# Twin at the top\n");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_embed_cycle_is_an_error_naming_the_notes() {
    let site = TestSite::new();
    site.write("notes/a.md", "# A\n\n![[b]]\n");
    site.write(
        "notes/b.md",
        // A part of a note showing another part of it is no cycle.
        "# B\n\n![[a#A]] ![[#Part]]\n\n## Part\n\nText.\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(
        stderr(&out),
        "error: notes/b.md:3:1: embed 'a#A' makes a cycle: a.md embeds b.md embeds a.md
   |
 3 | ![[a#A]] ![[#Part]]
   | ^
  = help: a note cannot show itself: link to one note of the cycle ([[…]]) instead of embedding it (![[…]])
error: 1 problem found; nothing was written
"
    );
}

/// A Markdown link as Obsidian's own developer docs write it (`[win](WorkspaceWindow/win)` in
/// `API/WorkspaceWindow/win.md`, a thousand of them): not found from the note's folder, it
/// names the note whose path ends so, as a wikilink would; a `./` or `../` path stays a path.
#[test]
fn a_markdown_link_finds_the_note_its_path_ends_with_as_obsidian_does() {
    let site = TestSite::new();
    site.write(
        "notes/API/WorkspaceWindow/win.md",
        "# win\n\n[`WorkspaceWindow`](WorkspaceWindow) › [`win`](WorkspaceWindow/win)\n",
    )
    .write(
        "notes/API/WorkspaceWindow.md",
        "# WorkspaceWindow\n\n[win](WorkspaceWindow/win)\n",
    )
    .build();
    assert_eq!(
        site.page("API/WorkspaceWindow/win.html")
            .attrs("main p a", "href"),
        // The page itself: its top.
        ["../WorkspaceWindow.html", "#"]
    );
    assert_eq!(
        site.page("API/WorkspaceWindow.html")
            .attrs("main p a", "href"),
        ["WorkspaceWindow/win.html"]
    );

    site.write("notes/API/other.md", "# Other\n\n[win](./Workspace/win)\n");
    let out = site.run(&["check"]);
    assert!(
        stderr(&out)
            .contains("broken link './Workspace/win': no note or file at 'API/Workspace/win'"),
        "{}",
        stderr(&out)
    );
    // A name two notes end with is ambiguous, as for a wikilink.
    site.write("notes/API/other.md", "# Other\n\n[twin](Twin)\n")
        .write("notes/x/Twin.md", "# Twin in x\n")
        .write("notes/y/Twin.md", "# Twin in y\n");
    let out = site.run(&["check"]);
    assert!(
        stderr(&out).contains("broken link 'Twin': 'Twin' is ambiguous: it names 'Twin in x' (x/Twin.md), 'Twin in y' (y/Twin.md)"),
        "{}",
        stderr(&out)
    );
}
