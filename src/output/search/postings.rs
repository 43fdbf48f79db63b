//! Postings: the sections a term is in, per field, with its count in each, written as the
//! browser reads them.
//!
//! In: (section, count) pairs, in section order, per term and field. Out: a shard's JSON,
//! `[["term", field, "postings", ...], ...]`, whose postings are (section delta, count) pairs
//! in digits of 5 bits ([`push_number`]), which `static/site.js` decodes.

use std::fmt::Write as _;

/// The indexed fields, in MiniSearch's field-id order (site.js passes the same list).
pub const FIELDS: usize = 4;
pub const TITLE: usize = 0;
pub const HEADING: usize = 1;
pub const TEXT: usize = 2;
pub const KEYWORDS: usize = 3;

/// A term's postings in one field: its (section, count) pairs, encoded as they are added (see
/// [`push_number`]), which takes a quarter of the memory of the numbers.
#[derive(Default)]
pub struct FieldPostings {
    pub encoded: String,
    /// The last section added, which the next one is written relative to.
    pub last: u32,
}

impl FieldPostings {
    pub fn add(&mut self, section: u32, count: u32) {
        push_number(&mut self.encoded, section - self.last);
        push_number(&mut self.encoded, count);
        self.last = section;
    }

    /// Adds the postings of a later part of the course, whose sections are numbered from
    /// `base`: only its first section, written relative to 0 there, is written again.
    pub fn append(&mut self, base: u32, later: &FieldPostings) {
        let Some(end) = later.encoded.bytes().position(|b| digit_value(b) < 32) else {
            return;
        };
        let first = read_numbers(&later.encoded[..=end]).next().unwrap_or(0);
        push_number(&mut self.encoded, base + first - self.last);
        self.encoded.push_str(&later.encoded[end + 1..]);
        self.last = base + later.last;
    }
}

/// A term and its postings per field.
pub type Postings = (String, [FieldPostings; FIELDS]);

/// `[["term", field, "postings", field, "postings"], ...]`, the postings of a field being its
/// (section delta, count) pairs as [`push_number`] writes them: a string is far quicker for the
/// browser to read than an array of numbers, and is decoded only for the terms a query matches.
pub fn shard_json(terms: &[Postings]) -> String {
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

/// The numbers [`push_number`] wrote in `text`, in order, read as `static/search.js` reads
/// them: the one reader of the encoding on this side, for the tests.
pub fn read_numbers(text: &str) -> impl Iterator<Item = u32> + '_ {
    let mut n = 0;
    text.bytes().filter_map(move |byte| {
        let digit = digit_value(byte);
        n = n * 32 + digit % 32;
        (digit < 32).then(|| std::mem::take(&mut n))
    })
}

/// Appends `n` in [`DIGITS`], most significant first: 1 as `1`, 40 as `X8`.
pub fn push_number(out: &mut String, mut n: u32) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let numbers = [0, 31, 32, 1023, 1024, 40, u32::MAX];
        let written: String = numbers.iter().map(|&n| encode(n)).collect();
        assert_eq!(read_numbers(&written).collect::<Vec<_>>(), numbers);
    }

    /// The page's decoder has its own copy of the digits (it is JavaScript): the same ones.
    #[test]
    fn the_page_reads_the_same_digits() {
        let script = include_str!("../../../static/search.js");
        let digits = std::str::from_utf8(DIGITS).unwrap();
        assert!(
            script.contains(&format!("\"{digits}\".split(\"\")")),
            "static/search.js decodes other digits than {digits}"
        );
    }
}
