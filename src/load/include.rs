//! mdBook's include directives in code blocks, expanded as a note loads. In: a code block's
//! source as written, its text in the note (to place each directive at its `file:line:col`), and
//! the [`Includes`] a note may read: its own file (paths are relative to it) and the folders
//! they must stay in. Out: the source with each `{{#include path}}` or
//! `{{#rustdoc_include path}}` line replaced by the lines it names, and a [`Diagnostic`] for
//! each directive that cannot be, left as written.
//!
//! As in mdBook: the whole file, `path:5` (line 5), `path:5:10`, `path::10`, `path:5:`, or
//! `path:name`, the lines between `ANCHOR: name` and `ANCHOR_END: name`, every marker line
//! among them left out. `rustdoc_include` reads the same way; mdBook keeps the rest of the file
//! hidden behind rustdoc's `# ` for its playground, which has no meaning here: the range alone
//! is shown. An included file's own directives stay text, as in mdBook, and `\{{#include}}` is
//! the directive written out. Notes are untrusted: the file must resolve (`..` and symlinks
//! followed) inside the site root or the notes folder, with no hidden name on its way (`.env`,
//! `.git/config`), be a regular file of at most
//! [`MAX_BYTES`], and be UTF-8.

use crate::model::site::Site;
use crate::util::error::Diagnostic;
use std::cell::Cell;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// How a directive that names a missing file, anchor or line is reported: a broken link, so
/// imported material (`--allow-broken-links`) goes on with a warning and the line as written.
pub const MISSING: &str = "`{{#include}}` finds no";

/// The largest file a directive includes: a listing, not a data set. Highlighting a code block
/// of this size already takes a noticeable part of a second.
pub const MAX_BYTES: u64 = 1 << 20;

/// All a note's directives read together, so that a note repeating a directive cannot make the
/// build read (and keep) a large file thousands of times.
pub const NOTE_BYTES: u64 = 8 * MAX_BYTES;

/// Where a note's directives may read, and how much they have read.
pub struct Includes<'a> {
    note: &'a Path,
    roots: [&'a Path; 2],
    read: Cell<u64>,
}

impl<'a> Includes<'a> {
    /// For the note file `note`; `roots`, the site root and the notes folder.
    pub fn new(note: &'a Path, roots: [&'a Path; 2]) -> Self {
        Includes {
            note,
            roots,
            read: Cell::new(0),
        }
    }
}

/// Which lines of the file a directive takes.
#[derive(Debug, PartialEq, Eq)]
enum Part<'a> {
    /// 1-based, both ends included; `None` is the file's start or end.
    Lines(Option<usize>, Option<usize>),
    Anchor(&'a str),
}

/// A directive as written: the file and the part of it.
#[derive(Debug, PartialEq, Eq)]
struct Directive<'a> {
    path: &'a str,
    part: Part<'a>,
}

