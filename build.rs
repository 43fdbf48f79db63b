//! Build-time work only: embeds the default templates and static assets into the binary, so a
//! `cargo install`ed studysite works anywhere. Syntax definitions need no step here: two-face
//! ships them already compiled into a binary dump that is loaded lazily at run time. It also
//! marks the browser tests ignored where Chromium is missing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", current.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let mut code = String::new();
    for (dir, name) in [("templates", "TEMPLATES"), ("static", "STATIC")] {
        let root = manifest.join(dir);
        println!("cargo:rerun-if-changed={dir}");
        writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
        for file in files_under(&root) {
            let rel = file
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            writeln!(
                code,
                "    ({rel:?}, include_bytes!({:?})),",
                file.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded.rs");
    std::fs::write(out, code).expect("write embedded.rs");
    mark_browser_tests();
}

/// Without Chromium the browser tests (tests/browser.rs) are compiled as ignored, so that
/// `cargo test` reports them as not run instead of passed; `--include-ignored` runs them anyway
/// and fails on the missing browser. The same two places as the tests' harness look.
fn mark_browser_tests() {
    println!("cargo::rustc-check-cfg=cfg(no_chromium)");
    println!("cargo:rerun-if-env-changed=CHROMIUM");
    let chromium = std::env::var_os("CHROMIUM")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if chromium.is_file() {
        println!("cargo:rerun-if-changed={}", chromium.display());
        return;
    }
    println!("cargo:rustc-cfg=no_chromium");
    // Its folder (never an ancestor further up: cargo scans a watched folder recursively), so
    // that installing Chromium is noticed without running this script on every build.
    if let Some(folder) = chromium.parent().filter(|p| p.is_dir()) {
        println!("cargo:rerun-if-changed={}", folder.display());
    }
}
