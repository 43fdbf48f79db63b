//! Cards from callouts. In: a note's Markdown. Out: a card per question callout and per blank
//! of a key fact, or the problems at their lines.
//!
//! - `> [!question] How long can a Lambda function run?` (or `[!faq]`, `[!help]`, any case;
//!   `-` or `+` after the bracket folds it, as in Obsidian) with the callout's body as the
//!   answer.
//! - A bullet of a `> [!KEY]` callout with parts in `**bold**` or `==highlight==`: each such
//!   part is a blank (a cloze), asked with the rest of the bullet around it. A bullet with
//!   nothing marked is a fact to read, not a card.
//!
//! Callouts are read from the Markdown source here, not from the rendered page: how they are
//! shown is [`crate::output::markdown`]'s business.

use super::{plain_text, Card, Kind, Source};
use crate::util::error::Diagnostic;
use crate::util::html::escape;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Callout types whose body answers their title, as Obsidian names them.
const QUESTION_TYPES: &[&str] = &["question", "faq", "help"];

pub fn cards(src: &Source<'_>) -> (Vec<Card>, Vec<Diagnostic>) {
    let body = src.note.body();
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    let mut quote_depth = 0usize;
    // The depth of the `[!KEY]` callout we are in, and the depth of lists inside it.
    let mut key_depth: Option<usize> = None;
    let mut list_depth = 0usize;
    let mut fact: Option<Fact> = None;
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                quote_depth += 1;
                // Only a callout's quote is read whole: a quote nested 10,000 deep would
                // otherwise be read 10,000 times.
                if !opens_callout(&body[range.clone()]) {
                    continue;
                }
                let inner = dequote(&body[range.clone()]);
                let line = src.line_of(range.start);
                if key_depth.is_none() && inner.lines().next().map(str::trim) == Some("[!KEY]") {
                    key_depth = Some(quote_depth);
                    list_depth = 0;
                } else if let Some((title, answer)) = question(&inner) {
                    match question_card(src, title, answer, line) {
                        Ok(card) => cards.push(card),
                        Err(d) => problems.push(d),
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if key_depth == Some(quote_depth) {
                    key_depth = None;
                }
                quote_depth = quote_depth.saturating_sub(1);
            }
            _ if key_depth.is_none() => {}
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) if list_depth == 1 => {
                fact = Some(Fact {
                    line: src.line_of(range.start),
                    ..Fact::default()
                });
            }
            Event::End(TagEnd::Item) if list_depth == 1 => {
                if let Some(f) = fact.take() {
                    match f.cloze_cards(src) {
                        Ok(more) => cards.extend(more),
                        Err(d) => problems.push(d),
                    }
                }
            }
            // Only the bullet's own text: a nested list is detail, not the fact.
            _ if list_depth == 1 => {
                if let Some(f) = &mut fact {
                    f.take(&event);
                }
            }
            _ => {}
        }
    }
    (cards, problems)
}

/// Whether a blockquote's source starts with a callout marker, `> [!`, in constant time.
fn opens_callout(quote: &str) -> bool {
    quote
        .trim_start_matches(' ')
        .strip_prefix('>')
        .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with("[!"))
}

