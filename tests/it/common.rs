//! A site in a temporary folder, built by the real `studysite` binary.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Output;

pub struct TestSite {
    pub dir: tempfile::TempDir,
    /// `STUDYSITE_CACHE_DIR` of every run: the tests never touch the user's cache.
    pub cache: tempfile::TempDir,
}

impl TestSite {
    /// An empty site with a `notes/` folder.
    pub fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("notes")).unwrap();
        TestSite {
            dir,
            cache: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::new();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&from, site.root());
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    /// Runs `studysite <args> --root <site>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = studysite_command();
        cmd.args(args)
            .current_dir(self.root())
            .env("STUDYSITE_CACHE_DIR", self.cache.path());
        if matches!(args.first(), Some(&"build") | Some(&"check")) {
            cmd.arg("--root").arg(self.root());
        }
        cmd.output().expect("run studysite")
    }

    /// Builds and insists on success.
    pub fn build(&self) -> &Self {
        let out = self.run(&["build", "--quiet"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }

    /// Sets the time of every file of the site but its output an hour back, as if written long
    /// before the next build (a build keeps no fingerprint of files changed seconds ago).
    pub fn settle(&self) -> &Self {
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        set_times(self.root(), &self.path("public"), hour_ago);
        self
    }

    pub fn output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("public").join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    pub fn page(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.output(rel)))
    }

    /// Every note's link preview (`{title, summary}`) by its URL from the root, read from the
    /// parts under `public/note-previews/` as the browser reads them. Fails unless each part is
    /// one `studysiteNotePreviews` call without a `<` (nothing in it can end the script) that
    /// holds only the notes the page's script looks for in it.
    pub fn note_previews(&self) -> serde_json::Map<String, serde_json::Value> {
        use studysite::output::previews;
        let mut all = serde_json::Map::new();
        let dir = self.path("public").join(previews::DIR);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
            let path = entry.unwrap().path();
            let js = std::fs::read_to_string(&path).unwrap();
            assert!(!js.contains('<'), "{path:?}: {js}");
            let json = js
                .strip_prefix("studysiteNotePreviews(")
                .and_then(|j| j.trim_end().strip_suffix(");"))
                .unwrap_or_else(|| panic!("{path:?} is not one studysiteNotePreviews call: {js}"));
            let part: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(json).expect("JSON");
            for (url, preview) in part {
                assert_eq!(
                    path.file_name().unwrap().to_string_lossy(),
                    format!("{}.js", previews::part_of(&url)),
                    "{url} is in the wrong part"
                );
                all.insert(url, preview);
            }
        }
        all
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn set_times(dir: &Path, except: &Path, time: std::time::SystemTime) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path == except {
            continue;
        }
        if path.is_dir() {
            set_times(&path, except, time);
        } else {
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(time).unwrap();
        }
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A parsed page.
pub struct Page(pub Html);

impl Page {
    pub fn select(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
        self.0.select(&selector).collect()
    }

    pub fn one(&self, css: &str) -> scraper::ElementRef<'_> {
        let found = self.select(css);
        assert_eq!(found.len(), 1, "expected exactly one {css}");
        found[0]
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).iter().map(|e| text(e)).collect()
    }

    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select(css)
            .iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }
}

pub fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[path = "../shared/studysite.rs"]
mod binary;
pub use binary::studysite_command;
#[path = "../shared/search_part.rs"]
mod search_part;
pub use search_part::search_part;

/// The search index a build wrote under `out/search/`, read back as the page reads it.
pub struct SearchFiles {
    pub meta: serde_json::Value,
    /// Every section as `[url, title, heading, text]`, in index order.
    pub sections: Vec<[String; 4]>,
    /// Term shards by key (`6c` for l): `[[term, field, "postings", ...], ...]`.
    pub shards: std::collections::BTreeMap<String, serde_json::Value>,
    /// The terms of `vocab.js`: the words of three letters or more.
    pub vocabulary: Vec<String>,
}

