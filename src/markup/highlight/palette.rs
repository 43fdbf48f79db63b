//! The colours of the short classes ([`Class`]) in, `highlight.css` out: a light palette, and a
//! dark one for screens whose system prefers it or whose reader picked it. Both are GitHub's
//! (Primer's "prettylights" colours), each chosen to keep 4.5:1 against `--code-bg` of `static/style.css` (`#f6f8fa` light,
//! `#1e2227` dark); `contrast.rs` checks that on the CSS as written.

use super::class::Class;
use std::fmt::Write as _;

/// A class's colour on the light background, on the dark one, and its font.
fn look(class: Class) -> (&'static str, &'static str, Font) {
    use Font::{Bold, Italic, Normal};
    match class {
        Class::Comment => ("#59636e", "#8b949e", Italic),
        Class::Keyword | Class::Operator => ("#cf222e", "#ff7b72", Normal),
        Class::KeywordConstant
        | Class::KeywordType
        | Class::Number
        | Class::Attribute
        | Class::Builtin
        | Class::Constant
        | Class::StringInterpolation => ("#0550ae", "#79c0ff", Normal),
        Class::String => ("#0a3069", "#a5d6ff", Normal),
        Class::StringEscape | Class::StringRegex | Class::Tag => ("#116329", "#7ee787", Normal),
        Class::Function | Class::Decorator => ("#6639ba", "#d2a8ff", Normal),
        Class::TypeName | Class::Variable | Class::Namespace => ("#953800", "#ffa657", Normal),
        Class::Heading => ("#0550ae", "#79c0ff", Bold),
        Class::Subheading => ("#6639ba", "#d2a8ff", Bold),
        Class::Inserted => ("#116329", "#7ee787", Normal),
        Class::Deleted => ("#82071e", "#ffa198", Normal),
    }
}

#[derive(Clone, Copy)]
enum Font {
    Normal,
    Italic,
    Bold,
}

/// The stylesheet for the short classes: a light palette, and a dark one on screens in the dark
/// theme (screens only: paper stays white, with the light palette).
pub fn stylesheet() -> String {
    let mut css =
        String::from("/* studysite: code highlighting (see `studysite::highlight`). */\n");
    for class in Class::ALL {
        let (light, _, font) = look(class);
        let _ = write!(css, ".code .{} {{ color: {light};", class.name());
        match font {
            Font::Normal => {}
            Font::Italic => css.push_str(" font-style: italic;"),
            Font::Bold => css.push_str(" font-weight: 600;"),
        }
        css.push_str(" }\n");
    }
    // As `static/style.css` does: the system's dark unless the reader picked light, or the
    // reader's dark.
    for (media, root) in [
        (
            "screen and (prefers-color-scheme: dark)",
            ":root:not([data-theme=light])",
        ),
        ("screen", ":root[data-theme=dark]"),
    ] {
        let _ = writeln!(css, "@media {media} {{");
        for class in Class::ALL {
            let (_, dark, _) = look(class);
            let _ = writeln!(css, "  {root} .code .{} {{ color: {dark}; }}", class.name());
        }
        css.push_str("}\n");
    }
    css
}
