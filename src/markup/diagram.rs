//! Diagrams: fenced ```pikchr blocks become inline SVG at build time, so they need no
//! JavaScript, work offline and print sharply. In: Pikchr source. Out: SVG markup or the
//! parse error Pikchr reports.

use pikchr::{Pikchr, PikchrFlags};

/// A diagram that does not parse: Pikchr's message and the 1-based line within the block.
#[derive(Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub line: usize,
}

/// Far more than any drawing a page can show. Pikchr stops at 100,000 tokens by itself, but the
/// time to lay out and the SVG it writes grow with the source, and it is C: the bound is ours.
pub const MAX_SOURCE_BYTES: usize = 64 * 1024;

/// Renders Pikchr source to an `<svg class="diagram">` element.
pub fn render(source: &str) -> Result<String, ParseError> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(ParseError {
            message: format!(
                "{} KB is too long for one diagram (the limit is {} KB): split it into smaller ones",
                source.len().div_ceil(1024),
                MAX_SOURCE_BYTES / 1024
            ),
            line: 1,
        });
    }
    // The class is added here rather than through the crate's `class` argument, which (in
    // pikchr 0.1.4) hands the C code a pointer to an already-freed string.
    Pikchr::render(source, None, PikchrFlags::default())
        .map(|svg| svg.replacen("<svg ", "<svg class=\"diagram\" role=\"img\" ", 1))
        .map_err(|report| parse_error(&report))
}

/// Pikchr reports errors as the source lines, `/*  N */`-numbered, with carets under the
/// culprit and an `ERROR: ...` line.
fn parse_error(report: &str) -> ParseError {
    let lines: Vec<&str> = report.lines().collect();
    let message = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("ERROR:"))
        .unwrap_or(report)
        .trim()
        .to_string();
    let line = lines
        .iter()
        .position(|l| l.trim_start().starts_with('^'))
        .and_then(|caret| caret.checked_sub(1))
        .and_then(|i| {
            let numbered = lines[i].trim_start().strip_prefix("/*")?;
            numbered.split("*/").next()?.trim().parse().ok()
        })
        .unwrap_or(1);
    ParseError { message, line }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_diagram_becomes_svg() {
        let svg = render("box \"S3\"; arrow; box \"Lambda\"").unwrap();
        assert!(svg.starts_with("<svg class=\"diagram\""), "{svg}");
        assert!(svg.contains(">Lambda</text>"));
    }

    #[test]
    fn oversized_source_is_refused_unread() {
        let err = render(&"box\n".repeat(MAX_SOURCE_BYTES / 4 + 1)).unwrap_err();
        assert_eq!(
            err.message,
            "65 KB is too long for one diagram (the limit is 64 KB): split it into smaller ones"
        );
        assert_eq!(err.line, 1);
    }

    #[test]
    fn syntax_error_is_reported() {
        let err = render("box \"S3\"\narrow to nowhere ]").unwrap_err();
        assert_eq!(err.message, "no such variable");
        assert_eq!(err.line, 2);
    }
}
