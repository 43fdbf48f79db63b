//! Search index: one document per section (the text under each heading) of every note, indexed
//! here at build time in MiniSearch's own shape, so the browser loads an index instead of
//! building one, and loads only the part a query needs.
//!
//! In: the site's analyzed notes. Out: files under `search/`, each a classic script calling
//! `studysiteSearchPart(name, data)`, so they load over `file://` (no fetch, no modules):
//! - `meta.js`: the number of sections, each section's field lengths (its distinct words, for
//!   BM25; four numbers a section in the postings' compact string), which term shards and
//!   section chunks exist, and where each section is (its note's URL and title, its heading and
//!   anchor), so a result list is shown as soon as a query is answered;
//! - `t-<hex>.js`: the inverted index of the terms starting with one character (its code point
//!   in hex; a leading `$` is skipped, so `$0.20` lives with `0.20`): each term's postings per
//!   field, as (section, count) pairs with the sections delta-encoded, in a compact string;
//! - `d-<n>.js`: the sections' text, in chunks of about [`CHUNK_BYTES`], for the results'
//!   snippets, which are filled in as their chunks arrive;
//! - `vocab.js`: every term that is a word of three letters or more, space-separated, for a
//!   query that finds less than a screenful: a typo in a word's first letter sends it to
//!   another letter's shard, and this says which.
//!
//! The browser side (`static/site.js`) must tokenize queries as [`tokens::tokens`] and
//! [`tokens::for_each_term`] do here; the vendored MiniSearch (`static/vendor/minisearch.js`) searches.

mod postings;
pub use postings::read_numbers;
mod script;
mod tokens;

use crate::model::site::{NoteId, Site};
use crate::util::error::Result;
use crate::util::url::Href;
use postings::{
    push_number, shard_json, FieldPostings, Postings, FIELDS, HEADING, KEYWORDS, TEXT, TITLE,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use script::part;
use std::borrow::Cow;
use std::collections::BTreeMap;
use tokens::{for_each_term, is_typo_target, shard_of, tokens};

/// A section chunk is closed once it holds this much: a result list needs at most a dozen of
/// them, and a big site still gets a few hundred files rather than tens of thousands. (Over
/// `file://` a script costs a browser a few milliseconds whatever its size up to this.)
const CHUNK_BYTES: usize = 64 * 1024;

/// Notes indexed in parallel (as [`Part`]s) between two merges into the whole: bounds the
/// memory the parts hold.
const BATCH: usize = 256;

/// The index of a run of notes, their sections numbered from 0: made in parallel, then
/// appended to the whole in course order, which then looks up each term once per run rather
/// than once per section.
#[derive(Default)]
struct Part<'a> {
    /// Per section: its text as JSON (for the section chunks) and its fields' lengths.
    sections: Vec<(String, [u32; FIELDS])>,
    /// Per note with indexed sections, where they are (see [`place_line`]), and how many.
    places: Vec<(String, u32)>,
    terms: FxHashMap<Cow<'a, str>, PartTerm>,
}

/// A term's postings in a [`Part`], and its counts in the section being indexed, which join
/// the postings when the term turns up in a later section or the part is done: one lookup a
/// token, no map of a section's terms.
#[derive(Default)]
struct PartTerm {
    fields: [FieldPostings; FIELDS],
    section: u32,
    pending: [u32; FIELDS],
}

impl PartTerm {
    /// Counts one more occurrence in `field` of `section`; true for the first one there.
    fn count(&mut self, section: u32, field: usize) -> bool {
        if section != self.section {
            self.flush();
            self.section = section;
        }
        self.pending[field] += 1;
        self.pending[field] == 1
    }

    fn flush(&mut self) {
        for (postings, pending) in self.fields.iter_mut().zip(&mut self.pending) {
            if *pending > 0 {
                postings.add(self.section, *pending);
                *pending = 0;
            }
        }
    }
}

/// Notes indexed by one task: enough to share most of their terms.
const NOTES_PER_PART: usize = 32;

