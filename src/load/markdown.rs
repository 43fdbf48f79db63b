//! Markdown, in two passes over pulldown-cmark's events. In: a note's body. Out: its
//! [`Analysis`] (first pass, a loading stage) and, given its resolved links, its HTML (second
//! pass, called by the outputs; a later phase of issue 18 moves it to `output/`).
//!
//! [`analyze`] runs first, on every note in parallel: it finds the title, headings (with their
//! unique ids), anchors, links, comparison blocks, diagrams and key facts, so the link stage can
//! check every link against every page before anything is rendered. [`render`] runs after the
//! link stage: it turns the same events into HTML, with links rewritten to the URLs the link
//! stage resolved, code highlighted, diagrams, formulas and comparisons swapped in. A link the
//! link stage refused for its scheme is left as plain text. Raw HTML passes through both; the first pass
//! reports what [`crate::markup::rawhtml`] will remove from it, and the page is cleaned whole
//! ([`clean_page_html`]).
//!
//! Obsidian's syntax is read in both passes with the pieces of [`crate::load::obsidian`]: callouts,
//! `==highlights==`, block ids (`^id`), inline `#tags`, embeds (`![[…]]`, [`LinkKind::Embed`]),
//! and the `\|` that separates a wikilink's text inside a table cell.

use crate::load::compare;
use crate::load::obsidian::callout;
use crate::load::obsidian::embed;
use crate::load::obsidian::inline::{self, Highlights};
use crate::markup::anchors;
use crate::markup::caption;
use crate::markup::diagram;
use crate::markup::highlight;
use crate::markup::math;
use crate::markup::mermaid;
use crate::markup::rawhtml;
use crate::markup::sanitize;
use crate::model::analysis::{Analysis, CodeBlock, Heading, LinkRef, SectionText};
use crate::model::comparison::Spec;
use crate::model::link::{LinkKind, LinkResolver, ResolvedLink};
use crate::util::error::{Diagnostic, LineIndex};
use crate::util::html::{escape, escape_href};
use crate::util::ids::IdAllocator;
use crate::util::url::{self, Href};
use crate::util::yaml::Origin;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};
use std::path::Path;

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH
}

/// How a formula that does not convert is reported; imported material
/// (`--allow-broken-links`) goes on with a warning and the TeX shown as code.
pub const FORMULA_ERROR: &str = "formula does not parse";

