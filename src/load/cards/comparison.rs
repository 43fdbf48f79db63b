//! Cards and quiz questions from a comparison. In: a resolved [`Comparison`]. Out: a card per
//! filled cell ("EC2 vs Lambda: Limited by, for AWS Lambda?") and, for each row, a
//! multiple-choice question per value no other thing shares ("which one has this?", the things
//! compared as the choices).

use super::{card_html, plain_text, Card, Kind, Quiz, Source};
use crate::model::comparison::Comparison;
use crate::util::html::escape;

pub fn cards(src: &Source<'_>, c: &Comparison, line: usize) -> Vec<Card> {
    let title = plain_text(&c.title);
    let mut cards = Vec::new();
    for row in &c.rows {
        let aspect = plain_text(&row.aspect);
        for (thing, value) in c.things.iter().zip(&row.values) {
            let label = thing.label.trim();
            if label.is_empty() || plain_text(value).is_empty() {
                continue;
            }
            let question = format!("{title}: {aspect}, for {label}?");
            cards.push(Card {
                id: src.card_id(Kind::Cell.name(), &format!("{}\n{question}", c.id)),
                note: src.id,
                kind: Kind::Cell,
                front: format!(
                    "<p>{}: <strong>{}</strong>, for {}?</p>",
                    escape(&title),
                    escape(&aspect),
                    escape(label)
                ),
                back: card_html(value),
                anchor: Some(c.id.clone()),
                line,
            });
        }
    }
    cards
}

pub fn quizzes(src: &Source<'_>, c: &Comparison) -> Vec<Quiz> {
    let choices: Vec<String> = c
        .things
        .iter()
        .map(|t| t.label.trim().to_string())
        .collect();
    if choices.len() < 2 || choices.iter().any(String::is_empty) {
        return Vec::new();
    }
    let title = plain_text(&c.title);
    let mut quizzes = Vec::new();
    for row in &c.rows {
        let aspect = plain_text(&row.aspect);
        let values: Vec<String> = row
            .values
            .iter()
            .map(|v| plain_text(v).to_lowercase())
            .collect();
        for (answer, value) in row.values.iter().enumerate() {
            let unique = values.iter().filter(|v| **v == values[answer]).count() == 1;
            if values[answer].is_empty() || !unique {
                continue;
            }
            quizzes.push(Quiz {
                id: super::stable_id(&[
                    &src.note.rel,
                    "quiz",
                    &c.id,
                    &aspect,
                    &choices[answer],
                ]),
                note: src.id,
                anchor: c.id.clone(),
                prompt: format!(
                    "<p class=\"quiz-context\">{}</p><p>Which one has this <strong>{}</strong>?</p><div class=\"quiz-value\">{}</div>",
                    escape(&title),
                    escape(&aspect),
                    card_html(value)
                ),
                choices: choices.clone(),
                answer,
            });
        }
    }
    quizzes
}

#[cfg(test)]
mod tests {
    use super::super::tests::{note, source};
    use super::*;
    use crate::model::comparison::Row;
    use crate::model::comparison::Thing;

    fn comparison() -> Comparison {
        let thing = |label: &str| Thing {
            label: label.into(),
            note: None,
        };
        let row = |aspect: &str, values: &[&str]| Row {
            aspect: aspect.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
            note: None,
        };
        Comparison {
            note: 0,
            id: "ec2-vs-lambda".into(),
            title: "EC2 vs Lambda".into(),
            things: vec![thing("Amazon EC2"), thing("AWS Lambda")],
            rows: vec![
                row(
                    "Limited by",
                    &["Instance size", "Time: up to **15 minutes**"],
                ),
                row("Managed", &["Yes", "yes"]),
                row("Scaling", &["", "Automatic"]),
            ],
        }
    }

    #[test]
    fn every_filled_cell_is_a_card() {
        let n = note("Body.\n", &[]);
        let cards = cards(&source(&n), &comparison(), 7);
        assert_eq!(cards.len(), 5);
        assert_eq!(
            cards[1].front,
            "<p>EC2 vs Lambda: <strong>Limited by</strong>, for AWS Lambda?</p>"
        );
        assert_eq!(
            cards[1].back,
            "<p>Time: up to <strong>15 minutes</strong></p>"
        );
        assert_eq!(cards[1].anchor.as_deref(), Some("ec2-vs-lambda"));
        assert_eq!(cards[1].line, 7);
    }

    #[test]
    fn values_no_other_thing_shares_become_multiple_choice() {
        let n = note("Body.\n", &[]);
        let quizzes = quizzes(&source(&n), &comparison());
        // "Yes"/"yes" is shared; the empty cell is no question; "Automatic" alone is one.
        let answers: Vec<usize> = quizzes.iter().map(|q| q.answer).collect();
        assert_eq!(answers, [0, 1, 1]);
        assert_eq!(quizzes[0].choices, ["Amazon EC2", "AWS Lambda"]);
        assert!(quizzes[1].prompt.contains("15 minutes"));
    }
}