/// Writes the index's files through `sink` (paths relative to the site root).
pub fn write(site: &Site, sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync)) -> Result<()> {
    let mut postings: FxHashMap<String, [FieldPostings; FIELDS]> = FxHashMap::default();
    let mut lengths: Vec<u32> = Vec::new();
    let mut chunk_starts: Vec<u32> = Vec::new();
    let mut chunk = String::new();
    let mut places = String::new();
    let mut sections_per_note = String::new();
    let mut docs: u32 = 0;
    for batch in site.course.chunks(BATCH) {
        let parts: Vec<Part<'_>> = batch
            .par_chunks(NOTES_PER_PART)
            .map(|notes| index_part(site, notes))
            .collect();
        for part in parts {
            let base = docs;
            for (line, sections) in part.places {
                if !places.is_empty() {
                    places.push('\n');
                }
                places.push_str(&line);
                push_number(&mut sections_per_note, sections);
            }
            for (json, section_lengths) in part.sections {
                if chunk.is_empty() {
                    chunk_starts.push(docs);
                }
                chunk.push(if chunk.is_empty() { '[' } else { ',' });
                chunk.push_str(&json);
                lengths.extend_from_slice(&section_lengths);
                docs += 1;
                if chunk.len() >= CHUNK_BYTES {
                    write_chunk(chunk_starts.len() - 1, &mut chunk, sink)?;
                }
            }
            for (term, found) in part.terms {
                let whole = match postings.get_mut(term.as_ref()) {
                    Some(whole) => whole,
                    None => postings.entry(term.into_owned()).or_default(),
                };
                for (whole, part) in whole.iter_mut().zip(&found.fields) {
                    whole.append(base, part);
                }
            }
        }
    }
    if !chunk.is_empty() {
        write_chunk(chunk_starts.len() - 1, &mut chunk, sink)?;
    }

    let mut shards: BTreeMap<String, Vec<Postings>> = BTreeMap::new();
    for (term, lists) in postings {
        shards
            .entry(shard_of(&term))
            .or_default()
            .push((term, lists));
    }
    shards
        .par_iter_mut()
        .map(|(key, terms)| {
            terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let js = part(&format!("t{key}"), &shard_json(terms));
            sink(&format!("search/t-{key}.js"), js.as_bytes())
        })
        .collect::<Result<Vec<()>>>()?;
    let vocabulary: Vec<&str> = shards
        .values()
        .flatten()
        .map(|(term, _)| term.as_str())
        .filter(|term| is_typo_target(term))
        .collect();
    let vocabulary = serde_json::to_string(&vocabulary.join(" ")).unwrap_or_default();
    sink("search/vocab.js", part("vocab", &vocabulary).as_bytes())?;

    let mut averages = [0f64; FIELDS];
    for doc_lengths in lengths.chunks_exact(FIELDS) {
        for (sum, &length) in averages.iter_mut().zip(doc_lengths) {
            *sum += f64::from(length);
        }
    }
    for sum in &mut averages {
        *sum /= f64::from(docs.max(1));
    }
    let mut encoded = String::with_capacity(lengths.len() * 2);
    for &length in &lengths {
        push_number(&mut encoded, length);
    }
    let meta = serde_json::json!({
        "docs": docs,
        "avg": averages,
        "lengths": encoded,
        "shards": shards.keys().collect::<Vec<_>>(),
        "chunks": chunk_starts,
        "places": places,
        "sectionsPerNote": sections_per_note,
    });
    sink("search/meta.js", part("meta", &meta.to_string()).as_bytes())
}

