//! `studysite serve` against many edits in a row: a seeded sequence of titles, links, headings,
//! tags and embeds changed across a small site, each brought into the preview the way serve
//! brings a save in, and after each every file of a new build (pages, search index, cards,
//! previews) must be served byte for byte. The edits are drawn from what breaks incremental
//! updates: links by title, alias, heading or block that a later edit breaks or mends, embeds
//! of an edited part, two notes sharing a title, cards appearing and going, comparisons, a
//! glossary term's first mention, related notes and order.

use crate::common::TestSite;
use studysite::command::serve::{Preview, Rebuild};
use studysite::Options;

/// A note as the test keeps it: written out whole after every edit.
#[derive(Clone)]
struct Note {
    path: &'static str,
    title: &'static str,
    tags: &'static str,
    extra: &'static str,
    lines: Vec<&'static str>,
}

impl Note {
    fn text(&self) -> String {
        format!(
            "---\ntitle: {}\ntags: [{}]\n{}---\n{}\n",
            self.title,
            self.tags,
            self.extra,
            self.lines.join("\n\n")
        )
    }
}

const TITLES: &[&str] = &["Target", "Aim", "Zeta", "Part A", "Other", "Plain"];
const TAGS: &[&str] = &["t", "u", "t, u", "", "flashcards"];
const EXTRA: &[&str] = &[
    "",
    "aliases: [Aim]\n",
    "related: [Other]\n",
    "order: 1\n",
    "aliases: [Zed]\nrelated: [plain]\norder: 2\n",
];
const LINES: &[&str] = &[
    "See [[Target]].",
    "See [[target#Setup]].",
    "See [[Aim#Install]].",
    "About [[a/target|the target]].",
    "Back to [[Part A]].",
    "[Plainly](../b/plain.md#intro) written.",
    "![[target]]",
    "![[target#Setup]]",
    "![[Other#Intro]]",
    "## Setup",
    "## Install",
    "## Intro",
    "Just text, with a word: serverless.",
    "> [!question] Which one?\n> This one.",
    "> [!KEY]\n> - Lambda runs for at most **15 minutes**.",
    "What runs functions::Lambda",
    "A block to point at. ^b1",
    "See [[target#^b1]] and [[Zed]].",
    "```compare\ntitle: T vs O\nthings: [target, other]\nrows:\n  - aspect: Size\n    values: [big, small]\n```",
    "```rust\nfn main() {}\n```",
    "Inline $x^2$ math.",
];

/// xorshift64: the sequence is the same on every run, so a failure names its seed and step.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn notes() -> Vec<Note> {
    let note = |path, title, lines: &[&'static str]| Note {
        path,
        title,
        tags: "t",
        extra: "",
        lines: lines.to_vec(),
    };
    vec![
        note("notes/a/index.md", "Part A", &["The first part."]),
        note(
            "notes/a/target.md",
            "Target",
            &["Text.", "## Setup", "Steps."],
        ),
        note("notes/a/before.md", "Before", &["See [[target#Setup]]."]),
        note(
            "notes/b/other.md",
            "Other",
            &["## Intro", "About [[Part A]]."],
        ),
        note("notes/b/plain.md", "Plain", &["## Intro", "Plain text."]),
        note("notes/b/embeds.md", "Embeds", &["![[target]]"]),
    ]
}

/// Every file a new build writes, compared with what the preview serves; the first that
/// differs fails, with where.
fn assert_serves_the_build(site: &TestSite, preview: &Preview, context: &str) {
    let out = site.run(&["build", "--quiet", "--force", "--allow-broken-links"]);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let public = site.path("public");
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.file_name() == ".studysite-output" {
            continue;
        }
        let rel = entry.path().strip_prefix(&public).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let built = std::fs::read(entry.path()).unwrap();
        let served = preview
            .page(&rel)
            .unwrap_or_else(|| panic!("{context}: {rel} not served"));
        crate::serve::assert_same_as_built(&format!("{context}: {rel}"), &served, &built);
    }
}

fn run_edits(seed: u64, steps: usize) {
    let site = TestSite::new();
    site.write("notes/index.md", "# Home\n\nStart at [[Target]].\n")
        .write(
            "notes/glossary.yaml",
            "Serverless:\n  definition: Run code without managing servers.\n  note: a/target\n",
        );
    let mut notes = notes();
    for note in &notes {
        site.write(note.path, note.text());
    }
    let work = tempfile::tempdir().unwrap();
    let options = Options {
        root: site.root().to_path_buf(),
        allow_broken_links: true,
        ..Options::default()
    };
    let preview = Preview::new(&options, work.path());
    assert_serves_the_build(&site, &preview, &format!("seed {seed}, before any edit"));
    let mut rng = Rng(seed);
    for step in 0..steps {
        let i = rng.below(notes.len());
        let note = &mut notes[i];
        let what = match rng.below(5) {
            0 => {
                note.title = TITLES[rng.below(TITLES.len())];
                format!("title {:?}", note.title)
            }
            1 => {
                note.tags = TAGS[rng.below(TAGS.len())];
                format!("tags [{}]", note.tags)
            }
            2 => {
                note.extra = EXTRA[rng.below(EXTRA.len())];
                format!("frontmatter {:?}", note.extra)
            }
            3 if note.lines.len() > 1 => {
                let line = note.lines.remove(rng.below(note.lines.len()));
                format!("removed {line:?}")
            }
            _ => {
                let line = LINES[rng.below(LINES.len())];
                let at = rng.below(note.lines.len() + 1);
                note.lines.insert(at, line);
                format!("added {line:?}")
            }
        };
        let path = site.path(note.path);
        std::fs::write(&path, note.text()).unwrap();
        let rebuild = preview.apply(std::slice::from_ref(&path));
        let context = format!(
            "seed {seed}, step {step}: {} {what} ({rebuild:?})",
            note.path
        );
        assert!(!matches!(rebuild, Rebuild::Failed), "{context}");
        assert_serves_the_build(&site, &preview, &context);
    }
}

#[test]
fn a_seeded_run_of_edits_serves_what_a_new_build_writes_after_each() {
    let seeds: u64 = std::env::var("STUDYSITE_EDIT_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for seed in 1..=seeds {
        run_edits(0x9E37_79B9_7F4A_7C15 ^ seed, 24);
    }
}
