//! Tests only: the CSS studysite writes (the built-in `static/style.css`, then
//! [`stylesheet`](super::stylesheet)) in, the WCAG contrast of every code colour against its
//! background out, on light and dark screens (the system's theme or the reader's pick) and on
//! paper; each must be at least 4.5:1 (WCAG AA for text), so a change of theme or palette cannot make code unreadable again (issue #19: dark
//! function names at 1.25:1).
//!
//! The CSS is read with just what these files need: rules, `@media` blocks, custom properties
//! from `:root`, later rules winning. Selectors are matched as written, not by specificity.

use super::class::Class;

/// Where a page is shown: which `@media` blocks apply, and which theme the reader picked
/// (`data-theme` on the root element: `Some(true)` for dark), if any.
#[derive(Debug, Clone, Copy)]
struct Medium {
    print: bool,
    dark: bool,
    picked: Option<bool>,
}

/// Every medium: screen and paper, a light and a dark system, no theme picked, light or dark.
fn media() -> Vec<Medium> {
    let mut all = Vec::new();
    for print in [false, true] {
        for dark in [false, true] {
            for picked in [None, Some(false), Some(true)] {
                all.push(Medium {
                    print,
                    dark,
                    picked,
                });
            }
        }
    }
    all
}

impl Medium {
    /// Whether an `@media` query applies. Features other than the colour scheme (widths)
    /// are taken not to: the rules tested are for a desktop screen and paper.
    fn matches(self, query: &str) -> bool {
        query.split(',').any(|alternative| {
            alternative.split(" and ").all(|part| match part.trim() {
                "screen" => !self.print,
                "print" => self.print,
                "(prefers-color-scheme: dark)" => self.dark,
                "(prefers-color-scheme: light)" => !self.dark,
                _ => false,
            })
        })
    }

    /// The selector as it applies here, with its theme condition on the root element
    /// (`:root[data-theme=dark]`, `:root:not([data-theme=light])`) taken off; `None` when the
    /// condition does not hold.
    fn scoped(self, selector: &str) -> Option<String> {
        let picked_dark = self.picked == Some(true);
        let not_picked_light = self.picked != Some(false);
        for (prefix, holds) in [
            (":root[data-theme=dark]", picked_dark),
            (":root:not([data-theme=light])", not_picked_light),
        ] {
            if let Some(rest) = selector.strip_prefix(prefix) {
                let rest = rest.trim();
                return holds.then(|| if rest.is_empty() { ":root" } else { rest }.to_string());
            }
        }
        Some(selector.to_string())
    }
}

/// One style rule: its selectors and declarations, with the `@media` queries around it.
struct Rule {
    media: Vec<String>,
    selectors: Vec<String>,
    declarations: Vec<(String, String)>,
}

fn strip_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("unclosed comment") + start + 2;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The style rules of a block of CSS, in order; at-rules other than `@media` (`@page`) are
/// skipped.
fn parse(css: &str, media: &[String], rules: &mut Vec<Rule>) {
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let prelude = rest[..open].trim();
        let close = matching_brace(rest, open);
        let body = &rest[open + 1..close];
        if let Some(query) = prelude.strip_prefix("@media") {
            let mut inner = media.to_vec();
            inner.push(query.trim().to_string());
            parse(body, &inner, rules);
        } else if !prelude.starts_with('@') {
            rules.push(Rule {
                media: media.to_vec(),
                selectors: prelude.split(',').map(normalize).collect(),
                declarations: body
                    .split(';')
                    .filter_map(|d| d.split_once(':'))
                    .map(|(property, value)| {
                        (property.trim().to_string(), value.trim().to_string())
                    })
                    .collect(),
            });
        }
        rest = &rest[close + 1..];
    }
}

fn matching_brace(css: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in css[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces in {css}")
}

fn normalize(selector: &str) -> String {
    selector.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Styles {
    rules: Vec<Rule>,
    medium: Medium,
}

impl Styles {
    /// The last value given to `property` for exactly `selector`, with `var()`s resolved.
    fn value(&self, selector: &str, property: &str) -> Option<String> {
        let value = self
            .rules
            .iter()
            .filter(|r| r.media.iter().all(|q| self.medium.matches(q)))
            .filter(|r| {
                r.selectors
                    .iter()
                    .any(|s| self.medium.scoped(s).as_deref() == Some(selector))
            })
            .flat_map(|r| &r.declarations)
            .rfind(|(p, _)| p == property)?;
        Some(self.resolve(&value.1))
    }

    fn resolve(&self, value: &str) -> String {
        match value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
            Some(name) => self
                .value(":root", name.trim())
                .unwrap_or_else(|| panic!("{name} is not defined in :root")),
            None => value.to_string(),
        }
    }

    /// The first colour given by one of `selectors` (the element's own rules, then its
    /// ancestors').
    fn first(&self, selectors: &[&str], property: &str) -> String {
        selectors
            .iter()
            .find_map(|s| self.value(s, property))
            .unwrap_or_else(|| panic!("no {property} for any of {selectors:?}"))
    }
}

/// `#rgb` or `#rrggbb` as red, green and blue from 0 to 1.
fn rgb(colour: &str) -> [f64; 3] {
    let hex = colour
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("{colour} is not a #hex colour"));
    let hex: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => panic!("{colour} is not a #hex colour"),
    };
    let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
    [channel(0), channel(2), channel(4)]
}

