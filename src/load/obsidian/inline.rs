//! Obsidian's inline syntax inside text: block ids, tags and highlights.
//!
//! In: the text of one pulldown-cmark text event (never code: the passes do not call these on
//! code). Out: a block id ending a paragraph or list item (`… ^block-id`: the block gets the
//! id [`block_anchor`], the marker is not shown), the inline tags (`#tag`, `#nested/tag`), and
//! the pieces of `==highlighted==` text ([`Highlights`], which pairs markers across the text
//! events of one block and writes `<mark>`; [`Unmarked`] leaves them out of the search text).

use pulldown_cmark::{CowStr, Event};

/// `text` ending in ` ^block-id` (or being only `^block-id`): where the marker starts, and the id.
pub fn block_id(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_end();
    let caret = trimmed.rfind('^')?;
    let id = &trimmed[caret + 1..];
    let starts_word = trimmed[..caret]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    (starts_word && !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then_some((caret, id))
}

/// The page id of block `id`: `^id`, which no heading id can be (they lose their `^`).
pub fn block_anchor(id: &str) -> String {
    format!("^{}", id.to_ascii_lowercase())
}

/// The inline tags of `text`: `#` at the start or after a space, then letters, digits, `_`,
/// `-` and `/`, not digits only (`#1` is a number). A `#` inside a word or URL (`C#`,
/// `page#part`) is no tag.
pub fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut found = Vec::new();
    let mut previous = None;
    for (i, c) in text.char_indices() {
        if c == '#' && previous.is_none_or(char::is_whitespace) {
            let rest = &text[i + 1..];
            let len = rest
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
                .unwrap_or(rest.len());
            let tag = rest[..len].trim_end_matches('/');
            if tag.chars().any(|c| !c.is_ascii_digit()) && !tag.starts_with('/') {
                found.push(tag);
            }
        }
        previous = Some(c);
    }
    found.into_iter()
}

/// Pairs `==` markers within one block (a paragraph, heading, list item or table cell) and at
/// one depth of inline markup, as `<mark>`; a marker left alone stays as text (`a == b`).
#[derive(Default)]
pub struct Highlights {
    /// Where the open `<mark>` was pushed, and the inline depth it was opened at.
    open: Option<(usize, usize)>,
    depth: usize,
}

impl Highlights {
    /// Pushes `text` onto `events`, its markers as `<mark>` and `</mark>`.
    pub fn text<'a>(&mut self, text: CowStr<'a>, events: &mut Vec<Event<'a>>) {
        if !text.contains("==") {
            events.push(Event::Text(text));
            return;
        }
        let mut rest: &str = &text;
        while let Some(at) = rest.find("==") {
            let before = &rest[..at];
            let after = &rest[at + 2..];
            // At the end of the text, what follows is inline markup (`==$O(n)$==`): a marker
            // that does not close by the block's end is given back ([`Highlights::end_block`]).
            let opens = self.open.is_none()
                && after
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_whitespace() && c != '=');
            let closes = self.open.is_some_and(|(_, depth)| depth == self.depth)
                && before
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_whitespace());
            if !before.is_empty() {
                events.push(Event::Text(before.to_string().into()));
            }
            if closes {
                events.push(Event::Html("</mark>".into()));
                self.open = None;
            } else if opens {
                self.open = Some((events.len(), self.depth));
                events.push(Event::Html("<mark>".into()));
            } else {
                events.push(Event::Text("==".into()));
            }
            rest = after;
        }
        if !rest.is_empty() {
            events.push(Event::Text(rest.to_string().into()));
        }
    }

    /// Inline markup (emphasis, a link) opens.
    pub fn enter(&mut self) {
        self.depth += 1;
    }

    /// Inline markup closes: a `<mark>` opened inside it and left open is text.
    pub fn leave(&mut self, events: &mut [Event<'_>]) {
        self.depth = self.depth.saturating_sub(1);
        if self.open.is_some_and(|(_, depth)| depth > self.depth) {
            self.end_block(events);
        }
    }

    /// A block ends (or a new one begins): a `<mark>` left open is text.
    pub fn end_block(&mut self, events: &mut [Event<'_>]) {
        if let Some((at, _)) = self.open.take() {
            events[at] = Event::Text("==".into());
        }
    }
}

/// Text for the search index: words with their `==` markers paired as [`Highlights`] pairs
/// them and left out (a marker left alone, `a == b`, stays), code and formulas as written.
/// Text arrives a block at a time; [`Unmarked::flush`] ends the block.
#[derive(Default)]
pub struct Unmarked {
    marks: Highlights,
    pending: Vec<Event<'static>>,
}

impl Unmarked {
    /// Words, whose `==` may be markers.
    pub fn words(&mut self, text: &str) {
        self.marks
            .text(CowStr::from(text.to_string()), &mut self.pending);
    }

    /// Code, a formula's TeX or a space: no markers in it.
    pub fn verbatim(&mut self, text: &str) {
        self.pending.push(Event::Text(text.to_string().into()));
    }

    /// Inline markup (emphasis, a link) opens.
    pub fn enter(&mut self) {
        self.marks.enter();
    }

    /// Inline markup closes.
    pub fn leave(&mut self) {
        self.marks.leave(&mut self.pending);
    }

    /// The block ends: its text, without the markers that paired, onto `out`.
    pub fn flush(&mut self, out: &mut String) {
        self.marks.end_block(&mut self.pending);
        for event in self.pending.drain(..) {
            if let Event::Text(text) = event {
                out.push_str(&text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_ids_end_a_block_after_a_space() {
        assert_eq!(block_id("A fact. ^fact-1"), Some((8, "fact-1")));
        assert_eq!(block_id("^only\n"), Some((0, "only")));
        assert_eq!(block_id("x^2"), None);
        assert_eq!(block_id("a ^b c"), None);
        assert_eq!(block_id("a ^"), None);
        assert_eq!(block_anchor("Ab1"), "^ab1");
    }

    #[test]
    fn tags_are_words_after_a_hash_not_numbers_or_fragments() {
        let found: Vec<&str> =
            tags("#start and #nested/tag, C# page#x #1 #2024-q1 #é_t (#no)").collect();
        assert_eq!(found, ["start", "nested/tag", "2024-q1", "é_t"]);
    }

    fn html(texts: &[&str]) -> String {
        let mut h = Highlights::default();
        let mut events = Vec::new();
        for t in texts {
            h.text(CowStr::from(t.to_string()), &mut events);
        }
        h.end_block(&mut events);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn highlights_pair_within_a_block() {
        assert_eq!(html(&["a ==b== c"]), "a <mark>b</mark> c");
        assert_eq!(html(&["==a", " b=="]), "<mark>a b</mark>");
        assert_eq!(html(&["x == y"]), "x == y");
        assert_eq!(html(&["==open"]), "==open");
        // Around a formula or code, which are events of their own.
        assert_eq!(
            html(&["is ==", "O(n)", "== here"]),
            "is <mark>O(n)</mark> here"
        );
        assert_eq!(html(&["ends ==", " spaced"]), "ends == spaced");
    }

    #[test]
    fn search_text_loses_the_markers_that_pair() {
        let mut u = Unmarked::default();
        let mut out = String::new();
        u.words("a ==b");
        u.verbatim(" x==y ");
        u.words("c== and d == e ==open");
        u.flush(&mut out);
        assert_eq!(out, "a b x==y c and d == e ==open");
    }
}