/// A blockquote's source without one level of `>` markers.
fn dequote(quote: &str) -> String {
    let mut out = String::with_capacity(quote.len());
    for line in quote.lines() {
        let trimmed = line.trim_start_matches(' ');
        let line = match trimmed.strip_prefix('>') {
            Some(rest) => rest.strip_prefix([' ', '\t']).unwrap_or(rest),
            None => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The title and body of a question callout (its source without `>`), if it is one.
fn question(inner: &str) -> Option<(&str, &str)> {
    let (first, rest) = inner.split_once('\n').unwrap_or((inner, ""));
    let marker = first.trim_start().strip_prefix("[!")?;
    let (kind, after) = marker.split_once(']')?;
    if !QUESTION_TYPES.iter().any(|t| t.eq_ignore_ascii_case(kind)) {
        return None;
    }
    let title = after.strip_prefix(['-', '+']).unwrap_or(after);
    Some((title.trim(), rest))
}

fn question_card(
    src: &Source<'_>,
    title: &str,
    answer: &str,
    line: usize,
) -> Result<Card, Diagnostic> {
    let question = plain_text(title);
    if question.is_empty() {
        // Obsidian shows such a callout with the title "Question"; it is a note to the reader,
        // not a card, so it builds, with a warning for whoever meant a card.
        return Err(src
            .error(
                line,
                "question callout without a question: shown, but not made a card",
                "to make it a card, write the question after the marker: `> [!question] How long can a Lambda function run?`",
            )
            .as_warning());
    }
    if plain_text(answer).is_empty() {
        return Err(src.error(
            line,
            &format!("question '{question}' has no answer"),
            "write the answer in the callout's body, on the quoted lines under the question",
        ));
    }
    Ok(Card {
        id: src.card_id(Kind::Question.name(), &question),
        note: src.id,
        kind: Kind::Question,
        front: src.card_html(title),
        back: src.card_html(answer),
        anchor: None,
        line,
    })
}

/// A key fact being read: its text in pieces, each marked or not.
#[derive(Default)]
struct Fact {
    line: usize,
    pieces: Vec<Piece>,
    strong: usize,
}

struct Piece {
    text: String,
    code: bool,
    strong: bool,
}

impl Fact {
    fn take(&mut self, event: &Event<'_>) {
        let (text, code) = match event {
            Event::Start(Tag::Strong) => {
                self.strong += 1;
                return;
            }
            Event::End(TagEnd::Strong) => {
                self.strong = self.strong.saturating_sub(1);
                return;
            }
            Event::Text(t) => (t.to_string(), false),
            Event::Code(t) => (t.to_string(), true),
            Event::SoftBreak | Event::HardBreak => (" ".to_string(), false),
            _ => return,
        };
        self.pieces.push(Piece {
            text,
            code,
            strong: self.strong > 0,
        });
    }

    /// The fact's parts as (html, plain text, blank) with `==highlights==` split out; a lone
    /// `==` (as in `a == b`) is text.
    fn parts(&self) -> Vec<(String, String, bool)> {
        let marks: usize = self
            .pieces
            .iter()
            .filter(|p| !p.code)
            .map(|p| p.text.matches("==").count())
            .sum();
        let split = marks > 0 && marks.is_multiple_of(2);
        let mut highlight = false;
        let mut parts = Vec::new();
        for p in &self.pieces {
            if p.code {
                let html = format!("<code>{}</code>", escape(&p.text));
                parts.push((html, p.text.clone(), p.strong || highlight));
                continue;
            }
            let mut segments = if split {
                p.text.split("==").collect()
            } else {
                vec![p.text.as_str()]
            };
            let first = segments.remove(0);
            let mut push = |text: &str, blank: bool| {
                if !text.is_empty() {
                    parts.push((escape(text), text.to_string(), blank));
                }
            };
            push(first, p.strong || highlight);
            for segment in segments {
                highlight = !highlight;
                push(segment, p.strong || highlight);
            }
        }
        parts
    }

    /// One card per blank (a run of marked parts), the other blanks shown as they are.
    fn cloze_cards(&self, src: &Source<'_>) -> Result<Vec<Card>, Diagnostic> {
        let parts = self.parts();
        let mut groups: Vec<usize> = Vec::with_capacity(parts.len());
        let mut count = 0;
        for (i, part) in parts.iter().enumerate() {
            if part.2 && (i == 0 || !parts[i - 1].2) {
                count += 1;
            }
            groups.push(if part.2 { count } else { 0 });
        }
        let mut cards = Vec::new();
        for blank in 1..=count {
            let around: String = parts
                .iter()
                .zip(&groups)
                .filter(|(_, &g)| g != blank)
                .map(|(p, _)| p.1.as_str())
                .collect();
            if !around.chars().any(char::is_alphanumeric) {
                return Err(src.error(
                    self.line,
                    "cloze with nothing around its blank",
                    "a key fact's marked part is asked with the rest of the bullet around it: \
                     mark only part of it (`Lambda runs for at most **15 minutes**`), or nothing",
                ));
            }
            let (mut front, mut back, mut question) = (String::new(), String::new(), String::new());
            for (i, (part, &group)) in parts.iter().zip(&groups).enumerate() {
                let starts = i == 0 || groups[i - 1] != group;
                let ends = groups.get(i + 1) != Some(&group);
                if group == blank {
                    if starts {
                        front.push_str("<span class=\"cloze\">[…]</span>");
                        question.push_str("[...]");
                        back.push_str("<strong class=\"cloze\">");
                    }
                    back.push_str(&part.0);
                    if ends {
                        back.push_str("</strong>");
                    }
                    continue;
                }
                let (open, close) = match group {
                    0 => ("", ""),
                    _ => ("<strong>", "</strong>"),
                };
                for out in [&mut front, &mut back] {
                    if starts {
                        out.push_str(open);
                    }
                    out.push_str(&part.0);
                    if ends {
                        out.push_str(close);
                    }
                }
                question.push_str(&part.1);
            }
            cards.push(Card {
                id: src.card_id(Kind::Cloze.name(), &question),
                note: src.id,
                kind: Kind::Cloze,
                front: format!("<p>{}</p>", front.trim()),
                back: format!("<p>{}</p>", back.trim()),
                anchor: None,
                line: self.line,
            });
        }
        Ok(cards)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{note, source};
    use super::*;

    fn run(body: &str) -> (Vec<Card>, Vec<Diagnostic>) {
        let n = note(body, &[]);
        cards(&source(&n))
    }

    #[test]
    fn question_callouts_of_each_type_and_folding_become_cards() {
        let (cards, problems) = run("> [!question] How long can a Lambda function run?\n\
             > At most **15 minutes**.\n\n\
             > [!FAQ]- Folded?\n> Yes.\n\n> [!help]+ Open?\n> Also.\n\n> [!note] Not a card\n> No.\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(cards.len(), 3);
        assert_eq!(cards[0].front, "<p>How long can a Lambda function run?</p>");
        assert_eq!(cards[0].back, "<p>At most <strong>15 minutes</strong>.</p>");
        assert_eq!(cards[0].line, 4);
        assert_eq!(cards[1].front, "<p>Folded?</p>");
        assert_eq!(cards[2].front, "<p>Open?</p>");
        assert!(cards.iter().all(|c| c.kind == Kind::Question));
    }

    #[test]
    fn a_question_without_question_or_answer_is_an_error_at_its_line() {
        let (cards, problems) = run("Text.\n\n> [!question]\n> An answer.\n\n> [!faq] Why?\n");
        assert!(cards.is_empty());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].line, Some(6));
        assert!(problems[0].message.contains("without a question"));
        assert_eq!(problems[1].line, Some(9));
        assert!(problems[1].message.contains("'Why?' has no answer"));
    }

    #[test]
    fn key_facts_make_one_cloze_per_marked_part() {
        let (cards, problems) = run("> [!KEY]\n\
             > - Lambda runs for at most **15 minutes** with ==10 GB== of RAM.\n\
             > - A fact with nothing marked.\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(cards.len(), 2);
        assert_eq!(
            cards[0].front,
            "<p>Lambda runs for at most <span class=\"cloze\">[…]</span> with <strong>10 GB</strong> of RAM.</p>"
        );
        assert_eq!(
            cards[0].back,
            "<p>Lambda runs for at most <strong class=\"cloze\">15 minutes</strong> with <strong>10 GB</strong> of RAM.</p>"
        );
        assert!(cards[1]
            .front
            .contains("<strong>15 minutes</strong> with <span class=\"cloze\">[…]</span>"));
        assert_eq!(cards[0].line, 5);
        assert_ne!(cards[0].id, cards[1].id);
    }

    #[test]
    fn a_lone_double_equals_is_text_and_code_can_be_a_blank() {
        let (cards, _) = run("> [!KEY]\n> - Compare with `a == b` or **`is`**, never == alone.\n");
        assert_eq!(cards.len(), 1);
        assert!(
            cards[0].front.contains("<code>a == b</code>"),
            "{}",
            cards[0].front
        );
        assert!(cards[0]
            .back
            .contains("<strong class=\"cloze\"><code>is</code></strong>"));
    }

    #[test]
    fn a_cloze_with_nothing_around_its_blank_is_an_error() {
        let (cards, problems) = run("> [!KEY]\n> - Fine **here**.\n> - **Lambda**.\n");
        assert_eq!(cards.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(6));
        assert!(problems[0].message.contains("nothing around its blank"));
    }

    #[test]
    fn key_facts_outside_a_key_callout_and_nested_lists_are_not_cards() {
        let (cards, _) =
            run("- Not **key**.\n\n> [!KEY]\n> - Top **one**.\n>   - nested **two**\n");
        assert_eq!(cards.len(), 1, "{cards:?}");
    }
}