/// A code block's source with its directives expanded.
pub struct Expanded {
    pub source: String,
    /// The files it includes, resolved.
    pub files: Vec<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

/// `source` with its directive lines expanded; `block` is the code block's text in the note and
/// `at(offset in block)` a line and column of the note `file` (as the user knows it).
pub fn expand(
    source: &str,
    block: &str,
    includes: &Includes,
    file: &Path,
    at: &dyn Fn(usize) -> (usize, usize),
) -> Expanded {
    let mut out = String::with_capacity(source.len());
    let mut problems = Vec::new();
    let mut files = Vec::new();
    // Where in `block` to look for the next directive, so that two equal lines are told apart.
    let mut searched = 0;
    for line in source.split_inclusive('\n') {
        let written = line.trim();
        let Some(args) = directive_args(written) else {
            out.push_str(line);
            continue;
        };
        // (Always found, as the source is the block's lines; if not, the block's start.)
        let place = match block[searched..].find(written) {
            Some(i) => {
                searched += i + written.len();
                searched - written.len()
            }
            None => searched,
        };
        if let Some(escaped) = written.strip_prefix('\\') {
            out.push_str(&line.replacen(written, escaped, 1));
            continue;
        }
        match include(args, includes) {
            Ok((found, lines)) => {
                files.push(found);
                out.push_str(&lines);
                if !lines.is_empty() && !lines.ends_with('\n') && line.ends_with('\n') {
                    out.push('\n');
                }
            }
            Err((message, help)) => {
                let (l, c) = at(place);
                problems.push(
                    Diagnostic::error(message)
                        .in_file(file)
                        .at(l, c)
                        .with_help(help),
                );
                out.push_str(line);
            }
        }
    }
    Expanded {
        source: out,
        files,
        problems,
    }
}

/// Whether a note of `site` includes a file outside its notes folder, which the no-change
/// check of `build` does not look at.
pub fn reads_outside_notes(site: &Site) -> bool {
    let notes = site.settings.notes_dir.canonicalize().ok();
    site.notes
        .iter()
        .flat_map(|note| &note.analysis.included)
        .any(|file| notes.as_ref().is_none_or(|notes| !file.starts_with(notes)))
}

/// Whether Markdown text (outside code) holds a directive, which is left as text.
pub fn mentions_directive(text: &str) -> bool {
    text.contains("{{#include ") || text.contains("{{#rustdoc_include ")
}

/// The arguments of a line that is a directive and nothing else (`\{{#…}}` too, escaped).
fn directive_args(line: &str) -> Option<&str> {
    let inner = line
        .trim_start_matches('\\')
        .strip_prefix("{{")?
        .strip_suffix("}}")?
        .trim_start()
        .strip_prefix('#')?;
    let args = inner
        .strip_prefix("rustdoc_include")
        .or_else(|| inner.strip_prefix("include"))?;
    // `{{#includes x}}` is another preprocessor's.
    args.starts_with(char::is_whitespace)
        .then(|| args.trim())
        .filter(|a| !a.is_empty() && !a.contains('}'))
}

/// The directive's arguments: `path`, `path:part`.
fn parse(args: &str) -> Result<Directive<'_>, (String, String)> {
    let (path, part) = match args.split_once(':') {
        None => {
            return Ok(Directive {
                path: args,
                part: Part::Lines(None, None),
            })
        }
        Some((path, part)) => (path.trim(), part.trim()),
    };
    let number = |s: &str| -> Result<Option<usize>, (String, String)> {
        match s {
            "" => Ok(None),
            s => s.parse::<usize>().map(Some).map_err(|_| {
                (
                    format!("`{{{{#include}}}}` of `{path}` has a bad range `{part}`"),
                    "write `file:5` (line 5), `file:5:10`, `file::10`, `file:5:` or `file:anchor`"
                        .to_string(),
                )
            }),
        }
    };
    let part = match part.split_once(':') {
        Some((start, end)) => Part::Lines(number(start)?, number(end)?),
        None if part.is_empty() => Part::Lines(None, None),
        None => match part.parse::<usize>() {
            Ok(line) => Part::Lines(Some(line), Some(line)),
            Err(_) => Part::Anchor(part),
        },
    };
    Ok(Directive { path, part })
}

/// The file a directive names and the text it takes, or its message and help.
fn include(args: &str, includes: &Includes) -> Result<(PathBuf, String), (String, String)> {
    let directive = parse(args)?;
    let file = resolve(directive.path, includes)?;
    let text = read(&file, directive.path, &includes.read)?;
    let lines = take(&text, &directive.part).map_err(|what| {
        (
            format!("{MISSING} {what} in `{}`", directive.path),
            "name a line the file has, or an anchor it marks with `ANCHOR: name` and `ANCHOR_END: name` lines".to_string(),
        )
    })?;
    Ok((file, lines))
}

