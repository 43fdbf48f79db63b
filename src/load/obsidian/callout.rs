//! Callouts as Obsidian writes them: `> [!tip] A title`, foldable `> [!faq]-` (closed) and
//! `> [!faq]+` (open).
//!
//! In: the source of a blockquote, from its first `>`. Out: the [`Callout`] it opens, if any,
//! and the HTML that frames it. A callout is `<aside class="callout callout-TYPE"
//! data-callout="AS-WRITTEN">` with its title in `<p class="callout-title">`; a foldable one,
//! and every question (`question`, `help`, `faq`: the answer stays hidden until the reader
//! opens it, and the study features find these by the class `callout-question`), is
//! `<details class="callout callout-TYPE">` with its title as `<summary class="callout-title">`,
//! which works without JavaScript (the stylesheet prints it open). TYPE is the canonical type
//! of Obsidian's aliases (`faq` -> `question`, `tldr` -> `abstract`), in any case; an unknown
//! type is a `note` titled by its name. GitHub's `> [!NOTE]` and the site's own `> [!KEY]` are
//! read before this.

use crate::util::html::escape;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// A callout's opening line, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Callout {
    /// The canonical type, the class: `question` for `[!FAQ]`.
    pub kind: &'static str,
    /// The type as written, lowercased: `faq`.
    pub written: String,
    /// Whether its first line has a title after the marker.
    pub has_title: bool,
    pub fold: Fold,
    /// Bytes of the marker (`[!faq]-`) at the start of the callout's first paragraph.
    pub marker_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Not foldable.
    No,
    Open,
    Closed,
}

/// Obsidian's callout types and their aliases, by canonical type.
const TYPES: &[(&str, &[&str])] = &[
    ("note", &["note"]),
    ("abstract", &["abstract", "summary", "tldr"]),
    ("info", &["info"]),
    ("todo", &["todo"]),
    ("tip", &["tip", "hint", "important"]),
    ("success", &["success", "check", "done"]),
    ("question", &["question", "help", "faq"]),
    ("warning", &["warning", "caution", "attention"]),
    ("failure", &["failure", "fail", "missing"]),
    ("danger", &["danger", "error"]),
    ("bug", &["bug"]),
    ("example", &["example"]),
    ("quote", &["quote", "cite"]),
];

/// The callout a blockquote opens: its first line is `[!type]`, maybe `-` or `+`, maybe a
/// title. A blockquote whose first line is another `>` is not one (its inner quote may be).
pub fn parse(quote_source: &str) -> Option<Callout> {
    let line = quote_source.lines().next()?.trim_start();
    let line = line.strip_prefix('>')?.trim_start();
    let rest = line.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let written = rest[..end].to_lowercase();
    if written.is_empty()
        || !written
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &rest[end + 1..];
    let fold = match after.chars().next() {
        Some('-') => Fold::Closed,
        Some('+') => Fold::Open,
        _ => Fold::No,
    };
    let marker_len = 2 + end + 1 + usize::from(fold != Fold::No);
    let kind = TYPES
        .iter()
        .find(|(_, names)| names.contains(&written.as_str()))
        .map_or("note", |(kind, _)| kind);
    Some(Callout {
        kind,
        has_title: !line[marker_len..].trim().is_empty(),
        written,
        fold,
        marker_len,
    })
}

impl Callout {
    /// As `<details>`: foldable, or a question.
    fn folds(&self) -> bool {
        self.fold != Fold::No || self.kind == "question"
    }

    /// The frame's opening and the title's opening tag.
    pub fn open_html(&self) -> String {
        let attrs = format!(
            "class=\"callout callout-{}\" data-callout=\"{}\"",
            self.kind,
            escape(&self.written)
        );
        if self.folds() {
            let open = if self.fold == Fold::Open { " open" } else { "" };
            format!("<details {attrs}{open}>\n<summary class=\"callout-title\">")
        } else {
            format!("<aside {attrs} role=\"note\">\n<p class=\"callout-title\">")
        }
    }

    /// The title when the first line has none: the type as written, capitalised.
    pub fn default_title(&self) -> String {
        let mut chars = self.written.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    pub fn close_title_html(&self) -> &'static str {
        if self.folds() {
            "</summary>\n"
        } else {
            "</p>\n"
        }
    }

    pub fn close_html(&self) -> &'static str {
        if self.folds() {
            "</details>\n"
        } else {
            "</aside>\n"
        }
    }
}

