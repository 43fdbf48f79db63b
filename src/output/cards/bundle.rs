//! The review page's data, split so that the page shows its first card after reading a small
//! index and one small file, whatever the size of the course. In: the loaded site and its
//! [`crate::model::cards::Deck`]. Out, through a sink, classic scripts (they load over
//! `file://`, where `fetch` of a local file fails), read only by `static/review.js`:
//! - `cards.js` ([`INDEX`]): `studysiteCards(JSON.parse("…"))` (V8 reads a JSON string far
//!   quicker than the same object literal) of
//!   `{store, dirs, tags, kinds, anchors, notes, ids, kind, anchor, chunk, quiz}`:
//!   - `dirs`, `tags`, `kinds`, `anchors`: each distinct section folder, tag, card kind and
//!     comparison id once (`anchors[0]` is `""`, no anchor);
//!   - `notes`: `[title, page, dir, [tag, …], cards]` for each note with cards or quiz
//!     questions, in course order, numbers indexing the tables above; the cards are numbered in
//!     the same order, so note `i`'s are the `cards` after those of the notes before it;
//!   - `ids`: every card's id ([`ID_LEN`] hex digits each) end to end, one string;
//!   - `kind`: one digit a card, its index in `kinds`; `anchor`: its index in `anchors`;
//!   - `chunk`: [`CHUNK`]; `quiz`: the number of quiz questions.
//! - `cards/b-<n>.js`: `studysiteCardBodies(n, [[front, back], …])`, the HTML of cards
//!   `n * CHUNK` to `(n + 1) * CHUNK - 1`, loaded when one of them is to be shown;
//! - `cards/quiz.js`: `studysiteQuiz([[id, note, anchor, prompt, [choice, …], answer], …])`,
//!   loaded only for a quiz.

use crate::model::site::Site;
use crate::model::NoteId;
use crate::output::cards::data::store_key;
use crate::util::error::Result;
use crate::util::html::json_for_script;
use crate::util::ids::slugify;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const INDEX: &str = "cards.js";
/// The folder of the other files.
pub const DIR: &str = "cards/";
/// Cards a body file holds: about 50 KB of HTML, which a browser reads in a millisecond or two.
pub const CHUNK: usize = 256;
/// The length of a card's id (load/cards' `stable_id`: 64 bits in hex).
pub const ID_LEN: usize = 16;

/// Strings stored once, referred to by number.
#[derive(Default)]
struct Interned {
    list: Vec<String>,
    index: HashMap<String, usize>,
}

impl Interned {
    fn get(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// Writes `cards.js` and the files under `cards/` through `sink`.
pub fn write(site: &Site, sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync)) -> Result<()> {
    let deck = &site.deck;
    let (mut dirs, mut tags, mut kinds) = (
        Interned::default(),
        Interned::default(),
        Interned::default(),
    );
    let mut anchors = Interned::default();
    anchors.get("");
    let mut notes = Vec::new();
    let mut note_of: HashMap<NoteId, usize> = HashMap::new();
    let (mut ids, mut kind, mut anchor) = (String::new(), String::new(), Vec::new());
    let mut bodies: Vec<Value> = Vec::new();
    let mut chunks = 0;
    let mut quizzes = Vec::new();
    let quiz_start = |id: NoteId| deck.quizzes.partition_point(|q| q.note < id);
    for &id in &site.course {
        let cards = deck.of_note(id);
        let note_quizzes: Vec<_> = deck.quizzes[quiz_start(id)..]
            .iter()
            .take_while(|q| q.note == id)
            .collect();
        if cards.is_empty() && note_quizzes.is_empty() {
            continue;
        }
        let note = &site.notes[id];
        let tag_list: Vec<usize> = note
            .meta
            .tags
            .iter()
            .map(|t| tags.get(&slugify(t)))
            .collect();
        note_of.insert(id, notes.len());
        notes.push(json!([
            note.title,
            note.url,
            dirs.get(&note.dir),
            tag_list,
            cards.len()
        ]));
        for card in cards {
            debug_assert_eq!(card.id.len(), ID_LEN, "a card id is {ID_LEN} hex digits");
            ids.push_str(&card.id);
            let k = kinds.get(card.kind.name());
            kind.push(char::from_digit(k as u32, 10).expect("fewer than ten kinds of card"));
            anchor.push(anchors.get(card.anchor.as_deref().unwrap_or("")));
            bodies.push(json!([card.front, card.back]));
            if bodies.len() == CHUNK {
                write_bodies(chunks, &mut bodies, sink)?;
                chunks += 1;
            }
        }
        for quiz in note_quizzes {
            quizzes.push(json!([
                quiz.id,
                note_of[&id],
                quiz.anchor,
                quiz.prompt,
                quiz.choices,
                quiz.answer
            ]));
        }
    }
    if !bodies.is_empty() {
        write_bodies(chunks, &mut bodies, sink)?;
    }
    let index = json!({
        "store": store_key(site),
        "dirs": dirs.list,
        "tags": tags.list,
        "kinds": kinds.list,
        "anchors": anchors.list,
        "notes": notes,
        "ids": ids,
        "kind": kind,
        "anchor": anchor,
        "chunk": CHUNK,
        "quiz": quizzes.len(),
    });
    let text = serde_json::to_string(&index.to_string()).expect("a string serializes");
    sink(
        INDEX,
        format!("studysiteCards(JSON.parse({}));\n", json_for_script(&text)).as_bytes(),
    )?;
    let quiz = Value::Array(quizzes);
    sink(
        &format!("{DIR}quiz.js"),
        format!("studysiteQuiz({quiz});\n").as_bytes(),
    )
}

fn write_bodies(
    n: usize,
    bodies: &mut Vec<Value>,
    sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<()> {
    // As JSON, which is JavaScript: a file of its own, never inside a <script> element, needs
    // no escaping of `<` (which would make the HTML a third longer).
    let json = Value::Array(std::mem::take(bodies));
    sink(
        &format!("{DIR}b-{n}.js"),
        format!("studysiteCardBodies({n},{json});\n").as_bytes(),
    )
}