/// The directive's file, checked to be inside one of the roots once `..` and symlinks are
/// followed.
fn resolve(path: &str, includes: &Includes) -> Result<PathBuf, (String, String)> {
    let written = Path::new(path);
    if written.has_root() || written.is_absolute() || path.starts_with(['/', '\\']) {
        return Err((
            format!("`{{{{#include}}}}` of `{path}` is an absolute path"),
            "write the path relative to the note's file, as mdBook does".to_string(),
        ));
    }
    let dir = includes.note.parent().unwrap_or(Path::new(""));
    let joined = dir.join(written);
    let outside = |to: &Path| {
        (
            format!("`{{{{#include}}}}` of `{path}` leads outside the site (to {})", to.display()),
            "a note includes files of its site only: move the file into the site root or the notes folder (a symlink counts as where it points)".to_string(),
        )
    };
    // Checked as written first, so that whether a file outside exists is not told either.
    let lexical = normal(&joined);
    if !includes
        .roots
        .iter()
        .any(|root| lexical.starts_with(normal(root)))
    {
        return Err(outside(&lexical));
    }
    let found = joined.canonicalize().map_err(|_| {
        (
            format!("{MISSING} file `{path}`"),
            format!(
                "the path is relative to the note's file: {} does not exist",
                joined.display()
            ),
        )
    })?;
    let within = includes
        .roots
        .iter()
        .filter_map(|root| root.canonicalize().ok())
        .find_map(|root| found.strip_prefix(root).ok().map(Path::to_path_buf));
    let Some(within) = within else {
        return Err(outside(&found));
    };
    // A site's hidden files (`.env`, `.git/config`, `.obsidian/`) are never published, so a
    // note may not publish them either.
    let hidden = |path: &Path| {
        path.components().any(
            |part| matches!(part, Component::Normal(name) if name.to_string_lossy().starts_with('.')),
        )
    };
    if hidden(&within) || hidden(written) {
        return Err((
            format!("`{{{{#include}}}}` of `{path}` names a hidden file or folder"),
            "hidden files (`.env`, `.git/...`) stay private: include a file whose path has no name starting with `.`".to_string(),
        ));
    }
    Ok(found)
}

/// `path` with its `.` and `..` read as words, not followed.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The file's text: a regular file of at most [`MAX_BYTES`], in UTF-8, within what is left of
/// the note's [`NOTE_BYTES`] (`read` so far).
fn read(file: &Path, path: &str, read: &Cell<u64>) -> Result<String, (String, String)> {
    let io = |e: std::io::Error| {
        (
            format!("`{{{{#include}}}}` cannot read `{path}`: {e}"),
            "check the file's permissions".to_string(),
        )
    };
    let meta = std::fs::metadata(file).map_err(io)?;
    if !meta.is_file() {
        return Err((
            format!("`{{{{#include}}}}` of `{path}` is not a file"),
            "name a file, not a folder or a device".to_string(),
        ));
    }
    let too_big = || {
        (
            format!(
                "`{{{{#include}}}}` of `{path}` is larger than {} KiB",
                MAX_BYTES >> 10
            ),
            "include a part of it (`file:5:10` or `file:anchor`) of a smaller file".to_string(),
        )
    };
    if meta.len() > MAX_BYTES {
        return Err(too_big());
    }
    if read.get() + meta.len() > NOTE_BYTES {
        return Err((
            format!(
                "`{{{{#include}}}}` of `{path}` would take the note's includes past {} MiB",
                NOTE_BYTES >> 20
            ),
            "include parts of the files (`file:5:10` or `file:anchor`), or split the note"
                .to_string(),
        ));
    }
    read.set(read.get() + meta.len());
    let mut bytes = Vec::new();
    // The size may have changed since: read no more than the bound either way.
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        (
            format!(
                "`{{{{#include}}}}` of `{path}` is not UTF-8 text (byte {} is not)",
                e.utf8_error().valid_up_to()
            ),
            "include a text file saved as UTF-8".to_string(),
        )
    })
}

/// The part of `text` a directive names, or what it does not find (`line 40 (it has 12)`).
fn take(text: &str, part: &Part) -> Result<String, String> {
    match *part {
        Part::Lines(None, None) => Ok(text.to_string()),
        Part::Lines(start, end) => {
            let count = text.lines().count();
            let first = start.unwrap_or(1).max(1);
            if first > count {
                return Err(format!("line {first} (the file has {count})"));
            }
            let last = end.unwrap_or(usize::MAX);
            Ok(text
                .split_inclusive('\n')
                .enumerate()
                .filter(|(i, _)| (first..=last).contains(&(i + 1)))
                .map(|(_, l)| l)
                .collect())
        }
        Part::Anchor(name) => {
            let mut lines = text.split_inclusive('\n');
            if !lines.any(|l| marker(l, "ANCHOR:") == Some(name)) {
                return Err(format!("anchor `{name}`"));
            }
            Ok(lines
                .take_while(|l| marker(l, "ANCHOR_END:") != Some(name))
                .filter(|l| marker(l, "ANCHOR:").is_none() && marker(l, "ANCHOR_END:").is_none())
                .collect())
        }
    }
}

