//! The first Markdown pass, a loading stage. In: a note's body. Out: its [`Analysis`]: the
//! title, headings (with their unique ids), anchors, links, comparison blocks, diagrams,
//! formulas and key facts, so the link stage can check every link against every page before
//! anything is rendered. The second pass, the HTML, is an output's
//! ([`crate::output::markdown`]); both read the dialect of [`syntax`], and they meet by order:
//! the n-th heading, diagram or formula there is the n-th found here. Raw HTML is kept for the
//! second pass; this one reports what [`crate::markup::rawhtml`] will remove from it
//! ([`report`]).
//!
//! Obsidian's syntax is read with the pieces of [`crate::load::obsidian`]: callouts,
//! `==highlights==`, block ids (`^id`), inline `#tags`, embeds (`![[…]]`, [`crate::model::link::LinkKind::Embed`]),
//! and the `\|` that separates a wikilink's text inside a table cell.

mod ids;
mod report;
mod syntax;

pub(crate) use syntax::{
    ends_key_marker, fence_language, is_key_callout, link_kind, link_target, options,
};

use crate::load::compare;
use crate::load::formula;
use crate::load::include::{self, Includes};
use crate::load::obsidian::callout;
use crate::load::obsidian::inline::{self, Unmarked};
use crate::markup::diagram;
use crate::markup::html_links;
use crate::markup::math;
use crate::markup::mermaid;
use crate::model::analysis::{Analysis, CodeBlock, Heading, IdKind, LinkRef, SectionText};
use crate::model::comparison::Spec;
use crate::model::link::LinkKind;
use crate::util::error::{Diagnostic, LineIndex};
use crate::util::ids::{slugify, IdAllocator};
use crate::util::yaml::Origin;
use ids::Ids;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use report::raw_html_warnings;
use std::path::Path;
use syntax::link_ref;

