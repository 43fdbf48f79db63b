//! The browser's side of the cards, but for the review page's data files
//! ([`crate::output::cards::bundle`]). In: the loaded site and its
//! [`crate::model::cards::Deck`]. Out:
//! - what the review and quiz page (`review.html` unless a note takes the name, rendered by [`crate::output::render`] from
//!   `templates/review.html`; `static/review.js`) lists: sections and tags with their cards;
//! - what a note's page shows of its cards ([`note_study`]): how many, a Practise link, and on
//!   a section's index page its sections' totals, which `static/progress.js` completes with
//!   what the browser's storage says is learned and due.

use crate::model::site::{Section, Site};
use crate::model::NoteId;
use crate::util::ids::slugify;
use crate::util::url::Href;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

/// The `localStorage` key prefix of this site's progress: sites opened from disk share one
/// origin, so each keeps its own key.
pub fn store_key(site: &Site) -> String {
    format!("studysite:{}", slugify(&site.settings.site.title))
}

/// What a note's page shows of its cards.
#[derive(Serialize)]
pub struct NoteStudy {
    pub store: String,
    pub cards: usize,
    /// The note's key in stored progress (its page).
    pub note: String,
    /// The review page, filtered to this note.
    pub practise: String,
    /// On a section's index page: the section and its subsections.
    pub sections: Vec<SectionStudy>,
}

#[derive(Serialize, Clone)]
pub struct SectionStudy {
    pub title: String,
    pub dir: String,
    pub cards: usize,
    pub practise: String,
}

/// The study line of note `id`'s page (at `url`), if there is anything to study on it.
pub fn note_study(site: &Site, id: NoteId, url: &str) -> Option<NoteStudy> {
    let review = Href::between(url, &site.pages.review).into_string();
    let mut sections = Vec::new();
    if let Some(section) = indexed_by(&site.outline, id) {
        sections_of(site, section, url, &mut sections);
        // The top section's own line is the whole course: its subsections say more.
        if section.dir.is_empty() && sections.len() > 1 {
            sections.remove(0);
        }
    }
    let cards = site.deck.of_note(id).len();
    let quizzes = site.deck.quizzes.iter().any(|q| q.note == id);
    if cards == 0 && !quizzes && sections.is_empty() {
        return None;
    }
    let note = &site.notes[id].url;
    Some(NoteStudy {
        store: store_key(site),
        cards,
        note: note.clone(),
        practise: format!("{review}?note={}", query(note)),
        sections,
    })
}

/// The section whose index page is note `id`.
fn indexed_by(section: &Section, id: NoteId) -> Option<&Section> {
    if section.index == Some(id) {
        return Some(section);
    }
    section.children.iter().find_map(|c| indexed_by(c, id))
}

/// `section` and each section under it that has cards, with their card counts, linked from
/// the page at `from`.
pub fn sections_of(site: &Site, section: &Section, from: &str, out: &mut Vec<SectionStudy>) {
    let cards = cards_under(site, section);
    if cards == 0 {
        return;
    }
    let review = Href::between(from, &site.pages.review).into_string();
    out.push(SectionStudy {
        title: if section.dir.is_empty() {
            "Whole course".into()
        } else {
            section.title.clone()
        },
        dir: section.dir.clone(),
        cards,
        practise: match section.dir.as_str() {
            "" => review,
            dir => format!("{review}?section={}", query(dir)),
        },
    });
    for child in &section.children {
        sections_of(site, child, from, out);
    }
}

fn cards_under(site: &Site, section: &Section) -> usize {
    let own: usize = section
        .index
        .iter()
        .chain(&section.notes)
        .map(|&id| site.deck.of_note(id).len())
        .sum();
    own + section
        .children
        .iter()
        .map(|c| cards_under(site, c))
        .sum::<usize>()
}

/// What a query value must encode: all but letters, digits and the characters of a page path.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_');

pub fn query(value: &str) -> String {
    utf8_percent_encode(value, QUERY).to_string()
}

/// The review page filtered to comparison `c`'s cards and questions, from the comparisons page
/// (at the site's root, as the review page is).
pub fn practise_comparison(site: &Site, c: &crate::model::comparison::Comparison) -> String {
    let note = &site.notes[c.note].url;
    format!(
        "{}?note={}&comparison={}",
        site.pages.review,
        query(note),
        query(&c.id)
    )
}
