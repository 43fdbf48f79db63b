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
        .map(|svg| {
            let name = accessible_name(&svg);
            let width = natural_width(&svg).map_or(String::new(), |w| format!("width=\"{w}\" "));
            svg.replacen(
                "<svg ",
                &format!("<svg class=\"diagram\" role=\"img\" aria-label=\"{name}\" {width}"),
                1,
            )
        })
        .map_err(|report| parse_error(&report))
}

/// The width Pikchr drew at (its `viewBox`'s), in CSS pixels, where its text is the size of the
/// page's. Without it an SVG fills the column, and its text grows with it (33 px on a desktop,
/// bigger than the headings); `max-width: 100%` in the stylesheet still shrinks it to fit.
fn natural_width(svg: &str) -> Option<&str> {
    let view_box = svg.split_once("viewBox=\"")?.1.split_once('"')?.0;
    let width = view_box.split_whitespace().nth(2)?;
    width.parse::<f64>().is_ok().then_some(width)
}

/// The most labels a diagram's accessible name lists; a screen reader reads it in one go.
const MAX_NAMED_LABELS: usize = 40;

/// The name a screen reader gives the diagram (`role="img"` hides its text from it): "Diagram:"
/// and its labels in drawing order, each once, ready for a double-quoted attribute. Pikchr
/// writes each label as the escaped text of a `<text>` element (its spaces no-break spaces, which
/// are read as plain ones here), so only `"` needs escaping.
fn accessible_name(svg: &str) -> String {
    let mut labels: Vec<&str> = Vec::new();
    for piece in svg.split("<text").skip(1) {
        let label = piece
            .split_once('>')
            .and_then(|(_, rest)| rest.split_once("</text>"))
            .map_or("", |(text, _)| text.trim());
        if !label.is_empty() && !labels.contains(&label) && labels.len() < MAX_NAMED_LABELS {
            labels.push(label);
        }
    }
    if labels.is_empty() {
        return "Diagram".to_owned();
    }
    format!("Diagram: {}", labels.join(", "))
        .replace('"', "&quot;")
        .replace('\u{a0}', " ")
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

    /// axe-core's `svg-img-alt`: an `<svg role="img">` needs a name, which role="img" also
    /// makes the only thing a screen reader reads of it.
    #[test]
    fn diagram_is_named_after_its_labels() {
        let svg =
            render("box \"S3 & \\\"more\\\"\"; arrow; box \"Lambda\"; box \"Lambda\"").unwrap();
        assert!(
            svg.starts_with(
                "<svg class=\"diagram\" role=\"img\" aria-label=\"Diagram: S3 &amp; &quot;more&quot;, Lambda\" "
            ),
            "{svg}"
        );
        assert!(render("box; arrow; circle")
            .unwrap()
            .contains("aria-label=\"Diagram\" "));
    }

    #[test]
    fn diagram_keeps_the_width_it_was_drawn_at() {
        let svg = render("box \"S3\"; arrow; box \"Lambda\"").unwrap();
        let view_box = svg.split_once("viewBox=\"0 0 ").unwrap().1;
        let drawn = view_box.split_whitespace().next().unwrap();
        assert!(svg.contains(&format!(" width=\"{drawn}\" ")), "{svg}");
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
