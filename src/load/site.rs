//! The site's assembly, the last loading stage: it runs the others and fills the model
//! ([`crate::model::site`]).
//!
//! In: [`Settings`]. Out: a [`Site`]: every note parsed and analyzed, every link resolved, the
//! comparisons with their notes, the course outline and order, tags and backlinks, or every
//! problem found on the way, all at once. Rendering reads a `Site` and never fails on content.

mod outline;
mod read;
mod related;

pub use read::{math_converter, read_note, title_from_name};

use crate::load::discover::discover;
use crate::load::glossary;
use crate::load::links::{resolve_all, LinkIndex};
use crate::load::obsidian::cycles;
use crate::markup::math::Converter;
use crate::model::cards::Deck;
use crate::model::comparison::{Comparison, Spec, Thing};
use crate::model::config::Settings;
use crate::model::glossary::{Glossary, FILE as GLOSSARY_FILE};
use crate::model::meta::PagePath;
use crate::model::site::{
    Note, NoteId, Section, Site, SitePages, SourceFile, GENERATED_FILES, GENERATED_FOLDERS,
};
use crate::util::assets;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::mime;
use crate::util::paths;
use crate::util::progress::Progress;
pub use outline::{build_outline, flatten};
use rayon::prelude::*;
pub use related::{
    collect_tags, declared_related, related_notes, related_of, resolve_related, tags_by_slug,
    TAG_WINDOW,
};
use std::collections::HashMap;

impl Site {
    pub fn load(settings: Settings, progress: &dyn Progress) -> Result<Site> {
        let math = math_converter(&settings)?;
        let mut found = discover(&settings).map_err(Error::Invalid)?;
        // The glossary is read, not copied.
        found.assets.retain(|a| a.rel.as_str() != GLOSSARY_FILE);
        progress.stage("Reading notes", found.notes.len() as u64);
        let parsed: Vec<Result<Note, Vec<Diagnostic>>> = found
            .notes
            .par_iter()
            .map(|file| {
                let note = read_note(file, &settings, &math);
                progress.advance(1);
                note
            })
            .collect();
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut notes = Vec::with_capacity(parsed.len());
        for result in parsed {
            match result {
                Ok(note) if note.meta.draft && !settings.drafts => {}
                Ok(note) => {
                    warnings.extend(note.warnings.iter().cloned());
                    notes.push(note);
                }
                Err(p) => problems.extend(p),
            }
        }
        if !problems.is_empty() {
            // The pages' clashes too, all at once.
            readme_as_index(&mut notes);
            problems.extend(check_output_paths(&settings, &notes, &found.assets).1);
            return Err(Error::Invalid(problems));
        }
        warnings.extend(found.warnings);
        progress.stage("Linking", notes.len() as u64);
        Site::link(settings, notes, found.assets, warnings, &math)
    }

    /// The stages after reading: every link resolved, the comparisons, outline, course order,
    /// tags, backlinks and related notes, from the notes as read. `warnings` are the reading
    /// stages'; `math` is the converter they read the notes with ([`math_converter`]), for the
    /// cards' answers. Live preview calls it again after an edit, so that an edited note
    /// changes the site by the build's own rules.
    pub fn link(
        settings: Settings,
        mut notes: Vec<Note>,
        assets: Vec<SourceFile>,
        mut warnings: Vec<Diagnostic>,
        math: &Converter,
    ) -> Result<Site> {
        let section_index = readme_as_index(&mut notes);
        let (pages, mut problems) = check_output_paths(&settings, &notes, &assets);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let index = LinkIndex::new(&notes, assets.iter().map(|a| a.rel.as_str()));
        let resolved = resolve_all(&notes, &index);
        warnings.extend(resolved.warnings);
        if settings.site.allow_broken_links {
            warnings.extend(resolved.broken.into_iter().map(Diagnostic::as_warning));
        } else {
            problems.extend(resolved.broken);
        }
        let embed_cycles = cycles::check(&notes, &resolved.links);
        if settings.site.allow_broken_links {
            warnings.extend(embed_cycles.into_iter().map(Diagnostic::as_warning));
        } else {
            problems.extend(embed_cycles);
        }
        let (comparisons, comparison_problems) = resolve_comparisons(&notes, &index);
        problems.extend(comparison_problems);
        let (declared_related, related_problems) = resolve_related(&notes, &index);
        // `related` names notes as links do, and goes on when broken links may.
        if settings.site.allow_broken_links {
            warnings.extend(related_problems.into_iter().map(Diagnostic::as_warning));
        } else {
            problems.extend(related_problems);
        }
        let glossary_file = settings.notes_dir.join(GLOSSARY_FILE);
        let glossary = glossary::load(
            &glossary_file,
            &settings.display_path(&glossary_file),
            &|reference| index.find_note(reference),
        )
        .unwrap_or_else(|p| {
            problems.extend(p);
            Glossary::default()
        });
        let deck = match crate::load::cards::collect(
            &notes,
            &comparisons,
            &glossary,
            math,
            settings.site.allow_broken_links,
        ) {
            Ok((deck, found)) => {
                warnings.extend(found);
                deck
            }
            Err(found) => {
                problems.extend(found);
                Deck::default()
            }
        };
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }

