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
//! The browser side (`static/site.js`) must tokenize queries as [`tokens`] and
//! [`for_each_term`] do here; the vendored MiniSearch (`static/vendor/minisearch.js`) searches.

use crate::model::site::{NoteId, Site};
use crate::util::error::Result;
use crate::util::html::json_for_script;
use crate::util::url::Href;
use rayon::prelude::*;
use regex::Regex;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// The indexed fields, in MiniSearch's field-id order (site.js passes the same list).
const FIELDS: usize = 4;
const TITLE: usize = 0;
const HEADING: usize = 1;
const TEXT: usize = 2;
const KEYWORDS: usize = 3;

/// A section chunk is closed once it holds this much: a result list needs at most a dozen of
/// them, and a big site still gets a few hundred files rather than tens of thousands. (Over
/// `file://` a script costs a browser a few milliseconds whatever its size up to this.)
const CHUNK_BYTES: usize = 64 * 1024;

/// Notes indexed in parallel (as [`Part`]s) between two merges into the whole: bounds the
/// memory the parts hold.
const BATCH: usize = 256;

/// The words of a text: figures kept whole (`$0.20`, `1,000,000`, `15`) and words with their
/// apostrophes (`don't`). What site.js's `TOKEN` expression matches,
/// `\$?\d+(?:[.,]\d+)*|[\p{L}\p{N}_]+(?:['\u2019][\p{L}]+)*` (JavaScript's `\d` is ASCII), by
/// hand: a regex engine spends most of an index build finding where each match starts.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let (start, end) = next_token(rest)?;
        let token = &rest[start..end];
        rest = &rest[end..];
        Some(token)
    })
}

/// Where the first token of `text` starts and ends.
fn next_token(text: &str) -> Option<(usize, usize)> {
    for (start, c) in text.char_indices() {
        let after = |i: usize| text[i..].chars().next();
        if c.is_ascii_digit() || (c == '$' && after(start + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            // A figure: digits, then groups of a `.` or `,` and more digits.
            let mut end = start + 1;
            end += digits(&text[end..]);
            while let Some(sep @ ('.' | ',')) = after(end) {
                let more = digits(&text[end + sep.len_utf8()..]);
                if more == 0 {
                    break;
                }
                end += sep.len_utf8() + more;
            }
            return Some((start, end));
        }
        if is_word_char(c) {
            // A word: word characters, then groups of an apostrophe and more letters.
            let mut end = start + c.len_utf8();
            while let Some(w) = after(end).filter(|&w| is_word_char(w)) {
                end += w.len_utf8();
            }
            while let Some(apostrophe @ ('\'' | '\u{2019}')) = after(end) {
                let letters: usize = text[end + apostrophe.len_utf8()..]
                    .chars()
                    .take_while(|&l| is_letter(l))
                    .map(char::len_utf8)
                    .sum();
                if letters == 0 {
                    break;
                }
                end += apostrophe.len_utf8() + letters;
            }
            return Some((start, end));
        }
    }
    None
}

/// The length of the ASCII digits `text` starts with.
fn digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// `[\p{L}\p{N}_]`.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_numeric() || is_letter(c)
    }
}

/// `\p{L}`: Rust's `char::is_alphabetic` also takes combining marks, which JavaScript's `\p{L}`
/// does not, so outside ASCII the Unicode tables of the regex crate decide.
fn is_letter(c: char) -> bool {
    static LETTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\p{L}$").expect("the letter pattern is valid"));
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        LETTER.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

/// Calls `each` with every term a token is indexed under, as site.js's `processTerm`: lower
/// case, a curly apostrophe made straight, and a figure also without its `$` and its thousands
/// commas, so `$1,000` is found by `1000` too.
pub fn for_each_term<'t>(token: &'t str, mut each: impl FnMut(Cow<'t, str>)) {
    let term: Cow<'t, str> = if token
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(token)
    } else {
        Cow::Owned(token.to_lowercase().replace('\u{2019}', "'"))
    };
    if !is_figure(&term) {
        return each(term);
    }
    let bare = term.strip_prefix('$').unwrap_or(&term).to_string();
    let digits = bare.replace(',', "");
    let distinct_bare = bare != *term;
    let distinct_digits = digits != *term && digits != bare;
    each(term);
    if distinct_bare {
        each(Cow::Owned(bare));
    }
    if distinct_digits {
        each(Cow::Owned(digits));
    }
}

/// A figure (`15`, `$0.20`): matched as typed, never as a prefix or with typos.
fn is_figure(term: &str) -> bool {
    let bytes = term.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_digit)
        || (bytes.first() == Some(&b'$') && bytes.get(1).is_some_and(u8::is_ascii_digit))
}

