//! The site's assembly, the last loading stage: it runs the others and fills the model
//! ([`crate::model::site`]).
//!
//! In: [`Settings`]. Out: a [`Site`]: every note parsed and analyzed, every link resolved, the
//! comparisons with their notes, the course outline and order, tags and backlinks, or every
//! problem found on the way, all at once. Rendering reads a `Site` and never fails on content.

use crate::load::discover::discover;
use crate::load::formula::FORMULA_ERROR;
use crate::load::frontmatter;
use crate::load::glossary;
use crate::load::links::{resolve_all, LinkIndex};
use crate::load::markdown::analyze;
use crate::load::obsidian::{comments, cycles};
use crate::markup::math::Converter;
use crate::model::cards::Deck;
use crate::model::comparison::{Comparison, Spec, Thing};
use crate::model::config::Settings;
use crate::model::glossary::{Glossary, FILE as GLOSSARY_FILE};
use crate::model::meta::PagePath;
use crate::model::site::{
    Item, Note, NoteId, Section, Site, SourceFile, Tag, GENERATED_FOLDERS, GENERATED_PAGES,
};
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::ids::slugify;
use crate::util::mime;
use crate::util::paths;
use crate::util::progress::Progress;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

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
            problems.extend(check_output_paths(&notes, &found.assets));
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
        let mut problems = check_output_paths(&notes, &assets);
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

/// The formula converter with the site's `math_macros`, built once for every note, or the
/// error at the line of `site.yaml` that holds the macro that does not parse.
pub fn math_converter(settings: &Settings) -> Result<Converter> {
    Converter::new(&settings.site.math_macros).map_err(|e| {
        // Only on this error: the settings keep the values, not the text they came from.
        let text = std::fs::read_to_string(settings.root.join("site.yaml")).unwrap_or_default();
        let line = text
            .lines()
            .position(|l| l.contains(e.name.trim_start_matches('\\')))
            .map_or(1, |i| i + 1);
        Diagnostic::error(format!("math macro `{}` does not parse: {}", e.name, e.message))
            .in_file("site.yaml")
            .at(line, 1)
            .with_help("a macro is TeX made of built-in commands (not other macros), with `#1`, `#2` for its arguments: for example `\\R: \\mathbb{R}`")
            .into()
    })
}

