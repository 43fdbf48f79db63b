//! The one slug maker and the one id allocator: every stage that gives elements ids (a page's
//! headings and comparisons, the handout's notes and their ids, tag pages) takes them from here,
//! so that the same wanted ids come out the same everywhere. In: a heading's or a name's text
//! ([`slugify`]); wanted ids in document order (and the ids already taken, such as a
//! template's). Out: its slug; each id, or the first of `id-1`, `id-2`, ... that is still free,
//! as mdBook's `unique_id_from_content` and GitHub number repeated headings.

use std::collections::{HashMap, HashSet};

/// GitHub's heading ids: lowercase, punctuation dropped (but `-` and `_`), spaces to `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

/// Hands out unique ids in document order: a repeated `intro` becomes `intro-1`, `intro-2`.
#[derive(Default)]
pub(crate) struct IdAllocator {
    used: HashSet<String>,
    /// The last suffix tried for each wanted id: the next `intro` goes on from there, so no
    /// suffix is tried twice and ten thousand `intro`s cost ten thousand lookups, not 50 million.
    suffixes: HashMap<String, usize>,
}

impl IdAllocator {
    /// An allocator that will not hand out `taken`.
    pub(crate) fn taking(taken: impl IntoIterator<Item = String>) -> Self {
        IdAllocator {
            used: taken.into_iter().collect(),
            suffixes: HashMap::new(),
        }
    }

    /// `wanted` (`section` when empty, as an element needs a non-empty id), or its first free
    /// numbered form; marks it taken.
    pub(crate) fn allocate(&mut self, wanted: String) -> String {
        let wanted = if wanted.is_empty() {
            "section".to_string()
        } else {
            wanted
        };
        if self.used.insert(wanted.clone()) {
            return wanted;
        }
        let suffix = self.suffixes.entry(wanted.clone()).or_default();
        loop {
            *suffix += 1;
            let candidate = format!("{wanted}-{suffix}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_skip_the_taken_ones_once() {
        let mut ids = IdAllocator::default();
        let wanted = ["x", "x-1", "x-2", "x", "x", "", "", "x-1"];
        let got: Vec<String> = wanted.iter().map(|w| ids.allocate(w.to_string())).collect();
        assert_eq!(
            got,
            [
                "x",
                "x-1",
                "x-2",
                "x-3",
                "x-4",
                "section",
                "section-1",
                "x-1-1"
            ]
        );
    }

    #[test]
    fn ids_already_taken_are_never_handed_out() {
        let mut ids = IdAllocator::taking(["x".to_string(), "x-1".to_string()]);
        assert_eq!(ids.allocate("x".into()), "x-2");
        assert_eq!(ids.allocate("y".into()), "y");
    }
}