/// Whether a term may be what a word with a typo in its first letter meant: a word of letters
/// (and apostrophes), one edit from a query word of four letters or more (site.js forgives no
/// typo in a shorter one), so of three or more. Identifiers, figures and short words, which are
/// most of a code-heavy site's terms, are left out of the vocabulary.
fn is_typo_target(term: &str) -> bool {
    term.chars().count() >= 3 && term.chars().all(|c| c == '\'' || is_letter(c))
}

/// The shard a term is in: its first character's code point in hex, after a leading `$`.
pub fn shard_of(term: &str) -> String {
    let first = term
        .strip_prefix('$')
        .unwrap_or(term)
        .chars()
        .next()
        .unwrap_or('\0');
    format!("{:x}", first as u32)
}

/// A term's postings in one field: its (section, count) pairs, encoded as they are added (see
/// [`push_number`]), which takes a quarter of the memory of the numbers.
#[derive(Default)]
struct FieldPostings {
    encoded: String,
    /// The last section added, which the next one is written relative to.
    last: u32,
}

impl FieldPostings {
    fn add(&mut self, section: u32, count: u32) {
        push_number(&mut self.encoded, section - self.last);
        push_number(&mut self.encoded, count);
        self.last = section;
    }

    /// Adds the postings of a later part of the course, whose sections are numbered from
    /// `base`: only its first section, written relative to 0 there, is written again.
    fn append(&mut self, base: u32, later: &FieldPostings) {
        let Some(end) = later.encoded.bytes().position(|b| digit_value(b) < 32) else {
            return;
        };
        let first = later.encoded[..=end]
            .bytes()
            .fold(0, |n, b| n * 32 + digit_value(b) % 32);
        push_number(&mut self.encoded, base + first - self.last);
        self.encoded.push_str(&later.encoded[end + 1..]);
        self.last = base + later.last;
    }
}

/// A term and its postings per field.
type Postings = (String, [FieldPostings; FIELDS]);

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

/// A script handing `data` (JSON) to the page, written as data inside a script is
/// ([`json_for_script`]).
fn part(name: &str, data: &str) -> String {
    format!(
        "studysiteSearchPart(\"{name}\",{});\n",
        json_for_script(data)
    )
}

/// `[["term", field, "postings", field, "postings"], ...]`, the postings of a field being its
/// (section delta, count) pairs as [`push_number`] writes them: a string is far quicker for the
/// browser to read than an array of numbers, and is decoded only for the terms a query matches.
fn shard_json(terms: &[Postings]) -> String {
    let mut json = String::from("[");
    for (i, (term, lists)) in terms.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push('[');
        json.push_str(&serde_json::to_string(term).unwrap_or_default());
        for (field, postings) in lists.iter().enumerate() {
            if !postings.encoded.is_empty() {
                let _ = write!(json, ",{field},\"{}\"", postings.encoded);
            }
        }
        json.push(']');
    }
    json.push(']');
    json
}

/// Digits of 5 bits: the first 32 end a number, the other 32 go before its last digit.
/// (site.js decodes them; none needs escaping in a JSON string.)
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// The value of a digit of [`DIGITS`] (0 for anything else).
fn digit_value(digit: u8) -> u32 {
    DIGITS.iter().position(|&d| d == digit).unwrap_or(0) as u32
}

