//! Diagrams: fenced ```pikchr blocks become inline SVG at build time, so they need no
//! JavaScript, work offline and print sharply. In: Pikchr source. Out: SVG markup or the
//! parse error Pikchr reports.

use pikchr::{Pikchr, PikchrFlags};

/// Renders Pikchr source to an `<svg class="diagram">` element, or the error message.
pub fn render(source: &str) -> Result<String, String> {
    Pikchr::render(source, Some("diagram"), PikchrFlags::default())
        .map(|svg| svg.to_string())
        .map_err(|message| message.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_diagram_becomes_svg() {
        let svg = render("box \"S3\"; arrow; box \"Lambda\"").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("class=\"diagram\""));
        assert!(svg.contains(">Lambda</text>"));
    }

    #[test]
    fn syntax_error_is_reported() {
        let err = render("box \"S3\"; arrow to nowhere ]").unwrap_err();
        assert!(err.contains("syntax error"), "{err}");
    }
}
