//! Mermaid: fenced ```` ```mermaid ```` blocks become inline SVG at build time, like Pikchr's
//! ([`crate::markup::diagram`]), so they need no script, work offline and print. In: the
//! block's source and its number in the note (which makes its ids unique on a page). Out: a
//! [`MermaidDiagram`] (the SVG, its caption and the text of its labels), or why not: a
//! [`Failure::Parse`] error at a line of the block, or a kind the renderer does not draw
//! ([`Failure::Unsupported`]).
//!
//! The renderer (mermaid-rs-renderer) draws in [`mermaid_colors::THEME`]'s light colours, which
//! [`mermaid_colors`] maps to dark ones for dark pages. It is run with its font-free text metrics: the layout is the
//! same on every machine, and no system font is read or cached. Its SVG goes through the
//! sanitizer's allowlist ([`crate::markup::sanitize`]) like a note's own HTML: a `style` or
//! `classDef` line cannot make a diagram load anything. What Mermaid draws but the renderer's
//! parser refuses is read again as rewritten by [`mermaid_compat`].

use crate::markup::{mermaid_colors, mermaid_compat, sanitize};
use crate::model::analysis::MermaidDiagram;
use crate::util::error::Diagnostic;
use crate::util::html::{decode_attribute, escape};
use mermaid_rs_renderer::{
    compute_layout, parse_mermaid_strict, render_svg, DiagramKind, LayoutConfig,
};
use regex::Regex;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

/// A diagram is bounded in bytes and in lines, far above a readable one.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024;
pub const MAX_LINES: usize = 100;
/// Layout time grows much faster than the source: it is driven by a graph's edges (their
/// crossings and routing), and one line can hold many (`A & B & C --> D & E`). On random
/// flowcharts it grows as about the 2.7th power of the edges (debug build: 20 edges 2.9 s of
/// CPU, 40 edges 19 s; release: 150 edges 13 s), so 60 edges cost about a second at worst.
/// Over it, a graph diagram is shown as code with a warning.
pub const MAX_EDGES: usize = 60;

/// The kinds drawn, by the word that opens a diagram, with the name a caption gives them.
/// (Mermaid's `-beta` and `-v2` suffixes are dropped before the lookup.)
pub const KINDS: &[(&str, &str)] = &[
    ("flowchart", "Flowchart"),
    ("graph", "Flowchart"),
    ("sequencediagram", "Sequence diagram"),
    ("classdiagram", "Class diagram"),
    ("statediagram", "State diagram"),
    ("erdiagram", "Entity–relationship diagram"),
    ("gantt", "Gantt chart"),
    ("pie", "Pie chart"),
    ("mindmap", "Mind map"),
    ("journey", "User journey"),
    ("timeline", "Timeline"),
    ("gitgraph", "Git graph"),
    ("quadrantchart", "Quadrant chart"),
    ("xychart", "XY chart"),
];

/// Why a block is not drawn.
#[derive(Debug, PartialEq)]
pub enum Failure {
    /// It does not parse: the renderer's message, the 1-based line within the block.
    Parse { message: String, line: usize },
    /// A kind the renderer does not draw (its opening word, as written).
    Unsupported { kind: String },
    /// A graph with more edges than [`MAX_EDGES`], too slow to lay out.
    TooDense { edges: usize },
}

impl Failure {
    /// What the block (its content starting at line `first_line` of the note) reports, and
    /// whether that fails the build: a diagram that does not parse does; a kind the renderer
    /// does not draw, or a graph too dense to lay out, is a warning, the block shown as code.
    pub fn diagnostic(self, first_line: usize) -> (Diagnostic, bool) {
        match self {
            Failure::Parse { message, line } => (
                Diagnostic::error(format!("Mermaid diagram does not parse: {message}"))
                    .at(first_line + line - 1, 1)
                    .with_help(
                        "fix the diagram (see https://mermaid.js.org/intro/syntax-reference.html)",
                    ),
                true,
            ),
            Failure::Unsupported { kind } => {
                let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
                (
                    Diagnostic::error(format!(
                        "Mermaid `{kind}` diagrams are not drawn: the block is shown as code"
                    ))
                    .at(first_line, 1)
                    .with_help(format!(
                        "draw it as one of the kinds studysite renders ({}), or mark the block ```text to show it as code without this warning",
                        kinds.join(", ")
                    )),
                    false,
                )
            }
            Failure::TooDense { edges } => (
                Diagnostic::error(format!(
                    "this Mermaid diagram has {edges} edges, too many to lay out in reasonable time (the limit is {MAX_EDGES}): the block is shown as code"
                ))
                .at(first_line, 1)
                .with_help("split it into smaller diagrams, which also read better"),
                false,
            ),
        }
    }
}