/// Appends `n` in [`DIGITS`], most significant first: 1 as `1`, 40 as `X8`.
fn push_number(out: &mut String, mut n: u32) {
    let mut groups = [0u8; 7];
    let mut len = 0;
    loop {
        groups[len] = (n & 31) as u8;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for &group in groups[1..len].iter().rev() {
        out.push(DIGITS[32 + group as usize] as char);
    }
    out.push(DIGITS[groups[0] as usize] as char);
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

    fn terms(text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        for token in tokens(text) {
            for_each_term(token, |t| terms.push(t.into_owned()));
        }
        terms
    }

    #[test]
    fn words_and_figures_are_tokenized_as_the_page_does() {
        assert_eq!(
            terms("Lambda's limit: 15 minutes, $0.20 per 1,000,000 requests (don\u{2019}t)."),
            [
                "lambda's",
                "limit",
                "15",
                "minutes",
                "$0.20",
                "0.20",
                "per",
                "1,000,000",
                "1000000",
                "requests",
                "don't"
            ]
        );
        assert_eq!(terms("x86_64 Größe ÉTÉ"), ["x86_64", "größe", "été"]);
        assert_eq!(terms("a-b c/d"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn tokens_are_what_the_pages_expression_matches() {
        let oracle =
            Regex::new(r"\$?[0-9]+(?:[.,][0-9]+)*|[\p{L}\p{N}_]+(?:['\x{2019}]\p{L}+)*").unwrap();
        let samples = [
            "Lambda's 15-minute limit costs $0.20 per 1,000,000 requests.",
            "$ $$5 5$ 1.2.3 1..2 1,,2 ,5 .5 5. 5, x.5 a1b2 _x_ x86_64",
            "don't it's' o'' o'1 l'été d\u{2019}accord rock'n'roll 'quoted'",
            "Größe ÉTÉ naïve façade Ⅻ ² ½ ١٢٣ ٣.٥",
            "हिन्दी 日本語のテキスト 한국어 mixed日本",
            "tab\tnew\nline\u{a0}nbsp\u{2003}em",
            "emoji 🦀 crab, e\u{301}cole (combining), ﬁ ligature",
        ];
        // Plus every pair and triple of awkward characters.
        let alphabet = [
            "a", "Z", "9", "$", ".", ",", "'", "\u{2019}", "_", "é", "\u{301}", "²", " ",
        ];
        let mut cases: Vec<String> = samples.iter().map(|s| s.to_string()).collect();
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    cases.push(format!("{a}{b}{c}9{a}"));
                }
            }
        }
        for case in &cases {
            let ours: Vec<&str> = tokens(case).collect();
            let expected: Vec<&str> = oracle.find_iter(case).map(|m| m.as_str()).collect();
            assert_eq!(ours, expected, "tokens of {case:?}");
        }
    }

    #[test]
    fn a_figure_shares_the_shard_of_its_bare_form() {
        assert_eq!(shard_of("$0.20"), shard_of("0.20"));
        assert_eq!(shard_of("lambda"), "6c");
        assert_eq!(shard_of("été"), "e9");
    }

    #[test]
    fn postings_are_delta_encoded_per_field() {
        let mut lists: [FieldPostings; FIELDS] = Default::default();
        for (section, count) in [(3, 1), (5, 2), (9, 1), (50, 40)] {
            lists[TEXT].add(section, count);
        }
        lists[KEYWORDS].add(3, 1);
        // Deltas 3, 2, 4, 41 (`X9`: 1 * 32 + 9); counts 1, 2, 1, 40 (`X8`).
        assert_eq!(
            shard_json(&[("lambda".into(), lists)]),
            r#"[["lambda",2,"312241X9X8",3,"31"]]"#
        );
    }

    #[test]
    fn postings_of_later_notes_append_as_if_added_in_one_go() {
        let mut whole = FieldPostings::default();
        for (section, count) in [(3, 1), (5, 2), (10, 1), (14, 40), (2000, 3)] {
            whole.add(section, count);
        }
        let mut first = FieldPostings::default();
        first.add(3, 1);
        first.add(5, 2);
        let mut later = FieldPostings::default();
        later.add(0, 1);
        later.add(4, 40);
        let mut latest = FieldPostings::default();
        latest.add(1990, 3);
        first.append(10, &later);
        first.append(10, &FieldPostings::default());
        first.append(10, &latest);
        assert_eq!(first.encoded, whole.encoded);
        assert_eq!(first.last, whole.last);
    }

    #[test]
    fn numbers_take_five_bits_a_digit() {
        let encode = |n| {
            let mut s = String::new();
            push_number(&mut s, n);
            s
        };
        assert_eq!(encode(0), "0");
        assert_eq!(encode(31), "V");
        assert_eq!(encode(32), "X0");
        assert_eq!(encode(1023), "_V");
        assert_eq!(encode(1024), "XW0");
        assert_eq!(encode(u32::MAX), "Z_____V");
    }

    #[test]
    fn hostile_text_cannot_end_the_script() {
        let js = part("d0", r#"["a </script><script>alert(1)</script>"]"#);
        assert!(!js.to_lowercase().contains("</script"), "{js}");
        assert!(js.starts_with("studysiteSearchPart(\"d0\",["));
    }

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
    fn the_vocabulary_holds_words_of_three_letters_or_more() {
        for word in ["lambda", "été", "don't", "aws"] {
            assert!(is_typo_target(word), "{word}");
        }
        for other in ["ec2", "batch_alert", "x86_64", "ab", "15", "$0.20"] {
            assert!(!is_typo_target(other), "{other}");
        }
    }

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(collapse_whitespace("  a \n\n b  "), "a b");
    }
}
