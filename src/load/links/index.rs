//! The site's lookup tables for links, built once. In: all notes (with their anchors and
//! headings) and the asset files. Out: for one link as a note writes it, its [`Destination`]
//! (a note and anchor, a file, outside the site, or refused for its scheme), or the
//! [`Problem`] that says why it resolves to nothing, with the closest name as a suggestion.
//! Also how `related:` and comparisons name notes ([`LinkIndex::find_note`]).

use crate::load::obsidian::embed::has_attachment_extension;
use crate::load::obsidian::names::{normalize, Found, Names};
use crate::load::obsidian::{heading, inline};
use crate::model::link::{Destination, LinkKind};
use crate::model::site::{Note, NoteId};
use crate::util::error::closest;
use crate::util::url::{self, Checked};
use percent_encoding::percent_decode_str;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Why a link does not resolve, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            help: None,
        }
    }

    fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.help = suggestion.map(|s| format!("did you mean {s}?"));
        self
    }
}

/// Lookup tables over the whole site, built once, owning their keys so that live preview can
/// keep them between edits and change one note's entries ([`LinkTables::retitle`]).
#[derive(Clone)]
pub struct LinkTables {
    by_rel: HashMap<String, NoteId>,
    by_rel_lowercase: HashMap<String, String>,
    /// Lowercased slug, file name, title and aliases -> the notes answering to it.
    by_name: HashMap<String, Vec<NoteId>>,
    /// Notes by path without `.md` and by file name, as Obsidian finds them.
    note_names: Names,
    assets: HashSet<String>,
    /// Attachments by path and by file name.
    asset_names: Names,
}

/// The names a note answers to in [`LinkTables`]' `by_name`, lowercased: slug, file name,
/// title and aliases.
fn names_of(note: &Note) -> Vec<String> {
    let stem = note.slug.rsplit('/').next().unwrap_or(&note.slug);
    let mut names = vec![note.slug.as_str(), note.title.as_str()];
    // Every section's page is an `index`: the name says nothing, its title does.
    if !stem.eq_ignore_ascii_case("index") && !stem.eq_ignore_ascii_case("readme") {
        names.push(stem);
    }
    names.extend(note.meta.aliases.iter().map(String::as_str));
    names.into_iter().map(|n| n.trim().to_lowercase()).collect()
}

impl LinkTables {
    pub fn new<'f>(notes: &[Note], assets: impl IntoIterator<Item = &'f str>) -> Self {
        let assets: HashSet<String> = assets.into_iter().map(str::to_string).collect();
        let mut by_name: HashMap<String, Vec<NoteId>> = HashMap::new();
        for (id, note) in notes.iter().enumerate() {
            for name in names_of(note) {
                let ids = by_name.entry(name).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        LinkTables {
            by_rel: notes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.rel.clone(), i))
                .collect(),
            by_rel_lowercase: notes
                .iter()
                .map(|n| (n.rel.to_lowercase(), n.rel.clone()))
                .collect(),
            by_name,
            note_names: Names::new(
                notes
                    .iter()
                    .map(|n| (n.rel.strip_suffix(".md").unwrap_or(&n.rel), n.rel.as_str())),
            ),
            asset_names: Names::new(assets.iter().map(|a| (a.as_str(), a.as_str()))),
            assets,
        }
    }

    /// Note `id` answers to the names of `new` instead of those of `old` (its title or
    /// aliases changed; its file did not move). Each list of notes stays in id order, as
    /// [`LinkTables::new`] makes it.
    pub fn retitle(&mut self, id: NoteId, old: &Note, new: &Note) {
        for name in names_of(old) {
            if let Some(ids) = self.by_name.get_mut(&name) {
                ids.retain(|&other| other != id);
                if ids.is_empty() {
                    self.by_name.remove(&name);
                }
            }
        }
        for name in names_of(new) {
            let ids = self.by_name.entry(name).or_default();
            if let Err(at) = ids.binary_search(&id) {
                ids.insert(at, id);
            }
        }
    }

    /// The index over these tables for `notes`, the notes they were made from.
    pub fn over<'a>(&'a self, notes: &'a [Note]) -> LinkIndex<'a> {
        LinkIndex {
            notes,
            tables: Cow::Borrowed(self),
        }
    }
}

