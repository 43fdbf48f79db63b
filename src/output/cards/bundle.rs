//! The review page's data, split so that the page shows its first card after reading a small
//! index and two small files, whatever the size of the course (the page holds the first part,
//! the first cards' HTML and the index itself, so that the whole course's first card waits for
//! nothing). In: the loaded site and its [`crate::model::cards::Deck`]. Out, through a sink,
//! classic scripts (they load over `file://`, where `fetch` of a local file fails), read only
//! by `static/review.js`:
//! - `cards.js` ([`INDEX`]): `studysiteCards(JSON.parse("…"))` (V8 reads a JSON string far
//!   quicker than the same object literal) of `{store, dirs, tags, parts, chunk, quiz}`, a few
//!   KB at 10,000 notes:
//!   - `dirs`, `tags`: each section folder and tag slug once, referred to by number;
//!   - `parts`: `[dir, cards, [tag, cards, tag, cards, …]]` for each part of the course: a run
//!     of notes in course order in one folder, of at most [`PART_CARDS`] cards (a note's cards
//!     are never split), with how many of its cards each tag has. The cards are numbered in
//!     course order, so part `k`'s are the `cards` after those of the parts before it;
//!   - `chunk`: [`CHUNK`]; `quiz`: the number of quiz questions.
//! - `cards/p-<k>.js`: `studysiteCardPart(k, {notes, ids, anchors, anchor})`, part `k`, loaded
//!   when its cards are needed: `notes` is `[title, page, [tag, …], cards]` for each of its
//!   notes with cards, `page` the note's page without its folder's `dir/` and `.html` (or `/`
//!   and the whole page, when it is elsewhere, by a `permalink`); `ids` its cards' ids
//!   ([`ID_LEN`] hex digits each) end to end; `anchor` for each card its index in `anchors`,
//!   the comparison ids it comes from (`anchors[0]` is `""`, none);
//! - `cards/b-<n>.js`: `studysiteCardBodies(n, [[front, back], …])`, the HTML of cards
//!   `n * CHUNK` to `(n + 1) * CHUNK - 1`, loaded when one of them is to be shown;
//! - `cards/quiz.js`: `studysiteQuiz([[id, [title, page, dir, [tag, …]], anchor, prompt,
//!   [choice, …], answer], …])`, loaded only for a quiz.
//!
//! The built-in review page carries the data of the first three in itself (what [`write`]
//! returns: a JSON data block `{part, bodies, index}`, part 0 and bodies 0 bounded by
//! [`PART_CARDS`] and [`CHUNK`], the index growing with the course: about 90 KB at 10,000
//! notes), so that the whole course's first card waits for no file; the files are still
//! written, for a site's own `review.html` that names them.

use crate::model::site::Site;
use crate::output::cards::data::store_key;
use crate::util::error::Result;
use crate::util::html::json_for_script;
use crate::util::ids::slugify;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

pub const INDEX: &str = "cards.js";
/// The folder of the other files.
pub const DIR: &str = "cards/";
/// Cards a body file holds: about 50 KB of HTML, which a browser reads in a millisecond or two.
pub const CHUNK: usize = 256;
/// Cards a part holds at most (unless one note has more): about 30 KB of ids and note names.
pub const PART_CARDS: usize = 1024;
/// The length of a card's id (load/cards' `stable_id`: 64 bits in hex).
pub const ID_LEN: usize = 16;

type Sink<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<()> + Sync);

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

/// A part being filled: its folder, notes and cards.
#[derive(Default)]
struct Part {
    dir: usize,
    notes: Vec<Value>,
    cards: usize,
    /// Cards by tag, in the order the tags were met.
    tags: BTreeMap<usize, usize>,
    ids: String,
    anchors: Interned,
    anchor: Vec<usize>,
}

impl Part {
    fn new(dir: usize) -> Part {
        let mut part = Part {
            dir,
            ..Part::default()
        };
        part.anchors.get("");
        part
    }
}

/// A note's page as a part stores it: without its folder and `.html` when it has both.
fn short_page(url: &str, dir: &str) -> String {
    let rest = if dir.is_empty() {
        Some(url)
    } else {
        url.strip_prefix(dir).and_then(|r| r.strip_prefix('/'))
    };
    match rest.and_then(|r| r.strip_suffix(".html")) {
        Some(page) if !page.starts_with('/') => page.to_string(),
        _ => format!("/{url}"),
    }
}

/// What the review page holds itself: the data of part 0, of bodies 0 and of the index.
#[derive(Default)]
struct First {
    part: Option<Value>,
    bodies: Option<Value>,
    index: Option<Value>,
}

