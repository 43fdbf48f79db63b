//! Finds a glossary's terms in text.
//!
//! In: the entries (each term and its other names), then text as it stands in an HTML page
//! (characters `&`, `<`, `>`, `"` written as character references). Out: the first [`Mention`]
//! of a wanted entry: whole words only, any of its names or their regular plurals, the longest
//! name where several start at one place (`container image` before `container`).
//!
//! Case: a name written without lowercase letters (`EBS`, `REST`) is an acronym and matches
//! only as written, so `the rest` is not REST; any other name matches in any case. A space in
//! a name matches any run of whitespace (a line break in a paragraph).

use super::Entry;
use crate::util::html::escape;
use rustc_hash::FxHashMap;

/// A name of an entry found in text: its bytes `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// The entries' names, by their first two characters ([`key`]): a word of the text is
/// compared with the few names that start as it does, not with every name of its letter.
#[derive(Debug, Default)]
pub struct Matcher {
    by_start: FxHashMap<(char, Option<char>), Vec<Name>>,
    /// The first characters of the names, so most words are passed over without a lookup.
    firsts: Vec<char>,
}

#[derive(Debug)]
struct Name {
    /// As it appears in HTML text; one space for each run of whitespace.
    chars: Vec<char>,
    exact_case: bool,
    entry: usize,
}

impl Matcher {
    pub fn new(entries: &[Entry]) -> Matcher {
        let mut taken = std::collections::HashSet::new();
        let mut names = Vec::new();
        let written: Vec<(usize, &String)> = entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| std::iter::once(&e.term).chain(&e.also).map(move |n| (i, n)))
            .collect();
        // The names as written first, so that a plural made up here never takes one of them.
        for (entry, name) in &written {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if !name.is_empty() && taken.insert(name.to_lowercase()) {
                names.push((*entry, name));
            }
        }
        for (entry, name) in &written {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(plural) = plural(&name) {
                if taken.insert(plural.to_lowercase()) {
                    names.push((*entry, plural));
                }
            }
        }
        let mut by_start: FxHashMap<(char, Option<char>), Vec<Name>> = FxHashMap::default();
        for (entry, name) in names {
            let exact_case = !name.chars().any(char::is_lowercase);
            let chars: Vec<char> = escape(&name).chars().collect();
            let Some(start) = key(&chars) else {
                continue;
            };
            by_start.entry(start).or_default().push(Name {
                chars,
                exact_case,
                entry,
            });
        }
        for list in by_start.values_mut() {
            list.sort_by_key(|n| std::cmp::Reverse(n.chars.len()));
        }
        let mut firsts: Vec<char> = by_start.keys().map(|k| k.0).collect();
        firsts.sort_unstable();
        firsts.dedup();
        Matcher { by_start, firsts }
    }

    /// The first mention in `text` of an entry `wanted` accepts. Where names of several entries
    /// start at one place the longest is the mention, wanted or not: once `container image` is
    /// linked, a later `container image` is not a mention of `container`.
    pub fn find(&self, text: &str, wanted: &dyn Fn(usize) -> bool) -> Option<Mention> {
        if self.by_start.is_empty() {
            return None;
        }
        let mut previous: Option<char> = None;
        let mut passed_to = 0;
        for (start, c) in text.char_indices() {
            let at_word_start = !previous.is_some_and(is_word);
            previous = Some(c);
            if start < passed_to || !at_word_start {
                continue;
            }
            let lower = if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                c.to_lowercase().next().unwrap_or(c)
            };
            if self.firsts.binary_search(&lower).is_err() {
                continue;
            }
            let mut next = text[start..].chars();
            let Some(two) = key(&[next.next().unwrap_or(c), next.next().unwrap_or(' ')]) else {
                continue;
            };
            let one = (two.0, None);
            // Longest first (a name of one character is shorter than any in `two`): the first
            // that matches is the longest.
            let Some((entry, end)) = [two, one]
                .iter()
                .filter_map(|k| self.by_start.get(k))
                .flatten()
                .find_map(|n| n.match_at(text, start).map(|end| (n.entry, end)))
            else {
                continue;
            };
            if wanted(entry) {
                return Some(Mention { start, end, entry });
            }
            passed_to = end;
        }
        None
    }
}

impl Name {
    /// Where this name, starting at byte `start` of `text`, ends, if it is there as whole words.
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        let mut rest = text[start..].char_indices().peekable();
        for &want in &self.chars {
            if want == ' ' {
                let mut spaces = 0;
                while rest.next_if(|(_, c)| c.is_whitespace()).is_some() {
                    spaces += 1;
                }
                if spaces == 0 {
                    return None;
                }
                continue;
            }
            let (_, got) = rest.next()?;
            let same = if self.exact_case {
                got == want
            } else {
                got == want || got.to_lowercase().eq(want.to_lowercase())
            };
            if !same {
                return None;
            }
        }
        match rest.peek() {
            Some(&(_, next)) if is_word(next) => None,
            Some(&(offset, _)) => Some(start + offset),
            None => Some(text.len()),
        }
    }
}