fn write_chunk(
    number: usize,
    chunk: &mut String,
    sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<()> {
    chunk.push(']');
    let js = part(&format!("d{number}"), chunk);
    chunk.clear();
    sink(&format!("search/d-{number}.js"), js.as_bytes())
}

/// The index of some notes' sections: for each note, the text before the first heading (if
/// any) and one section per heading; the note's tags and aliases go with its first section.
fn index_part<'a>(site: &'a Site, notes: &[NoteId]) -> Part<'a> {
    let mut part = Part::default();
    for &id in notes {
        let note = &site.notes[id];
        let mut keywords: Vec<&str> = note
            .meta
            .tags
            .iter()
            .chain(&note.meta.aliases)
            .map(String::as_str)
            .collect();
        let mut headings: Vec<(&str, &str)> = Vec::new();
        for section in &note.analysis.sections {
            let text = collapse_whitespace(&section.text);
            if text.is_empty() && section.id.is_none() && keywords.is_empty() {
                continue;
            }
            headings.push((&section.heading, section.id.as_deref().unwrap_or("")));
            let number = part.sections.len() as u32;
            let mut count = |field, values| count_field(&mut part.terms, number, field, values);
            let lengths = [
                count(TITLE, vec![note.title.as_str()]),
                count(HEADING, vec![section.heading.as_str()]),
                count(TEXT, vec![section.text.as_str()]),
                count(KEYWORDS, std::mem::take(&mut keywords)),
            ];
            let json = serde_json::to_string(&text);
            part.sections.push((json.unwrap_or_default(), lengths));
        }
        if !headings.is_empty() {
            let line = place_line(&note.url, &note.title, &headings);
            part.places.push((line, headings.len() as u32));
        }
    }
    for term in part.terms.values_mut() {
        term.flush();
    }
    part
}

/// Counts the terms of one field (`values`) of section `section` into `terms`, and returns the
/// field's length for BM25: its distinct words (a figure's other forms, like `0.20` for
/// `$0.20`, not counted again).
fn count_field<'a>(
    terms: &mut FxHashMap<Cow<'a, str>, PartTerm>,
    section: u32,
    field: usize,
    values: Vec<&'a str>,
) -> u32 {
    let mut distinct = 0;
    for token in values.into_iter().flat_map(tokens) {
        let mut first_form = true;
        for_each_term(token, |term| {
            let new = terms.entry(term).or_default().count(section, field);
            if new && std::mem::take(&mut first_form) {
                distinct += 1;
            }
        });
    }
    distinct
}

/// Where a note's sections are, as one line: `url TAB title TAB heading TAB anchor ...`, a
/// heading and an anchor (empty for none) per section. All notes' lines make one string, which a
/// browser reads far faster than as many small strings; site.js splits a line into its fields
/// only when one of its sections is shown. The URL is the note's [`Href`] from the site root
/// (site.js puts the way to the root before it) and an anchor is as it is after the `#` of an
/// `Href`, both percent-encoded (a `#`, `%`, tab or line break in a name, say), and whitespace in
/// titles and headings is collapsed (it shows as one space anyway), so neither a tab nor a line
/// break is left inside.
fn place_line(url: &str, title: &str, headings: &[(&str, &str)]) -> String {
    let mut line = Href::between("index.html", url).into_string();
    line.push('\t');
    line.push_str(&collapse_whitespace(title));
    for (heading, anchor) in headings {
        line.push('\t');
        line.push_str(&collapse_whitespace(heading));
        line.push('\t');
        if !anchor.is_empty() {
            line.push_str(&Href::fragment(anchor).as_str()[1..]);
        }
    }
    line
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notes_place_is_one_line_of_tab_separated_fields() {
        let line = place_line(
            "c# and 100% odd\tname\n.html",
            "A\ttitle\non lines",
            &[("", ""), ("Heading\t one", "heading-one")],
        );
        assert_eq!(
            line,
            "c%23%20and%20100%25%20odd%09name%0A.html\tA title on lines\t\t\tHeading one\theading-one"
        );
        // From the root, as site.js joins it to the way there: `javascript:` is no scheme.
        assert!(place_line("javascript:alert(1).html", "t", &[]).starts_with("./javascript:"));
    }

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(collapse_whitespace("  a \n\n b  "), "a b");
    }
}
