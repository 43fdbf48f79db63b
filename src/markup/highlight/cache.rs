//! The disk cache of highlighted code blocks, so that a build after a small edit highlights
//! only the blocks it has not seen (highlighting is most of a build's CPU).
//!
//! In: the site's root folder (which cache file) and, during a build, the code blocks of each
//! note. Out: their HTML, byte for byte what [`super::blocks`] gives, taken from the cache or
//! highlighted; at the end, a new cache file holding exactly the blocks this build used.
//!
//! Where: `$STUDYSITE_CACHE_DIR`, else `$XDG_CACHE_HOME/studysite`, else `~/.cache/studysite`
//! (`%LOCALAPPDATA%\studysite` on Windows), in a folder named by a hash of the site root's
//! canonical path: never in the notes (untrusted, shared) nor in the output (published).
//!
//! A block's key is SHA-256 of the binary's identity, the cache format, its language as
//! written and its code, so an upgraded studysite (another syntax set or class mapping) never
//! reuses old HTML. The file is read once at the start; a missing, unreadable, corrupt or
//! foreign file is ignored (everything is highlighted). During the render the map is
//! read-only: hits are marked in atomics, misses are appended to a temporary file under a
//! lock, so the render stays parallel; [`Cache::save`] appends the hits and swaps the file in.

use crate::model::analysis::CodeBlock;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Bumped when the file's layout or what a key covers changes.
const FORMAT: u32 = 1;
/// The file's first bytes, then the format and the tool's identity.
const MAGIC: &[u8; 8] = b"sshlcach";
const FILE: &str = "highlight.bin";

type Key = [u8; 32];

/// The cache of one build: the previous build's blocks, and the file being written.
pub struct Cache {
    path: PathBuf,
    identity: Key,
    old: HashMap<Key, (Box<str>, AtomicBool)>,
    new: Mutex<Option<Pending>>,
}

/// The new file while the build runs: blocks highlighted this build, each once.
struct Pending {
    file: BufWriter<tempfile::NamedTempFile>,
    written: std::collections::HashSet<Key>,
}

impl Cache {
    /// The cache of the site at `root`, or `None` when no cache folder can be found or made
    /// (the build then highlights everything, as without a cache).
    pub fn open(root: &Path) -> Option<Cache> {
        let dir = base_dir()?.join(site_folder(root)?);
        std::fs::create_dir_all(&dir).ok()?;
        let identity = identity()?;
        let path = dir.join(FILE);
        let old = std::fs::read(&path)
            .ok()
            .and_then(|bytes| parse(&bytes, &identity))
            .unwrap_or_default();
        let mut file = BufWriter::new(tempfile::NamedTempFile::new_in(&dir).ok()?);
        header(&mut file, &identity).ok()?;
        Some(Cache {
            path,
            identity,
            old,
            new: Mutex::new(Some(Pending {
                file,
                written: Default::default(),
            })),
        })
    }

    /// A note's code blocks as HTML, as [`super::blocks`] gives them.
    pub fn blocks(&self, blocks: &[CodeBlock]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| self.block(&b.source, &b.lang))
            .collect()
    }

    fn block(&self, code: &str, lang: &str) -> String {
        let key = key(&self.identity, lang, code);
        if let Some((html, used)) = self.old.get(&key) {
            used.store(true, Ordering::Relaxed);
            return html.to_string();
        }
        let html = super::code_block(code, lang);
        let mut new = self.new.lock().unwrap_or_else(|e| e.into_inner());
        // A failed write gives up the new file, not the build.
        if let Some(pending) = new.as_mut() {
            if pending.written.insert(key) && record(&mut pending.file, &key, &html).is_err() {
                *new = None;
            }
        }
        html
    }

    /// Writes the new file (the blocks highlighted this build and those it found here) in
    /// place of the old one. The error says why it could not, for a warning.
    pub fn save(self) -> std::io::Result<()> {
        let pending = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        let Some(mut pending) = pending else {
            return Err(std::io::Error::other("writing the new cache file failed"));
        };
        for (key, (html, used)) in &self.old {
            if used.load(Ordering::Relaxed) && !pending.written.contains(key) {
                record(&mut pending.file, key, html)?;
            }
        }
        let file = pending.file.into_inner().map_err(|e| e.into_error())?;
        file.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }

    /// The file this cache reads and replaces.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// `$STUDYSITE_CACHE_DIR`, or the user's cache folder with `studysite` under it.
