//! Frontmatter: splits a note's text into its optional YAML header and its Markdown body, and
//! parses the header strictly into [`Frontmatter`].

use crate::error::Diagnostic;
use crate::yaml::{parse_strict, Origin};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The keys a note may set. Anything else is an error, so typos never pass silently.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Frontmatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub order: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    pub updated: Option<String>,
    /// Notes to point the reader to, by slug, path, title or alias.
    #[serde(default)]
    pub related: Vec<String>,
}

pub const KEYS: &[&str] = &[
    "title", "summary", "tags", "aliases", "order", "draft", "updated", "related",
];

/// A note's text, split.
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    /// 1-based line where the YAML starts (the line after the opening fence).
    pub yaml_line: usize,
    /// Byte offset of the Markdown body in the note's text.
    pub body_offset: usize,
}

/// Finds the `---` fenced header at the very top of `text`, if there is one.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            yaml_line: 1,
            body_offset: 0,
        });
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Ok(Split {
                yaml: Some(&text[first_line_end..offset]),
                yaml_line: 2,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("frontmatter is never closed")
        .in_file(path)
        .at(1, 1)
        .with_help("add a line `---` after the last frontmatter key"))
}

pub fn parse(split: &Split<'_>, path: &Path) -> Result<Frontmatter, Diagnostic> {
    let Some(yaml) = split.yaml else {
        return Ok(Frontmatter::default());
    };
    let origin = Origin {
        path,
        first_line: split.yaml_line,
    };
    let fm: Frontmatter = parse_strict(yaml, origin, "frontmatter", KEYS)?;
    if let Some(updated) = &fm.updated {
        if !is_iso_date(updated) {
            let line = yaml
                .lines()
                .position(|l| l.trim_start().starts_with("updated"))
                .map_or(split.yaml_line, |i| split.yaml_line + i);
            return Err(
                Diagnostic::error(format!("`updated` is not a date: `{updated}`"))
                    .in_file(path)
                    .at(line, 1)
                    .with_help("write it as YYYY-MM-DD, for example `updated: 2026-11-22`"),
            );
        }
    }
    Ok(fm)
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Frontmatter, Diagnostic> {
        let path = Path::new("n.md");
        parse(&split(text, path)?, path)
    }

    #[test]
    fn no_frontmatter_is_fine() {
        let path = Path::new("n.md");
        let s = split("# Hi\n", path).unwrap();
        assert!(s.yaml.is_none());
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn body_starts_after_closing_fence() {
        let text = "---\ntitle: A\n---\nbody";
        let s = split(text, Path::new("n.md")).unwrap();
        assert_eq!(&text[s.body_offset..], "body");
        assert_eq!(parse_text(text).unwrap().title.as_deref(), Some("A"));
    }

    #[test]
    fn unknown_key_is_located_and_suggested() {
        let d = parse_text("---\ntitle: A\ntittle: B\n---\n").unwrap_err();
        assert_eq!(d.message, "unknown frontmatter key `tittle`");
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
        assert!(d.help.unwrap().starts_with("did you mean `title`?"));
    }

    #[test]
    fn syntax_error_counts_lines_from_top_of_file() {
        let d = parse_text("---\ntitle: A\ntags: [a, b\n---\n").unwrap_err();
        assert_eq!(d.line, Some(4));
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        assert!(parse_text("---\ntitle: A\n").is_err());
    }

    #[test]
    fn bad_date_is_an_error() {
        let d = parse_text("---\nupdated: last week\n---\n").unwrap_err();
        assert_eq!(d.line, Some(2));
    }
}
