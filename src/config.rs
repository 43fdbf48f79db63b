//! Configuration: what the CLI asked for ([`Options`]) and what the site says about itself
//! (`site.yaml`, [`SiteConfig`]). In: flags and the optional `site.yaml`. Out: one checked
//! [`Settings`] value that every later stage reads.

use crate::error::{Diagnostic, Error, Result};
use crate::yaml::{parse_strict, Origin};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What the caller asks for; paths not given fall back to the conventional layout under `root`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub notes: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub allow_broken_links: bool,
    /// `build` only: build even when the output is up to date (see [`crate::fingerprint`]).
    pub force: bool,
}

/// `site.yaml`: optional, strict like frontmatter.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    pub author: Option<String>,
    /// The page language, as a BCP 47 tag (`en`, `de-CH`).
    pub language: String,
    /// Where the site is published (`https://user.github.io/repo/`); only used for canonical
    /// links and the sitemap: pages themselves always link relatively.
    pub base_url: Option<String>,
    /// Report broken links as warnings instead of failing, for imported material.
    pub allow_broken_links: bool,
    /// Follow symlinks that lead out of the notes folder (never into the output): without
    /// it they are left out with a warning, so a link to `/etc/passwd` or a private folder
    /// is not published by accident.
    pub follow_external_links: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Study notes".into(),
            description: None,
            author: None,
            language: "en".into(),
            base_url: None,
            allow_broken_links: false,
            follow_external_links: false,
        }
    }
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "author",
    "language",
    "base_url",
    "allow_broken_links",
    "follow_external_links",
];

/// Everything later stages need, with paths resolved and flags merged over `site.yaml`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub root: PathBuf,
    pub notes_dir: PathBuf,
    pub out_dir: PathBuf,
    pub drafts: bool,
    pub site: SiteConfig,
}

impl Settings {
    pub fn load(opts: &Options) -> Result<Settings> {
        let root = if opts.root.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            opts.root.clone()
        };
        let notes_dir = opts.notes.clone().unwrap_or_else(|| root.join("notes"));
        let out_dir = opts.out.clone().unwrap_or_else(|| root.join("public"));
        let mut site = load_site_config(&root)?;
        if let Some(url) = &opts.base_url {
            site.base_url = Some(url.clone());
        }
        if let Some(url) = &mut site.base_url {
            if !url.ends_with('/') {
                url.push('/');
            }
        }
        site.allow_broken_links |= opts.allow_broken_links;
        if !notes_dir.is_dir() {
            return Err(Diagnostic::error(format!(
                "notes folder {} does not exist",
                notes_dir.display()
            ))
            .with_help(
                "create it, or point --notes (or --root) at the folder holding your Markdown notes",
            )
            .into());
        }
        Ok(Settings {
            root,
            notes_dir,
            out_dir,
            drafts: opts.drafts,
            site,
        })
    }

    /// How a file is named in messages: relative to the site root when inside it.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

fn load_site_config(root: &Path) -> Result<SiteConfig> {
    let path = root.join("site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let origin = Origin {
        path: Path::new("site.yaml"),
        first_line: 1,
    };
    Ok(parse_strict(&text, origin, "site.yaml", CONFIG_KEYS)?)
}
