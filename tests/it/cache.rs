//! The highlighted-code cache: output byte-identical with and without it, a damaged file
//! ignored, `--no-cache` neither reading nor writing it, and only the blocks a build used kept.

use crate::common::{stderr, TestSite};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn code_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "# A\n\n```rust\nfn cachedtoken() -> &'static str { \"<b>\" }\n```\n\n```python\ndef f(x):\n    return x * 2  # twice\n```\n\n```nosuchlang\nplain <text>\n```\n\n```\nno language\n```\n",
    );
    site.write(
        "notes/b.md",
        "# B\n\n```rust\nfn cachedtoken() -> &'static str { \"<b>\" }\n```\n\n```bash\necho \"$HOME\" | grep -v x\n```\n",
    );
    site
}

fn build(site: &TestSite, extra: &[&str]) {
    let mut args = vec!["build", "--force", "--quiet"];
    args.extend_from_slice(extra);
    let out = site.run(&args);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
}

/// Every file of the output by path, the marker (which tells of the build) aside.
fn output(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = site.path("public");
    walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.file_name() != ".studysite-output")
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap().to_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The cache files under the site's cache folder.
fn cache_files(site: &TestSite) -> Vec<PathBuf> {
    walkdir::WalkDir::new(site.cache.path())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn cache_file(site: &TestSite) -> PathBuf {
    let files = cache_files(site);
    assert_eq!(files.len(), 1, "one cache file: {files:?}");
    files.into_iter().next().unwrap()
}

/// Changes `from` to `to` (as long) inside the cached HTML, so a build that reads the cache shows it.
fn tamper(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let bytes = std::fs::read(path).unwrap();
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .expect("the block is cached");
    let mut bytes = bytes;
    bytes[at..at + from.len()].copy_from_slice(to.as_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn output_is_byte_identical_with_and_without_the_cache() {
    let site = code_site();
    build(&site, &["--no-cache"]);
    let without = output(&site);
    assert!(cache_files(&site).is_empty());
    build(&site, &[]);
    let writing = output(&site);
    let file = cache_file(&site);
    build(&site, &[]);
    let reading = output(&site);
    assert!(without.len() > 3);
    assert!(
        without == writing,
        "a build writing the cache writes the same output"
    );
    assert!(
        without == reading,
        "a build reading the cache writes the same output"
    );
    // The second build did read it: a changed cached block shows.
    tamper(&file, "cachedtoken", "CACHEDTOKEN");
    build(&site, &[]);
    assert!(any_page_has(&site, "CACHEDTOKEN"));
}

fn any_page_has(site: &TestSite, text: &str) -> bool {
    output(site)
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains(text))
}

#[test]
fn a_damaged_cache_file_is_ignored_and_replaced() {
    let site = code_site();
    build(&site, &["--no-cache"]);
    let without = output(&site);
    build(&site, &[]);
    let file = cache_file(&site);
    let whole = std::fs::read(&file).unwrap();
    for damaged in [
        b"not a cache".to_vec(),
        Vec::new(),
        whole[..whole.len() - 3].to_vec(),
    ] {
        std::fs::write(&file, &damaged).unwrap();
        build(&site, &[]);
        assert!(
            output(&site) == without,
            "the damaged file changed the output"
        );
        // The same blocks (in the order they were highlighted, which a parallel render varies).
        let again = std::fs::read(&file).unwrap();
        assert_eq!(again.len(), whole.len(), "written anew");
        assert_eq!(again[..44], whole[..44], "the same header");
    }
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let site = code_site();
    build(&site, &["--no-cache"]);
    assert!(cache_files(&site).is_empty(), "nothing written");
    build(&site, &[]);
    let file = cache_file(&site);
    tamper(&file, "cachedtoken", "CACHEDTOKEN");
    let tampered = std::fs::read(&file).unwrap();
    build(&site, &["--no-cache"]);
    assert!(!any_page_has(&site, "CACHEDTOKEN"), "the cache was read");
    assert!(any_page_has(&site, "cachedtoken"));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        tampered,
        "the cache was written"
    );
}

#[test]
fn the_cache_keeps_only_the_blocks_the_last_build_used() {
    let site = code_site();
    build(&site, &[]);
    let file = cache_file(&site);
    let has = |text: &str| {
        let bytes = std::fs::read(&file).unwrap();
        bytes.windows(text.len()).any(|w| w == text.as_bytes())
    };
    assert!(has("twice"));
    site.write("notes/a.md", "# A\n\n```python\nprint('thrice')\n```\n");
    build(&site, &[]);
    assert!(!has("twice"), "a block no note has any more is dropped");
    assert!(
        has("thrice") && has("cachedtoken"),
        "new and reused blocks are kept"
    );
}
