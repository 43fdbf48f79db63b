//! `studysite serve`'s incremental paths, each checked against a new build: a body edit, a link
//! added and removed, a heading, a title (which moves the note in the outline, and which links
//! naming it by title find or lose), a folder page's title, in a small site (every page shows
//! the whole outline) and in a big one (pages show a window of it). After each edit every page
//! served, all of them kept from before the edit, is byte for byte what `build` writes, so a
//! page the edit changed but the preview did not forget fails the test.

use crate::common::TestSite;
use crate::serve::served_pages_match_build;
use studysite::command::serve::{Preview, Rebuild};
use studysite::Options;

/// Builds `site` with `build --allow-broken-links` and checks that the preview serves every
/// HTML page of the output byte for byte; returns how many it compared.
fn assert_served_as_built(site: &TestSite, preview: &Preview) -> usize {
    served_pages_match_build(site, preview, &["--allow-broken-links"])
}

fn preview(site: &TestSite, work: &tempfile::TempDir) -> Preview {
    let options = Options {
        root: site.root().to_path_buf(),
        allow_broken_links: true,
        ..Options::default()
    };
    let preview = Preview::new(&options, work.path());
    assert!(preview.out_dir().is_dir());
    preview
}

/// Writes each edit of `rel` in turn; each must be brought in incrementally and serve what a new
/// build writes. Returns the pages the last edit changed.
fn edit_in_turn(site: &TestSite, preview: &Preview, rel: &str, edits: &[String]) -> Vec<String> {
    let note = site.path(rel);
    let mut changed = Vec::new();
    for (i, edit) in edits.iter().enumerate() {
        std::fs::write(&note, edit).unwrap();
        match preview.apply(std::slice::from_ref(&note)) {
            Rebuild::Pages(pages) => changed = pages,
            other => panic!("edit {i} of {rel}: {other:?}"),
        }
        assert_served_as_built(site, preview);
    }
    changed
}

const TARGET: &str =
    "---\ntitle: Target\ntags: [t]\n---\nThe target's text.\n\n## Setup\n\nSteps.\n";

fn small_site() -> TestSite {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nStart at [[Target]].\n")
        .write(
            "notes/a/index.md",
            "---\ntitle: Part A\n---\nThe first part.\n",
        )
        .write("notes/a/target.md", TARGET)
        .write(
            "notes/a/before.md",
            "---\ntitle: Before\ntags: [t]\n---\nSee [[target#Setup]].\n",
        )
        .write(
            "notes/a/later.md",
            "---\ntitle: Later\ntags: [t]\n---\nNothing yet; [[Aim]] is to come.\n",
        )
        .write(
            "notes/b/other.md",
            "---\ntitle: Other\n---\nAbout [[a/target|the target]] and [[Part A]].\n",
        )
        .write("notes/b/embeds.md", "# Embeds\n\n![[target]]\n");
    site
}

#[test]
fn body_link_heading_and_title_edits_serve_what_a_new_build_writes() {
    let site = small_site();
    let work = tempfile::tempdir().unwrap();
    let preview = preview(&site, &work);
    // Every page served once, so that all of them are kept.
    assert!(assert_served_as_built(&site, &preview) > 6);
    let edits = [
        // The body alone.
        TARGET.replace("Steps.", "Steps, in order."),
        // A link added, then removed.
        TARGET.replace("Steps.", "Steps; see [[Other]]."),
        TARGET.to_string(),
        // A heading added, one renamed that nothing links to by its text.
        format!("{TARGET}\n## Teardown\n\nUndo it.\n"),
        format!("{TARGET}\n## Cleanup\n\nUndo it.\n"),
        // A title: `[[Target]]` on the home page breaks, `[[Aim]]` in `later` now finds it, and
        // it moves in its folder's outline, past `later`.
        TARGET.replace("title: Target", "title: Aim"),
        // And back.
        TARGET.to_string(),
    ];
    edit_in_turn(&site, &preview, "notes/a/target.md", &edits);
    // A folder page's title is its folder's in every outline, and `[[Part A]]` names it.
    edit_in_turn(
        &site,
        &preview,
        "notes/a/index.md",
        &["---\ntitle: Part One\n---\nThe first part.\n".to_string()],
    );
}

#[test]
fn title_edits_in_a_site_that_shows_a_window_of_the_outline_serve_what_a_new_build_writes() {
    let site = small_site();
    // Over 300 notes: a page's outline shows its own folder's entries around it.
    for i in 0..300 {
        site.write(
            &format!("notes/c/n{i:03}.md"),
            format!("---\ntitle: Note {i:03}\ntags: [t]\n---\nText {i}.\n"),
        );
    }
    let work = tempfile::tempdir().unwrap();
    let preview = preview(&site, &work);
    assert!(assert_served_as_built(&site, &preview) > 300);
    let changed = edit_in_turn(
        &site,
        &preview,
        "notes/c/n150.md",
        &["---\ntitle: A first note\ntags: [t]\n---\nText 150.\n".to_string()],
    );
    // Its folder's pages list it, `b/other` is now before it in the course (its "next"); a page
    // elsewhere that neither lists, links to nor neighbours it is kept.
    for page in ["c/n000.html", "b/other.html"] {
        assert!(changed.iter().any(|p| p == page), "{page}: {changed:?}");
    }
    assert!(!changed.iter().any(|p| p == "b/embeds.html"), "{changed:?}");
    edit_in_turn(
        &site,
        &preview,
        "notes/a/target.md",
        &[TARGET.replace("title: Target", "title: Zed")],
    );
    edit_in_turn(
        &site,
        &preview,
        "notes/a/index.md",
        &["---\ntitle: Part Zero\n---\nThe first part.\n".to_string()],
    );
}

/// A title edit resolves again only the links that may change, as the preview keeps them
/// note by note: a link written since the preview started, broken or naming the new title,
/// must be found as well as those the first build had.
#[test]
fn a_title_edit_finds_the_links_written_since_the_preview_started() {
    let site = small_site();
    site.write("notes/b/plain.md", "# Plain\n\nNo links yet.\n");
    let work = tempfile::tempdir().unwrap();
    let preview = preview(&site, &work);
    assert!(assert_served_as_built(&site, &preview) > 6);
    let plain = "notes/b/plain.md";
    // A link to a title no note has (broken, allowed), which the retitled note then takes.
    edit_in_turn(
        &site,
        &preview,
        plain,
        &["# Plain\n\nSee [[Zeta]].\n".into()],
    );
    let zeta = TARGET.replace("title: Target", "title: Zeta");
    let changed = edit_in_turn(&site, &preview, "notes/a/target.md", &[zeta]);
    assert!(changed.iter().any(|p| p == "b/plain.html"), "{changed:?}");
    // A link to the folder's page by its title, which the retitled note then shares: ambiguous.
    edit_in_turn(
        &site,
        &preview,
        plain,
        &["# Plain\n\nSee [[Part A]].\n".into()],
    );
    let part = TARGET.replace("title: Target", "title: Part A");
    let changed = edit_in_turn(&site, &preview, "notes/a/target.md", &[part]);
    assert!(changed.iter().any(|p| p == "b/plain.html"), "{changed:?}");
}
