//! The second Markdown pass, an output's job. In: a note's body, its [`Analysis`] (the first
//! pass, [`crate::load::markdown`]), the HTML of its code blocks and a [`LinkResolver`], the
//! output's link policy. Out: the body as HTML, with links rewritten to the hrefs the resolver
//! gives, code highlighted, diagrams, formulas and comparisons swapped in, callouts and
//! Obsidian's syntax drawn. A link the link stage refused for its scheme is left as plain text.
//!
//! The pass is one loop over pulldown-cmark's events ([`transform`]) whose steps live by job:
//! [`blocks`] (paragraphs, block ids, highlights, embeds), [`headings`], [`code`] (code blocks,
//! diagrams, comparisons, math), [`links`] (links and images) and [`callouts`]; then
//! [`caption`] makes the emphasized paragraph under a Pikchr diagram its `<figcaption>`;
//! [`embed`] draws an `![[embed]]`. [`resolver`] is what it asks of the output's link policy. It meets
//! the analysis by order: the n-th heading, diagram or formula here is the n-th the first pass
//! found; a part of a note shown elsewhere (an embed) or a comparison's cell finds its formulas and
//! diagrams in the note's analysis by their source ([`Drawn`]).

mod blocks;
mod callouts;
mod caption;
mod code;
mod embed;
mod headings;
mod links;
mod resolver;
mod transform;

pub use resolver::{LinkResolver, ResolvedLink};

/// HTML the render pass wrote, and whether any of it is a note's raw HTML (its own, an embedded
/// part's or a comparison cell's, as pulldown-cmark read it: not a `<` in code or text). Only
/// then must an output clean it ([`clean_page_html`], the handout's sanitizer): the pass's own
/// tags, code, diagrams and formulas are safe as written. The flag travels with the HTML, so
/// that a page showing another note's part cleans that part's HTML too.
#[must_use]
#[derive(Default)]
pub struct Rendered {
    pub html: String,
    pub raw_html: bool,
}

use crate::load::markdown::options;
use crate::markup::math;
use crate::markup::rawhtml;
use crate::markup::sanitize;
use crate::model::analysis::Analysis;
use crate::util::html::escape;

/// Second pass: the note's body as HTML. `code` holds the HTML of each of
/// `analysis.code_blocks`, in order ([`crate::markup::highlight::blocks`]); `comparison_html(i)` renders
/// the i-th comparison.
pub fn render(
    body: &str,
    analysis: &Analysis,
    code: &[String],
    links: &dyn LinkResolver,
    comparison_html: &dyn Fn(usize) -> Rendered,
) -> Rendered {
    to_html(body, Drawn::Page(analysis, code), links, comparison_html)
}

/// Where a render finds the note's formulas and diagrams, converted and drawn as it loaded
/// (with the site's macros, each problem reported at its line then).
#[derive(Clone, Copy)]
enum Drawn<'a> {
    /// The note's page: its analysis, every formula and diagram in order, and the HTML of
    /// its code blocks.
    Page(&'a Analysis, &'a [String]),
    /// A part of the note shown elsewhere, or a cell of its comparison: formulas and Mermaid
    /// diagrams found by their source in the note's analysis, the diagrams' ids prefixed
    /// with the `&str` (the page holds diagrams of its own); code highlighted here.
    Part(&'a Analysis, &'a str),
}

/// Markdown through [`transform`] to HTML, its dollar signs that are not math kept as text.
fn to_html(
    markdown: &str,
    drawn: Drawn<'_>,
    links: &dyn LinkResolver,
    comparison_html: &dyn Fn(usize) -> Rendered,
) -> Rendered {
    let mut out = String::with_capacity(markdown.len() * 2);
    let dollars = math::Dollars::protect(markdown, options());
    let (events, raw_html) =
        transform::Transform::new(&dollars.text, drawn, links, comparison_html).run();
    let events = caption::diagram_captions(events);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    Rendered {
        html: out,
        raw_html,
    }
}

/// What a comparison renders in place of its table where there is none to show.
fn no_comparison(_: usize) -> Rendered {
    Rendered::default()
}

/// A part of a note (an embedded section or block; `analysis` is the note's) as HTML, its
/// headings without ids (the page embedding it has its own), the ids of its diagrams
/// prefixed with `ids`, its code highlighted here.
pub fn render_part(
    markdown: &str,
    analysis: &Analysis,
    ids: &str,
    links: &dyn LinkResolver,
) -> Rendered {
    to_html(markdown, Drawn::Part(analysis, ids), links, &no_comparison)
}