/// Writes `cards.js` and the files under `cards/` through `sink`, and returns the review page's
/// data block: `{part, bodies, index}`, the data of `cards/p-0.js`, `cards/b-0.js` (null when
/// the course has no cards) and `cards.js`, made safe to stand inside a
/// `<script type="application/json">` by [`json_for_script`]. One export gives both, so that a
/// build reads the deck once.
pub fn write(site: &Site, sink: Sink) -> Result<String> {
    let mut first = First::default();
    write_keeping(site, sink, &mut first)?;
    let data = json!({"part": first.part, "bodies": first.bodies, "index": first.index});
    Ok(json_for_script(&data.to_string()))
}

/// [`write`], keeping in `first` what the review page holds itself.
fn write_keeping(site: &Site, sink: Sink, first: &mut First) -> Result<()> {
    let deck = &site.deck;
    let (mut dirs, mut tags) = (Interned::default(), Interned::default());
    let mut parts: Vec<Value> = Vec::new();
    let mut part: Option<Part> = None;
    let mut bodies: Vec<Value> = Vec::new();
    let mut chunks = 0;
    let mut quizzes = Vec::new();
    let quiz_start = |id| deck.quizzes.partition_point(|q| q.note < id);
    for &id in &site.course {
        let cards = deck.of_note(id);
        let note_quizzes = &deck.quizzes[quiz_start(id)..];
        let note_quizzes = &note_quizzes[..note_quizzes.partition_point(|q| q.note == id)];
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
        let dir = dirs.get(&note.dir);
        for quiz in note_quizzes {
            quizzes.push(json!([
                quiz.id,
                [note.title, note.url, dir, tag_list],
                quiz.anchor,
                quiz.prompt,
                quiz.choices,
                quiz.answer
            ]));
        }
        if cards.is_empty() {
            continue;
        }
        // A new part at each change of folder, and when this note would overfill it.
        if let Some(p) = part.take_if(|p| p.dir != dir || p.cards + cards.len() > PART_CARDS) {
            parts.push(write_part(parts.len(), p, sink, first)?);
        }
        let p = part.get_or_insert_with(|| Part::new(dir));
        p.notes.push(json!([
            note.title,
            short_page(&note.url, &note.dir),
            tag_list,
            cards.len()
        ]));
        p.cards += cards.len();
        for &t in &tag_list {
            *p.tags.entry(t).or_default() += cards.len();
        }
        for card in cards {
            debug_assert_eq!(card.id.len(), ID_LEN, "a card id is {ID_LEN} hex digits");
            p.ids.push_str(&card.id);
            p.anchor
                .push(p.anchors.get(card.anchor.as_deref().unwrap_or("")));
            bodies.push(json!([card.front, card.back]));
            if bodies.len() == CHUNK {
                write_bodies(chunks, &mut bodies, sink, first)?;
                chunks += 1;
            }
        }
    }
    if let Some(p) = part {
        parts.push(write_part(parts.len(), p, sink, first)?);
    }
    if !bodies.is_empty() {
        write_bodies(chunks, &mut bodies, sink, first)?;
    }
    let index = json!({
        "store": store_key(site),
        "dirs": dirs.list,
        "tags": tags.list,
        "parts": parts,
        "chunk": CHUNK,
        "quiz": quizzes.len(),
    });
    let text = serde_json::to_string(&index.to_string()).expect("a string serializes");
    first.index = Some(index);
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

/// Writes part `k`'s file; returns what the index says of it.
fn write_part(k: usize, part: Part, sink: Sink, first: &mut First) -> Result<Value> {
    let data = json!({
        "notes": part.notes,
        "ids": part.ids,
        "anchors": part.anchors.list,
        "anchor": part.anchor,
    });
    sink(
        &format!("{DIR}p-{k}.js"),
        format!("studysiteCardPart({k},{data});\n").as_bytes(),
    )?;
    if k == 0 {
        first.part = Some(data);
    }
    let tags: Vec<usize> = part.tags.iter().flat_map(|(&t, &n)| [t, n]).collect();
    Ok(json!([part.dir, part.cards, tags]))
}

fn write_bodies(n: usize, bodies: &mut Vec<Value>, sink: Sink, first: &mut First) -> Result<()> {
    // As JSON, which is JavaScript: a file of its own, never inside a <script> element, needs
    // no escaping of `<` (which would make the HTML a third longer).
    let json = Value::Array(std::mem::take(bodies));
    sink(
        &format!("{DIR}b-{n}.js"),
        format!("studysiteCardBodies({n},{json});\n").as_bytes(),
    )?;
    if n == 0 {
        first.bodies = Some(json);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::short_page;

    #[test]
    fn a_page_is_stored_without_its_folder_and_extension_unless_elsewhere() {
        assert_eq!(short_page("aws/lambda.html", "aws"), "lambda");
        assert_eq!(short_page("lambda.html", ""), "lambda");
        assert_eq!(short_page("aws/deep/x.html", "aws"), "deep/x");
        assert_eq!(short_page("other/lambda.html", "aws"), "/other/lambda.html");
        assert_eq!(short_page("awsx/lambda.html", "aws"), "/awsx/lambda.html");
        assert_eq!(short_page("aws/lambda/", "aws"), "/aws/lambda/");
    }
}