/// Renders the `index`-th Mermaid block of a note.
pub fn render(source: &str, index: usize) -> Result<MermaidDiagram, Failure> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(Failure::Parse {
            message: format!(
                "{} KB is too long for one diagram (the limit is {} KB): split it into smaller ones",
                source.len().div_ceil(1024),
                MAX_SOURCE_BYTES / 1024
            ),
            line: 1,
        });
    }
    let lines = source.lines().filter(|l| !l.trim().is_empty()).count();
    if lines > MAX_LINES {
        return Err(Failure::Parse {
            message: format!(
                "{lines} lines are too many for one diagram (the limit is {MAX_LINES}): split it into smaller ones"
            ),
            line: 1,
        });
    }
    let (kind, line) = opening_word(source).ok_or_else(|| Failure::Parse {
        message: "the diagram is empty: it should open with its kind, such as `flowchart LR`"
            .into(),
        line: 1,
    })?;
    let base = kind
        .to_ascii_lowercase()
        .trim_end_matches("-beta")
        .trim_end_matches("-v2")
        .to_string();
    let Some(&(_, kind_name)) = KINDS.iter().find(|(k, _)| *k == base) else {
        return Err(Failure::Unsupported {
            kind: kind.to_string(),
        });
    };
    let svg = draw(source, line)?;
    let caption = title(source).unwrap_or_else(|| kind_name.to_string());
    let labels = labels(&svg);
    let text = labels.join(" ");
    let mut name = caption.clone();
    let described = described(source).unwrap_or_else(|| labels.join(", "));
    if !described.is_empty() {
        name.push_str(": ");
        name.push_str(&described);
    }
    let svg = unique_ids(&fixed_size(&svg), &format!("mermaid{}-", index + 1));
    let svg = svg.replacen(
        "<svg ",
        &format!(
            "<svg class=\"diagram mermaid\" role=\"img\" aria-label=\"{}\" ",
            escape(&shorten(&name, 500))
        ),
        1,
    );
    // Coloured for dark pages colour by colour, when every colour is one the palette knows.
    let svg = mermaid_colors::themed(&svg).unwrap_or(svg);
    Ok(MermaidDiagram {
        svg: sanitize::clean(&svg, sanitize::Policy::Handout),
        caption,
        text,
    })
}

/// A family no machine has: the renderer then measures with its own table, which makes the
/// layout the same everywhere and keeps it from caching a system font under `~/.cache`. The
/// SVG names `sans-serif` instead.
const NO_FONT: &str = "studysite-no-font";

/// Parses, lays out and draws; an error at its line when the renderer gives one (else at
/// `first`, the diagram's opening line). A panic of the renderer (it is young code, fed
/// untrusted notes) is an error, not the end of the build.
fn draw(source: &str, first: usize) -> Result<String, Failure> {
    let run = || {
        // What Mermaid draws but the parser refuses is read again as Mermaid reads it; if that
        // fails too, the first error stands.
        let parsed = parse_mermaid_strict(source).or_else(|e| {
            mermaid_compat::rewrite(source)
                .and_then(|rewritten| parse_mermaid_strict(&rewritten).ok())
                .ok_or_else(|| {
                    let (message, line) = parse_error(source, e);
                    Failure::Parse {
                        message,
                        line: line.unwrap_or(first),
                    }
                })
        })?;
        let edges = parsed.graph.edges.len();
        if edges > MAX_EDGES && is_graph(parsed.graph.kind) {
            return Err(Failure::TooDense { edges });
        }
        let mut theme = mermaid_colors::THEME.clone();
        theme.font_family = NO_FONT.into();
        let config = LayoutConfig {
            fast_text_metrics: true,
            ..LayoutConfig::default()
        };
        let layout = compute_layout(&parsed.graph, &theme, &config);
        Ok(render_svg(&layout, &theme, &config))
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(result) => result.map(|svg| svg.replace(NO_FONT, "sans-serif")),
        Err(_) => Err(Failure::Parse {
            message: "the Mermaid renderer failed on this diagram".into(),
            line: first,
        }),
    }
}