        let outline = build_outline(&notes, &section_index);
        let mut course = Vec::with_capacity(notes.len());
        flatten(&outline, &mut course);
        let mut position = vec![0; notes.len()];
        for (i, &id) in course.iter().enumerate() {
            position[id] = i;
        }
        let mut backlinks = resolved.backlinks;
        for list in &mut backlinks {
            list.sort_by_key(|&id| position[id]);
        }
        let tags = collect_tags(&notes, &position);
        let related = related_notes(&notes, &declared_related, &tags);
        let mut compared_in = vec![Vec::new(); notes.len()];
        for (i, c) in comparisons.iter().enumerate() {
            for thing in &c.things {
                if let Some(id) = thing.note {
                    if !compared_in[id].contains(&i) {
                        compared_in[id].push(i);
                    }
                }
            }
        }
        let image_bytes = assets
            .iter()
            .filter(|a| mime::of_path(&a.path).starts_with("image/"))
            .filter_map(|a| std::fs::metadata(&a.path).ok())
            .map(|m| m.len())
            .sum();
        Ok(Site {
            settings,
            notes,
            assets,
            image_bytes,
            outline,
            course,
            position,
            links: resolved.links,
            backlinks,
            related,
            comparisons,
            compared_in,
            tags,
            deck,
            glossary,
            pages,
            warnings,
        })
    }

    /// The notes before and after `id` in course order.
    pub fn neighbours(&self, id: NoteId) -> (Option<NoteId>, Option<NoteId>) {
        let pos = self.position[id];
        let prev = pos.checked_sub(1).map(|p| self.course[p]);
        let next = self.course.get(pos + 1).copied();
        (prev, next)
    }

    /// Whether `build` writes `handout.html` for this site (`handout:` in `site.yaml`), so
    /// whether pages link to it.
    pub fn writes_handout(&self) -> bool {
        self.settings
            .site
            .handout
            .builds(self.notes.len(), self.image_bytes)
    }

    /// The sections (folders) leading to a note, outermost first, without the top level.
    pub fn breadcrumbs(&self, id: NoteId) -> Vec<&Section> {
        let mut trail = Vec::new();
        let dir = &self.notes[id].dir;
        let mut section = &self.outline;
        while let Some(child) = section
            .children
            .iter()
            .find(|c| paths::is_within(dir, &c.dir))
        {
            trail.push(child);
            section = child;
        }
        trail
    }
}

/// A folder's `_index.md` (Hugo's and Zola's section page), or else its `README.md`, becomes
/// its index page when it has no `index.md`, so imported documentation gets its home page and
/// section pages where a reader expects them (unless its frontmatter puts its page elsewhere).
/// Returns, for each note, whether it introduces its folder: its `index.md`, or that page.
fn readme_as_index(notes: &mut [Note]) -> Vec<bool> {
    let stem = |n: &Note| n.slug.rsplit('/').next().unwrap_or(&n.slug).to_string();
    let folders_with = |name: &str| -> std::collections::HashSet<String> {
        let named = notes.iter().filter(|n| stem(n) == name);
        named.map(|n| n.dir.clone()).collect()
    };
    let (with_index, with_section_page) = (folders_with("index"), folders_with("_index"));
    let mut section_index = Vec::with_capacity(notes.len());
    for note in notes.iter_mut() {
        let stem = stem(note);
        let readme = match stem.as_str() {
            "_index" => !with_index.contains(&note.dir),
            _ => {
                stem.eq_ignore_ascii_case("readme")
                    && !with_index.contains(&note.dir)
                    && !with_section_page.contains(&note.dir)
            }
        };
        if readme && note.meta.page.is_none() {
            note.url = if note.dir.is_empty() {
                "index.html".into()
            } else {
                format!("{}/index.html", note.dir)
            };
        }
        section_index.push(readme || stem == "index");
    }
    section_index
}

