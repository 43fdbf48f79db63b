//! A Mermaid diagram's colours in light and dark pages, colour by colour rather than by
//! inverting the picture. In: the renderer's SVG, drawn in [`THEME`]'s light colours. Out:
//! - [`themed`]: the same SVG with a class on every `fill` and `stroke` the palette knows
//!   (`mf<n>`, `ms<n>`, and `mt<n>` on text), and `themed` on the root; the attributes stay, so
//!   the handout, a PDF and a page without the stylesheet draw it light;
//! - [`stylesheet`]: the rules that give each class its dark twin in dark mode (written into
//!   `highlight.css`).
//!
//! A diagram with a colour the palette does not know (a note's own `style` or `classDef`, or a
//! palette colour of a kind outside the ones themed) is left as drawn, and `static/style.css`
//! shows it on a light card in dark mode: readable, as the author coloured it.

use regex::Regex;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// Fills and strokes of shapes: (light, as the renderer writes it, lower-cased; dark). The
/// light ones are the renderer's "modern" theme and the pie colours [`THEME`] sets; each dark
/// one keeps its role against the page's dark background (`#16191d`).
pub const SHAPES: &[(&str, &str)] = &[
    ("#ffffff", "#16191d"), // the canvas, label grounds
    ("#f8fafc", "#1e2530"), // nodes, actors
    ("#f1f5f9", "#1a2029"), // clusters, entity rows
    ("#e2e8f0", "#2c3541"), // secondary fills, activations, grid lines
    ("#fff7ed", "#3a2a15"), // notes
    ("#fdba74", "#b0753a"), // notes' borders
    ("#cbd5e1", "#475569"), // clusters' borders
    ("#94a3b8", "#7c8aa0"), // nodes' borders
    ("#64748b", "#a3b0c2"), // lines, arrowheads
    ("#334155", "#cbd5e1"), // pie slices' borders
    // Gantt bars.
    (
        "hsl(215.0000000000, 24.8404502869%, 82.7176437378%)",
        "#3b4a5e",
    ),
    (
        "hsl(215.0000000000, 36.1348304749%, 61.0588226318%)",
        "#4b6584",
    ),
    // Pie slices ([`PIE`]).
    ("#dbeafe", "#1e3a5f"),
    ("#fce7f3", "#5b2145"),
    ("#dcfce7", "#1f4d33"),
    ("#fef9c3", "#4d4416"),
    ("#ede9fe", "#3b2f6b"),
    ("#ffedd5", "#5a3515"),
    ("#cffafe", "#164e5a"),
    ("#e0e7ff", "#2e3770"),
    ("#fae8ff", "#55215e"),
    ("#ecfccb", "#3d5216"),
    ("#fee2e2", "#5c2020"),
    ("#f5f5f4", "#3a3735"),
];

/// Text colours: (light, dark).
pub const TEXTS: &[(&str, &str)] = &[("#0f172a", "#e4e7eb")];

/// Pie slices, in order: light tints a dark label reads on (and that read in grey print).
const PIE: [&str; 12] = [
    "#dbeafe", "#fce7f3", "#dcfce7", "#fef9c3", "#ede9fe", "#ffedd5", "#cffafe", "#e0e7ff",
    "#fae8ff", "#ecfccb", "#fee2e2", "#f5f5f4",
];

/// The renderer's theme the diagrams are drawn in: its "modern" one, with [`PIE`].
pub static THEME: LazyLock<mermaid_rs_renderer::Theme> = LazyLock::new(|| {
    let mut theme = mermaid_rs_renderer::Theme::modern();
    theme.pie_colors = PIE.map(String::from);
    theme
});

/// `svg` with a class on each known colour, or `None` when it holds a colour the palette does
/// not know (it is then left light in dark mode).
pub fn themed(svg: &str) -> Option<String> {
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<([a-zA-Z]+)(\s[^>]*?)?(/?)>").expect("valid regex"));
    static PAINT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\s(fill|stroke|class|style)="([^"]*)""#).expect("valid regex")
    });
    let mut known = true;
    let mut root = true;
    let out = TAG.replace_all(svg, |c: &regex::Captures<'_>| {
        let (name, attrs, close) = (&c[1], c.get(2).map_or("", |m| m.as_str()), &c[3]);
        let text = name == "text" || name == "tspan";
        let mut classes = Vec::new();
        let mut existing = None;
        for p in PAINT.captures_iter(attrs) {
            let value = p[2].trim().to_ascii_lowercase();
            match &p[1] {
                "class" => existing = Some(p[2].to_string()),
                // A colour in `style` would win over any class: only `none`-like ones are kept.
                "style" => known &= !has_colour(&value),
                property if is_paint(&value) => {
                    let (list, prefix) = match (text, property) {
                        (true, "fill") => (TEXTS, "mt"),
                        (_, "fill") => (SHAPES, "mf"),
                        _ => (SHAPES, "ms"),
                    };
                    match list.iter().position(|(light, _)| *light == value) {
                        Some(i) => classes.push(format!("{prefix}{i}")),
                        None => known = false,
                    }
                }
                _ => {}
            }
        }
        if std::mem::take(&mut root) && name == "svg" {
            classes.push("themed".into());
        }
        if classes.is_empty() {
            return c[0].to_string();
        }
        let joined = classes.join(" ");
        match existing {
            Some(old) => {
                let attrs = attrs.replacen(
                    &format!("class=\"{old}\""),
                    &format!("class=\"{old} {joined}\""),
                    1,
                );
                format!("<{name}{attrs}{close}>")
            }
            None => format!("<{name}{attrs} class=\"{joined}\"{close}>"),
        }
    });
    known.then(|| out.into_owned())
}

