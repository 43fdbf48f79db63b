//! Glossary cards: each entry of `glossary.yaml` that names the note teaching it asks its term
//! and answers with its definition.
//!
//! In: the loaded [`Glossary`] and the notes. Out: one [`Card`] per such entry, filed under
//! that note (so the review page's note and section filters, the TSV's deck and the note's
//! "n cards" count it where the term is taught). An entry naming no note has no place in the
//! course to practise it from and makes no card.

use super::{stable_id, Card, Kind};
use crate::model::glossary::Glossary;
use crate::model::site::Note;
use crate::model::NoteId;
use crate::util::html::escape;

/// The glossary's cards, each with the note it belongs to.
pub fn cards(glossary: &Glossary, notes: &[Note]) -> Vec<(NoteId, Card)> {
    glossary
        .entries
        .iter()
        .filter_map(|entry| {
            let note = entry.note?;
            let card = Card {
                id: stable_id(&[&notes[note].rel, Kind::Term.name(), &entry.term]),
                note,
                kind: Kind::Term,
                front: format!("What is <strong>{}</strong>?", escape(&entry.term)),
                back: escape(&entry.definition),
                anchor: None,
                line: entry.line,
            };
            Some((note, card))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::cards::tests::note;
    use crate::model::glossary::Entry;

    fn entry(term: &str, note: Option<NoteId>) -> Entry {
        Entry {
            term: term.into(),
            id: term.to_lowercase(),
            definition: "A <thing> that runs code.".into(),
            also: Vec::new(),
            see: Vec::new(),
            note,
            line: 3,
        }
    }

    #[test]
    fn an_entry_with_a_note_is_a_card_of_that_note_and_one_without_is_none() {
        let notes = vec![note("Body.", &[]), note("Body.", &[])];
        let glossary = Glossary {
            entries: vec![entry("Lambda", Some(1)), entry("Orphan", None)],
            ..Glossary::default()
        };
        let cards = cards(&glossary, &notes);
        assert_eq!(cards.len(), 1);
        let (owner, card) = &cards[0];
        assert_eq!((*owner, card.note, card.kind), (1, 1, Kind::Term));
        assert_eq!(card.front, "What is <strong>Lambda</strong>?");
        assert_eq!(card.back, "A &lt;thing&gt; that runs code.");
    }

    #[test]
    fn a_changed_definition_keeps_the_id() {
        let notes = vec![note("Body.", &[])];
        let mut glossary = Glossary {
            entries: vec![entry("Lambda", Some(0))],
            ..Glossary::default()
        };
        let before = cards(&glossary, &notes)[0].1.id.clone();
        glossary.entries[0].definition = "Something else.".into();
        assert_eq!(cards(&glossary, &notes)[0].1.id, before);
    }
}
