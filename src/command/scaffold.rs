//! Scaffolding. In: a folder and, for a note, its title and date. Out: `studysite new` writes a
//! note with its frontmatter filled in; `studysite init` writes a new site (config, a home
//! note, a sample note with a comparison, the Pages workflow) that builds as it is.

use crate::util::error::{Diagnostic, Error, Result};
use crate::util::ids::slugify;
use std::path::{Path, PathBuf};

/// Creates `<dir>/<slug>.md` for `title`; never overwrites an existing file.
pub fn new_note(dir: &Path, title: &str, today: &str) -> Result<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(
            Diagnostic::error(format!("cannot make a file name from the title '{title}'"))
                .with_help("use a title with letters or digits")
                .into(),
        );
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create folder", dir, e))?;
    let path = dir.join(format!("{slug}.md"));
    let title_yaml = serde_yaml::to_string(title).unwrap_or_else(|_| format!("{title:?}\n"));
    let text = format!(
        "---\ntitle: {title_yaml}summary: \"\"\ntags: []\nupdated: {today}\n---\n\nWrite your note here.\n"
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Invalid(vec![Diagnostic::error(format!(
                "{} already exists",
                path.display()
            ))
            .with_help("choose another title, or edit the existing note")]),
            _ => Error::io("create", &path, e),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Error::io("write", &path, e))?;
    Ok(path)
}

const INIT_HOME: &str = r#"---
title: Welcome
summary: What this course covers and where to start.
tags: [course]
order: 0
---
Welcome! Start with the [[Sample note]], then add your own notes to the `notes/` folder
(`studysite new "Title"` writes one with its frontmatter filled in).
"#;

const INIT_SAMPLE: &str = r#"---
title: Sample note
summary: Shows key facts, a comparison and a diagram.
tags: [course]
order: 1
---
This note shows what a study note can hold. Go back to the [[Welcome|home page]].

## A comparison

```compare
title: Sample note vs a plain page
things:
  - sample-note
  - label: A plain page
rows:
  - aspect: Key facts
    values: [Collected in a callout, Scattered in the text]
  - aspect: Comparisons
    values: [Tables from data with a study mode, Hand-written tables]
```

## A diagram

```pikchr
box "Notes" fit; arrow; box "studysite" fit; arrow; box "Site" fit
```

> [!KEY]
> - Key facts go in a `> [!KEY]` callout, one fact per bullet.
> - Comparisons are data in a `compare` block.
"#;

const INIT_WORKFLOW: &str = r#"# Builds this site with studysite and publishes it on GitHub Pages.
# Enable it: Settings -> Pages -> Source: "GitHub Actions", then push to main.
name: Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # Where studysite is installed from; set the repository variable STUDYSITE_GIT to use a fork.
  STUDYSITE_GIT: ${{ vars.STUDYSITE_GIT || 'https://github.com/studysite/studysite' }}

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: dtolnay/rust-toolchain@stable
      - uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/studysite
          key: studysite-${{ runner.os }}-${{ env.STUDYSITE_GIT }}
      - run: command -v studysite || cargo install --locked --git "$STUDYSITE_GIT" studysite
      - id: pages
        uses: actions/configure-pages@v5
      - run: studysite build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

/// Writes a new site into `dir` (created if missing). Refuses to overwrite any file.
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>> {
    let title = dir
        .canonicalize()
        .ok()
        .or_else(|| std::path::absolute(dir).ok())
        .and_then(|d| {
            d.file_name()
                .map(|n| crate::load::site::title_from_name(&n.to_string_lossy()))
        })
        .unwrap_or_else(|| "My course".into());
    let site_yaml = format!(
        "title: {}language: en\n# base_url: https://USER.github.io/REPO/\n",
        serde_yaml::to_string(&title).unwrap_or_else(|_| "My course\n".into())
    );
    let files: [(&str, &str); 5] = [
        ("site.yaml", &site_yaml),
        ("notes/index.md", INIT_HOME),
        ("notes/sample-note.md", INIT_SAMPLE),
        (".github/workflows/pages.yml", INIT_WORKFLOW),
        (".gitignore", "/public\n"),
    ];
    if let Some((existing, _)) = files.iter().find(|(rel, _)| dir.join(rel).exists()) {
        return Err(
            Diagnostic::error(format!("{} already exists", dir.join(existing).display()))
                .with_help("init only writes into a new or empty folder; choose another one")
                .into(),
        );
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_note_has_frontmatter_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = new_note(dir.path(), "Lambda: pricing", "2026-11-22").unwrap();
        assert_eq!(path.file_name().unwrap(), "lambda-pricing.md");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("---\ntitle: 'Lambda: pricing'\n"),
            "{text}"
        );
        assert!(new_note(dir.path(), "Lambda: pricing", "2026-11-22").is_err());
    }
}