/// The lookup tables with the notes they index, to resolve links against.
pub struct LinkIndex<'a> {
    notes: &'a [Note],
    tables: Cow<'a, LinkTables>,
}

impl std::ops::Deref for LinkIndex<'_> {
    type Target = LinkTables;

    fn deref(&self) -> &LinkTables {
        &self.tables
    }
}

impl<'a> LinkIndex<'a> {
    pub fn new(notes: &'a [Note], assets: impl IntoIterator<Item = &'a str>) -> Self {
        LinkIndex {
            notes,
            tables: Cow::Owned(LinkTables::new(notes, assets)),
        }
    }

    /// A note named by path, slug, file name, title or alias (case-insensitive), as
    /// `related` and comparisons name them (also as a wikilink, `[[Note]]`).
    pub fn find_note(&self, reference: &str) -> Result<NoteId, Problem> {
        let reference = reference.trim();
        let reference = match reference
            .strip_prefix("[[")
            .and_then(|r| r.strip_suffix("]]"))
        {
            Some(inner) => inner.split(['|', '#']).next().unwrap_or(inner),
            None => reference,
        };
        self.find_note_from("", reference)
    }

    /// A note named in a note in folder `dir`: by Obsidian's rules ([`Names`]) first, then by
    /// slug, title or alias (case-insensitive).
    fn find_note_from(&self, dir: &str, reference: &str) -> Result<NoteId, Problem> {
        let reference = reference.trim();
        if let Some(&id) = self.by_rel.get(reference) {
            return Ok(id);
        }
        let key = reference.trim_end_matches(".md").to_lowercase();
        match self.note_names.find(dir, &key) {
            Found::One(rel) => return Ok(self.by_rel[rel]),
            Found::Ambiguous(rels) => {
                return Err(self.ambiguous(reference, rels.iter().map(|&r| self.by_rel[r])))
            }
            Found::Nothing => {}
        }
        match self.by_name.get(&key).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(ids) if !ids.is_empty() => Err(self.ambiguous(reference, ids.iter().copied())),
            _ => Err(
                Problem::new(format!("no note is named '{reference}'")).suggest(
                    closest(&key, self.by_name.keys().map(String::as_str)).map(|name| {
                        let id = self.by_name[name][0];
                        format!("'{}' ({})", self.notes[id].title, self.notes[id].rel)
                    }),
                ),
            ),
        }
    }

    fn ambiguous(&self, reference: &str, ids: impl Iterator<Item = NoteId>) -> Problem {
        let candidates: Vec<String> = ids
            .map(|i| format!("'{}' ({})", self.notes[i].title, self.notes[i].rel))
            .collect();
        Problem {
            message: format!(
                "'{reference}' is ambiguous: it names {}",
                candidates.join(", ")
            ),
            help: Some("link by path instead, e.g. [[folder/note]]".into()),
        }
    }

    /// An attachment a wikilink or embed in folder `dir` names.
    fn find_asset(&self, dir: &str, reference: &str) -> Result<String, Problem> {
        match self.asset_names.find(dir, reference) {
            Found::One(path) => Ok(path.to_string()),
            Found::Ambiguous(paths) => Err(Problem {
                message: format!("'{reference}' is ambiguous: it names {}", paths.join(", ")),
                help: Some("link by path instead, e.g. [[folder/image.png]]".into()),
            }),
            Found::Nothing => Err(
                Problem::new(format!("no file is named '{reference}'")).suggest(
                    closest(reference, self.assets.iter().map(String::as_str))
                        .map(|c| format!("'{c}'")),
                ),
            ),
        }
    }

    /// A wikilink's or embed's target (without its fragment): a note, or an attachment when it
    /// names a file by its extension (a note's name may hold a dot too: `Node.js`).
    fn resolve_wiki(&self, from: NoteId, path: &str) -> Result<Destination, Problem> {
        let dir = self.notes[from].dir.as_str();
        if !has_attachment_extension(path) {
            return Ok(Destination::Note(self.find_note_from(dir, path)?, None));
        }
        match self.find_asset(dir, path) {
            Ok(asset) => Ok(Destination::Asset(asset)),
            Err(problem) => match self.find_note_from(dir, path) {
                Ok(id) => Ok(Destination::Note(id, None)),
                Err(_) => Err(problem),
            },
        }
    }

    /// Resolves one link written in note `from`.
    pub fn resolve(
        &self,
        from: NoteId,
        kind: LinkKind,
        target: &str,
    ) -> Result<Destination, Problem> {
        // A wikilink names a note, whatever its name holds (`[[Note: intro]]`).
        let wiki = matches!(kind, LinkKind::Wiki | LinkKind::Embed);
        if !wiki {
            match url::check(target) {
                Ok(Checked::External) => return Ok(Destination::External),
                Err(refused) => return Ok(Destination::Refused(refused)),
                Ok(Checked::Relative) => {}
            }
        }
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (target, None),
        };
        // `?q=lambda` alone is the page itself, with a query our pages do not read.
        let dest = if path.is_empty() || path.starts_with('?') {
            Destination::Note(from, None)
        } else if wiki {
            self.resolve_wiki(from, path)?
        } else {
            self.resolve_path(from, path, kind)?
        };
        Ok(match (dest, fragment) {
            (Destination::Note(id, _), Some(anchor)) => {
                Destination::Note(id, Some(self.resolve_anchor(id, &anchor)?))
            }
            (dest, _) => dest,
        })
    }

    fn resolve_path(
        &self,
        from: NoteId,
        path: &str,
        kind: LinkKind,
    ) -> Result<Destination, Problem> {
        let path = decode(path.split('?').next().unwrap_or(path));
        // Zola's internal links: `@/blog/post.md` is a path from the notes folder.
        let path = match path.strip_prefix('@') {
            Some(rest) if rest.starts_with('/') => rest.to_string(),
            _ => path,
        };
        let base = if path.starts_with('/') {
            ""
        } else {
            self.notes[from].dir.as_str()
        };
        let joined = normalize(base, &path)
            .ok_or_else(|| Problem::new(format!("'{path}' points outside the notes folder")))?;
        if kind != LinkKind::Image {
            for candidate in note_candidates(&joined, path.ends_with('/')) {
                if let Some(&id) = self.by_rel.get(candidate.as_str()) {
                    return Ok(Destination::Note(id, None));
                }
            }
        }
        if self.assets.contains(joined.as_str()) {
            return Ok(Destination::Asset(joined));
        }
        if let Some(found) = self.by_name_as_obsidian(&path, kind)? {
            return Ok(found);
        }
        let wrong_case = note_candidates(&joined, false)
            .into_iter()
            .find_map(|c| self.by_rel_lowercase.get(&c.to_lowercase()));
        if let Some(actual) = wrong_case {
            return Err(Problem::new(format!(
                "no note at '{joined}': the file is '{actual}' (names are case-sensitive on most web servers)"
            ))
            .suggest(Some(format!("'{actual}'"))));
        }
        let what = if kind == LinkKind::Image {
            "image or file"
        } else {
            "note or file"
        };
        let candidates = self.by_rel.keys().chain(&self.assets).map(String::as_str);
        Err(Problem::new(format!("no {what} at '{joined}'"))
            .suggest(closest(&joined, candidates).map(|c| format!("'{c}'"))))
    }

    /// A Markdown link or image that names no file at its path, read as Obsidian reads it: a
    /// path from the top of the vault, or a bare file name or the end of a path anywhere
    /// (`![](diagram.png)`, `[win](WorkspaceWindow/win)`), as its wikilinks are; an error
    /// when that names several notes.
    fn by_name_as_obsidian(
        &self,
        path: &str,
        kind: LinkKind,
    ) -> Result<Option<Destination>, Problem> {
        let Some(from_top) = normalize("", path) else {
            return Ok(None);
        };
        let relative = path.starts_with("../") || path.starts_with("./");
        if path.contains('/') && !relative {
            if self.assets.contains(from_top.as_str()) {
                return Ok(Some(Destination::Asset(from_top)));
            }
            if let Some(&id) = self.by_rel.get(from_top.as_str()) {
                return Ok(Some(Destination::Note(id, None)));
            }
        }
        if relative && from_top.contains('/') {
            return Ok(None);
        }
        let note = || match self.note_names.find("", from_top.trim_end_matches(".md")) {
            Found::One(rel) => Ok(Some(Destination::Note(self.by_rel[rel], None))),
            Found::Ambiguous(rels) => {
                Err(self.ambiguous(path, rels.iter().map(|&r| self.by_rel[r])))
            }
            Found::Nothing => Ok(None),
        };
        let asset = || match self.asset_names.find("", &from_top) {
            Found::One(asset) => Some(Destination::Asset(asset.to_string())),
            _ => None,
        };
        if kind == LinkKind::Image {
            Ok(asset())
        } else if from_top.ends_with(".md") {
            note()
        } else {
            asset().map_or_else(note, |found| Ok(Some(found)))
        }
    }

    /// The id on `id`'s page that `anchor` names: an id as written, a block (`^id`), or a
    /// heading by its text as Obsidian matches it (`Any type`, `Part#Detail`).
    fn resolve_anchor(&self, id: NoteId, anchor: &str) -> Result<String, Problem> {
        let note = &self.notes[id];
        if is_top_of_document(anchor) || note.analysis.anchors.contains(anchor) {
            return Ok(anchor.to_string());
        }
        if let Some(block) = anchor.strip_prefix('^') {
            let block = inline::block_anchor(block);
            if note.analysis.anchors.contains(&block) {
                return Ok(block);
            }
        } else if let Some(h) = heading::find(&note.analysis.headings, anchor) {
            return Ok(h.id.clone());
        }
        let problem = Problem::new(format!("no heading or anchor '#{anchor}' in {}", note.rel));
        let anchors = &note.analysis.anchors;
        if let Some(near) = closest(anchor, anchors.iter().map(String::as_str)) {
            return Err(problem.suggest(Some(format!("'#{near}'"))));
        }
        let mut known: Vec<&str> = anchors.iter().map(String::as_str).collect();
        known.sort_unstable();
        let help = if known.is_empty() {
            format!(
                "{} has no headings or anchors; link to the page without '#{anchor}'",
                note.rel
            )
        } else {
            let shown: Vec<String> = known.iter().take(12).map(|a| format!("#{a}")).collect();
            let more = if known.len() > 12 { ", ..." } else { "" };
            format!("its anchors are {}{more}", shown.join(", "))
        };
        Err(Problem {
            help: Some(help),
            ..problem
        })
    }
}

/// `#` and `#top` (in any case) always exist: the HTML standard's "indicated part of the
/// document" is the top of the page for an empty fragment and for `top`.
fn is_top_of_document(anchor: &str) -> bool {
    anchor.is_empty() || anchor.eq_ignore_ascii_case("top")
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The note files a path link may mean: `a.md`, `a.html` for `a.md`, `a` for `a.md`, and a
/// folder for its `index.md`, `_index.md` (Hugo, Zola) or `README.md`.
fn note_candidates(joined: &str, is_dir: bool) -> Vec<String> {
    if is_dir || joined.is_empty() {
        let prefix = if joined.is_empty() {
            String::new()
        } else {
            format!("{joined}/")
        };
        return vec![
            format!("{prefix}index.md"),
            format!("{prefix}_index.md"),
            format!("{prefix}README.md"),
        ];
    }
    if joined.ends_with(".md") {
        return vec![joined.to_string()];
    }
    if let Some(stem) = joined.strip_suffix(".html") {
        return vec![format!("{stem}.md")];
    }
    vec![
        format!("{joined}.md"),
        format!("{joined}/index.md"),
        format!("{joined}/_index.md"),
        format!("{joined}/README.md"),
    ]
}
