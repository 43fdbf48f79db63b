//! Configuration: what the CLI asked for ([`Options`]) and what the site says about itself
//! (`site.yaml`, [`SiteConfig`]). In: flags and the optional `site.yaml`. Out: one checked
//! [`Settings`] value that every later stage reads.

use crate::util::error::{Diagnostic, Error, Result};
use crate::util::yaml::{parse_strict, Origin};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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
    /// `build` only: build even when the output is up to date (see [`crate::command::fingerprint`]).
    pub force: bool,
    /// `build` only: neither read nor write the highlighted-code cache
    /// ([`crate::markup::highlight::cache`]).
    pub no_cache: bool,
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
    /// Allow only studysite's own frontmatter keys, rejecting those of other tools.
    pub strict_frontmatter: bool,
    /// Globs of files and folders under the notes folder to leave out (see [`ignore_set`]).
    pub ignore: Vec<String>,
    /// TeX macros for the notes' formulas: a command (`\R`) and what it stands for
    /// (`\mathbb{R}`, with `#1`, `#2` for arguments); see [`crate::markup::math`].
    pub math_macros: BTreeMap<String, String>,
    /// Whether `build` writes `handout.html`, the whole course on one page.
    pub handout: HandoutPolicy,
}

/// `handout:` in `site.yaml`. A whole-course handout suits a course; for a large site it is a
/// page no browser opens comfortably, and costs the build a third of its bytes, so `auto`
/// leaves it out above [`HandoutPolicy::AUTO_MAX_NOTES`], or when the images it would embed
/// pass [`HandoutPolicy::AUTO_MAX_IMAGE_BYTES`]. `studysite handout` makes one anyway.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum HandoutPolicy {
    #[default]
    Auto,
    Always,
    Never,
}

impl HandoutPolicy {
    /// Above this many notes `auto` writes no handout: at about 8 KB a note in the handout,
    /// 2,000 notes make a 16 MB page (some 4,000 printed pages), about as much as a browser
    /// lays out and prints in one go.
    pub const AUTO_MAX_NOTES: usize = 2000;

    /// Above this many bytes of images `auto` writes no handout either: the handout embeds
    /// every image as base64 (a third more), and a vault of a few hundred notes with 300 MB of
    /// screenshots made a 420 MB page that took the build many minutes and no browser opens.
    pub const AUTO_MAX_IMAGE_BYTES: u64 = 32 << 20;

    /// Whether a build of a site with `notes` notes and `image_bytes` of images writes the
    /// handout.
    pub fn builds(self, notes: usize, image_bytes: u64) -> bool {
        match self {
            HandoutPolicy::Auto => {
                notes <= Self::AUTO_MAX_NOTES && image_bytes <= Self::AUTO_MAX_IMAGE_BYTES
            }
            HandoutPolicy::Always => true,
            HandoutPolicy::Never => false,
        }
    }
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
            strict_frontmatter: false,
            ignore: Vec::new(),
            handout: HandoutPolicy::Auto,
            math_macros: BTreeMap::new(),
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
    "strict_frontmatter",
    "ignore",
    "handout",
    "math_macros",
];

/// Everything later stages need, with paths resolved and flags merged over `site.yaml`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub root: PathBuf,
    pub notes_dir: PathBuf,
    pub out_dir: PathBuf,
    pub drafts: bool,
    pub site: SiteConfig,
    /// `site.ignore`, compiled.
    pub ignore: GlobSet,
    /// What is under the vault's template folders ([`vault_template_folders`]): its Markdown
    /// files are templates, not notes; its other files (a `.base` a note embeds) are files.
    pub templates: GlobSet,
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
        let (mut site, text) = load_site_config(&root)?;
        let ignore = ignore_set(&site.ignore).map_err(|(pattern, e)| {
            let line = text
                .lines()
                .position(|l| l.contains(pattern.as_str()))
                .map_or(1, |i| i + 1);
            Diagnostic::error(format!("`ignore` pattern `{pattern}` is not a glob: {}", e.kind()))
                .in_file("site.yaml")
                .at(line, 1)
                .with_help("`*` stands for any name, `**` for any folders: for example `Templates`, `daily/**` or `*.excalidraw.md`")
        })?;
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
        let templates =
            ignore_set(&vault_template_folders(&notes_dir)).map_err(|(pattern, e)| {
                Diagnostic::error(format!("template folder `{pattern}`: {e}"))
            })?;
        Ok(Settings {
            root,
            notes_dir,
            out_dir,
            drafts: opts.drafts,
            site,
            ignore,
            templates,
        })
    }

    /// How a file is named in messages: relative to the site root when inside it.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// The folders an Obsidian vault keeps its templates in, as its settings name them
