//! The words of a text, and the terms each is indexed under: what the search box's script
//! (`static/site.js`, its `TOKEN` expression and `processTerm`) does to a query, done here to the
//! notes, so that a query finds what the index holds.
//!
//! In: text. Out: its tokens ([`tokens`]), each token's terms ([`for_each_term`]), the shard a
//! term is filed in ([`shard_of`]) and whether it goes in the typo vocabulary
//! ([`is_typo_target`]).

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

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
pub fn is_typo_target(term: &str) -> bool {
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
    fn the_vocabulary_holds_words_of_three_letters_or_more() {
        for word in ["lambda", "été", "don't", "aws"] {
            assert!(is_typo_target(word), "{word}");
        }
        for other in ["ec2", "batch_alert", "x86_64", "ab", "15", "$0.20"] {
            assert!(!is_typo_target(other), "{other}");
        }
    }
}