/// First pass: see the module docs. `body_offset` is where the Markdown starts in `text`;
/// `math` converts the note's formulas; `includes`, where its code blocks' mdBook directives
/// may read (none: they stay as written).
pub fn analyze(
    text: &str,
    body_offset: usize,
    path: &Path,
    math: &math::Converter,
    includes: Option<&Includes>,
) -> (Analysis, Vec<Diagnostic>) {
    // Dollar signs that are not math escaped (see [`math::Dollars`]); offsets mapped back.
    let dollars = math::Dollars::protect(&text[body_offset..], options());
    let body: &str = &dollars.text;
    let lines = LineIndex::new(text);
    let mut a = Analysis::default();
    let mut problems = Vec::new();
    let mut ids = IdAllocator::default();
    let mut heading: Option<(u8, Option<String>, String, usize)> = None;
    // The body's ids in page order, and the event that opened the heading being read.
    let mut body_ids = Ids::default();
    let mut heading_event = 0;
    let mut code: Option<(String, String, usize)> = None;
    // Where the open code block is in `text`, for its include directives' positions.
    let mut code_span = 0..0;
    // A directive in text, which is left as it is: one warning per note.
    let mut text_directive = None;
    // Open paragraphs and list items: where each starts (and its event), and a block id for it
    // seen so far.
    let mut blocks: Vec<(usize, usize, Option<String>)> = Vec::new();
    // A block id ending the last text, if the next event ends its block.
    let mut block_marker: Option<String> = None;
    // Inside a link's text, which is no place for tags (`[[#Heading]]`).
    let mut link_depth = 0usize;
    // Bytes of an Obsidian callout's `[!type]` marker still to leave out of the search text.
    let mut callout_marker = 0usize;
    let mut key_depth: Option<usize> = None;
    let mut quote_depth = 0usize;
    let mut list_depth = 0usize;
    let mut fact: Option<String> = None;
    let mut first_block = true;
    // Inside the `[!KEY]` marker paragraph, whose words are markup, not content.
    let mut in_key_marker = false;
    // The current block's words for the search text, without `==` markers.
    let mut unmarked = Unmarked::default();
    // The formulas of the comparisons' cells, kept after the page's own.
    let mut cell_formulas = Vec::new();
    // The note's raw HTML, all of it, and where each piece of it starts in `text`.
    let mut raw_html = String::new();
    let mut raw_pieces: Vec<(usize, usize)> = Vec::new();
    a.sections.push(SectionText::default());

    let parsed = callout::marker_lines(body, Parser::new_ext(body, options()).into_offset_iter());
    for (index, (event, range)) in parsed.enumerate() {
        let at = dollars.original(range.start);
        let offset = body_offset + at;
        if in_key_marker {
            in_key_marker = !ends_key_marker(&event);
            continue;
        }
        let marker = block_marker.take();
        let is_code = matches!(event, Event::Code(_));
        match &event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }) => {
                unmarked.enter()
            }
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => unmarked.leave(),
            // Where the render pass ends a block's highlights.
            Event::Start(
                Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::TableCell | Tag::List(_),
            )
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => {
                if let Some(section) = a.sections.last_mut() {
                    unmarked.flush(&mut section.text);
                }
            }
            _ => {}
        }
        match &event {
            // Offsets in the note's body as written, which embeds cut.
            Event::Start(Tag::Paragraph | Tag::Item) => blocks.push((at, index, None)),
            Event::Start(Tag::List(_)) => {
                if let (Some(id), Some(block)) = (marker, blocks.last_mut()) {
                    block.2 = Some(id);
                }
            }
            Event::Text(t) if heading.is_none() && code.is_none() => {
                if text_directive.is_none() && include::mentions_directive(t) {
                    text_directive = Some(offset);
                }
                block_marker = inline::block_id(t).map(|(_, id)| id.to_string());
                if link_depth == 0 {
                    a.tags.extend(inline::tags(t).map(str::to_string));
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => link_depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => link_depth = link_depth.saturating_sub(1),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Some((start, event, earlier)) = blocks.pop() {
                    if let Some(id) = marker.or(earlier) {
                        let anchor = inline::block_anchor(&id);
                        body_ids.push(event, start, IdKind::Block, anchor.clone());
                        a.blocks.push((anchor, start..dollars.original(range.end)));
                    }
                }
            }
            _ => {}
        }
        match event {
            Event::Start(ref heading_tag @ Tag::Heading { level, .. }) => {
                if first_block && level == HeadingLevel::H1 {
                    a.starts_with_h1 = true;
                }
                heading_event = index;
                heading = Some((
                    level as u8,
                    syntax::written_id(heading_tag),
                    String::new(),
                    dollars.original(range.start),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, start)) = heading.take() {
                    // The page shows a heading's `==x==` as a highlight: its title, outline
                    // entry and search heading show the words, not the markers.
                    let mut words = String::new();
                    let mut marks = Unmarked::default();
                    marks.words(text.trim());
                    marks.flush(&mut words);
                    let text = words;
                    let id = ids.allocate(explicit.unwrap_or_else(|| slugify(&text)));
                    if level == 1 && a.h1.is_none() {
                        a.h1 = Some(text.clone());
                    }
                    body_ids.push(heading_event, start, IdKind::Heading, id.clone());
                    a.sections.push(SectionText {
                        id: Some(id.clone()),
                        heading: text.clone(),
                        text: String::new(),
                    });
                    a.headings.push(Heading {
                        level,
                        id,
                        text,
                        offset: start,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => fence_language(&info).to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let (line, _) = lines.position(text, offset);
                code = Some((lang, String::new(), line + 1));
                code_span = offset..body_offset + dollars.original(range.end);
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, source, line)) = code.take() {
                    match lang.as_str() {
                        "compare" => {
                            let origin = Origin {
                                path,
                                first_line: line,
                            };
                            match compare::parse(&source, origin) {
                                Ok(spec) => {
                                    let id = ids.allocate(
                                        spec.id.clone().unwrap_or_else(|| slugify(&spec.title)),
                                    );
                                    body_ids.push(index, at, IdKind::Comparison, id.clone());
                                    body_ids.cells(index, at, &spec);
                                    for md in spec.markdown() {
                                        collect_links(md, offset, &mut a.links);
                                    }
                                    let (formulas, bad) =
                                        formula::cells(&spec, &source, line, options(), math, path);
                                    cell_formulas.extend(formulas);
                                    problems.extend(bad);
                                    if let Some(section) = a.sections.last_mut() {
                                        section.push(&comparison_text(&spec));
                                    }
                                    a.comparison_ids.push(id);
                                    a.comparisons.push(spec);
                                }
                                Err(d) => problems.push(d),
                            }
                        }
                        "pikchr" => match diagram::render(&source) {
                            Ok(svg) => {
                                body_ids.html(index, at, IdKind::Other, &svg);
                                a.diagrams.push(svg);
                            }
                            Err(error) => {
                                problems.push(
                                    Diagnostic::error(format!(
                                        "diagram does not parse: {}",
                                        error.message
                                    ))
                                    .in_file(path)
                                    .at(line + error.line - 1, 1)
                                        .with_help("fix the Pikchr source (see https://pikchr.org/home/doc/trunk/doc/userman.md)"),
                                );
                                a.diagrams.push(String::new());
                            }
                        },
                        "mermaid" => {
                            let index_of_diagram = a.mermaid.len();
                            match mermaid::render(&source, index_of_diagram) {
                                Ok(diagram) => {
                                    let kind = IdKind::Mermaid(index_of_diagram);
                                    body_ids.html(index, at, kind, &diagram.svg);
                                    if let Some(section) = a.sections.last_mut() {
                                        section.push(&diagram.text);
                                    }
                                    a.mermaid.push((source, Some(diagram)));
                                }
                                Err(failure) => {
                                    let (diagnostic, fatal) = failure.diagnostic(line);
                                    let diagnostic = diagnostic.in_file(path);
                                    match fatal {
                                        true => problems.push(diagnostic),
                                        false => a.warnings.push(diagnostic.as_warning()),
                                    }
                                    if let Some(section) = a.sections.last_mut() {
                                        section.push(&source);
                                    }
                                    a.mermaid.push((source.clone(), None));
                                    a.code_blocks.push(CodeBlock { lang, source });
                                }
                            }
                        }
                        _ => {
                            let source = match includes {
                                Some(includes) => {
                                    let at = |i| lines.position(text, code_span.start + i);
                                    let block = text.get(code_span.clone()).unwrap_or("");
                                    let expanded =
                                        include::expand(&source, block, includes, path, &at);
                                    problems.extend(expanded.problems);
                                    a.included.extend(expanded.files);
                                    expanded.source
                                }
                                None => source,
                            };
                            if let Some(section) = a.sections.last_mut() {
                                section.push(&source);
                            }
                            a.code_blocks.push(CodeBlock { lang, source });
                        }
                    }
                }
            }
            Event::InlineMath(ref tex) | Event::DisplayMath(ref tex) => {
                let display = matches!(event, Event::DisplayMath(_));
                // Where the TeX is in the note: after its dollars, as written.
                let inner = body[range.clone()].find(tex.as_ref()).unwrap_or(0);
                let at = |error: usize| lines.position(text, offset + inner + error);
                let (converted, problem) = formula::convert(math, tex, display, path, &at);
                body_ids.html(
                    index,
                    dollars.original(range.start),
                    IdKind::Other,
                    &converted.html,
                );
                a.formulas.push(converted);
                problems.extend(problem);
                if let Some((_, _, heading, _)) = &mut heading {
                    heading.push_str(tex);
                }
                if let Some(f) = &mut fact {
                    f.push_str(tex);
                }
                if heading.is_none() {
                    unmarked.verbatim(tex);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = &mut heading {
                    text.push_str(&t);
                }
                if let Some((_, source, _)) = &mut code {
                    source.push_str(&t);
                }
                if let Some(f) = &mut fact {
                    f.push_str(&t);
                }
                if heading.is_none() && code.is_none() {
                    // The search index shows the words, not a callout's or block's marker.
                    let cut = callout_marker.min(t.len());
                    callout_marker -= cut;
                    let words = t.get(cut..).unwrap_or("");
                    let words = inline::block_id(words).map_or(words, |(at, _)| &words[..at]);
                    match is_code {
                        true => unmarked.verbatim(words),
                        false => unmarked.words(words),
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(f) = &mut fact {
                    f.push(' ');
                }
                unmarked.verbatim(" ");
            }
            Event::Start(ref tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                if let Some(link) = link_ref(tag, offset) {
                    if link.kind == LinkKind::Embed {
                        body_ids.push(index, at, IdKind::Embed, link.target.clone());
                    }
                    a.links.push(link);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                body_ids.raw_piece(raw_html.len(), index, at);
                raw_pieces.push((raw_html.len(), offset));
                raw_html.push_str(&html);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                body_ids.push(index, at, IdKind::Other, label.to_string());
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                quote_depth += 1;
                if kind.is_none() && key_depth.is_none() && is_key_callout(&body[range.clone()]) {
                    key_depth = Some(quote_depth);
                    in_key_marker = true;
                } else if let Some(c) = kind
                    .is_none()
                    .then(|| callout::parse(&body[range.clone()]))
                    .flatten()
                {
                    callout_marker = c.marker_len;
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if key_depth == Some(quote_depth) {
                    key_depth = None;
                }
                quote_depth -= 1;
            }
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth -= 1,
            Event::Start(Tag::Item) if key_depth.is_some() && list_depth == 1 => {
                fact = Some(String::new());
            }
            Event::End(TagEnd::Item) if key_depth.is_some() && list_depth == 1 => {
                if let Some(f) = fact.take() {
                    a.key_facts.push(f.trim().to_string());
                }
                if let Some(section) = a.sections.last_mut() {
                    section.text.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::TableRow) => {
                if let Some(section) = a.sections.last_mut() {
                    section.text.push(' ');
                }
            }
            _ => {}
        }
        first_block = false;
    }
    a.formulas.extend(cell_formulas);
    if let Some(offset) = text_directive {
        let (line, column) = lines.position(text, offset);
        a.warnings.push(
            Diagnostic::error("mdBook's `{{#include}}` is expanded in code blocks only: this one is left as text")
                .in_file(path)
                .at(line, column)
                .with_help("put the directive alone on a line of a fenced code block to show the file as code, or copy the text into the note")
                .as_warning(),
        );
    }
    if let Some(section) = a.sections.last_mut() {
        unmarked.flush(&mut section.text);
    }
    (a.ids, a.anchors) = body_ids.finish(&raw_html);
    if !raw_html.is_empty() {
        a.html_links = html_links::links_in(&raw_html).unwrap_or_default();
        let warnings = raw_html_warnings(&raw_html, &raw_pieces, text, &lines, path);
        a.warnings.extend(warnings);
    }
    (a, problems)
}

/// How [`plain_text`] reads Markdown.
#[derive(Debug, Clone, Copy)]
pub enum Words {
    /// As the page shows it: the notes' dialect, formulas as their TeX, raw HTML left out (the
    /// search index's words of a comparison's cells).
    Page,
    /// As the cards have always read it, in their dialect (`Options`), raw HTML as its text,
    /// paragraphs apart, the spaces collapsed: a card's id is made from these words, so that
    /// changing them would lose every review's history.
    Card(Options),
}

/// The words of a Markdown fragment, its markup dropped.
pub fn plain_text(markdown: &str, words: Words) -> String {
    let options = match words {
        Words::Page => options(),
        Words::Card(options) => options,
    };
    let card = matches!(words, Words::Card(_));
    let mut text = String::with_capacity(markdown.len());
    // Lone dollars are text where there is math; the cards' dialect has none.
    let dollars = match options.contains(Options::ENABLE_MATH) {
        true => math::Dollars::protect(markdown, options).text,
        false => markdown.into(),
    };
    for event in Parser::new_ext(&dollars, options) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(&t)
            }
            Event::Html(t) | Event::InlineHtml(t) if card => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) if card => text.push(' '),
            _ => {}
        }
    }
    if card {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    text
}

/// The comparison as words, for search: title, aspects, values and row notes, without
/// their Markdown.
pub fn comparison_text(spec: &Spec) -> String {
    let mut words = vec![spec.title.clone()];
    for row in &spec.rows {
        words.push(row.aspect.clone());
        words.extend(row.values.iter().map(|v| plain_text(v, Words::Page)));
        words.extend(row.note.as_deref().map(|n| plain_text(n, Words::Page)));
    }
    words.join(" ")
}

fn collect_links(markdown: &str, offset: usize, links: &mut Vec<LinkRef>) {
    for event in Parser::new_ext(markdown, options()) {
        if let Event::Start(tag) = event {
            links.extend(link_ref(&tag, offset));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_reads_as_the_page_or_as_the_cards() {
        let md = "A \"quote\" <b>bold</b> costs $5 or $x$";
        assert_eq!(plain_text(md, Words::Page), "A “quote” bold costs $5 or x");
        let cards = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        assert_eq!(
            plain_text(&format!("{md}\n\n  next"), Words::Card(cards)),
            "A \"quote\" <b>bold</b> costs $5 or $x$ next"
        );
    }
    use crate::model::link::LinkKind;

    fn analyze_str(md: &str) -> Analysis {
        let (a, problems) = analyze(md, 0, Path::new("n.md"), &math::Converter::default(), None);
        assert!(problems.is_empty(), "{problems:?}");
        a
    }

    #[test]
    fn a_comparison_as_text_has_its_words_without_their_markdown() {
        let yaml = "title: A vs B\nthings: [a, {label: B}]\nrows:\n  - aspect: Speed\n    values: [fast, 15]\n    note: '*really*'\n";
        let origin = Origin {
            path: Path::new("n.md"),
            first_line: 10,
        };
        let spec = compare::parse(yaml, origin).unwrap();
        assert_eq!(comparison_text(&spec), "A vs B Speed fast 15 really");
    }

    #[test]
    fn heading_ids_are_github_style_and_unique() {
        let a = analyze_str(
            "# Title\n## Worked example: a month\n## Intro\n## Intro\n## Pinned {#pin}\n",
        );
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["title", "worked-example-a-month", "intro", "intro-1", "pin"]
        );
        assert_eq!(a.h1.as_deref(), Some("Title"));
        assert!(a.starts_with_h1);
    }

    #[test]
    fn a_headings_highlight_markers_are_not_its_text() {
        let a = analyze_str("# The ==key== idea\n## a == b\n");
        assert_eq!(a.h1.as_deref(), Some("The key idea"));
        let texts: Vec<_> = a.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["The key idea", "a == b"]);
        assert_eq!(a.headings[0].id, "the-key-idea");
        assert_eq!(a.sections[1].heading, "The key idea");
    }

    #[test]
    fn collects_links_of_every_kind_with_offsets() {
        let a = analyze_str("See [[lambda#pricing|L]], [t](a.md) and ![i](img.png).");
        let kinds: Vec<_> = a
            .links
            .iter()
            .map(|l| (l.kind, l.target.as_str(), l.offset))
            .collect();
        assert_eq!(
            kinds,
            [
                (LinkKind::Wiki, "lambda#pricing", 4),
                (LinkKind::Markdown, "a.md", 26),
                (LinkKind::Image, "img.png", 40)
            ]
        );
    }

    #[test]
    fn html_ids_and_names_are_anchors() {
        let a = analyze_str(
            "<a name=\"old\"></a>\n\nText <span id='x'>y</span> <b data-id=\"no\">z</b>\n",
        );
        assert!(a.anchors.contains("old") && a.anchors.contains("x"));
        assert!(!a.anchors.contains("no"));
    }

    #[test]
    fn search_text_leaves_out_callout_and_block_markers() {
        let a = analyze_str("> [!tip]- Title\n> A fact. ^fact-1\n");
        let text = &a.sections[0].text;
        assert!(text.contains("Title") && text.contains("A fact."), "{text}");
        assert!(!text.contains("[!") && !text.contains("fact-1"), "{text}");
        assert!(a.anchors.contains("^fact-1"));
    }

    #[test]
    fn bad_diagram_is_reported_at_its_line() {
        let (_, problems) = analyze(
            "x\n\n```pikchr\nbox\nbox ]]\n```\n",
            0,
            Path::new("n.md"),
            &math::Converter::default(),
            None,
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(5));
        assert!(problems[0].message.starts_with("diagram does not parse"));
    }
}