/// The kinds laid out as a graph, whose time grows with the edges' crossings: the others
/// (sequence, gantt, pie…) are laid out in a line or a grid, in time the line limit bounds.
fn is_graph(kind: DiagramKind) -> bool {
    matches!(
        kind,
        DiagramKind::Flowchart | DiagramKind::Class | DiagramKind::State | DiagramKind::Er
    )
}

/// The renderer's error as a message and a line. Its parser's own errors come wrapped as an
/// unexpected first line, `expected` holding the message: the line is found from what the
/// message names ([`culprit_line`]).
fn parse_error(source: &str, e: mermaid_rs_renderer::ParseError) -> (String, Option<usize>) {
    use mermaid_rs_renderer::ParseError as E;
    let line = match &e {
        E::UnexpectedToken {
            line: 1,
            found,
            expected,
            ..
        } if source.lines().map(str::trim).find(|l| !l.is_empty()) == Some(found) => {
            return (expected.clone(), culprit_line(source, expected));
        }
        E::UnknownParticipant { line, .. } | E::UnexpectedToken { line, .. } => *line,
        E::InvalidDirective { line, .. } => *line,
        E::UnclosedSubgraph { opened_at } => *opened_at,
        // (The enum is `#[non_exhaustive]`.)
        _ => 0,
    };
    (e.to_string(), (line > 0).then_some(line as usize))
}

/// The 1-based line a wrapped parser message is about. A bad `%%{init}%%` directive is on the
/// line that opens one; otherwise the message ends with the statement it could not read
/// (`invalid flowchart edge syntax: B -->`), a whole line of the source or, in a chain
/// (`A --> B & C -->`) or after a `;`, part of one.
fn culprit_line(source: &str, message: &str) -> Option<usize> {
    let lines: Vec<&str> = source.lines().collect();
    let found = if message.contains("init directive") {
        lines.iter().position(|l| l.trim_start().starts_with("%%{"))
    } else {
        let culprit = message.rsplit_once(": ")?.1.trim();
        if culprit.is_empty() {
            return None;
        }
        lines
            .iter()
            .position(|l| l.trim() == culprit)
            .or_else(|| lines.iter().position(|l| l.contains(culprit)))
    };
    found.map(|i| i + 1)
}

/// The first word of the diagram, past a `---` frontmatter block and `%%` comments, and its
/// 1-based line.
fn opening_word(source: &str) -> Option<(&str, usize)> {
    let mut in_frontmatter = false;
    for (i, line) in source.lines().enumerate() {
        let line = line.trim();
        if line == "---" {
            in_frontmatter = !in_frontmatter;
            continue;
        }
        if in_frontmatter || line.is_empty() || line.starts_with("%%") {
            continue;
        }
        let word = line.split([' ', '\t', ';']).next()?;
        return Some((word, i + 1));
    }
    None
}

/// The diagram's title: `title:` in its frontmatter, a `title` line, `pie title …`, or
/// `accTitle:`.
fn title(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        let line = line.trim();
        let rest = line
            .strip_prefix("title:")
            .or_else(|| line.strip_prefix("title "))
            .or_else(|| line.strip_prefix("pie title "))
            .or_else(|| line.strip_prefix("accTitle:"))?;
        let rest = rest.trim().trim_matches(|c| c == '"' || c == '\'');
        (!rest.is_empty()).then(|| rest.to_string())
    })
}

/// `accDescr: …`, Mermaid's description for screen readers.
fn described(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("accDescr:")?.trim();
        (!rest.is_empty()).then(|| rest.to_string())
    })
}

