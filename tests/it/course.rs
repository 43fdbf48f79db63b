//! The repository's own course in `notes/`, built as a reader gets it.

use crate::common::{Page, TestSite};
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::sync::OnceLock;

fn course() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::new();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = site.path("public");
        let result = std::process::Command::new(env!("CARGO_BIN_EXE_studysite"))
            .args(["build", "--quiet", "--root"])
            .arg(repo)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        site
    })
}

fn notes() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

fn frontmatter(text: &str) -> serde_yaml::Mapping {
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|t| t.split("\n---\n").next())
        .unwrap_or("");
    serde_yaml::from_str(yaml).unwrap_or_default()
}

#[test]
fn every_note_has_title_summary_and_tags() {
    for (rel, text) in notes() {
        let fm = frontmatter(&text);
        for key in ["title", "summary", "tags"] {
            assert!(fm.contains_key(key), "{rel} has no {key}");
        }
    }
}

#[test]
fn every_concept_note_has_key_facts() {
    for (rel, text) in notes() {
        if rel.ends_with("index.md") || rel == "summary.md" {
            continue;
        }
        assert!(text.contains("> [!KEY]\n> - "), "{rel} has no key facts");
    }
}

#[test]
fn every_note_is_reachable_from_the_home_page_by_its_links() {
    let site = course();
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(url) = queue.pop_front() {
        let page = site.page(&url);
        let dir = Path::new(&url).parent().unwrap().to_path_buf();
        for href in page.attrs(".content a[href], .course a[href]", "href") {
            if href.starts_with('#') || href.contains("://") {
                continue;
            }
            let target = dir.join(href.split('#').next().unwrap());
            let target = normalize(&target);
            if target.ends_with(".html") && seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    for (rel, _) in notes() {
        let url = rel.replace(".md", ".html");
        assert!(
            seen.contains(&url),
            "{url} cannot be reached from the home page"
        );
    }
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c.as_os_str().to_str().unwrap() {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other.to_string()),
        }
    }
    parts.join("/")
}

#[test]
fn every_diagram_is_rendered_to_svg() {
    let site = course();
    let mut total = 0;
    for (rel, text) in notes() {
        let blocks = text.matches("```pikchr").count();
        total += blocks;
        let page = site.page(&rel.replace(".md", ".html"));
        assert_eq!(
            page.select("figure.diagram > svg.diagram").len(),
            blocks,
            "{rel}"
        );
    }
    assert!(
        total >= 4,
        "the four flows of the seeds are drawn: found {total} diagrams"
    );
}

#[test]
fn the_named_comparisons_are_tables_of_linked_notes() {
    let site = course();
    let index: Page = site.page("comparisons.html");
    let titles = index.texts("ul.comparison-index > li > a");
    for wanted in ["Docker", "EC2", "Batch", "Fargate", "ECS"] {
        assert!(
            titles.iter().any(|t| t.contains(wanted)),
            "no comparison about {wanted}: {titles:?}"
        );
    }
    assert!(titles.len() >= 5, "{titles:?}");
    for href in index.attrs("ul.comparison-index > li > a", "href") {
        let (page, id) = href.split_once('#').unwrap();
        let page = site.page(page);
        let table = page.select(&format!("figure#{id} table.compare"));
        assert_eq!(table.len(), 1, "{href}");
        assert!(
            !page.select(&format!("figure#{id} thead a")).is_empty(),
            "{href}: no header links to notes"
        );
    }
}
