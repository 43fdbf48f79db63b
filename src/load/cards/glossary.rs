//! Glossary cards: each entry of `glossary.yaml` asks its term and answers with its definition.
//!
//! In: the loaded [`Glossary`] and the notes. Out: one [`Card`] per entry, filed under the note
//! that teaches it (its `note:`), or else under the first note that mentions it (so the review
//! page's note and section filters, the TSV's deck and the note's "n cards" count it where the
//! term is met). An entry no note names or mentions makes no card: there is nowhere in the
//! course to practise it from.

use super::{stable_id, Card, Kind};
use crate::model::glossary::Glossary;
use crate::model::site::Note;
use crate::model::NoteId;
use crate::util::html::escape;

/// The glossary's cards, each with the note it belongs to.
pub fn cards(glossary: &Glossary, notes: &[Note]) -> Vec<(NoteId, Card)> {
    let mentioned = first_mentions(glossary, notes);
    glossary
        .entries
        .iter()
        .zip(mentioned)
        .filter_map(|(entry, mentioned)| {
            let note = entry.note.or(mentioned)?;
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

/// For each entry without a `note:`, the first note (in the order given) whose text mentions
/// it: one scan of each note's text until every such entry has its note.
fn first_mentions(glossary: &Glossary, notes: &[Note]) -> Vec<Option<NoteId>> {
    let mut found: Vec<Option<NoteId>> = vec![None; glossary.entries.len()];
    let mut missing = glossary.entries.iter().filter(|e| e.note.is_none()).count();
    for (id, note) in notes.iter().enumerate() {
        if missing == 0 {
            break;
        }
        let wanted = |i: usize| glossary.entries[i].note.is_none() && found[i].is_none();
        let mut text = note.body();
        let mut seen = Vec::new();
        while let Some(mention) = glossary.matcher.find(text, &wanted) {
            if !seen.contains(&mention.entry) {
                seen.push(mention.entry);
            }
            text = &text[mention.end..];
        }
        for entry in seen {
            found[entry] = Some(id);
            missing -= 1;
        }
    }
    found
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
    fn an_entry_is_a_card_of_its_note_or_of_the_first_note_mentioning_it() {
        let notes = vec![
            note("Nothing here.", &[]),
            note("A VPC holds subnets.", &[]),
            note("Another VPC.", &[]),
        ];
        let entries = vec![
            entry("Lambda", Some(1)),
            entry("Orphan", None),
            entry("VPC", None),
        ];
        let glossary = Glossary {
            matcher: crate::model::glossary::Matcher::new(&entries),
            entries,
        };
        let cards = cards(&glossary, &notes);
        assert_eq!(cards.len(), 2, "{cards:?}");
        assert_eq!(
            (cards[1].0, cards[1].1.front.as_str()),
            (1, "What is <strong>VPC</strong>?")
        );
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