/// First pass: see the module docs. `body_offset` is where the Markdown starts in `text`;
/// `math` converts the note's formulas.
pub fn analyze(
    text: &str,
    body_offset: usize,
    path: &Path,
    math: &math::Converter,
) -> (Analysis, Vec<Diagnostic>) {
    // Dollar signs that are not math escaped (see [`math::Dollars`]); offsets mapped back.
    let dollars = math::Dollars::protect(&text[body_offset..], options());
    let body: &str = &dollars.text;
    let lines = LineIndex::new(text);
    let mut a = Analysis::default();
    let mut problems = Vec::new();
    let mut ids = IdAllocator::default();
    let mut heading: Option<(u8, Option<String>, String, usize)> = None;
    let mut code: Option<(String, String, usize)> = None;
    // Open paragraphs and list items: where each starts, and a block id for it seen so far.
    let mut blocks: Vec<(usize, Option<String>)> = Vec::new();
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
    // The note's raw HTML, all of it, and where each piece of it starts in `text`.
    let mut raw_html = String::new();
    let mut raw_pieces: Vec<(usize, usize)> = Vec::new();
    a.sections.push(SectionText::default());

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let offset = body_offset + dollars.original(range.start);
        if in_key_marker {
            in_key_marker = !ends_key_marker(&event);
            continue;
        }
        let marker = block_marker.take();
        match &event {
            // Offsets in the note's body as written, which embeds cut.
            Event::Start(Tag::Paragraph | Tag::Item) => {
                blocks.push((dollars.original(range.start), None))
            }
            Event::Start(Tag::List(_)) => {
                if let (Some(id), Some(block)) = (marker, blocks.last_mut()) {
                    block.1 = Some(id);
                }
            }
            Event::Text(t) if heading.is_none() && code.is_none() => {
                block_marker = inline::block_id(t).map(|(_, id)| id.to_string());
                if link_depth == 0 {
                    a.tags.extend(inline::tags(t).map(str::to_string));
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => link_depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => link_depth = link_depth.saturating_sub(1),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Some((start, earlier)) = blocks.pop() {
                    if let Some(id) = marker.or(earlier) {
                        let anchor = inline::block_anchor(&id);
                        a.anchors.insert(anchor.clone());
                        a.blocks.push((anchor, start..dollars.original(range.end)));
                    }
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                if first_block && level == HeadingLevel::H1 {
                    a.starts_with_h1 = true;
                }
                heading = Some((
                    level as u8,
                    id.map(|s| s.to_string()),
                    String::new(),
                    dollars.original(range.start),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, start)) = heading.take() {
                    let text = text.trim().to_string();
                    let id = ids.allocate(explicit.unwrap_or_else(|| slugify(&text)));
                    if level == 1 && a.h1.is_none() {
                        a.h1 = Some(text.clone());
                    }
                    a.anchors.insert(id.clone());
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
                                    a.anchors.insert(id.clone());
                                    for md in spec.markdown() {
                                        collect_links(md, offset, &mut a.links);
                                    }
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
                            Ok(svg) => a.diagrams.push(svg),
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
                            let index = a.mermaid.len();
                            match mermaid::render(&source, index) {
                                Ok(diagram) => {
                                    if let Some(section) = a.sections.last_mut() {
                                        section.push(&diagram.text);
                                    }
                                    a.mermaid.push(Some(diagram));
                                }
                                Err(failure) => {
                                    let (diagnostic, fatal) = mermaid_failure(failure, line);
                                    let diagnostic = diagnostic.in_file(path);
                                    match fatal {
                                        true => problems.push(diagnostic),
                                        false => a.warnings.push(diagnostic.as_warning()),
                                    }
                                    if let Some(section) = a.sections.last_mut() {
                                        section.push(&source);
                                    }
                                    a.mermaid.push(None);
                                    a.code_blocks.push(CodeBlock { lang, source });
                                }
                            }
                        }
                        _ => {
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
                match math.render(tex, display) {
                    Ok(html) => a.formulas.push(html),
                    Err(error) => {
                        // Where the TeX is in the note: after its dollars, as written.
                        let inner = body[range.clone()].find(tex.as_ref()).unwrap_or(0);
                        let at = offset + inner + error.offset;
                        let (line, column) = lines.position(text, at);
                        problems.push(
                            Diagnostic::error(format!("{FORMULA_ERROR}: {}", error.message))
                                .in_file(path)
                                .at(line, column)
                                .with_help("fix the TeX, or define the command under `math_macros:` in site.yaml; a dollar sign that is not math is written `\\$`"),
                        );
                        // Shown as its TeX when the build goes on (`--allow-broken-links`).
                        a.formulas.push(format!(
                            "<code class=\"math-source\">{}</code>",
                            escape(tex)
                        ));
                    }
                }
                if let Some((_, _, heading, _)) = &mut heading {
                    heading.push_str(tex);
                }
                if let Some(f) = &mut fact {
                    f.push_str(tex);
                }
                if heading.is_none() {
                    if let Some(section) = a.sections.last_mut() {
                        section.text.push_str(tex);
                    }
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
                    if let Some(section) = a.sections.last_mut() {
                        section.text.push_str(words);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(f) = &mut fact {
                    f.push(' ');
                }
                if let Some(section) = a.sections.last_mut() {
                    section.text.push(' ');
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => a.links.push(LinkRef {
                kind: link_kind(link_type),
                target: link_target(link_type, &dest_url).to_string(),
                offset,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => a.links.push(LinkRef {
                kind: image_kind(link_type),
                target: link_target(link_type, &dest_url).to_string(),
                offset,
            }),
            Event::Html(html) | Event::InlineHtml(html) => {
                raw_pieces.push((raw_html.len(), offset));
                raw_html.push_str(&html);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                a.anchors.insert(label.to_string());
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
    if !raw_html.is_empty() {
        // Read whole, so that an id inside a comment that spans several pieces is no anchor.
        a.anchors
            .extend(anchors::anchors_in(&raw_html).unwrap_or_default());
        let warnings = raw_html_warnings(&raw_html, &raw_pieces, text, &lines, path);
        a.warnings.extend(warnings);
    }
    (a, problems)
}

/// What a Mermaid block that is not drawn reports (its content starting at line `first_line`),
/// and whether that fails the build: a diagram that does not parse does; a kind the renderer
/// does not draw is a warning, the block shown as code.
fn mermaid_failure(failure: mermaid::Failure, first_line: usize) -> (Diagnostic, bool) {
    match failure {
        mermaid::Failure::Parse { message, line } => (
            Diagnostic::error(format!("Mermaid diagram does not parse: {message}"))
                .at(first_line + line - 1, 1)
                .with_help(
                    "fix the diagram (see https://mermaid.js.org/intro/syntax-reference.html)",
                ),
            true,
        ),
        mermaid::Failure::Unsupported { kind } => {
            let kinds: Vec<&str> = mermaid::KINDS.iter().map(|(k, _)| *k).collect();
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
    }
}

/// What [`rawhtml::clean`] will remove from a note's raw HTML (`html`, whose pieces start at
/// the offsets in `text` that `pieces` give), as warnings at their place in the note.
fn raw_html_warnings(
    html: &str,
    pieces: &[(usize, usize)],
    text: &str,
    lines: &LineIndex,
    path: &Path,
) -> Vec<Diagnostic> {
    let at = |offset: usize| {
        let piece = pieces.partition_point(|&(start, _)| start <= offset) - 1;
        let (start, source) = pieces[piece];
        lines.position(text, source + (offset - start))
    };
    match rawhtml::clean(html) {
        Ok((_, findings)) => findings
            .into_iter()
            .map(|f| {
                let (line, col) = at(f.offset);
                Diagnostic::error(format!("raw HTML: {}", f.message))
                    .in_file(path)
                    .at(line, col)
                    .with_help(f.help)
                    .as_warning()
            })
            .collect(),
        Err(message) => {
            let (line, col) = at(0);
            vec![Diagnostic::error(format!(
                "raw HTML that browsers may read in more than one way ({message}): the page shows the note as text"
            ))
            .in_file(path)
            .at(line, col)
            .with_help("fix the HTML (a <select> may hold only options, say)")
            .as_warning()]
        }
    }
}

/// A note's rendered body (`markdown`'s HTML, `html`), fit for a site page: when the note may
/// hold raw HTML (any `<` in it), without what [`rawhtml::clean`] removes (each removal was
/// reported by [`analyze`]), then through the allowlist the handout uses too
/// ([`sanitize::clean`]), so that no note's HTML loads anything from elsewhere (a `<style>`, a
/// CSS `url()`, an SVG `<image>`, a player) either. HTML that lol_html finds ambiguous
/// (reported by [`analyze`]) is shown as text.
pub fn clean_page_html(markdown: &str, html: String) -> String {
    if !markdown.contains('<') {
        // No raw HTML: every tag is the render pass's own.
        return html;
    }
    match rawhtml::clean(&html) {
        Ok((clean, _)) => sanitize::clean(&clean, sanitize::Policy::Site),
        Err(_) => format!("<pre>{}</pre>", escape(markdown)),
    }
}

/// What an image of a note becomes on the page.
enum ImageAs {
    Image,
    /// A remote image: a link to it, as nothing is loaded from elsewhere.
    Link,
    /// A refused URL: its alt text only.
    Text,
}

/// Whether an image URL the link stage let through would load from elsewhere: an absolute or
/// `//host` URL that is not a `data:` image.
fn is_remote(src: &str) -> bool {
    let src = src.trim_start();
    url::check(src) == Ok(url::Checked::External)
        && !src
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("data:"))
}

/// Second pass: the note's body as HTML. `code` holds the HTML of each of
/// `analysis.code_blocks`, in order ([`crate::markup::highlight::blocks`]); `comparison_html(i)` renders
/// the i-th comparison.
pub fn render(
    body: &str,
    analysis: &Analysis,
    code: &[String],
    links: &dyn LinkResolver,
    comparison_html: &dyn Fn(usize) -> String,
) -> String {
    to_html(body, Some((analysis, code)), links, comparison_html)
}

/// Markdown through [`transform`] to HTML, its dollar signs that are not math kept as text.
fn to_html(
    markdown: &str,
    analysis: Option<(&Analysis, &[String])>,
    links: &dyn LinkResolver,
    comparison_html: &dyn Fn(usize) -> String,
) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    let dollars = math::Dollars::protect(markdown, options());
    let events = transform(&dollars.text, analysis, links, comparison_html);
    let events = caption::diagram_captions(events);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// A part of a note (an embedded section or block) as HTML, its headings without ids (the page
/// embedding it has its own), its code highlighted here.
pub fn render_part(markdown: &str, links: &dyn LinkResolver) -> String {
    to_html(markdown, None, links, &|_| String::new())
}

/// A fragment (a comparison cell) as inline HTML, its single paragraph unwrapped.
pub fn render_inline(markdown: &str, links: &dyn LinkResolver) -> String {
    let out = to_html(markdown, None, links, &|_| String::new());
    let trimmed = out.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => out,
    }
}

/// `analysis` (with the note's code HTML) is `None` for a fragment, whose code blocks are
/// highlighted here.
fn transform<'a>(
    body: &'a str,
    analysis: Option<(&'a Analysis, &'a [String])>,
    links: &dyn LinkResolver,
    comparison_html: &dyn Fn(usize) -> String,
) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    let mut headings = analysis.map(|(a, _)| a.headings.iter());
    let mut heading_ids: Vec<String> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut comparisons = 0;
    let mut diagrams = analysis.map(|(a, _)| a.diagrams.iter());
    let mut mermaid = analysis.map(|(a, _)| a.mermaid.iter());
    let mut formulas = analysis.map(|(a, _)| a.formulas.iter());
    let mut code_blocks = analysis.map(|(_, code)| code.iter());
    // For each open blockquote: how it closes (`</aside>` for a callout), `None` for a quote.
    let mut quotes: Vec<Option<&'static str>> = Vec::new();
    // The first line of an Obsidian callout, its title.
    let mut title: Option<callout::Title> = None;
    let mut marks = Highlights::default();
    // Open paragraphs and list items: where each starts in `events`.
    let mut blocks: Vec<usize> = Vec::new();
    // A block id cut from the end of the last text (the id, the text cut), kept if the next
    // event ends the block, given back as text if not.
    let mut block_marker: Option<(String, String)> = None;
    // Inside `![[embed]]`: its target and text.
    let mut embedding: Option<(String, String)> = None;
    // An embedded note was taken out of the paragraph it opened (a `<div>` may not be in a
    // `<p>`): the paragraph goes on after it, if anything follows.
    let mut after_embed = false;
    // Inside the `[!KEY]` marker, as in [`analyze`].
    let mut skip_marker = false;
    // For each open link: whether it was refused, its tags left out for its text.
    let mut refused: Vec<bool> = Vec::new();
    // For each open image: what it was written as.
    let mut images: Vec<ImageAs> = Vec::new();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if skip_marker {
            skip_marker = !ends_key_marker(&event);
            continue;
        }
        let event = match title.as_mut() {
            Some(t) if !t.done => match t.feed(event, &mut events) {
                Some(event) => event,
                None => continue,
            },
            _ => event,
        };
        if let Some((target, text)) = &mut embedding {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::End(TagEnd::Image) => {
                    let resolved = links.resolve(LinkKind::Embed, target);
                    let body = resolved
                        .filter(|r| r.note.is_some())
                        .and_then(|_| links.embed(target));
                    let html = embed::html(resolved, target, text, body);
                    if html.starts_with("<div")
                        && matches!(events.last(), Some(Event::Start(Tag::Paragraph)))
                    {
                        events.pop();
                        blocks.pop();
                        after_embed = true;
                    }
                    events.push(Event::Html(html.into()));
                    embedding = None;
                }
                _ => {}
            }
            continue;
        }
        if after_embed {
            match event {
                Event::SoftBreak | Event::HardBreak => continue,
                Event::End(TagEnd::Paragraph) => {
                    after_embed = false;
                    continue;
                }
                _ => {
                    after_embed = false;
                    blocks.push(events.len());
                    events.push(Event::Start(Tag::Paragraph));
                }
            }
        }
        if let Some((id, cut)) = block_marker.take() {
            let ends_block = matches!(
                event,
                Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_))
            );
            match blocks.last() {
                // A part of a note shown elsewhere keeps no ids: the page has its own.
                Some(_) if ends_block && analysis.is_none() => {}
                Some(&start) if ends_block => {
                    let anchor = escape(&inline::block_anchor(&id));
                    match events[start] {
                        Event::Start(Tag::Paragraph) => {
                            events[start] = Event::Html(format!("<p id=\"{anchor}\">").into());
                        }
                        Event::Start(Tag::Item) => {
                            events[start] = Event::Html(format!("<li id=\"{anchor}\">").into());
                        }
                        _ => {}
                    }
                }
                _ => events.push(Event::Text(cut.into())),
            }
        }
        match &event {
            Event::Start(
                Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::TableCell | Tag::List(_),
            )
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => marks.end_block(&mut events),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }) => {
                marks.enter()
            }
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => marks.leave(&mut events),
            _ => {}
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                blocks.push(events.len());
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::Start(Tag::Item) => {
                blocks.push(events.len());
                events.push(Event::Start(Tag::Item));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                blocks.pop();
                events.push(event);
            }
            Event::Text(t) if code.is_none() => {
                let t = match inline::block_id(&t) {
                    Some((cut, id)) => {
                        block_marker = Some((id.to_string(), t[cut..].to_string()));
                        CowStr::from(t[..cut].trim_end().to_string())
                    }
                    None => t,
                };
                marks.text(t, &mut events);
            }
            Event::Start(Tag::Image {
                link_type: link_type @ LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                embedding = Some((link_target(link_type, &dest_url).to_string(), String::new()));
            }
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let id = headings
                    .as_mut()
                    .and_then(Iterator::next)
                    .map(|h| h.id.clone())
                    .unwrap_or_default();
                let mut open = format!("<{level}");
                if !id.is_empty() {
                    open.push_str(&format!(" id=\"{}\"", escape(&id)));
                }
                if !classes.is_empty() {
                    open.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
                }
                open.push('>');
                events.push(Event::Html(open.into()));
                heading_ids.push(id);
            }
            Event::End(TagEnd::Heading(level)) => {
                let id = heading_ids.pop().unwrap_or_default();
                if id.is_empty() {
                    events.push(Event::Html(format!("</{level}>\n").into()));
                    continue;
                }
                events.push(Event::Html(
                    format!(
                        "<a class=\"anchor\" href=\"{}\" aria-label=\"Link to this section\">#</a></{level}>\n",
                        escape(Href::fragment(&id).as_str())
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => fence_language(&info).to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, source)) = &mut code {
                    source.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, source) = code.take().unwrap_or_default();
                let html: CowStr<'a> = match lang.as_str() {
                    "compare" if analysis.is_some() => {
                        comparisons += 1;
                        comparison_html(comparisons - 1).into()
                    }
                    "pikchr" => diagrams
                        .as_mut()
                        .and_then(Iterator::next)
                        .map(|svg| format!("<figure class=\"diagram\">{svg}</figure>\n"))
                        .unwrap_or_default()
                        .into(),
                    "mermaid" if analysis.is_some() => {
                        match mermaid.as_mut().and_then(Iterator::next) {
                            Some(Some(d)) => format!(
                                "<figure class=\"diagram mermaid\">{}<figcaption>{}</figcaption></figure>\n",
                                d.svg,
                                escape(&d.caption)
                            )
                            .into(),
                            // Shown as code: the next of the note's code blocks.
                            _ => code_blocks
                                .as_mut()
                                .and_then(Iterator::next)
                                .map_or("", String::as_str)
                                .into(),
                        }
                    }
                    _ => match code_blocks.as_mut() {
                        Some(blocks) => blocks.next().map_or("", String::as_str).into(),
                        None => highlight::code_block(&source, &lang).into(),
                    },
                };
                events.push(Event::Html(html));
            }
            Event::InlineMath(ref tex) | Event::DisplayMath(ref tex) if analysis.is_none() => {
                // A fragment (a comparison cell, an embedded part of a note): converted here,
                // without the site's macros.
                let display = matches!(event, Event::DisplayMath(_));
                let html = math::Converter::default()
                    .render(tex, display)
                    .unwrap_or_else(|_| format!("<code class=\"math\">{}</code>", escape(tex)));
                events.push(Event::InlineHtml(html.into()));
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                let html = formulas
                    .as_mut()
                    .and_then(Iterator::next)
                    .map_or("", String::as_str);
                events.push(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let kind = link_kind(link_type);
                let resolved = links.resolve(kind, link_target(link_type, &dest_url));
                let drop =
                    resolved.is_none() && kind != LinkKind::Wiki && url::check(&dest_url).is_err();
                refused.push(drop);
                if !drop {
                    events.push(Event::Html(link_open(resolved, &title).into()));
                }
            }
            Event::End(TagEnd::Link) => {
                if !refused.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An image the link stage could not resolve keeps its URL only if a link may.
                let dest_url = match links.resolve(LinkKind::Image, &dest_url) {
                    Some(r) => Some(CowStr::from(r.href.clone())),
                    None => url::check(&dest_url).is_ok().then_some(dest_url),
                };
                match dest_url {
                    // A page loads nothing from elsewhere: a remote image is a link to it,
                    // its alt text the link's text.
                    Some(remote) if is_remote(&remote) => {
                        images.push(ImageAs::Link);
                        events.push(Event::Html(
                            format!(
                                "<a class=\"external remote-image\" href=\"{}\" rel=\"noopener\">",
                                escape_href(&remote)
                            )
                            .into(),
                        ));
                    }
                    Some(dest_url) => {
                        images.push(ImageAs::Image);
                        events.push(Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                    None => images.push(ImageAs::Text),
                }
            }
            Event::End(TagEnd::Image) => match images.pop() {
                Some(ImageAs::Image) => events.push(Event::End(TagEnd::Image)),
                Some(ImageAs::Link) => events.push(Event::Html("</a>".into())),
                Some(ImageAs::Text) | None => {}
            },
            Event::Start(Tag::BlockQuote(kind)) => {
                let callout = match kind {
                    Some(kind) => Some(alert_name(kind)),
                    None if is_key_callout(&body[range.clone()]) => {
                        skip_marker = true;
                        Some(("key", "Key facts"))
                    }
                    None => None,
                };
                // role="note": a callout is not a landmark; as one, two "Tip"s on a page
                // (or in the handout) would be landmarks with the same name (axe-core's
                // landmark-unique).
                let obsidian = callout
                    .is_none()
                    .then(|| callout::parse(&body[range.clone()]))
                    .flatten();
                match (callout, obsidian) {
                    (Some((class, title)), _) => {
                        quotes.push(Some("</aside>\n"));
                        events.push(Event::Html(
                            format!(
                                "<aside class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
                            )
                            .into(),
                        ));
                    }
                    (None, Some(c)) => {
                        quotes.push(Some(c.close_html()));
                        events.push(Event::Html(c.open_html().into()));
                        title = Some(callout::Title::new(c));
                    }
                    (None, None) => {
                        quotes.push(None);
                        events.push(Event::Start(Tag::BlockQuote(None)));
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                if let Some(t) = title.as_mut() {
                    t.close(&mut events);
                }
                events.push(match quotes.pop().flatten() {
                    Some(close) => Event::Html(close.into()),
                    None => Event::End(TagEnd::BlockQuote(kind)),
                });
            }
            other => events.push(other),
        }
    }
    events
}

/// The words of a Markdown fragment, its markup dropped.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let dollars = math::Dollars::protect(markdown, options());
    for event in Parser::new_ext(&dollars.text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The comparison as words, for search: title, aspects, values and row notes, without
/// their Markdown.
pub fn comparison_text(spec: &Spec) -> String {
    let mut words = vec![spec.title.clone()];
    for row in &spec.rows {
        words.push(row.aspect.clone());
        words.extend(row.values.iter().map(|v| plain_text(v)));
        words.extend(row.note.as_deref().map(plain_text));
    }
    words.join(" ")
}

fn link_open(resolved: Option<&ResolvedLink>, title: &str) -> String {
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    match resolved {
        Some(r) if r.external => format!(
            "<a class=\"external\" href=\"{}\"{title_attr} rel=\"noopener\">",
            escape_href(&r.href)
        ),
        Some(r) => format!("<a href=\"{}\"{title_attr}>", escape_href(&r.href)),
        None => format!("<a class=\"broken-link\"{title_attr}>"),
    }
}

fn alert_name(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn link_kind(link_type: LinkType) -> LinkKind {
    match link_type {
        LinkType::WikiLink { .. } => LinkKind::Wiki,
        _ => LinkKind::Markdown,
    }
}

fn image_kind(link_type: LinkType) -> LinkKind {
    match link_type {
        LinkType::WikiLink { .. } => LinkKind::Embed,
        _ => LinkKind::Image,
    }
}

/// A link's target as the link stage looks it up: a wikilink's trimmed, without the `\` that
/// escaped its `|` inside a table cell (`[[Note\|text]]`, as Obsidian writes it).
fn link_target(link_type: LinkType, dest: &str) -> &str {
    match link_type {
        LinkType::WikiLink { .. } => dest.trim().trim_end_matches('\\').trim_end(),
        _ => dest,
    }
}

/// `> [!KEY]` alone on the blockquote's first line marks a key-facts callout.
/// The `[!KEY]` marker is a paragraph, or a setext heading when the next quoted line is `---`
/// or `===`: both passes skip it to its end, so they see the same headings in the same order.
fn ends_key_marker(event: &Event<'_>) -> bool {
    matches!(event, Event::End(TagEnd::Paragraph | TagEnd::Heading(_)))
}

fn is_key_callout(quote_source: &str) -> bool {
    let first = quote_source.lines().next().unwrap_or("");
    first.trim_start().trim_start_matches('>').trim() == "[!KEY]"
}

fn fence_language(info: &str) -> &str {
    info.split([' ', ',', '{']).next().unwrap_or("").trim()
}

fn collect_links(markdown: &str, offset: usize, links: &mut Vec<LinkRef>) {
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => links.push(LinkRef {
                kind: link_kind(link_type),
                target: link_target(link_type, &dest_url).to_string(),
                offset,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => links.push(LinkRef {
                kind: image_kind(link_type),
                target: link_target(link_type, &dest_url).to_string(),
                offset,
            }),
            _ => {}
        }
    }
}

/// GitHub's heading ids: lowercase, punctuation dropped (but `-` and `_`), spaces to `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, _: LinkKind, _: &str) -> Option<&ResolvedLink> {
            None
        }
    }

    fn analyze_str(md: &str) -> Analysis {
        let (a, problems) = analyze(md, 0, Path::new("n.md"), &math::Converter::default());
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
    fn key_facts_are_collected_and_rendered_as_callout() {
        let md = "> [!KEY]\n> - Lambda runs at most **15 minutes**.\n> - Up to 10 GB of RAM.\n";
        let a = analyze_str(md);
        assert_eq!(
            a.key_facts,
            ["Lambda runs at most 15 minutes.", "Up to 10 GB of RAM."]
        );
        let html = render(md, &a, &[], &NoLinks, &|_| String::new());
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
        let html = render(md, &a, &[], &NoLinks, &|_| String::new());
        for id in ids {
            assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{id}: {html}");
        }
        assert!(!html.contains("[!KEY]"), "{html}");
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
    fn github_alerts_become_callouts() {
        let md = "> [!WARNING]\n> Careful.\n";
        let html = render(md, &analyze_str(md), &[], &NoLinks, &|_| String::new());
        assert!(
            html.contains("callout-warning") && html.contains("Careful."),
            "{html}"
        );
    }

    #[test]
    fn headings_get_anchor_links() {
        let md = "## Pricing\n";
        let html = render(md, &analyze_str(md), &[], &NoLinks, &|_| String::new());
        assert_eq!(
            html,
            "<h2 id=\"pricing\">Pricing<a class=\"anchor\" href=\"#pricing\" aria-label=\"Link to this section\">#</a></h2>\n"
        );
    }

    #[test]
    fn bad_diagram_is_reported_at_its_line() {
        let (_, problems) = analyze(
            "x\n\n```pikchr\nbox\nbox ]]\n```\n",
            0,
            Path::new("n.md"),
            &math::Converter::default(),
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(5));
        assert!(problems[0].message.starts_with("diagram does not parse"));
    }
}
