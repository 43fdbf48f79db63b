//! Imported documentation, written without frontmatter: README.md pages, `<a name>` anchors,
//! reference links, folder links, a file name with a space. It builds, and exactly its two
//! really broken links are reported.

use crate::common::{stderr, TestSite};

#[test]
fn imported_docs_build_and_only_real_breakage_is_reported() {
    let site = TestSite::fixture("realworld");
    let out = site.run(&["build", "--allow-broken-links", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    let warnings: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .map(str::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: notes/api/fs.md:10:1: broken link '#streams': no heading or anchor '#streams' in api/fs.md",
            "warning: notes/guide/README.md:4:29: broken link 'removed.md': no note or file at 'guide/removed.md'",
        ]
    );
    // Without the flag, the same two fail the build.
    let strict = site.run(&["check"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).ends_with("error: 2 problems found; nothing was written\n"));
}

#[test]
fn readme_pages_become_index_pages_and_links_follow() {
    let site = TestSite::fixture("realworld");
    site.run(&["build", "--allow-broken-links", "--quiet"]);
    let home = site.page("index.html");
    assert_eq!(home.texts("main h1"), ["Project documentation#"]);
    assert_eq!(
        home.attrs(".content p a", "href"),
        [
            "guide/index.html",
            "guide/install.html#linux",
            "api/fs.html#fsreadfilepath-options-callback",
            "My%20Notes.html"
        ]
    );
    assert_eq!(home.attrs(".content img", "src"), ["images/diagram.png"]);
    let guide = site.page("guide/index.html");
    assert_eq!(
        guide.attrs(".content p a", "href")[..2],
        ["install.html", "../api/fs.html#reading-files"]
    );
    let install = site.page("guide/install.html");
    assert_eq!(
        install.attrs(".content p a", "href"),
        ["../index.html", "#on-windows-10--11", "#linux", "#win-note"]
    );
    assert!(site.path("public/My Notes.html").is_file());
    assert!(site.path("public/images/diagram.png").is_file());
}

/// CommonMark's email autolink (`<ann@example.org>`, as licence notices write it) is a `mailto:`
/// link, on the page and in the handout; it was looked up as a file beside the note and failed
/// the build as a broken link.
#[test]
fn an_email_autolink_is_a_mailto_link_not_a_missing_file() {
    let site = TestSite::new();
    site.write(
        "notes/credits.md",
        "# Credits\n\nCopyright Ann Example <ann@example.org> and [Bob](mailto:bob@example.org).\n",
    );
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = site.page("credits.html");
    assert_eq!(
        page.attrs(".content p a", "href"),
        ["mailto:ann@example.org", "mailto:bob@example.org"]
    );
    assert_eq!(page.texts(".content p a"), ["ann@example.org", "Bob"]);
    let handout = site.page("handout.html");
    assert_eq!(
        handout.attrs(".handout-note a[href^='mailto:']", "href"),
        ["mailto:ann@example.org", "mailto:bob@example.org"]
    );
}

/// A link that is only a query (`?q=lambda`, as Material for MkDocs' blog links its search) is
/// the page itself, as browsers read it; in a folder with no index it was looked up as the
/// folder's page and failed the build.
#[test]
fn a_query_only_link_is_the_page_itself() {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nSee [search](?q=home).\n")
        .write(
            "notes/blog/posts/search.md",
            "# Search\n\nTry [lambda][q] or [the intro](?q=intro#search).\n\n  [q]: ?q=lambda\n",
        );
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = site.page("blog/posts/search.html");
    assert_eq!(page.attrs(".content p a", "href"), ["#", "#search"]);
    assert_eq!(site.page("index.html").attrs(".content p a", "href"), ["#"]);
}

/// TOML frontmatter between `+++` lines, as Zola (always) and Hugo (often) write it: read as
/// YAML's is, Zola's `[taxonomies]` tags included; it was shown as the page's first paragraph.
#[test]
fn toml_frontmatter_as_zola_and_hugo_write_it() {
    let site = TestSite::new();
    site.write(
        "notes/zola.md",
        "+++\ntitle = \"From Zola\"\ndate = 2024-01-02\nweight = 2\n\n[taxonomies]\ntags = [\"aws\", \"serverless\"]\n\n[extra]\ntoc = true\n+++\n\nBody.\n",
    )
    .write(
        "notes/hugo.md",
        "+++\ntitle = 'From Hugo'\nlastmod = 2025-03-04T10:00:00Z\ntags = ['aws']\ndraft = false\n+++\n\nBody.\n",
    )
    .write("notes/hidden.md", "+++\ntitle = \"Hidden\"\ndraft = true\n+++\nNot built.\n");
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let zola = site.page("zola.html");
    assert_eq!(zola.texts("main h1"), ["From Zola"]);
    assert!(!zola.0.html().contains("+++"));
    let tagged = site.page("tags/serverless.html").texts("main li a");
    assert!(tagged.contains(&"From Zola".to_string()), "{tagged:?}");
    assert!(!tagged.contains(&"From Hugo".to_string()), "{tagged:?}");
    let hugo = site.page("hugo.html");
    assert_eq!(hugo.texts("main h1"), ["From Hugo"]);
    assert!(
        hugo.0.html().contains("2025-03-04"),
        "the updated date is shown"
    );
    assert!(!site.path("public/hidden.html").exists());
    // A typo'd key and a TOML mistake are errors at their places.
    site.write("notes/hugo.md", "+++\ntitel = 'x'\n+++\nBody.\n");
    let out = site.run(&["check"]);
    assert!(
        stderr(&out).contains("notes/hugo.md:2:1: unknown frontmatter key `titel`"),
        "{}",
        stderr(&out)
    );
    site.write(
        "notes/hugo.md",
        "+++\ntitle = 'x'\ndate = = 2\n+++\nBody.\n",
    );
    let out = site.run(&["check"]);
    assert!(
        stderr(&out).contains("notes/hugo.md:3:"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("not valid TOML"), "{}", stderr(&out));
}

/// A Zola content folder: TOML headers, each section's `_index.md` its index page (it was
/// skipped as a name starting with `_`), and internal links `@/path.md` from the content
/// folder, which failed as broken links.
#[test]
fn a_zola_content_folder_builds_with_its_section_pages_and_internal_links() {
    let site = TestSite::new();
    site.write(
        "notes/_index.md",
        "+++\ntitle = \"Docs\"\n+++\nStart with [the guide](@/guide/_index.md).\n",
    )
    .write(
        "notes/guide/_index.md",
        "+++\ntitle = \"Guide\"\nsort_by = \"weight\"\n+++\nSee [install](@/guide/install.md#linux) and [home](@/_index.md).\n",
    )
    .write(
        "notes/guide/install.md",
        "+++\ntitle = \"Install\"\nweight = 1\n+++\n## Linux\n\nBack to [the guide](./).\n",
    )
    .write("notes/_drafts/later.md", "# Later\n");
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let home = site.page("index.html");
    assert_eq!(home.texts("main h1"), ["Docs"]);
    assert_eq!(home.attrs(".content p a", "href"), ["guide/index.html"]);
    let guide = site.page("guide/index.html");
    assert_eq!(guide.texts("main h1"), ["Guide"]);
    assert_eq!(
        guide.attrs(".content p a", "href"),
        ["install.html#linux", "../index.html"]
    );
    let install = site.page("guide/install.html");
    assert_eq!(install.attrs(".content p a", "href"), ["index.html"]);
    // Other names starting with `_` are still set aside.
    assert!(!site.path("public/_drafts").exists());
}

/// A vault's template folder, as its Obsidian settings name it: the templates (whose
/// `created: {{date}}` is no date) are no notes, and failed the build; the other files there,
/// such as a `.base` a note embeds, are still files.
#[test]
fn a_vaults_templates_are_not_notes_but_its_files_there_are_files() {
    let site = TestSite::new();
    site.write(
        "notes/.obsidian/templates.json",
        "{\n  \"folder\": \"Storage/Templates\"\n}",
    )
    .write(
        "notes/Storage/Templates/Book Template.md",
        "---\ncreated: {{date}}\ntags: [books]\n---\n# {{title}}\n",
    )
    .write(
        "notes/Storage/Templates/Bases/Books.base",
        "views:\n  - type: table\n",
    )
    .write("notes/Books.md", "# Books\n\n![[Books.base]]\n")
    .write(
        "notes/Templates/Real.md",
        "# A real note in another Templates folder\n",
    );
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!site
        .path("public/Storage/Templates/Book Template.html")
        .exists());
    assert!(site
        .path("public/Storage/Templates/Bases/Books.base")
        .is_file());
    assert_eq!(
        site.page("Books.html").attrs(".content p a", "href"),
        ["Storage/Templates/Bases/Books.base"]
    );
    assert!(site.path("public/Templates/Real.html").is_file());
}