/// A cell of a comparison of the note whose analysis is `analysis` as inline HTML, its
/// single paragraph unwrapped.
pub fn render_inline(markdown: &str, analysis: &Analysis, links: &dyn LinkResolver) -> Rendered {
    let Rendered { html, raw_html } = to_html(
        markdown,
        Drawn::Part(analysis, "cell-"),
        links,
        &no_comparison,
    );
    let trimmed = html.trim_end();
    let html = match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    };
    Rendered { html, raw_html }
}

/// A note's rendered body (`markdown`, rendered), fit for a site page: when it holds raw HTML
/// (the note's own or a part it embeds), without what [`rawhtml::clean`] removes (each removal
/// was reported by [`crate::load::markdown::analyze`]), then through the allowlist the handout
/// uses too ([`sanitize::clean`]), so that no note's HTML loads anything from elsewhere (a
/// `<style>`, a CSS `url()`, an SVG `<image>`, a player) either. HTML that lol_html finds
/// ambiguous (reported by the first pass) is shown as text.
pub fn clean_page_html(markdown: &str, rendered: Rendered) -> String {
    let Rendered { html, raw_html } = rendered;
    if !raw_html {
        return html;
    }
    match rawhtml::clean(&html) {
        Ok((clean, _)) => sanitize::clean(&clean, sanitize::Policy::Site),
        Err(_) => format!("<pre>{}</pre>", escape(markdown)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markdown::analyze;
    use crate::model::link::LinkKind;
    use std::path::Path;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, _: LinkKind, _: &str) -> Option<&ResolvedLink> {
            None
        }
    }

    fn analyze_str(md: &str) -> Analysis {
        let (a, problems) = analyze(md, 0, Path::new("n.md"), &math::Converter::default(), None);
        assert!(problems.is_empty(), "{problems:?}");
        a
    }

    #[test]
    fn key_facts_are_collected_and_rendered_as_callout() {
        let md = "> [!KEY]\n> - Lambda runs at most **15 minutes**.\n> - Up to 10 GB of RAM.\n";
        let a = analyze_str(md);
        assert_eq!(
            a.key_facts,
            ["Lambda runs at most 15 minutes.", "Up to 10 GB of RAM."]
        );
        let html = render(md, &a, &[], &NoLinks, &no_comparison).html;
        assert!(
            html.starts_with("<aside class=\"callout callout-key\""),
            "{html}"
        );
        assert!(!html.contains("[!KEY]"), "{html}");
    }

    #[test]
    fn a_key_marker_read_as_a_setext_heading_shifts_no_heading_id() {
        let md = "## Before\n\n> [!KEY]\n> ---\n> - A fact.\n\n## After\n\n## Last\n";
        let a = analyze_str(md);
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["before", "after", "last"]);
        let html = render(md, &a, &[], &NoLinks, &no_comparison).html;
        for id in ids {
            assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{id}: {html}");
        }
        assert!(!html.contains("[!KEY]"), "{html}");
    }

    #[test]
    fn github_alerts_become_callouts() {
        let md = "> [!WARNING]\n> Careful.\n";
        let html = render(md, &analyze_str(md), &[], &NoLinks, &no_comparison).html;
        assert!(
            html.contains("callout-warning") && html.contains("Careful."),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_told_from_a_less_than_sign_in_code_or_text() {
        let raw = |md: &str| render(md, &analyze_str(md), &[], &NoLinks, &no_comparison).raw_html;
        assert!(!raw("a < b, `<b>`, \\<i>\n\n    <p>indented code</p>\n"));
        assert!(raw("Text <b>bold</b>.\n"));
        assert!(raw("<div>\nblock\n</div>\n"));
        assert!(raw("> [!note] A <i>title</i>\n> Body.\n"));
        let cell = |_| Rendered {
            html: "<td>x</td>".into(),
            raw_html: true,
        };
        let md = "```compare\ntitle: T\nthings: [{label: A}, {label: B}]\nrows:\n  - aspect: X\n    values: [1, 2]\n```\n";
        assert!(render(md, &analyze_str(md), &[], &NoLinks, &cell).raw_html);
    }

    #[test]
    fn headings_get_anchor_links() {
        let md = "## Pricing\n";
        let html = render(md, &analyze_str(md), &[], &NoLinks, &no_comparison).html;
        assert_eq!(
            html,
            "<h2 id=\"pricing\">Pricing<a class=\"anchor\" href=\"#pricing\" aria-label=\"Link to this section\">#</a></h2>\n"
        );
    }
}