fn base_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = var("STUDYSITE_CACHE_DIR") {
        return Some(dir);
    }
    let user = if cfg!(windows) {
        var("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|home| home.join("Library/Caches"))
    } else {
        var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|home| home.join(".cache")))
    };
    Some(user?.join("studysite"))
}

/// One folder per site, named by its canonical root: two sites never share a file.
fn site_folder(root: &Path) -> Option<String> {
    let root = std::fs::canonicalize(root).ok()?;
    let hash = Sha256::digest(root.as_os_str().as_encoded_bytes());
    Some(hex(&hash[..16]))
}

/// The running binary by path, size and modification time (as the build's fingerprint takes
/// it), with the crate's version: a rebuilt or upgraded tool starts from an empty cache.
fn identity() -> Option<Key> {
    let exe = std::env::current_exe().ok()?;
    let meta = exe.metadata().ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut hash = Sha256::new();
    hash.update(FORMAT.to_le_bytes());
    hash.update(env!("CARGO_PKG_VERSION"));
    hash.update(exe.as_os_str().as_encoded_bytes());
    hash.update(meta.len().to_le_bytes());
    hash.update(modified.as_nanos().to_le_bytes());
    Some(hash.finalize().into())
}

fn key(identity: &Key, lang: &str, code: &str) -> Key {
    let mut hash = Sha256::new();
    hash.update(identity);
    // The length first, so that no language and code run into one another.
    hash.update((lang.len() as u64).to_le_bytes());
    hash.update(lang);
    hash.update(code);
    hash.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn header(out: &mut impl Write, identity: &Key) -> std::io::Result<()> {
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT.to_le_bytes())?;
    out.write_all(identity)
}

/// One block: its key, the HTML's length (8 bytes, little-endian) and the HTML.
fn record(out: &mut impl Write, key: &Key, html: &str) -> std::io::Result<()> {
    out.write_all(key)?;
    out.write_all(&(html.len() as u64).to_le_bytes())?;
    out.write_all(html.as_bytes())
}

/// The blocks of a cache file written by this binary; `None` for anything else (another
/// version, a cut-off or damaged file), which is then ignored whole.
fn parse(bytes: &[u8], identity: &Key) -> Option<HashMap<Key, (Box<str>, AtomicBool)>> {
    let mut rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let mut take = |n: usize| {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    if take(4)? != FORMAT.to_le_bytes() || take(32)? != identity {
        return None;
    }
    let mut blocks = HashMap::new();
    while let Some(key) = take(32) {
        let len = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let html = std::str::from_utf8(take(usize::try_from(len).ok()?)?).ok()?;
        blocks.insert(key.try_into().ok()?, (html.into(), AtomicBool::new(false)));
    }
    // A key cut short is damage too.
    rest.is_empty().then_some(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(identity: &Key, blocks: &[(&str, &str, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        header(&mut out, identity).unwrap();
        for (lang, code, html) in blocks {
            record(&mut out, &key(identity, lang, code), html).unwrap();
        }
        out
    }

    #[test]
    fn a_file_reads_back_its_blocks() {
        let id = [7; 32];
        let bytes = file(&id, &[("rust", "fn f() {}", "<pre>a</pre>"), ("", "", "")]);
        let blocks = parse(&bytes, &id).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(&*blocks[&key(&id, "rust", "fn f() {}")].0, "<pre>a</pre>");
    }

    #[test]
    fn damaged_or_foreign_files_are_ignored() {
        let id = [7; 32];
        let bytes = file(&id, &[("rust", "fn f() {}", "<pre>a</pre>")]);
        assert!(parse(&bytes, &[8; 32]).is_none(), "another binary's");
        for cut in [1, 8, 20, 43, 50, bytes.len() - 1] {
            assert!(parse(&bytes[..cut], &id).is_none(), "cut at {cut}");
        }
        let mut long = bytes.clone();
        long[44 + 32] = 0xff;
        assert!(parse(&long, &id).is_none(), "a length past the end");
        let mut bad = bytes;
        let last = bad.len() - 1;
        bad[last] = 0xff;
        assert!(parse(&bad, &id).is_none(), "HTML that is not UTF-8");
    }

    #[test]
    fn language_and_code_do_not_run_together() {
        let id = [0; 32];
        assert_ne!(key(&id, "rus", "tfn"), key(&id, "rust", "fn"));
    }
}
