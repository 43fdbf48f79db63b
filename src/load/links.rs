//! Links: resolves every link a note writes, before anything is rendered.
//!
//! In: all notes (with the links and anchors the first Markdown pass found) and the asset files.
//! Out: for each note, a map from each link as written to where it goes (a [`Destination`]: a
//! note and anchor, a file, or outside the site; each output writes it as its own href); the
//! backlinks of every note; a diagnostic for every broken link of the site, each
//! with the closest existing note or anchor as a suggestion; and a warning for every link whose
//! scheme [`url::check`] refuses (`javascript:`), which is rendered as plain text. The links a
//! note's raw HTML writes ([`crate::markup::html_links`]) are resolved too, by the same rules,
//! for the handout, which rewrites raw HTML; pages pass them through, so they are not checked.
//!
//! Wikilinks and embeds follow Obsidian's rules ([`crate::load::obsidian::names`]): a note or an
//! attachment by its path in the vault, its path from the note, or its name anywhere, and a
//! heading by its text ([`crate::load::obsidian::heading`]) or a block by its id (`#^id`). A
//! Markdown link first means the path it writes, as on the web; one naming a bare file that is
//! not beside the note finds it by name, as Obsidian's shortest-path links expect.

mod index;

pub use index::{LinkIndex, LinkTables, Problem};

use crate::model::link::{Destination, NoteLinks};
use crate::model::site::{Note, NoteId};
use crate::util::error::{Diagnostic, LineIndex};
use crate::util::url::{self, Checked};
use rayon::prelude::*;

/// Whether a link leaves the site to somewhere a link may go (`https:`, `mailto:`, `//host`):
/// any other scheme is neither external nor a path ([`url::check`]).
pub(crate) fn is_external(target: &str) -> bool {
    url::check(target) == Ok(Checked::External)
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
    let mut links = NoteLinks::new(from);
    let mut targets = Vec::new();
    let mut broken = Vec::new();
    let mut refused = Vec::new();
    for link in &note.analysis.links {
        let key = (link.kind, link.target.clone());
        if links.destinations.contains_key(&key) {
            continue;
        }
        match index.resolve(from, link.kind, &link.target) {
            Ok(Destination::Refused(why)) => {
                let (line, col) = lines.position(&note.text, link.offset);
                refused.push(
                    Diagnostic::error(format!("link '{}' dropped: {why}", link.target))
                        .in_file(&note.display)
                        .at(line, col)
                        .with_help(why.help())
                        .as_warning(),
                );
            }
            Ok(dest) => {
                if let Destination::Note(id, _) = dest {
                    if id != from && !targets.contains(&id) {
                        targets.push(id);
                    }
                }
                links.destinations.insert(key, dest);
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
    // The links of its raw HTML, for the handout, which rewrites it: where they go, or nothing.
    for (kind, target) in &note.analysis.html_links {
        if let Ok(dest) = index.resolve(from, *kind, target) {
            links.in_html.insert((*kind, target.clone()), dest);
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
    use crate::load::obsidian::names::normalize;
    use crate::model::link::LinkKind;
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
            None,
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
    fn raw_html_links_resolve_apart_unchecked() {
        let mut notes = notes();
        notes.push(note(
            "b/raw.md",
            "<a href=\"../containers/docker.md#docker\">d</a> <img src=\"../img/x.png\"> <a href=\"gone.md\">g</a>\n",
        ));
        let index = LinkIndex::new(&notes, ["img/x.png"]);
        let resolution = resolve_note(&notes, &index, 5);
        let links = &resolution.links;
        assert_eq!(
            links.in_html(LinkKind::Markdown, "../containers/docker.md#docker"),
            Some(&Destination::Note(1, Some("docker".into())))
        );
        assert_eq!(
            links.in_html(LinkKind::Image, "../img/x.png"),
            Some(&Destination::Asset("img/x.png".into()))
        );
        // Not checked, and not links of the page: no broken link, no backlink, no preview.
        assert_eq!(links.in_html(LinkKind::Markdown, "gone.md"), None);
        assert!(resolution.broken.is_empty() && resolution.targets.is_empty());
        assert_eq!(links.linked_notes().count(), 0);
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
            .destination(LinkKind::Markdown, "JaVaScRiPt:alert(1)")
            .is_none());
    }
}