/// Two notes (or a note and a file or a file the build writes) writing the same output path,
/// also when they differ only in case (they collide on macOS and Windows); and where the
/// site-wide pages go, clear of every note and file ([`SitePages`]).
fn check_output_paths(
    settings: &Settings,
    notes: &[Note],
    assets: &[SourceFile],
) -> (SitePages, Vec<Diagnostic>) {
    let mut taken: HashMap<String, String> = GENERATED_FILES
        .iter()
        .copied()
        .chain(assets::STATIC.iter().map(|(name, _)| *name))
        .chain(["highlight.css"])
        .map(|p| (p.to_lowercase(), "a file the build generates".to_string()))
        .collect();
    // The site's own static files, copied over whatever else is there.
    let own = settings.root.join("static");
    for entry in walkdir::WalkDir::new(&own).into_iter().flatten() {
        let rel = entry
            .path()
            .strip_prefix(&own)
            .ok()
            .and_then(|r| r.to_str());
        if let (true, Some(rel)) = (entry.file_type().is_file(), rel) {
            let rel = rel.replace(std::path::MAIN_SEPARATOR, "/").to_lowercase();
            taken.insert(rel, "a file of the site's static/ folder".to_string());
        }
    }
    for (folder, what) in GENERATED_FOLDERS {
        taken.insert(folder.to_string(), what.to_string());
    }
    let mut problems = Vec::new();
    let mut claim = |path: &str, who: String, display: &std::path::Path| {
        let key = path.to_lowercase();
        let top = key.split('/').next().unwrap_or("").to_string();
        let clash = taken.get(&key).or_else(|| {
            let generated = GENERATED_FOLDERS.iter().any(|(f, _)| *f == top);
            taken.get(&top).filter(|_| generated)
        });
        if let Some(other) = clash {
            problems.push(
                Diagnostic::error(format!("{who} would be written to {path}, which is also {other}"))
                    .in_file(display)
                    .with_help("rename or move one of them (output names that differ only in case collide on macOS and Windows)"),
            );
        } else {
            taken.insert(key, who);
        }
    };
    for note in notes {
        let who = match &note.meta.page {
            Some(PagePath::Permalink(_)) => format!("note {} (by its permalink)", note.rel),
            Some(PagePath::Slug(_)) => format!("note {} (by its slug)", note.rel),
            None => format!("note {}", note.rel),
        };
        claim(&note.url, who, &note.display);
    }
    for asset in assets {
        claim(&asset.rel, format!("file {}", asset.rel), &asset.path);
    }
    let mut pages = SitePages::default();
    for name in pages.names_mut() {
        if taken.contains_key(&name.to_lowercase()) {
            let stem = name.trim_end_matches(".html").to_string();
            *name = (2..)
                .map(|n| format!("{stem}-{n}.html"))
                .find(|free| !taken.contains_key(free))
                .expect("fewer notes than numbers");
        }
        taken.insert(name.to_lowercase(), "a page the build generates".into());
    }
    (pages, problems)
}

/// Every comparison of the notes with the notes it compares, found by name as links find them,
/// or a problem for each thing that names no note.
pub fn resolve_comparisons(
    notes: &[Note],
    index: &LinkIndex<'_>,
) -> (Vec<Comparison>, Vec<Diagnostic>) {
    let mut comparisons = Vec::new();
    let mut problems = Vec::new();
    for (id, note) in notes.iter().enumerate() {
        for (spec, anchor) in note
            .analysis
            .comparisons
            .iter()
            .zip(&note.analysis.comparison_ids)
        {
            match resolve_things(spec, index, notes) {
                Ok(things) => comparisons.push(Comparison {
                    note: id,
                    id: anchor.clone(),
                    title: spec.title.clone(),
                    things,
                    rows: spec.rows.clone(),
                }),
                Err(problem) => {
                    let mut d = Diagnostic::error(format!(
                        "comparison '{}': {}",
                        spec.title, problem.message
                    ))
                    .in_file(&note.display)
                    .at(spec.line, 1);
                    if let Some(help) = problem.help {
                        d = d.with_help(help);
                    }
                    problems.push(d);
                }
            }
        }
    }
    (comparisons, problems)
}

fn resolve_things(
    spec: &Spec,
    index: &LinkIndex<'_>,
    notes: &[Note],
) -> Result<Vec<Thing>, crate::load::links::Problem> {
    spec.things
        .iter()
        .map(|t| {
            let note = t.note.as_deref().map(|r| index.find_note(r)).transpose()?;
            let label = t
                .label
                .clone()
                .or_else(|| note.map(|id| notes[id].title.clone()))
                .unwrap_or_default();
            Ok(Thing { label, note })
        })
        .collect()
}
