//! Obsidian's comments: `%%hidden%%`, inline or spanning lines, are not part of the note.
//!
//! In: a note's Markdown body. Out: the body without its comments, each comment's newlines kept
//! so that every line keeps its number in messages. A `%%` in code (`` `%%` ``, a fenced block)
//! is code, not a comment; a comment never closed runs to the end of the note, as in Obsidian.
//! The note's text is cut once, when it is read, so the page, the search index and the
//! handout all go without the comments.

use pulldown_cmark::{Event, Parser, Tag};
use std::ops::Range;

/// `body` without its comments, or `None` when it has none.
pub fn strip(body: &str) -> Option<String> {
    if !body.contains("%%") {
        return None;
    }
    // Code spans and blocks read the same under every option the Markdown passes turn on.
    let code: Vec<Range<usize>> = Parser::new(body)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range)
        .collect();
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut markers = body
        .match_indices("%%")
        .map(|(at, _)| at)
        .filter(|&at| !in_code(at));
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    let mut found = false;
    while let Some(open) = markers.next() {
        // `%%%` and the like: markers do not overlap.
        if open < copied {
            continue;
        }
        let close = markers
            .find(|&at| at >= open + 2)
            .map_or(body.len(), |at| at + 2);
        out.push_str(&body[copied..open]);
        out.extend(body[open..close].matches('\n'));
        copied = close;
        found = true;
    }
    out.push_str(&body[copied..]);
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_go_their_lines_stay() {
        assert_eq!(strip("no comment"), None);
        assert_eq!(strip("a %%b%% c").as_deref(), Some("a  c"));
        assert_eq!(
            strip("one\n%%\nhidden\n%%\ntwo\n").as_deref(),
            Some("one\n\n\n\ntwo\n")
        );
        assert_eq!(strip("a %%never closed\nx").as_deref(), Some("a \n"));
    }

    #[test]
    fn code_keeps_its_percent_signs() {
        let md = "`%%` and\n\n```\nprintf(\"%%d\") %%\n```\n";
        assert_eq!(strip(md), None);
        assert_eq!(strip("`x` %%c%% `%%`").as_deref(), Some("`x`  `%%`"));
    }
}