/// The anchor name a marker line (`// ANCHOR: name`, `<!-- ANCHOR_END: name -->`) names.
fn marker<'a>(line: &'a str, kind: &str) -> Option<&'a str> {
    let at = line.find(kind)?;
    let rest = line[at + kind.len()..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(start: Option<usize>, end: Option<usize>) -> Part<'static> {
        Part::Lines(start, end)
    }

    #[test]
    fn ranges_and_anchors_parse_as_mdbook_writes_them() {
        let part = |args| parse(args).unwrap().part;
        assert_eq!(parse("a/b.rs").unwrap().path, "a/b.rs");
        assert_eq!(part("a.rs"), lines(None, None));
        assert_eq!(part("a.rs:5"), lines(Some(5), Some(5)));
        assert_eq!(part("a.rs:5:10"), lines(Some(5), Some(10)));
        assert_eq!(part("a.rs::10"), lines(None, Some(10)));
        assert_eq!(part("a.rs:5:"), lines(Some(5), None));
        assert_eq!(part("a.rs:here"), Part::Anchor("here"));
        assert_eq!(parse("a.rs:here").unwrap().path, "a.rs");
        assert!(parse("a.rs:x:10").is_err());
    }

    #[test]
    fn each_directive_is_placed_at_its_own_line_even_when_two_are_equal() {
        let root = Path::new("/nowhere");
        let includes = Includes::new(Path::new("/nowhere/n.md"), [root, root]);
        let line = "{{#include gone.rs}}\n";
        let block = format!("```\n{line}  {line}```\n");
        let at = |offset| (offset, 0);
        let expanded = expand(&line.repeat(2), &block, &includes, Path::new("n.md"), &at);
        let places: Vec<_> = expanded.problems.iter().map(|p| p.line).collect();
        assert_eq!(places, [Some(4), Some(27)]);
        assert_eq!(expanded.source, line.repeat(2));
        assert!(expanded.problems[0].message.starts_with(MISSING));
    }

    #[test]
    fn dots_are_read_as_written() {
        assert_eq!(
            normal(Path::new("/s/notes/a/../../x.rs")),
            Path::new("/s/x.rs")
        );
        assert_eq!(normal(Path::new("/s/notes/./../../x")), Path::new("/x"));
        assert!(!normal(Path::new("/s/notes/../../x")).starts_with("/s"));
    }

    #[test]
    fn only_a_whole_line_directive_is_one() {
        assert_eq!(directive_args("{{#include a.rs:3}}"), Some("a.rs:3"));
        assert_eq!(directive_args("{{ #rustdoc_include  a.rs }}"), Some("a.rs"));
        assert_eq!(directive_args("\\{{#include a.rs}}"), Some("a.rs"));
        assert_eq!(directive_args("{{#includes a.rs}}"), None);
        assert_eq!(directive_args("{{#include}}"), None);
        assert_eq!(directive_args("x {{#include a.rs}}"), None);
        assert_eq!(directive_args("{{#title Hi}}"), None);
    }

    #[test]
    fn line_ranges_take_those_lines_and_say_when_the_file_is_shorter() {
        let text = "1\n2\n3\n4\n";
        assert_eq!(take(text, &lines(Some(2), Some(3))).unwrap(), "2\n3\n");
        assert_eq!(take(text, &lines(None, Some(2))).unwrap(), "1\n2\n");
        assert_eq!(take(text, &lines(Some(3), None)).unwrap(), "3\n4\n");
        assert_eq!(take(text, &lines(Some(4), Some(4))).unwrap(), "4\n");
        assert_eq!(take(text, &lines(Some(2), Some(99))).unwrap(), "2\n3\n4\n");
        assert_eq!(
            take(text, &lines(Some(9), None)).unwrap_err(),
            "line 9 (the file has 4)"
        );
    }

    #[test]
    fn an_anchor_takes_its_lines_without_any_marker() {
        let text = "// ANCHOR: all\nuse x;\n// ANCHOR: here\nfn main() {}\n/* ANCHOR_END: here */\n// ANCHOR_END: all\n";
        assert_eq!(take(text, &Part::Anchor("here")).unwrap(), "fn main() {}\n");
        assert_eq!(
            take(text, &Part::Anchor("all")).unwrap(),
            "use x;\nfn main() {}\n"
        );
        assert_eq!(
            take(text, &Part::Anchor("her")).unwrap_err(),
            "anchor `her`"
        );
        assert_eq!(
            marker("<!-- ANCHOR_END: a-b -->", "ANCHOR_END:"),
            Some("a-b")
        );
        assert_eq!(marker("// ANCHOR_END: a", "ANCHOR:"), None);
    }
}