/// Whether an attribute's value paints a colour (not `none`, a gradient or `currentColor`).
fn is_paint(value: &str) -> bool {
    !matches!(value, "none" | "transparent" | "currentcolor" | "inherit")
        && !value.starts_with("url(")
}

/// Whether a `style` attribute sets a colour.
fn has_colour(style: &str) -> bool {
    style.split(';').any(|declaration| {
        declaration
            .split_once(':')
            .is_some_and(|(property, value)| {
                matches!(property.trim(), "fill" | "stroke" | "color" | "stop-color")
                    && is_paint(value.trim())
            })
    })
}

/// The dark rules of the classes [`themed`] gives, as `static/style.css` switches the page: on
/// screens whose system prefers dark unless the reader picked light, or the reader's dark.
pub fn stylesheet() -> String {
    let mut css = String::from(
        "/* studysite: Mermaid diagrams' dark colours (see `studysite::markup::mermaid_colors`). */\n",
    );
    for (media, root) in [
        (
            "screen and (prefers-color-scheme: dark)",
            ":root:not([data-theme=light])",
        ),
        ("screen", ":root[data-theme=dark]"),
    ] {
        let _ = writeln!(css, "@media {media} {{");
        for (i, (_, dark)) in SHAPES.iter().enumerate() {
            let _ = writeln!(css, "  {root} svg.themed .mf{i} {{ fill: {dark}; }}");
            let _ = writeln!(css, "  {root} svg.themed .ms{i} {{ stroke: {dark}; }}");
        }
        for (i, (_, dark)) in TEXTS.iter().enumerate() {
            let _ = writeln!(css, "  {root} svg.themed .mt{i} {{ fill: {dark}; }}");
        }
        css.push_str("}\n");
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `#rrggbb` or `hsl(h, s%, l%)` as red, green and blue from 0 to 1.
    fn rgb(colour: &str) -> [f64; 3] {
        if let Some(hex) = colour.strip_prefix('#') {
            let channel =
                |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            return [channel(0), channel(2), channel(4)];
        }
        let inner = colour
            .strip_prefix("hsl(")
            .and_then(|c| c.strip_suffix(')'))
            .unwrap_or_else(|| panic!("{colour}: not #hex or hsl()"));
        let [h, s, l]: [f64; 3] = inner
            .split(',')
            .map(|v| v.trim().trim_end_matches('%').parse::<f64>().unwrap())
            .collect::<Vec<_>>()
            .try_into()
            .unwrap();
        let (s, l) = (s / 100.0, l / 100.0);
        let a = s * l.min(1.0 - l);
        let f = |n: f64| {
            let k = (n + h / 30.0) % 12.0;
            l - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0)
        };
        [f(0.0), f(8.0), f(4.0)]
    }

    /// WCAG 2 contrast ratio, from 1 to 21.
    fn contrast(a: &str, b: &str) -> f64 {
        let luminance = |colour: &str| {
            let linear = |c: f64| {
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            let [r, g, b] = rgb(colour).map(linear);
            0.2126 * r + 0.7152 * g + 0.0722 * b
        };
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Labels sit on the canvas, nodes, clusters, notes, bars and slices: every fill but the
    /// borders' and lines' colours (which fill only arrowheads). 4.5:1, light and dark.
    #[test]
    fn text_keeps_4_5_to_1_on_every_fill_in_both_themes() {
        let strokes_only = ["#fdba74", "#cbd5e1", "#94a3b8", "#64748b", "#334155"];
        let mut failures = Vec::new();
        for (text_light, text_dark) in TEXTS {
            for (fill_light, fill_dark) in SHAPES {
                if strokes_only.contains(fill_light) {
                    continue;
                }
                for (text, fill) in [(text_light, *fill_light), (text_dark, *fill_dark)] {
                    let ratio = contrast(text, fill);
                    if ratio < 4.5 {
                        failures.push(format!("{text} on {fill}: {ratio:.2}"));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
        // And the test can fail: the renderer's own dark grey on the dark canvas.
        assert!(contrast("#64748b", "#16191d") < 4.5);
    }

    #[test]
    fn known_colours_get_classes_and_unknown_ones_leave_the_diagram_light() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" class="x"><rect fill="#FFFFFF" stroke="none"/><path stroke="#64748b" class="edge"/><text fill="#0f172a">A</text></svg>"##;
        assert_eq!(
            themed(svg).unwrap(),
            r##"<svg xmlns="http://www.w3.org/2000/svg" class="x themed"><rect fill="#FFFFFF" stroke="none" class="mf0"/><path stroke="#64748b" class="edge ms8"/><text fill="#0f172a" class="mt0">A</text></svg>"##
        );
        assert_eq!(themed(r##"<svg><rect fill="#ff00ff"/></svg>"##), None);
        assert_eq!(
            themed(r##"<svg><rect style="fill: #ff00ff"/></svg>"##),
            None
        );
        assert!(themed(r##"<svg><rect style="fill: none"/></svg>"##).is_some());
    }

    #[test]
    fn the_stylesheet_gives_each_class_its_dark_colour_in_both_dark_modes() {
        let css = stylesheet();
        assert!(css.contains(":root:not([data-theme=light]) svg.themed .mf0 { fill: #16191d; }"));
        assert!(css.contains(":root[data-theme=dark] svg.themed .mt0 { fill: #e4e7eb; }"));
        assert_eq!(css.matches(".ms8 { stroke: #a3b0c2; }").count(), 2);
    }
}
