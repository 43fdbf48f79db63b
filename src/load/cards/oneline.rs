//! One-line cards, the form of Obsidian's spaced-repetition plugin. In: a note tagged
//! [`TAG`]. Out: a card per `Question::Answer` line (and two per `Question:::Answer` line, which
//! the plugin asks both ways), or the problems at their lines.
//!
//! Only lines of paragraphs count (not code blocks), and a `::` inside backticks (`std::fs`) is
//! code, not a separator.

use super::{card_html, plain_text, Card, Kind, Source};
use crate::util::error::Diagnostic;
use pulldown_cmark::{Event, Parser, Tag};

/// The tag that marks a note's `::` lines as cards (the plugin's default).
pub const TAG: &str = "flashcards";

pub fn cards(src: &Source<'_>) -> (Vec<Card>, Vec<Diagnostic>) {
    let body = src.note.body();
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        let Event::Start(Tag::Paragraph) = event else {
            continue;
        };
        let first = src.line_of(range.start);
        for (i, line) in body[range].lines().enumerate() {
            let line_no = first + i;
            let text = line.trim_start_matches([' ', '>']);
            let (question, answer, both_ways) = if let Some(at) = separator(text, ":::") {
                (&text[..at], &text[at + 3..], true)
            } else if let Some(at) = separator(text, "::") {
                (&text[..at], &text[at + 2..], false)
            } else {
                continue;
            };
            let (question, answer) = (question.trim(), answer.trim());
            if plain_text(question).is_empty() || plain_text(answer).is_empty() {
                problems.push(src.error(
                    line_no,
                    "one-line card with an empty question or answer",
                    "write `Question::Answer` with text on both sides of `::`, or put the line in backticks if it is code",
                ));
                continue;
            }
            cards.push(card(src, question, answer, line_no));
            if both_ways {
                cards.push(card(src, answer, question, line_no));
            }
        }
    }
    (cards, problems)
}

fn card(src: &Source<'_>, question: &str, answer: &str, line: usize) -> Card {
    Card {
        id: src.card_id(Kind::OneLine.name(), &plain_text(question)),
        note: src.id,
        kind: Kind::OneLine,
        front: card_html(question),
        back: card_html(answer),
        anchor: None,
        line,
    }
}

/// Where `sep` first occurs outside backticks.
fn separator(line: &str, sep: &str) -> Option<usize> {
    let mut in_code = false;
    let mut i = 0;
    while i < line.len() {
        if line[i..].starts_with('`') {
            in_code = !in_code;
        } else if !in_code && line[i..].starts_with(sep) {
            return Some(i);
        }
        i += line[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::{note, source};
    use super::*;

    #[test]
    fn question_answer_lines_become_cards_and_triple_colons_both_ways() {
        let n = note(
            "Intro line.\nWhat is ECR?::A container registry.\n\n\
             ```\nnot::a card\n```\n\nUse `std::fs` here.\nECS:::Elastic Container Service\n",
            &["flashcards"],
        );
        let (cards, problems) = cards(&source(&n));
        assert!(problems.is_empty(), "{problems:?}");
        let fronts: Vec<&str> = cards.iter().map(|c| c.front.as_str()).collect();
        assert_eq!(
            fronts,
            [
                "<p>What is ECR?</p>",
                "<p>ECS</p>",
                "<p>Elastic Container Service</p>"
            ]
        );
        assert_eq!(cards[0].back, "<p>A container registry.</p>");
        assert_eq!(cards[0].line, 5);
        assert_eq!(cards[1].line, 12);
    }

    #[test]
    fn an_empty_side_is_an_error_at_its_line() {
        let n = note("Para.\n\n::No question\n", &["flashcards"]);
        let (cards, problems) = cards(&source(&n));
        assert!(cards.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(6));
    }
}