/// A callout's marker line (`> [!tip] Title`, `> [!KEY]`) stays its first paragraph when the
/// next quoted line (`> ---`, `> ===`) underlines it, which CommonMark reads as a setext
/// heading: the heading's events become a paragraph's and its underline a rule, as Obsidian
/// shows it, so that neither pass takes the marker for a heading of the page (template notes
/// open callouts so). In: pulldown-cmark's events with their ranges in `source`. Out: the same
/// events, both passes reading them alike.
pub fn marker_lines<'a>(
    source: &'a str,
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'a,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'a {
    // A callout just opened: its next event is the marker line's block.
    let mut opened = false;
    let mut in_marker_heading = false;
    events.flat_map(move |(event, range)| {
        let first = std::mem::take(&mut opened);
        let (event, rule) = match event {
            Event::Start(Tag::BlockQuote(None)) => {
                opened = parse(&source[range.clone()]).is_some();
                (event, None)
            }
            Event::Start(Tag::Heading { .. }) if first => {
                in_marker_heading = true;
                (Event::Start(Tag::Paragraph), None)
            }
            Event::End(TagEnd::Heading(_)) if in_marker_heading => {
                in_marker_heading = false;
                (
                    Event::End(TagEnd::Paragraph),
                    Some((Event::Rule, range.clone())),
                )
            }
            event => (event, None),
        };
        std::iter::once((event, range)).chain(rule)
    })
}

/// A callout's first paragraph as the render pass reads it: the marker left out, the rest of
/// the first line the title, the lines after it the callout's first paragraph.
pub struct Title {
    callout: Callout,
    /// Marker bytes still to leave out.
    skip: usize,
    /// The marker is behind: the title's first text loses its leading spaces.
    trim: bool,
    started: bool,
    pub done: bool,
}

impl Title {
    pub fn new(callout: Callout) -> Self {
        Title {
            skip: callout.marker_len,
            callout,
            trim: false,
            started: false,
            done: false,
        }
    }

    /// Takes one event of the title; gives back what the render pass goes on with as usual:
    /// the title's inline markup, and after it the paragraph the next line opens.
    pub fn feed<'a>(&mut self, event: Event<'a>, events: &mut Vec<Event<'a>>) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::Paragraph) if !self.started => {
                self.started = true;
                None
            }
            event if !self.started => {
                self.close(events);
                Some(event)
            }
            Event::Text(text) if self.skip > 0 || self.trim => {
                let cut = self.skip.min(text.len());
                self.skip -= cut;
                self.trim = self.skip == 0;
                let rest = text.get(cut..).unwrap_or("");
                let rest = if self.trim { rest.trim_start() } else { rest };
                if !rest.is_empty() {
                    self.trim = false;
                    events.push(Event::Text(rest.to_string().into()));
                }
                None
            }
            Event::SoftBreak | Event::HardBreak => {
                self.close(events);
                Some(Event::Start(Tag::Paragraph))
            }
            Event::End(TagEnd::Paragraph) => {
                self.close(events);
                None
            }
            event => Some(event),
        }
    }

    /// Ends the title (with the type's name when the line had none).
    pub fn close(&mut self, events: &mut Vec<Event<'_>>) {
        if self.done {
            return;
        }
        if !self.callout.has_title {
            events.push(Event::Text(self.callout.default_title().into()));
        }
        events.push(Event::Html(self.callout.close_title_html().into()));
        self.done = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_aliases_and_folding() {
        let c = parse("> [!FAQ]- Why?\n> Because.").unwrap();
        assert_eq!(
            (c.kind, c.written.as_str(), c.fold),
            ("question", "faq", Fold::Closed)
        );
        assert!(c.has_title);
        assert_eq!(c.marker_len, "[!FAQ]-".len());
        assert!(c
            .open_html()
            .starts_with("<details class=\"callout callout-question\""));
        let tip = parse(">[!hint]+\n").unwrap();
        assert_eq!(
            (tip.kind, tip.fold, tip.has_title),
            ("tip", Fold::Open, false)
        );
        assert!(tip.open_html().contains(" open>"));
        let unknown = parse("> [!nota] x").unwrap();
        assert_eq!(
            (unknown.kind, unknown.default_title().as_str()),
            ("note", "Nota")
        );
        assert!(unknown.open_html().starts_with("<aside"));
    }

    #[test]
    fn an_underlined_marker_line_stays_a_paragraph_and_its_underline_a_rule() {
        use pulldown_cmark::{HeadingLevel, Parser};
        let events = |md: &'static str| -> Vec<Event<'static>> {
            marker_lines(md, Parser::new(md).into_offset_iter())
                .map(|(e, _)| e)
                .collect()
        };
        let callout = events("> [!abstract] Related\n> ---\n> - a\n");
        assert_eq!(callout[1], Event::Start(Tag::Paragraph));
        let end = callout
            .iter()
            .position(|e| *e == Event::End(TagEnd::Paragraph))
            .unwrap();
        assert_eq!(callout[end + 1], Event::Rule);
        assert!(!callout
            .iter()
            .any(|e| matches!(e, Event::Start(Tag::Heading { .. }))));
        // A quote that is no callout keeps its heading.
        let quote = events("> Plain\n> ---\n");
        assert!(matches!(
            quote[1],
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            })
        ));
    }

    #[test]
    fn not_callouts() {
        assert_eq!(parse("> plain"), None);
        assert_eq!(parse("> > [!tip] inner"), None);
        assert_eq!(parse("> [!] x"), None);
        assert_eq!(parse("> [!a b] x"), None);
    }
}
