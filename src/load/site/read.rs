//! One note file read and analyzed, the first loading stage of each note. In: the file, the
//! settings and the formula converter ([`math_converter`]). Out: a [`Note`] with its
//! frontmatter, title, page path and the first Markdown pass's [`crate::model::analysis`], or
//! every problem found in it. Live preview reads an edited note again through the same
//! [`read_note`].

use crate::load::formula::FORMULA_ERROR;
use crate::load::frontmatter;
use crate::load::include::{self, Includes};
use crate::load::markdown::analyze;
use crate::load::mkdocs;
use crate::load::obsidian::comments;
use crate::markup::math::Converter;
use crate::model::config::Settings;
use crate::model::meta::PagePath;
use crate::model::site::{Note, SourceFile};
use crate::util::error::{Diagnostic, Result, Severity};

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
    let has_header = split.header.is_some();
    // Obsidian's `%%comments%%` are no part of the note: not on its page, in the search index
    // or the handout.
    let text = match comments::strip(&text[body_offset..]) {
        Some(body) => format!("{}{body}", &text[..body_offset]),
        None => text,
    };
    // Material for MkDocs' admonitions and tabs are callouts, as Obsidian's are.
    let text = match mkdocs::callouts(&text[body_offset..]) {
        Some(body) => format!("{}{body}", &text[..body_offset]),
        None => text,
    };
    if text[body_offset..].trim().is_empty() {
        // A placeholder (vaults are full of them): it gets its page, and a word.
        let (message, line) = if has_header {
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
    // mdBook's `{{#include}}` reads files of the site only.
    let includes = Includes::new(&file.path, [&settings.root, &settings.notes_dir]);
    let (analysis, problems) = analyze(&text, body_offset, &display, math, Some(&includes));
    // A formula MathJax draws and the converter cannot is a warning already.
    let (shown, mut problems): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|p| p.severity == Severity::Warning);
    warnings.extend(shown);
    if settings.site.allow_broken_links {
        // Imported material may hold TeX no one draws (a typo'd command): a warning, the TeX
        // shown as code; an include of a missing file is a broken link, its directive left as
        // written.
        let (formulas, rest): (Vec<_>, Vec<_>) = problems.into_iter().partition(|p| {
            p.message.starts_with(FORMULA_ERROR) || p.message.starts_with(include::MISSING)
        });
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
            if (stem.eq_ignore_ascii_case("index") || stem == "_index") && !dir.is_empty() {
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

/// `lambda-pricing` -> `Lambda pricing`.
pub fn title_from_name(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
