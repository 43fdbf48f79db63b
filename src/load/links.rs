//! Links: resolves every link a note writes, before anything is rendered.
//!
//! In: all notes (with the links and anchors the first Markdown pass found) and the asset files.
//! Out: for each note, a map from each link as written to the relative URL it becomes (an
//! [`Href`]); the backlinks of every note; a diagnostic for every broken link of the site, each
//! with the closest existing note or anchor as a suggestion; and a warning for every link whose
//! scheme [`url::check`] refuses (`javascript:`), which is rendered as plain text.
//!
//! Wikilinks and embeds follow Obsidian's rules ([`crate::load::obsidian::names`]): a note or an
//! attachment by its path in the vault, its path from the note, or its name anywhere, and a
//! heading by its text ([`crate::load::obsidian::heading`]) or a block by its id (`#^id`). A
//! Markdown link first means the path it writes, as on the web; one naming a bare file that is
//! not beside the note finds it by name, as Obsidian's shortest-path links expect.

use crate::load::obsidian::embed::has_attachment_extension;
use crate::load::obsidian::names::{normalize, Found, Names};
use crate::load::obsidian::{heading, inline};
use crate::model::link::{LinkKind, NoteLinks, ResolvedLink};
use crate::model::site::{Note, NoteId};
use crate::util::error::{closest, Diagnostic, LineIndex};
use crate::util::url::{self, Checked, Href, Refused};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
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

/// Where a link points.
#[derive(Debug, Clone, PartialEq)]
pub enum Destination {
    Note(NoteId, Option<String>),
    Asset(String),
    External,
    /// A URL whose scheme may not be a link's.
    Refused(Refused),
}

/// Lookup tables over the whole site, built once.
pub struct LinkIndex<'a> {
    notes: &'a [Note],
    by_rel: HashMap<&'a str, NoteId>,
    by_rel_lowercase: HashMap<String, &'a str>,
    /// Lowercased slug, file name, title and aliases -> the notes answering to it.
    by_name: HashMap<String, Vec<NoteId>>,
    /// Notes by path without `.md` and by file name, as Obsidian finds them.
    note_names: Names<'a>,
    assets: HashSet<&'a str>,
    /// Attachments by path and by file name.
    asset_names: Names<'a>,
}