impl SearchFiles {
    pub fn read(out: &Path) -> SearchFiles {
        SearchFiles::read_with(|file| {
            std::fs::read_to_string(out.join("search").join(file))
                .unwrap_or_else(|e| panic!("read search/{file}: {e}"))
        })
    }

    /// The index from `read(file)`, the text of `search/<file>` wherever it is kept.
    pub fn read_with(read: impl Fn(&str) -> String) -> SearchFiles {
        let part = |file: &str, name: &str| -> serde_json::Value {
            let data = search_part(&read(file), name)
                .unwrap_or_else(|| panic!("search/{file} is not one studysiteSearchPart call"));
            serde_json::from_str(&data).unwrap_or_else(|e| panic!("search/{file}: {e}"))
        };
        let meta = part("meta.js", "meta");
        let mut texts = Vec::new();
        for n in 0..meta["chunks"].as_array().expect("chunks").len() {
            let chunk: Vec<String> =
                serde_json::from_value(part(&format!("d-{n}.js"), &format!("d{n}"))).unwrap();
            texts.extend(chunk);
        }
        // A line per note: url, title, then a heading and an anchor per section, tab-separated.
        let places = meta["places"].as_str().expect("places");
        let counts = numbers(meta["sectionsPerNote"].as_str().expect("sectionsPerNote"));
        // (No notes, no lines: splitting "" would give one empty line.)
        let lines: Vec<Vec<String>> = match places {
            "" => Vec::new(),
            places => places
                .split('\n')
                .map(|line| line.split('\t').map(str::to_string).collect())
                .collect(),
        };
        assert_eq!(lines.len(), counts.len(), "a count for every note's place");
        let mut texts = texts.into_iter();
        let mut sections = Vec::new();
        for (place, &count) in lines.iter().zip(&counts) {
            assert_eq!(place.len() as u64, 2 + 2 * count, "{place:?}");
            for section in place[2..].chunks(2) {
                let url = match section[1].as_str() {
                    "" => place[0].clone(),
                    anchor => format!("{}#{anchor}", place[0]),
                };
                let text = texts.next().expect("a text for every section");
                sections.push([url, place[1].clone(), section[0].clone(), text]);
            }
        }
        assert!(texts.next().is_none(), "a place for every section's text");
        let shards = meta["shards"]
            .as_array()
            .expect("shards")
            .iter()
            .map(|k| {
                let k = k.as_str().unwrap();
                (k.to_string(), part(&format!("t-{k}.js"), &format!("t{k}")))
            })
            .collect();
        let vocabulary = part("vocab.js", "vocab")
            .as_str()
            .expect("the vocabulary is a string")
            .split_whitespace()
            .map(str::to_string)
            .collect();
        SearchFiles {
            meta,
            sections,
            shards,
            vocabulary,
        }
    }

    /// The sections (by index) where `term` occurs in `field` (0 title, 1 heading, 2 text,
    /// 3 keywords), with its count.
    pub fn postings(&self, term: &str, field: u64) -> Vec<(u64, u64)> {
        let key = format!(
            "{:x}",
            term.trim_start_matches('$').chars().next().unwrap() as u32
        );
        let Some(entry) = self
            .shards
            .get(&key)
            .and_then(|s| s.as_array().unwrap().iter().find(|e| e[0] == term).cloned())
        else {
            return Vec::new();
        };
        let entry = entry.as_array().unwrap();
        let mut found = Vec::new();
        for pair in entry[1..].chunks(2) {
            if pair[0] != field {
                continue;
            }
            let numbers = numbers(pair[1].as_str().expect("postings are a string"));
            let mut doc = 0;
            for pair in numbers.chunks(2) {
                doc += pair[0];
                found.push((doc, pair[1]));
            }
        }
        found
    }
}

/// Numbers as the search index writes them, read by the library's one reader of them
/// (`read_numbers` in src/output/search/postings.rs; its unit tests pin the digits).
pub fn numbers(text: &str) -> Vec<u64> {
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "not digits of the search index: {text:.60}"
    );
    studysite::output::search::read_numbers(text)
        .map(u64::from)
        .collect()
}
