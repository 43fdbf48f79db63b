//! Where a note's header ends. In: the note's text. Out: its header's text (YAML between `---`
//! lines, or TOML between `+++` lines), which it is, and where the Markdown body starts.

use crate::util::error::Diagnostic;
use std::path::Path;

/// A note's text, split.
pub struct Split<'a> {
    /// The header's text, without its fences.
    pub header: Option<&'a str>,
    /// Whether the header is TOML (`+++`) rather than YAML (`---`).
    pub toml: bool,
    /// 1-based line where the header starts (the line after the opening fence).
    pub header_line: usize,
    /// Byte offset of the Markdown body in the note's text.
    pub body_offset: usize,
}

/// Finds the `---` (or `+++`) fenced header at the very top of `text`, if there is one.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let opening = text[..first_line_end].trim_end();
    let toml = opening == "+++";
    if opening != "---" && !toml {
        return Ok(Split {
            header: None,
            toml: false,
            header_line: 1,
            body_offset: 0,
        });
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        let fence = line.trim_end();
        let closes = if toml {
            fence == "+++"
        } else {
            fence == "---" || fence == "..."
        };
        if closes {
            return Ok(Split {
                header: Some(&text[first_line_end..offset]),
                toml,
                header_line: 2,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("frontmatter is never closed")
        .in_file(path)
        .at(1, 1)
        .with_help(format!(
            "add a line `{opening}` after the last frontmatter key"
        )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_frontmatter_is_fine() {
        let path = Path::new("n.md");
        let s = split("# Hi\n", path).unwrap();
        assert!(s.header.is_none());
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn body_starts_after_closing_fence() {
        let text = "---\ntitle: A\n---\nbody";
        let s = split(text, Path::new("n.md")).unwrap();
        assert_eq!(&text[s.body_offset..], "body");
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        assert!(split("---\ntitle: A\n", Path::new("n.md")).is_err());
        assert!(split("+++\ntitle = 'A'\n---\n", Path::new("n.md")).is_err());
    }

    #[test]
    fn a_toml_header_is_fenced_by_plus_signs() {
        let text = "+++\ntitle = 'A'\n+++\nbody";
        let s = split(text, Path::new("n.md")).unwrap();
        assert!(s.toml);
        assert_eq!(
            (s.header, &text[s.body_offset..]),
            (Some("title = 'A'\n"), "body")
        );
    }
}