impl<'a> LinkIndex<'a> {
    pub fn new(notes: &'a [Note], assets: impl IntoIterator<Item = &'a str>) -> Self {
        let assets: HashSet<&'a str> = assets.into_iter().collect();
        let mut by_name: HashMap<String, Vec<NoteId>> = HashMap::new();
        for (id, note) in notes.iter().enumerate() {
            let stem = note.slug.rsplit('/').next().unwrap_or(&note.slug);
            let mut names = vec![note.slug.as_str(), note.title.as_str()];
            // Every section's page is an `index`: the name says nothing, its title does.
            if !stem.eq_ignore_ascii_case("index") && !stem.eq_ignore_ascii_case("readme") {
                names.push(stem);
            }
            names.extend(note.meta.aliases.iter().map(String::as_str));
            for name in names {
                let ids = by_name.entry(name.trim().to_lowercase()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        LinkIndex {
            notes,
            by_rel: notes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.rel.as_str(), i))
                .collect(),
            by_rel_lowercase: notes
                .iter()
                .map(|n| (n.rel.to_lowercase(), n.rel.as_str()))
                .collect(),
            by_name,
            note_names: Names::new(
                notes
                    .iter()
                    .map(|n| (n.rel.strip_suffix(".md").unwrap_or(&n.rel), n.rel.as_str())),
            ),
            asset_names: Names::new(assets.iter().map(|&a| (a, a))),
            assets,
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
                return Err(self.ambiguous(reference, rels.iter().map(|r| self.by_rel[r])))
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
                    closest(reference, self.assets.iter().copied()).map(|c| format!("'{c}'")),
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
        let dest = if path.is_empty() {
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
        if let Some(found) = self.by_name_as_obsidian(&path, kind) {
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
        let candidates = self
            .by_rel
            .keys()
            .copied()
            .chain(self.assets.iter().copied());
        Err(Problem::new(format!("no {what} at '{joined}'"))
            .suggest(closest(&joined, candidates).map(|c| format!("'{c}'"))))
    }

    /// A Markdown link or image that names no file at its path, read as Obsidian reads it: a
    /// path from the top of the vault, or a bare file name anywhere (`![](diagram.png)`).
    fn by_name_as_obsidian(&self, path: &str, kind: LinkKind) -> Option<Destination> {
        let from_top = normalize("", path)?;
        if path.contains('/') && !path.starts_with("../") && !path.starts_with("./") {
            if self.assets.contains(from_top.as_str()) {
                return Some(Destination::Asset(from_top));
            }
            if let Some(&id) = self.by_rel.get(from_top.as_str()) {
                return Some(Destination::Note(id, None));
            }
        }
        if from_top.contains('/') {
            return None;
        }
        let note = || match self.note_names.find("", from_top.trim_end_matches(".md")) {
            Found::One(rel) => Some(Destination::Note(self.by_rel[rel], None)),
            _ => None,
        };
        let asset = || match self.asset_names.find("", &from_top) {
            Found::One(asset) => Some(Destination::Asset(asset.to_string())),
            _ => None,
        };
        if kind == LinkKind::Image {
            asset()
        } else if from_top.ends_with(".md") {
            note()
        } else {
            asset().or_else(note)
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

/// Whether a link leaves the site to somewhere a link may go (`https:`, `mailto:`, `//host`):
/// any other scheme is neither external nor a path ([`url::check`]).
pub(crate) fn is_external(target: &str) -> bool {
    url::check(target) == Ok(Checked::External)
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The note files a path link may mean: `a.md`, `a.html` for `a.md`, `a` for `a.md`, and a
/// folder for its `index.md` or `README.md`.
fn note_candidates(joined: &str, is_dir: bool) -> Vec<String> {
    if is_dir || joined.is_empty() {
        let prefix = if joined.is_empty() {
            String::new()
        } else {
            format!("{joined}/")
        };
        return vec![format!("{prefix}index.md"), format!("{prefix}README.md")];
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
        format!("{joined}/README.md"),
    ]
}

pub struct Resolved {
    pub links: Vec<NoteLinks>,
    pub backlinks: Vec<Vec<NoteId>>,
    /// One per broken link, in file order.
    pub broken: Vec<Diagnostic>,
    /// What the build goes on after, in file order: links refused for their scheme, and what
    /// was removed from the notes' raw HTML ([`crate::markup::rawhtml`]).
    pub warnings: Vec<Diagnostic>,
}

/// One note's links, resolved.
pub struct NoteResolution {
    pub links: NoteLinks,
    /// The other notes it links to, each once, in the order first linked.
    pub targets: Vec<NoteId>,
    pub broken: Vec<Diagnostic>,
    /// Its links refused for their scheme, left unresolved so that they render as text.
    pub refused: Vec<Diagnostic>,
}

/// Resolves every link of note `from`.
pub fn resolve_note(notes: &[Note], index: &LinkIndex<'_>, from: NoteId) -> NoteResolution {
    let note = &notes[from];
    let lines = LineIndex::new(&note.text);
    let mut links = NoteLinks::default();
    let mut targets = Vec::new();
    let mut broken = Vec::new();
    let mut refused = Vec::new();
    for link in &note.analysis.links {
        let key = (link.kind, link.target.clone());
        if links.resolved.contains_key(&key) {
            continue;
        }
        match index.resolve(from, link.kind, &link.target) {
            Ok(dest) => {
                let resolved = match dest {
                    Destination::External => ResolvedLink {
                        href: link.target.clone(),
                        external: true,
                        note: None,
                    },
                    Destination::Asset(path) => {
                        let href = Href::between(&note.url, &path).into_string();
                        links.inside.insert(key.clone(), (path, None));
                        ResolvedLink {
                            href,
                            external: false,
                            note: None,
                        }
                    }
                    Destination::Note(id, fragment) => {
                        if id != from && !targets.contains(&id) {
                            targets.push(id);
                        }
                        let place = (notes[id].url.clone(), fragment.clone());
                        links.inside.insert(key.clone(), place);
                        if link.kind == LinkKind::Embed {
                            links
                                .embeds
                                .insert(link.target.clone(), (id, fragment.clone()));
                        }
                        let href = match (id == from, fragment) {
                            (true, Some(f)) => Href::fragment(&f),
                            (true, None) => Href::fragment(""),
                            (false, f) => {
                                let page = Href::between(&note.url, &notes[id].url);
                                f.map_or(page.clone(), |f| page.with_fragment(&f))
                            }
                        };
                        ResolvedLink {
                            href: href.into_string(),
                            external: false,
                            note: (id != from).then_some(id),
                        }
                    }
                    Destination::Refused(why) => {
                        let (line, col) = lines.position(&note.text, link.offset);
                        refused.push(
                            Diagnostic::error(format!("link '{}' dropped: {why}", link.target))
                                .in_file(&note.display)
                                .at(line, col)
                                .with_help(why.help())
                                .as_warning(),
                        );
                        continue;
                    }
                };
                links.resolved.insert(key, resolved);
            }
            Err(problem) => {
                let (line, col) = lines.position(&note.text, link.offset);
                let mut d = Diagnostic::error(format!(
                    "broken link '{}': {}",
                    link.target, problem.message
                ))
                .in_file(&note.display)
                .at(line, col);
                if let Some(help) = problem.help {
                    d = d.with_help(help);
                }
                broken.push(d);
            }
        }
    }
    NoteResolution {
        links,
        targets,
        broken,
        refused,
    }
}

/// Resolves every link of every note (in parallel) and collects every broken one.
pub fn resolve_all(notes: &[Note], index: &LinkIndex<'_>) -> Resolved {
    let per_note: Vec<NoteResolution> = (0..notes.len())
        .into_par_iter()
        .map(|from| resolve_note(notes, index, from))
        .collect();
    let mut backlinks = vec![Vec::new(); notes.len()];
    let mut links = Vec::with_capacity(notes.len());
    let mut broken = Vec::new();
    let mut warnings = Vec::new();
    // `from` grows, so each backlink list comes out sorted and free of repeats.
    for (from, resolution) in per_note.into_iter().enumerate() {
        for to in resolution.targets {
            backlinks[to].push(from);
        }
        links.push(resolution.links);
        broken.extend(resolution.broken);
        warnings.extend(resolution.refused);
        warnings.extend(notes[from].analysis.warnings.iter().cloned());
    }
    Resolved {
        links,
        backlinks,
        broken,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::frontmatter;
    use crate::load::markdown::analyze;
    use crate::model::link::LinkResolver;
    use std::path::Path;

    fn note(rel: &str, text: &str) -> Note {
        let path = Path::new(rel);
        let split = frontmatter::split(text, path).unwrap();
        let meta = frontmatter::parse(&split, path, false).unwrap().meta;
        let (analysis, problems) = analyze(
            text,
            split.body_offset,
            path,
            &crate::markup::math::Converter::default(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let slug = rel.trim_end_matches(".md").to_string();
        Note {
            source: rel.into(),
            display: rel.into(),
            rel: rel.into(),
            url: format!("{slug}.html"),
            dir: slug.rsplit_once('/').map_or("", |(d, _)| d).into(),
            title: meta
                .title
                .clone()
                .or(analysis.h1.clone())
                .unwrap_or(slug.clone()),
            slug,
            meta,
            text: text.into(),
            body_offset: split.body_offset,
            analysis,
            warnings: Vec::new(),
        }
    }

    fn notes() -> Vec<Note> {
        vec![
            note(
                "serverless/lambda.md",
                "---\ntitle: AWS Lambda\naliases: [λ, Functions]\n---\n## Pricing\n## Limits {#limits}\n<a name=\"old-anchor\"></a>\n",
            ),
            note("containers/docker.md", "# Docker\n"),
            note("a/intro.md", "# Intro\n"),
            note("b/intro.md", "# Intro\n"),
            note("serverless/index.md", "# Serverless\n"),
        ]
    }

    fn wiki(index: &LinkIndex<'_>, target: &str) -> Result<Destination, Problem> {
        index.resolve(1, LinkKind::Wiki, target)
    }

    #[test]
    fn wikilinks_resolve_by_slug_path_name_title_and_alias_in_any_case() {
        let notes = notes();
        let index = LinkIndex::new(&notes, ["img/x.png"]);
        for target in [
            "lambda",
            "LAMBDA",
            "serverless/lambda",
            "serverless/lambda.md",
            "AWS Lambda",
            "aws lambda",
            "λ",
            "functions",
        ] {
            assert_eq!(
                wiki(&index, target),
                Ok(Destination::Note(0, None)),
                "{target}"
            );
        }
        assert_eq!(wiki(&index, "Serverless"), Ok(Destination::Note(4, None)));
    }

    #[test]
    fn anchors_are_checked_against_headings_ids_and_html_names() {
        let notes = notes();
        let index = LinkIndex::new(&notes, []);
        for anchor in ["pricing", "limits", "old-anchor"] {
            assert_eq!(
                wiki(&index, &format!("lambda#{anchor}")),
                Ok(Destination::Note(0, Some(anchor.into())))
            );
        }
        let missing = wiki(&index, "lambda#pricng").unwrap_err();
        assert_eq!(
            missing.message,
            "no heading or anchor '#pricng' in serverless/lambda.md"
        );
        assert_eq!(missing.help.as_deref(), Some("did you mean '#pricing'?"));
    }

    #[test]
    fn top_of_the_page_is_an_anchor_of_every_note() {
        let notes = notes();
        let index = LinkIndex::new(&notes, []);
        for target in ["lambda#", "lambda#top", "lambda#TOP", "#", "#top"] {
            assert!(wiki(&index, target).is_ok(), "{target}");
        }
        let markdown = index.resolve(1, LinkKind::Markdown, "#top");
        assert_eq!(markdown, Ok(Destination::Note(1, Some("top".into()))));
    }

    #[test]
    fn ambiguous_names_list_their_candidates() {
        let notes = notes();
        let index = LinkIndex::new(&notes, []);
        let problem = wiki(&index, "intro").unwrap_err();
        assert_eq!(
            problem.message,
            "'intro' is ambiguous: it names 'Intro' (a/intro.md), 'Intro' (b/intro.md)"
        );
        assert_eq!(wiki(&index, "a/intro"), Ok(Destination::Note(2, None)));
    }

    #[test]
    fn unknown_names_suggest_the_closest_note() {
        let notes = notes();
        let index = LinkIndex::new(&notes, []);
        let problem = wiki(&index, "lamda").unwrap_err();
        assert_eq!(problem.message, "no note is named 'lamda'");
        assert_eq!(
            problem.help.as_deref(),
            Some("did you mean 'AWS Lambda' (serverless/lambda.md)?")
        );
    }

    #[test]
    fn path_links_are_relative_to_the_note_and_accept_html_and_folders() {
        let notes = notes();
        let index = LinkIndex::new(&notes, ["containers/logo.png"]);
        let from_docker = |target: &str, kind| index.resolve(1, kind, target);
        assert_eq!(
            from_docker("../serverless/lambda.md#pricing", LinkKind::Markdown),
            Ok(Destination::Note(0, Some("pricing".into())))
        );
        assert_eq!(
            from_docker("../serverless/lambda.html", LinkKind::Markdown),
            Ok(Destination::Note(0, None))
        );
        assert_eq!(
            from_docker("/serverless/lambda", LinkKind::Markdown),
            Ok(Destination::Note(0, None))
        );
        assert_eq!(
            from_docker("../serverless/", LinkKind::Markdown),
            Ok(Destination::Note(4, None))
        );
        assert_eq!(
            from_docker("logo.png", LinkKind::Image),
            Ok(Destination::Asset("containers/logo.png".into()))
        );
        assert_eq!(
            from_docker("https://hub.docker.com/", LinkKind::Markdown),
            Ok(Destination::External)
        );
        let wrong_case = from_docker("../serverless/Lambda.md", LinkKind::Markdown).unwrap_err();
        assert!(wrong_case
            .message
            .contains("the file is 'serverless/lambda.md'"));
        let outside = from_docker("../../etc/passwd", LinkKind::Markdown).unwrap_err();
        assert_eq!(
            outside.message,
            "'../../etc/passwd' points outside the notes folder"
        );
    }

    #[test]
    fn normalize_folds_dots_and_refuses_escape() {
        assert_eq!(normalize("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("a", "/x/./y.md").as_deref(), Some("a/x/y.md"));
        assert_eq!(normalize("", "../x.md"), None);
    }

    #[test]
    fn externals_are_recognized_by_scheme() {
        assert!(is_external("https://hub.docker.com/"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.com/x.js"));
        assert!(!is_external("lambda.md"));
        assert!(!is_external("C++.md"));
        assert!(!is_external("a/b:c.md"));
        assert!(!is_external("javascript:alert(1)"));
    }

    #[test]
    fn scripts_are_refused_and_wikilinks_are_names() {
        let notes = vec![
            note("javascript:alert(1).md", "# J\n"),
            note("a.md", "[x](JaVaScRiPt:alert(1)) [[javascript:alert(1)]]\n"),
        ];
        let index = LinkIndex::new(&notes, []);
        assert!(matches!(
            index.resolve(1, LinkKind::Markdown, "JaVaScRiPt:alert(1)"),
            Ok(Destination::Refused(_))
        ));
        assert_eq!(
            index.resolve(1, LinkKind::Wiki, "javascript:alert(1)"),
            Ok(Destination::Note(0, None))
        );
        let resolution = resolve_note(&notes, &index, 1);
        assert_eq!(resolution.refused.len(), 1);
        assert_eq!(resolution.refused[0].line, Some(1));
        assert_eq!(
            resolution.refused[0].severity,
            crate::util::error::Severity::Warning
        );
        assert!(resolution
            .links
            .resolve(LinkKind::Markdown, "JaVaScRiPt:alert(1)")
            .is_none());
    }
}
