//! Cards as data: what a student practises, drawn from the notes by [`crate::load::cards`].
//! In: nothing but the note ids. Out: the [`Deck`] the loaded site keeps, which the outputs
//! (`cards.tsv`, the review page, a handout's answer key) read.

use crate::model::NoteId;

/// Where a card comes from; the review page and the TSV say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Question,
    OneLine,
    Cloze,
    Cell,
    /// A glossary entry: its term asked, its definition the answer.
    Term,
}

impl Kind {
    /// The short name used in the data file and as an Anki tag.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Question => "question",
            Kind::OneLine => "oneline",
            Kind::Cloze => "cloze",
            Kind::Cell => "comparison",
            Kind::Term => "glossary",
        }
    }
}

/// One card: a prompt and what answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: String,
    pub note: NoteId,
    pub kind: Kind,
    /// The prompt, as HTML without links, scripts or raw HTML.
    pub front: String,
    /// The answer, as the same limited HTML.
    pub back: String,
    /// Where on the note's page the card is taught (a comparison's id), if not the note's top.
    pub anchor: Option<String>,
    /// 1-based line of the note where it was written, for errors.
    pub line: usize,
}

/// A multiple-choice question from a comparison: which of the things compared has a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    pub id: String,
    pub note: NoteId,
    /// The comparison's id on the note's page.
    pub anchor: String,
    /// The prompt, as HTML.
    pub prompt: String,
    /// The things compared, as plain text.
    pub choices: Vec<String>,
    /// Index of the right choice.
    pub answer: usize,
}

/// Every card and quiz question of a site, in note order.
#[derive(Debug, Default)]
pub struct Deck {
    pub cards: Vec<Card>,
    pub quizzes: Vec<Quiz>,
    /// For each note, the range of its cards in `cards`.
    by_note: Vec<std::ops::Range<usize>>,
}

impl Deck {
    /// A deck of `cards` in note order, `by_note` giving each note's range of them.
    pub fn new(cards: Vec<Card>, quizzes: Vec<Quiz>, by_note: Vec<std::ops::Range<usize>>) -> Deck {
        Deck {
            cards,
            quizzes,
            by_note,
        }
    }

    /// The cards of note `id`.
    pub fn of_note(&self, id: NoteId) -> &[Card] {
        self.by_note
            .get(id)
            .map_or(&[][..], |range| &self.cards[range.clone()])
    }
}