/// The text of each `<text>` element of the SVG, decoded, in order.
fn labels(svg: &str) -> Vec<String> {
    static TEXT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<text\b[^>]*>(.*?)</text>").expect("valid regex"));
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid regex"));
    TEXT.captures_iter(svg)
        .map(|c| {
            let words = TAG.replace_all(&c[1], " ");
            let words = decode_attribute(&words).into_owned();
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// The SVG with its own size: some kinds (pie, mindmap) come `width="100%"`, which would stretch
/// them to the page and shrink their labels on a phone; they get their `viewBox`'s size instead,
/// as the others have, and the page's stylesheet does the fitting.
fn fixed_size(svg: &str) -> String {
    static ROOT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^(<svg [^>]*?)width="100%"([^>]*?viewBox="[-0-9.e]+ [-0-9.e]+ ([0-9.e]+) ([0-9.e]+)"[^>]*?)( style="max-width: [0-9.]+px;")?>"#)
            .expect("valid regex")
    });
    ROOT.replace(svg, r#"${1}width="${3}" height="${4}"${2}>"#)
        .into_owned()
}

/// Every `id` of the SVG and every `url(#…)` and `#…` link to one, prefixed: two diagrams on a
/// page (or in the handout) must not take each other's arrowheads.
fn unique_ids(svg: &str, prefix: &str) -> String {
    static IDS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r##"( id="|url\(#|href="#)([^"()]*)"##).expect("valid regex"));
    IDS.replace_all(svg, |c: &regex::Captures<'_>| {
        format!("{}{prefix}{}", &c[1], &c[2])
    })
    .into_owned()
}

/// A drawn diagram's SVG shown on another page (an embed of its note): its ids prefixed
/// again with `prefix`, so that they meet none of that page's own diagrams.
pub fn prefix_ids(svg: &str, prefix: &str) -> String {
    unique_ids(svg, prefix)
}

/// `text` cut to about `max` bytes at a word, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end]
        .rsplit_once(' ')
        .map_or(&text[..end], |(a, _)| a);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_shorthand_draws_as_activate_does() {
        // With its participants declared, the parser takes `+ B` for an unknown participant.
        let declared = "sequenceDiagram\n  participant A\n  participant B\n";
        let short = format!("{declared}  A ->>+ B: hi\n  B -->>- A: done\n");
        let long =
            format!("{declared}  A ->> B: hi\n  activate B\n  B -->> A: done\n  deactivate B\n");
        assert_eq!(
            render(&short, 0).unwrap().svg,
            render(&long, 0).unwrap().svg
        );
        // A line wrong in another way still fails, with the parser's first error.
        match render(&format!("{declared}  A ->>+ B: hi\n  C ->> A: who\n"), 0) {
            Err(Failure::Parse { message, .. }) => assert!(message.contains("'+ B'"), "{message}"),
            other => panic!("{:?}", other.map(|d| d.caption)),
        }
    }

    #[test]
    fn a_flowchart_becomes_named_svg() {
        let d = render("flowchart LR\n  A[Client] --> B{Cache hit?}\n", 0).unwrap();
        assert!(
            d.svg.starts_with("<svg class=\"diagram mermaid themed\" role=\"img\" aria-label=\"Flowchart: Client, Cache hit?\""),
            "{}",
            d.svg
        );
        assert_eq!(d.caption, "Flowchart");
        assert_eq!(d.text, "Client Cache hit?");
        assert!(!d.svg.contains("foreignObject") && !d.svg.contains("<script"));
    }

    #[test]
    fn ids_and_references_to_them_are_prefixed() {
        assert_eq!(
            unique_ids(
                r##"<marker id="arrow-0"/><path marker-end="url(#arrow-0)"/><a href="#x">"##,
                "mermaid2-"
            ),
            r##"<marker id="mermaid2-arrow-0"/><path marker-end="url(#mermaid2-arrow-0)"/><a href="#mermaid2-x">"##
        );
    }

    #[test]
    fn titles_and_descriptions_name_the_diagram() {
        let d = render(
            "pie title Exam weight\n  \"Theory\" : 40\n  \"Labs\" : 60\n",
            0,
        )
        .unwrap();
        assert_eq!(d.caption, "Exam weight");
        let d = render(
            "---\ntitle: Orders\n---\nerDiagram\n  accDescr: customers place orders\n  CUSTOMER ||--o{ ORDER : places\n",
            0,
        )
        .unwrap();
        assert_eq!(d.caption, "Orders");
        assert!(
            d.svg
                .contains("aria-label=\"Orders: customers place orders\""),
            "{}",
            d.svg
        );
    }

    #[test]
    fn an_unknown_kind_is_unsupported_and_a_bad_line_is_reported() {
        assert_eq!(
            render("%% a comment\nzenuml\n  A.b()\n", 0),
            Err(Failure::Unsupported {
                kind: "zenuml".into()
            })
        );
        let Err(Failure::Parse { line, .. }) = render("flowchart TD\n  A --> B\n  A --> B --\n", 0)
        else {
            panic!("a broken edge should not parse");
        };
        assert_eq!(line, 3);
    }

    #[test]
    fn a_diagram_as_wide_as_the_page_gets_its_own_size() {
        assert_eq!(
            fixed_size(
                r#"<svg xmlns="x" width="100%" viewBox="0 0 443.64 360" style="max-width: 443.640px;"><g/>"#
            ),
            r#"<svg xmlns="x" width="443.64" height="360" viewBox="0 0 443.64 360"><g/>"#
        );
        let sized = r#"<svg width="10" height="5" viewBox="0 0 10 5">"#;
        assert_eq!(fixed_size(sized), sized);
    }

    #[test]
    fn a_diagram_too_long_to_lay_out_is_refused_unread() {
        let source = format!("flowchart TD\n{}", "  A --> B\n".repeat(MAX_LINES));
        assert_eq!(
            render(&source, 0),
            Err(Failure::Parse {
                message: "101 lines are too many for one diagram (the limit is 100): split it into smaller ones".into(),
                line: 1
            })
        );
    }

    /// Few lines, many edges: `&` joins make ten edges a line. Refused after parsing, before
    /// any layout (which would take minutes in a debug build), so the check is quick.
    #[test]
    fn a_graph_too_dense_to_lay_out_is_refused_before_layout() {
        let targets: Vec<String> = (0..10).map(|j| format!("B{j}")).collect();
        let source: String = std::iter::once("flowchart TD\n".to_string())
            .chain((0..15).map(|i| format!("  A{i} --> {}\n", targets.join(" & "))))
            .collect();
        let started = std::time::Instant::now();
        assert_eq!(render(&source, 0), Err(Failure::TooDense { edges: 150 }));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let (diagnostic, fatal) = Failure::TooDense { edges: 150 }.diagnostic(7);
        assert!(!fatal, "a warning: the block stays as code");
        assert!(diagnostic.to_string().contains("150 edges"), "{diagnostic}");
        // A sequence diagram's messages are not a graph's edges: laid out in a line.
        let messages: String = (0..MAX_EDGES + 5)
            .map(|i| format!("  A->>B: m{i}\n"))
            .collect();
        assert!(render(&format!("sequenceDiagram\n{messages}"), 0).is_ok());
    }

    /// The renderer's parser reports its errors at the diagram's first line, naming the
    /// statement: the line is found from it, also when the statement is part of a line.
    #[test]
    fn a_parser_error_is_reported_at_the_line_it_names() {
        let line = |source: &str| match render(source, 0) {
            Err(Failure::Parse { line, .. }) => line,
            other => panic!("{source:?} should not parse: {other:?}"),
        };
        assert_eq!(line("flowchart TD\n  A --> B\n  C --> D\n  E -->\n"), 4);
        assert_eq!(line("flowchart TD\n  A --> B\n  C --> D; E -->\n"), 3);
        assert_eq!(
            culprit_line(
                "flowchart TD\n  A --> B\n  C --> D & E -->\n",
                "invalid flowchart edge syntax: D & E -->"
            ),
            Some(3)
        );
        assert_eq!(
            culprit_line(
                "%% note\n%%{init: {\"theme\": }}%%\nflowchart TD\n",
                "invalid Mermaid init directive syntax"
            ),
            Some(2)
        );
    }

    #[test]
    fn long_names_are_cut_at_a_word() {
        assert_eq!(shorten("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(shorten("short", 12), "short");
    }
}