/// What a name is filed under: its first character and its second (none for a name of one
/// character), in lowercase, any whitespace as a space.
fn key(chars: &[char]) -> Option<(char, Option<char>)> {
    let lower = |c: &char| {
        if c.is_whitespace() {
            ' '
        } else {
            c.to_lowercase().next().unwrap_or(*c)
        }
    };
    let first = lower(chars.first()?);
    Some((first, chars.get(1).map(lower)))
}

/// Letters, digits, `_` and `-` make words: `EBS-backed` does not mention EBS.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// The regular English plural of a name's last word: `instances`, `classes`, `policies`,
/// `VPCs`. None when the name does not end in a letter.
fn plural(name: &str) -> Option<String> {
    let last = name.chars().last()?;
    if !last.is_alphabetic() {
        return None;
    }
    let lower = name.to_lowercase();
    let acronym = !name.chars().any(char::is_lowercase);
    if acronym {
        return Some(format!("{name}s"));
    }
    let before_last = lower.chars().rev().nth(1);
    if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with('z')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        Some(format!("{name}es"))
    } else if lower.ends_with('y') && before_last.is_some_and(|c| !"aeiou".contains(c)) {
        Some(format!("{}ies", &name[..name.len() - 1]))
    } else {
        Some(format!("{name}s"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: &str, also: &[&str]) -> Entry {
        Entry {
            term: term.into(),
            id: String::new(),
            definition: String::new(),
            also: also.iter().map(|s| s.to_string()).collect(),
            see: Vec::new(),
            note: None,
            line: 1,
        }
    }

    fn found<'t>(matcher: &Matcher, text: &'t str) -> Vec<(&'t str, usize)> {
        let mut out = Vec::new();
        let mut done = std::collections::HashSet::new();
        let mut from = 0;
        while let Some(m) = matcher.find(&text[from..], &|e| !done.contains(&e)) {
            out.push((&text[from + m.start..from + m.end], m.entry));
            done.insert(m.entry);
            from += m.end;
        }
        out
    }

    #[test]
    fn whole_words_only_in_any_case_and_across_line_breaks() {
        let m = Matcher::new(&[entry("cold start", &[]), entry("pod", &[])]);
        assert_eq!(
            found(
                &m,
                "Cold\n  start, then pods; a tripod and an ipod-like pod-name"
            ),
            [("Cold\n  start", 0), ("pods", 1)]
        );
        assert_eq!(found(&m, "coldstart tripod"), []);
    }

    #[test]
    fn acronyms_match_only_as_written() {
        let m = Matcher::new(&[entry("REST", &[]), entry("VPC", &[])]);
        assert_eq!(
            found(&m, "the rest is a vpc; then REST in VPCs"),
            [("REST", 0), ("VPCs", 1)]
        );
    }

    #[test]
    fn synonyms_and_plurals_of_each_name() {
        let m = Matcher::new(&[
            entry("Spot Instance", &["Spot capacity"]),
            entry("policy", &["IAM policy"]),
            entry("class", &[]),
        ]);
        assert_eq!(found(&m, "spot capacity"), [("spot capacity", 0)]);
        assert_eq!(found(&m, "Spot Instances"), [("Spot Instances", 0)]);
        assert_eq!(found(&m, "two IAM policies"), [("IAM policies", 1)]);
        assert_eq!(found(&m, "classes"), [("classes", 2)]);
        assert_eq!(plural("day").as_deref(), Some("days"));
        assert_eq!(plural("C#"), None);
    }

    #[test]
    fn the_longest_name_starting_at_a_place_wins() {
        let m = Matcher::new(&[entry("container", &[]), entry("container image", &[])]);
        assert_eq!(
            found(&m, "a container image, then a container"),
            [("container image", 1), ("container", 0)]
        );
    }

    #[test]
    fn a_longer_name_of_an_entry_already_linked_is_no_mention_of_a_shorter_one() {
        let m = Matcher::new(&[entry("container", &[]), entry("container image", &[])]);
        let text = "a container image, a container";
        let found = m.find(text, &|e| e == 0).unwrap();
        assert_eq!(&text[found.start..found.end], "container");
        assert_eq!(found.start, 21);
    }

    #[test]
    fn names_match_the_text_of_html_with_its_character_references() {
        let m = Matcher::new(&[entry("R&D", &[]), entry("x", &[])]);
        assert_eq!(found(&m, "our R&amp;D team"), [("R&amp;D", 0)]);
    }

    #[test]
    fn an_unwanted_entry_is_passed_over() {
        let m = Matcher::new(&[entry("task", &[])]);
        assert_eq!(m.find("a task", &|_| false), None);
        assert_eq!(Matcher::default().find("a task", &|_| true), None);
    }
}