/// WCAG 2 relative luminance.
fn luminance(colour: &str) -> f64 {
    let linear = |c: f64| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb(colour).map(linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG 2 contrast ratio, from 1 to 21.
fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

fn background(value: &str) -> String {
    // `background: #fff` or `background: var(--code-bg)`, already resolved: the colour is first.
    value.split_whitespace().next().unwrap_or(value).to_string()
}

fn written_css() -> String {
    let style =
        crate::util::assets::builtin(crate::util::assets::STATIC, "style.css").expect("style.css");
    let style = std::str::from_utf8(style).expect("style.css is UTF-8");
    // In the order base.html links them.
    strip_comments(&format!("{style}\n{}", super::stylesheet()))
}

#[test]
fn every_code_colour_is_readable_on_its_background() {
    let css = written_css();
    let mut failures = Vec::new();
    for medium in media() {
        let mut rules = Vec::new();
        parse(&css, &[], &mut rules);
        let styles = Styles { rules, medium };
        let block = background(&styles.first(&["pre.code"], "background"));
        let inline = background(&styles.first(&["code"], "background"));
        let mut pairs = vec![
            (
                "text in a code block".to_string(),
                styles.first(&["pre.code code", "code", "pre.code", "body"], "color"),
                block.clone(),
            ),
            (
                "inline code".to_string(),
                styles.first(&["code", "body"], "color"),
                inline,
            ),
        ];
        for class in Class::ALL {
            let selector = format!(".code .{}", class.name());
            pairs.push((
                selector.clone(),
                styles.first(&[&selector], "color"),
                block.clone(),
            ));
        }
        for (what, colour, background) in pairs {
            let ratio = contrast(&colour, &background);
            if ratio < 4.5 {
                failures.push(format!(
                    "{medium:?}: {what}: {colour} on {background} is {ratio:.2}:1"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "below 4.5:1:\n{}", failures.join("\n"));
}

#[test]
fn every_class_has_its_own_colour_in_both_themes() {
    let css = written_css();
    let mut rules = Vec::new();
    parse(&css, &[], &mut rules);
    let screen = |dark, picked| Medium {
        print: false,
        dark,
        picked,
    };
    let mut styles = Styles {
        rules,
        medium: screen(false, None),
    };
    for class in Class::ALL {
        let selector = format!(".code .{}", class.name());
        let light = styles.value(&selector, "color");
        assert!(light.is_some(), "{selector} has no light colour");
        // The system's dark, and the reader's, in both systems; the reader's light in a dark one.
        for (dark, picked, is_dark) in [
            (true, None, true),
            (false, Some(true), true),
            (true, Some(true), true),
            (true, Some(false), false),
        ] {
            styles.medium = screen(dark, picked);
            let colour = styles.value(&selector, "color");
            assert_eq!(
                colour != light,
                is_dark,
                "{selector}: {colour:?} with a dark system {dark}, theme picked {picked:?}"
            );
        }
    }
}

#[test]
fn contrast_is_computed_as_wcag_defines_it() {
    assert!((contrast("#000", "#fff") - 21.0).abs() < 1e-9);
    assert!((contrast("#ffffff", "#ffffff") - 1.0).abs() < 1e-9);
    // The pair issue #19 measured: #323232 on #1e2227.
    assert!((contrast("#323232", "#1e2227") - 1.25).abs() < 0.01);
}

#[test]
fn media_queries_and_variables_are_read_as_browsers_do() {
    let css = ":root { --bg: #fff; } @media (prefers-color-scheme: dark) { :root { --bg: #000; } }
        @media print { :root { --bg: #eee; } } @page { margin: 1mm; @bottom-right { content: 'x'; } }
        pre.code, x { background: var(--bg) }";
    let mut rules = Vec::new();
    parse(&strip_comments(css), &[], &mut rules);
    let all = media();
    let at = |print, dark, picked| {
        *all.iter()
            .find(|m| m.print == print && m.dark == dark && m.picked == picked)
            .unwrap()
    };
    let mut styles = Styles {
        rules,
        medium: at(false, true, None),
    };
    assert_eq!(
        styles.value("pre.code", "background").as_deref(),
        Some("#000")
    );
    styles.medium = at(true, true, None);
    assert_eq!(
        styles.value("pre.code", "background").as_deref(),
        Some("#eee")
    );
    styles.medium = at(false, false, None);
    assert_eq!(
        styles.value("pre.code", "background").as_deref(),
        Some("#fff")
    );
}

#[test]
fn a_picked_theme_wins_over_the_systems() {
    let css = ":root { --bg: #fff; }
        @media screen and (prefers-color-scheme: dark) { :root:not([data-theme=light]) { --bg: #000; } }
        @media screen { :root[data-theme=dark] { --bg: #111; } }
        pre.code { background: var(--bg) }";
    let mut rules = Vec::new();
    parse(css, &[], &mut rules);
    let mut styles = Styles {
        rules,
        medium: media()[0],
    };
    for (print, dark, picked, bg) in [
        (false, true, Some(false), "#fff"),
        (false, false, Some(true), "#111"),
        (false, true, None, "#000"),
        (true, true, Some(true), "#fff"),
    ] {
        styles.medium = Medium {
            print,
            dark,
            picked,
        };
        assert_eq!(
            styles.value("pre.code", "background").as_deref(),
            Some(bg),
            "{:?}",
            styles.medium
        );
    }
}
