//! Which notes a handout holds. In: a loaded site and a [`Selection`] (the whole course, a tag,
//! a folder). Out: the notes in course order and the subtitle of the title page, or an error
//! naming what exists; and the default file name of each selection.

use crate::model::site::{NoteId, Section, Site};
use crate::util::error::{closest, Diagnostic, Result};
use crate::util::ids::slugify;
use crate::util::paths;
use std::path::Path;

/// Which notes a handout holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The whole course.
    Course,
    /// The notes with this tag (by name or slug, case-insensitively).
    Tag(String),
    /// The notes under this folder, relative to the notes folder (`containers`).
    Section(String),
}

impl Selection {
    /// The file name a handout of this selection gets by default: `handout.html`,
    /// `handout-lambda.html`, `handout-serverless.html`.
    pub fn file_name(&self, extension: &str) -> String {
        let suffix = match self {
            Selection::Course => String::new(),
            Selection::Tag(tag) => slugify(tag),
            Selection::Section(dir) => slugify(&dir.replace(['/', '\\'], "-")),
        };
        let suffix = suffix.trim_matches('-');
        if suffix.is_empty() {
            format!("handout.{extension}")
        } else {
            format!("handout-{suffix}.{extension}")
        }
    }
}

/// What a written handout holds.
#[derive(Debug)]
pub struct Handout {
    /// The notes it holds, in course order.
    pub notes: Vec<NoteId>,
    /// What part of the course it is (`Notes tagged “lambda”`), `None` for the whole course.
    pub subtitle: Option<String>,
}

/// The notes a selection takes, in course order, and what they are for the title page.
pub fn select(site: &Site, selection: &Selection) -> Result<(Vec<NoteId>, Option<String>)> {
    match selection {
        Selection::Course => Ok((site.course.clone(), None)),
        Selection::Tag(name) => {
            let wanted = slugify(name);
            let tag = site
                .tags
                .iter()
                .find(|t| t.slug == wanted || t.name.eq_ignore_ascii_case(name.trim()));
            match tag {
                Some(tag) => Ok((
                    tag.notes.clone(),
                    Some(format!("Notes tagged “{}”", tag.name)),
                )),
                None => {
                    let names: Vec<&str> = site.tags.iter().map(|t| t.name.as_str()).collect();
                    let help = if names.is_empty() {
                        "no note has tags; add `tags: [a, b]` to a note's frontmatter".to_string()
                    } else {
                        known_list("tags", name, &names)
                    };
                    Err(Diagnostic::error(format!("unknown tag '{name}'"))
                        .with_help(help)
                        .into())
                }
            }
        }
        Selection::Section(dir) => {
            let dir = section_dir(dir, &site.settings.notes_dir);
            if dir.is_empty() {
                return Ok((site.course.clone(), None));
            }
            let mut sections = Vec::new();
            collect_sections(&site.outline, &mut sections);
            let Some(section) = sections.iter().find(|s| s.dir == dir) else {
                let dirs: Vec<&str> = sections.iter().map(|s| s.dir.as_str()).collect();
                let help = if dirs.is_empty() {
                    "the notes folder has no subfolders; leave out --section for the whole course"
                        .to_string()
                } else {
                    known_list("sections", &dir, &dirs)
                };
                return Err(Diagnostic::error(format!(
                    "unknown section '{dir}': no such folder in the notes folder"
                ))
                .with_help(help)
                .into());
            };
            let notes = site
                .course
                .iter()
                .copied()
                .filter(|&id| paths::is_within(&site.notes[id].dir, &dir))
                .collect();
            Ok((notes, Some(section.title.clone())))
        }
    }
}

/// `did you mean 'x'? The tags are: a, b, c`, or without a close one, `the tags are: ...`.
pub(crate) fn known_list(what: &str, wanted: &str, known: &[&str]) -> String {
    let list = known.join(", ");
    match closest(wanted, known.iter().copied()) {
        Some(near) => format!("did you mean '{near}'? The {what} are: {list}"),
        None => format!("the {what} are: {list}"),
    }
}

/// A `--section` argument as a folder relative to the notes folder: `./containers/` and a path
/// to the folder itself (`notes/containers`, from the current folder) both give `containers`.
pub(crate) fn section_dir(arg: &str, notes_dir: &Path) -> String {
    if let (Ok(path), Ok(notes)) = (Path::new(arg).canonicalize(), notes_dir.canonicalize()) {
        if path.is_dir() {
            if let Ok(rel) = path.strip_prefix(&notes) {
                return rel.to_string_lossy().replace('\\', "/");
            }
        }
    }
    let mut dir = arg.trim().replace('\\', "/");
    while let Some(rest) = dir.strip_prefix("./") {
        dir = rest.to_string();
    }
    dir.trim_matches('/').to_string()
}

pub(crate) fn collect_sections<'s>(section: &'s Section, out: &mut Vec<&'s Section>) {
    for child in &section.children {
        out.push(child);
        collect_sections(child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_names() {
        assert_eq!(Selection::Course.file_name("html"), "handout.html");
        assert_eq!(
            Selection::Tag("AWS Lambda".into()).file_name("pdf"),
            "handout-aws-lambda.pdf"
        );
        assert_eq!(
            Selection::Section("serverless/extra/".into()).file_name("html"),
            "handout-serverless-extra.html"
        );
    }
}
