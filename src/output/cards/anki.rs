//! `cards.tsv`: every card in Anki's text-import format. In: the loaded site and its deck.
//! Out: the file's text.
//!
//! The file headers are those of the Anki manual's "Text Files" page ("File Headers"): tab
//! separated, HTML fields, the Basic note type, and which column holds the guid, the deck and
//! the tags. The guid is the card's stable id, so importing a newer build updates the cards
//! instead of adding them again. The deck is the course, then the note's sections
//! (`Course::Containers`); the tags are the note's (spaces made `_`, which Anki's tags cannot
//! hold) and `studysite::<kind>`. Every field is quoted, quotes doubled, as the manual says, so
//! a field may hold tabs and line breaks.

use crate::model::site::Site;

pub const FILE: &str = "cards.tsv";

/// The file headers, in the manual's spelling.
pub const HEADERS: &str = "#separator:tab\n#html:true\n#notetype:Basic\n\
#columns:GUID\tDeck\tFront\tBack\tTags\n#guid column:1\n#deck column:2\n#tags column:5\n";

pub fn tsv(site: &Site) -> String {
    let mut out = String::from(HEADERS);
    for &id in &site.course {
        let cards = site.deck.of_note(id);
        if cards.is_empty() {
            continue;
        }
        let note = &site.notes[id];
        let deck = deck_name(site, id);
        let mut tags: Vec<String> = note
            .meta
            .tags
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
            .filter(|t| !t.is_empty())
            .collect();
        for card in cards {
            tags.push(format!("studysite::{}", card.kind.name()));
            let fields = [&card.id, &deck, &card.front, &card.back, &tags.join(" ")];
            let row: Vec<String> = fields.iter().map(|f| quote(f)).collect();
            out.push_str(&row.join("\t"));
            out.push('\n');
            tags.pop();
        }
    }
    out
}

/// `Course::Section::Subsection` for note `id`; a `::` inside a title would make a deck of its
/// own, so it is written `:`.
fn deck_name(site: &Site, id: crate::model::NoteId) -> String {
    let clean = |t: &str| t.replace("::", ":");
    let mut parts = vec![clean(&site.settings.site.title)];
    let mut section = &site.outline;
    let dir = &site.notes[id].dir;
    for _ in dir.split('/').filter(|p| !p.is_empty()) {
        let Some(child) = section
            .children
            .iter()
            .find(|c| dir == &c.dir || dir.starts_with(&format!("{}/", c.dir)))
        else {
            break;
        };
        parts.push(clean(&child.title));
        section = child;
    }
    parts.join("::")
}

fn quote(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}