/// (`.obsidian/templates.json`, and the Templater plugin's): a template is no note, and its
/// placeholders (`created: {{date}}`) are no values. A missing, unreadable or foreign settings
/// file names none; each folder is a path from the notes folder, taken literally.
fn vault_template_folders(notes_dir: &Path) -> Vec<String> {
    use std::io::Read;
    const SETTINGS: [(&str, &str); 2] = [
        ("templates.json", "folder"),
        ("plugins/templater-obsidian/data.json", "templates_folder"),
    ];
    let read = |file: &str| -> Option<serde_json::Value> {
        let mut text = String::new();
        let settings = std::fs::File::open(notes_dir.join(".obsidian").join(file)).ok()?;
        // Settings files are a few hundred bytes; a bound keeps a hostile one from being read whole.
        settings.take(1 << 20).read_to_string(&mut text).ok()?;
        serde_json::from_str(&text).ok()
    };
    SETTINGS
        .iter()
        .filter_map(|(file, key)| {
            let settings = read(file)?;
            let folder = settings.get(key)?.as_str()?.trim().trim_matches('/');
            (!folder.is_empty()).then(|| format!("/{}/**", globset::escape(folder)))
        })
        .collect()
}

/// `site.yaml`, parsed, and its text (for placing later errors).
fn load_site_config(root: &Path) -> Result<(SiteConfig, String)> {
    let path = root.join("site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((SiteConfig::default(), String::new()))
        }
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let origin = Origin {
        path: Path::new("site.yaml"),
        first_line: 1,
    };
    let config = parse_strict(&text, origin, "site.yaml", CONFIG_KEYS)?;
    Ok((config, text))
}

/// The `ignore` globs, matched against paths relative to the notes folder with `/` between
/// folders, the way `.gitignore` reads them: a pattern without a `/` matches a file or folder
/// name at any depth (`Templates`, `*.excalidraw.md`), one with a `/` the path from the notes
/// folder (`daily/2024`, `/drafts`); a trailing `/` is allowed. `*` never crosses a `/`, `**` does.
pub fn ignore_set(patterns: &[String]) -> Result<GlobSet, (String, globset::Error)> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim().trim_end_matches('/');
        let glob = match trimmed.strip_prefix('/') {
            Some(anchored) => anchored.to_string(),
            None if trimmed.contains('/') => trimmed.to_string(),
            None => format!("**/{trimmed}"),
        };
        let glob = GlobBuilder::new(&glob)
            .literal_separator(true)
            .build()
            .map_err(|e| (pattern.clone(), e))?;
        set.add(glob);
    }
    set.build().map_err(|e| (String::new(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vaults_template_folders_are_read_from_its_settings() {
        let vault = tempfile::tempdir().unwrap();
        assert!(vault_template_folders(vault.path()).is_empty());
        let settings = vault.path().join(".obsidian/plugins/templater-obsidian");
        std::fs::create_dir_all(&settings).unwrap();
        std::fs::write(
            vault.path().join(".obsidian/templates.json"),
            r#"{"folder": "Storage/Templates [old]"}"#,
        )
        .unwrap();
        std::fs::write(
            settings.join("data.json"),
            r#"{"templates_folder": "/Tp/"}"#,
        )
        .unwrap();
        let folders = vault_template_folders(vault.path());
        let set = ignore_set(&folders).unwrap();
        assert!(set.is_match("Storage/Templates [old]/a.md") && set.is_match("Tp/b/c.md"));
        assert!(!set.is_match("Storage/Templates o/a.md") && !set.is_match("x/Tp/a.md"));
        // Not JSON, or not a name: none.
        std::fs::write(vault.path().join(".obsidian/templates.json"), "{").unwrap();
        std::fs::write(settings.join("data.json"), r#"{"templates_folder": "/"}"#).unwrap();
        assert!(vault_template_folders(vault.path()).is_empty());
    }

    #[test]
    fn ignore_patterns_read_like_gitignore() {
        let patterns = ["Templates/", "*.excalidraw.md", "daily/2024", "/top"].map(String::from);
        let set = ignore_set(&patterns).unwrap();
        for ignored in [
            "Templates",
            "course/Templates",
            "a.excalidraw.md",
            "x/a.excalidraw.md",
            "daily/2024",
            "top",
        ] {
            assert!(set.is_match(ignored), "{ignored}");
        }
        for kept in [
            "Templates.md",
            "x/daily/2024",
            "x/top",
            "a.md",
            "dailies/2024",
        ] {
            assert!(!set.is_match(kept), "{kept}");
        }
    }

    #[test]
    fn auto_writes_the_handout_up_to_its_limit() {
        let limit = HandoutPolicy::AUTO_MAX_NOTES;
        let images = HandoutPolicy::AUTO_MAX_IMAGE_BYTES;
        assert!(HandoutPolicy::Auto.builds(limit, images));
        assert!(!HandoutPolicy::Auto.builds(limit + 1, 0));
        assert!(!HandoutPolicy::Auto.builds(1, images + 1));
        assert!(HandoutPolicy::Always.builds(limit + 1, images + 1));
        assert!(!HandoutPolicy::Never.builds(1, 0));
    }

    #[test]
    fn a_broken_glob_names_itself() {
        let (pattern, _) = ignore_set(&["ok".into(), "[a".into()]).unwrap_err();
        assert_eq!(pattern, "[a");
    }
}