/// Reads and analyzes one note file; `math` converts its formulas ([`math_converter`]).
pub fn read_note(
    file: &SourceFile,
    settings: &Settings,
    math: &Converter,
) -> Result<Note, Vec<Diagnostic>> {
    let display = settings.display_path(&file.path);
    let bytes = std::fs::read(&file.path).map_err(|e| {
        vec![Diagnostic::error(format!("cannot read note: {e}"))
            .in_file(&display)
            .with_help("check the file's permissions")]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let byte = e.as_bytes()[valid.len()];
        vec![
            Diagnostic::error(format!("note is not valid UTF-8 (byte 0x{byte:02x})"))
                .in_file(&display)
                .at(line, column)
                .with_help("save the file with UTF-8 encoding"),
        ]
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let split = frontmatter::split(&text, &display).map_err(|d| vec![d])?;
    let strict = settings.site.strict_frontmatter;
    let frontmatter::Parsed {
        mut meta,
        mut warnings,
    } = frontmatter::parse(&split, &display, strict)?;
    let body_offset = split.body_offset;
    let has_yaml = split.yaml.is_some();
    // Obsidian's `%%comments%%` are no part of the note: not on its page, in the search index
    // or the handout.
    let text = match comments::strip(&text[body_offset..]) {
        Some(body) => format!("{}{body}", &text[..body_offset]),
        None => text,
    };
    if text[body_offset..].trim().is_empty() {
        // A placeholder (vaults are full of them): it gets its page, and a word.
        let (message, line) = if has_yaml {
            (
                "note has nothing after its frontmatter",
                text[..body_offset].lines().count() + 1,
            )
        } else {
            ("note is empty", 1)
        };
        warnings.push(
            Diagnostic::error(message)
                .in_file(&display)
                .at(line, 1)
                .with_help("write something in it, or leave it out of the site: rename it with a leading `_`, or list it under `ignore:` in site.yaml")
                .as_warning(),
        );
    }
    let (analysis, mut problems) = analyze(&text, body_offset, &display, math);
    if settings.site.allow_broken_links {
        // Notes written for MathJax or KaTeX use commands the converter lacks (`\bowtie`,
        // `\textcolor`): for imported material a warning, the TeX shown as code.
        let (formulas, rest): (Vec<_>, Vec<_>) = problems
            .into_iter()
            .partition(|p| p.message.starts_with(FORMULA_ERROR));
        warnings.extend(formulas.into_iter().map(Diagnostic::as_warning));
        problems = rest;
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Inline `#tags` are tags of the note, as in Obsidian.
    for tag in &analysis.tags {
        if !meta.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            meta.tags.push(tag.clone());
        }
    }
    let slug = file
        .rel
        .strip_suffix(".md")
        .unwrap_or(&file.rel)
        .to_string();
    let stem = slug.rsplit('/').next().unwrap_or(&slug);
    let dir = slug.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let title = meta
        .title
        .clone()
        .or_else(|| analysis.h1.clone())
        .unwrap_or_else(|| {
            if stem.eq_ignore_ascii_case("index") && !dir.is_empty() {
                title_from_name(dir.rsplit('/').next().unwrap_or(&dir))
            } else {
                title_from_name(stem)
            }
        });
    // The page moves, its links follow (they are all made from `url`, relative); what links
    // to the note still names its file.
    let url = match &meta.page {
        Some(PagePath::Permalink(path)) => format!("{path}.html"),
        Some(PagePath::Slug(name)) if dir.is_empty() => format!("{name}.html"),
        Some(PagePath::Slug(name)) => format!("{dir}/{name}.html"),
        None => format!("{slug}.html"),
    };
    Ok(Note {
        source: file.path.clone(),
        display,
        url,
        rel: file.rel.to_string(),
        slug,
        dir,
        meta,
        title,
        text,
        body_offset,
        analysis,
        warnings,
    })
}

/// A folder's `README.md` becomes its index page when it has no `index.md`, so imported
/// documentation gets its home page and section pages where a reader expects them (unless its
/// frontmatter puts its page elsewhere). Returns, for each note, whether it introduces its
/// folder: its `index.md`, or that `README.md`.
fn readme_as_index(notes: &mut [Note]) -> Vec<bool> {
    let is_index = |n: &Note| n.slug == "index" || n.slug.ends_with("/index");
    let with_index: std::collections::HashSet<String> = notes
        .iter()
        .filter(|n| is_index(n))
        .map(|n| n.dir.clone())
        .collect();
    let mut section_index = Vec::with_capacity(notes.len());
    for note in notes.iter_mut() {
        let stem = note.slug.rsplit('/').next().unwrap_or(&note.slug);
        let readme = stem.eq_ignore_ascii_case("readme") && !with_index.contains(&note.dir);
        if readme && note.meta.page.is_none() {
            note.url = if note.dir.is_empty() {
                "index.html".into()
            } else {
                format!("{}/index.html", note.dir)
            };
        }
        section_index.push(readme || is_index(note));
    }
    section_index
}

/// `lambda-pricing` -> `Lambda pricing`.
pub fn title_from_name(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Two notes (or a note and a file or a generated page) writing the same output path, also when
/// they differ only in case (they collide on macOS and Windows).
fn check_output_paths(notes: &[Note], assets: &[SourceFile]) -> Vec<Diagnostic> {
    let mut taken: HashMap<String, String> = GENERATED_PAGES
        .iter()
        .map(|p| (p.to_string(), "a page the build generates".to_string()))
        .collect();
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
    problems
}

fn resolve_comparisons(
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

fn resolve_related(notes: &[Note], index: &LinkIndex<'_>) -> (Vec<Vec<NoteId>>, Vec<Diagnostic>) {
    let mut related = Vec::with_capacity(notes.len());
    let mut problems = Vec::new();
    for note in notes {
        let mut ids = Vec::new();
        for reference in &note.meta.related {
            match index.find_note(reference) {
                Ok(id) => ids.push(id),
                Err(problem) => {
                    let line = note.text[..note.body_offset]
                        .lines()
                        .position(|l| l.contains(reference.as_str()))
                        .map_or(1, |i| i + 1);
                    let mut d = Diagnostic::error(format!(
                        "related note '{reference}' not found: {}",
                        problem.message
                    ))
                    .in_file(&note.display)
                    .at(line, 1);
                    if let Some(help) = problem.help {
                        d = d.with_help(help);
                    }
                    problems.push(d);
                }
            }
        }
        related.push(ids);
    }
    (related, problems)
}

/// `related` as declared, then the notes sharing the most tags, up to five in all.
fn related_notes(notes: &[Note], declared: &[Vec<NoteId>], tags: &[Tag]) -> Vec<Vec<NoteId>> {
    let by_slug: HashMap<&str, &Tag> = tags.iter().map(|t| (t.slug.as_str(), t)).collect();
    const MAX: usize = 5;
    notes
        .par_iter()
        .enumerate()
        .map(|(id, note)| {
            let mut list = declared[id].clone();
            let mut shared: HashMap<NoteId, usize> = HashMap::new();
            for tag in &note.meta.tags {
                if let Some(tag) = by_slug.get(slugify(tag).as_str()) {
                    for &other in tag.notes.iter().take(200) {
                        *shared.entry(other).or_default() += 1;
                    }
                }
            }
            let mut by_count: Vec<(NoteId, usize)> = shared
                .into_iter()
                .filter(|(other, _)| *other != id && !list.contains(other))
                .collect();
            by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            for (other, _) in by_count {
                if list.len() >= MAX {
                    break;
                }
                list.push(other);
            }
            list
        })
        .collect()
}

fn collect_tags(notes: &[Note], position: &[usize]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (id, note) in notes.iter().enumerate() {
        for name in &note.meta.tags {
            let slug = slugify(name);
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug,
                notes: Vec::new(),
            });
            if !tag.notes.contains(&id) {
                tag.notes.push(id);
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    for tag in &mut tags {
        tag.notes.sort_by_key(|&id| position[id]);
    }
    tags
}

/// Folders become sections (a note stays in its file's folder wherever its page is written);
/// each folder's entries are sorted by `order`, then title.
fn build_outline(notes: &[Note], section_index: &[bool]) -> Section {
    let mut root = Section::default();
    for (id, note) in notes.iter().enumerate() {
        let section = section_for(&mut root, &note.dir);
        if section_index[id] {
            section.index = Some(id);
            section.title = note.title.clone();
        } else {
            section.notes.push(id);
        }
    }
    sort_section(&mut root, notes);
    root
}

fn section_for<'s>(root: &'s mut Section, dir: &str) -> &'s mut Section {
    let mut section = root;
    if dir.is_empty() {
        return section;
    }
    let mut path = String::new();
    for part in dir.split('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part);
        let pos = match section.children.iter().position(|c| c.dir == path) {
            Some(pos) => pos,
            None => {
                section.children.push(Section {
                    dir: path.clone(),
                    title: title_from_name(part),
                    ..Section::default()
                });
                section.children.len() - 1
            }
        };
        section = &mut section.children[pos];
    }
    section
}

fn sort_section(section: &mut Section, notes: &[Note]) {
    for child in &mut section.children {
        sort_section(child, notes);
    }
    let key = |item: &Item| -> (i64, String) {
        let (order, title) = match *item {
            Item::Note(id) => (notes[id].meta.order, notes[id].title.to_lowercase()),
            Item::Section(i) => {
                let s = &section.children[i];
                (
                    s.index.and_then(|id| notes[id].meta.order),
                    s.title.to_lowercase(),
                )
            }
        };
        (order.unwrap_or(i64::MAX), title)
    };
    let mut order: Vec<Item> = section
        .notes
        .iter()
        .map(|&id| Item::Note(id))
        .chain((0..section.children.len()).map(Item::Section))
        .collect();
    order.sort_by_cached_key(key);
    section.order = order;
}

fn flatten(section: &Section, course: &mut Vec<NoteId>) {
    course.extend(section.index);
    for item in &section.order {
        match *item {
            Item::Note(id) => course.push(id),
            Item::Section(i) => flatten(&section.children[i], course),
        }
    }
}
