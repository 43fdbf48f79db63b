//! Material for MkDocs' blocks, read as Python-Markdown's `admonition` and pymdownx's `details`
//! and `tabbed` read them: `!!! note "Title"` (an admonition), `??? note "Title"` and
//! `???+ note` (one that folds, closed or open), `=== "Tab"` (a content tab), each holding the
//! lines after it indented by four spaces (or a tab), blank lines among them.
//!
//! In: a note's Markdown body. Out: the body with each block written as the Obsidian callout
//! that shows the same thing (`> [!note] Title`, `> [!note]- Title`, `> [!note]+ Title`, a
//! tab `> [!tab] Tab`: every tab shown, one after the other, as print needs them anyway), its
//! lines quoted; or `None` when there is none. Blocks nest. Every line keeps its number, so
//! messages point where the note was written (a column inside a block is two to the left per
//! level). A block's opening line must start its line, as Python-Markdown requires; inside a
//! fenced code block it is code (docs about MkDocs show the syntax in fences). A type other
//! than the callout types is styled as a note, as Obsidian does; the words after the type
//! (Material's `inline end`) place a box beside the text, which a callout does not: they are
//! dropped.

use regex::Regex;
use std::sync::LazyLock;

/// Blocks inside blocks read, at most: deeper opening lines stay as written. Each level is a
/// `> ` more on every line inside it, so a hostile note cannot make the output grow past its
/// own size many times over.
const MAX_DEPTH: usize = 16;

/// `body` with its blocks as callouts, or `None` when it has none.
pub fn callouts(body: &str) -> Option<String> {
    if !["!!!", "???", "==="].iter().any(|m| body.contains(m)) {
        return None;
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out = Vec::with_capacity(lines.len());
    rewrite(&lines, "", &mut out).then(|| out.join("\n"))
}

/// Writes `lines` to `out`, each after `quote` (the `> `s of the blocks it is in, written once
/// per line however deep), blocks as callouts; `true` if there was one.
fn rewrite(lines: &[&str], quote: &str, out: &mut Vec<String>) -> bool {
    let quoted = |line: &str| match (quote.is_empty(), line.trim().is_empty()) {
        (true, _) => line.to_string(),
        (false, true) => quote.trim_end().to_string(),
        (false, false) => format!("{quote}{line}"),
    };
    let deepest = quote.len() / 2 >= MAX_DEPTH;
    let mut changed = false;
    let mut fence: Option<(u8, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if let Some((mark, length)) = fence {
            if closes_fence(line, mark, length) {
                fence = None;
            }
            out.push(quoted(line));
            continue;
        }
        fence = opens_fence(line);
        let opened = (fence.is_none() && !deepest).then(|| opening(line));
        let Some(opening) = opened.flatten() else {
            out.push(quoted(line));
            continue;
        };
        // Its lines: indented ones, and the blank lines between them.
        let mut end = i;
        for (j, next) in lines.iter().enumerate().skip(i) {
            if next.trim().is_empty() {
                continue;
            }
            match dedent(next) {
                Some(_) => end = j + 1,
                None => break,
            }
        }
        let inside: Vec<&str> = lines[i..end]
            .iter()
            .map(|l| dedent(l).unwrap_or(""))
            .collect();
        out.push(format!("{quote}{opening}"));
        rewrite(&inside, &format!("{quote}> "), out);
        changed = true;
        i = end;
    }
    changed
}

/// The callout's first line for a block's opening line, if `line` is one.
fn opening(line: &str) -> Option<String> {
    // `!!!`, `???` or `???+`; a type; Material's placement words; a title in quotes.
    static ADMONITION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)(?:[ \t]+[A-Za-z][\w-]*)*(?:[ \t]+"(.*)")?[ \t]*\r?$"#)
            .expect("valid regex")
    });
    static TAB: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^===[+!]?[ \t]+"(.*)"[ \t]*\r?$"#).expect("valid regex"));
    if let Some(c) = ADMONITION.captures(line) {
        let fold = match &c[1] {
            "???" => "-",
            "???+" => "+",
            _ => "",
        };
        let title = c.get(3).map_or("", |t| t.as_str()).trim();
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" {title}")
        };
        return Some(format!("> [!{}]{fold}{title}", &c[2]));
    }
    TAB.captures(line)
        .map(|c| format!("> [!tab] {}", c[1].trim()))
}

/// A line of a block without its four spaces (or tab) of indentation; `None` if it has not.
fn dedent(line: &str) -> Option<&str> {
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
}

/// A fence's mark and length when `line` opens one (up to three spaces, then three or more
/// backticks or tildes).
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let mark = *trimmed.as_bytes().first()?;
    let length = trimmed.bytes().take_while(|&b| b == mark).count();
    let backtick_info = mark == b'`' && trimmed[length..].contains('`');
    ((mark == b'`' || mark == b'~') && length >= 3 && !backtick_info).then_some((mark, length))
}

/// Whether `line` closes a fence of `length` `mark`s.
fn closes_fence(line: &str, mark: u8, length: usize) -> bool {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return false;
    }
    let run = trimmed.bytes().take_while(|&b| b == mark).count();
    run >= length && trimmed[run..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_admonition_becomes_a_callout_line_for_line() {
        let body = "Before.\n\n!!! tip \"Use it\"\n    First.\n\n    Second.\n\nAfter.\n";
        let out = callouts(body).unwrap();
        assert_eq!(
            out,
            "Before.\n\n> [!tip] Use it\n> First.\n>\n> Second.\n\nAfter.\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
    }

    #[test]
    fn folding_tabs_placement_and_no_title() {
        assert_eq!(
            callouts("??? question \"Why?\"\n    Because.\n").unwrap(),
            "> [!question]- Why?\n> Because.\n"
        );
        assert_eq!(
            callouts("???+ note\n    Open.\n").unwrap(),
            "> [!note]+\n> Open.\n"
        );
        assert_eq!(
            callouts("!!! info inline end \"Beside\"\n    Text.\n").unwrap(),
            "> [!info] Beside\n> Text.\n"
        );
        assert_eq!(
            callouts("=== \"pip\"\n\n    ``` sh\n    pip install x\n    ```\n\n=== \"git\"\n    Clone.\n")
                .unwrap(),
            "> [!tab] pip\n>\n> ``` sh\n> pip install x\n> ```\n\n> [!tab] git\n> Clone.\n"
        );
    }

    #[test]
    fn blocks_nest_and_end_at_the_first_line_not_indented() {
        let body = "!!! note\n    Outer.\n\n    !!! warning \"Inner\"\n        Deep.\nOut.\n";
        assert_eq!(
            callouts(body).unwrap(),
            "> [!note]\n> Outer.\n>\n> > [!warning] Inner\n> > Deep.\nOut.\n"
        );
    }

    #[test]
    fn blocks_nest_only_so_deep() {
        let body: String = (0..40)
            .map(|i| format!("{}!!! note \"L{i}\"\n", "    ".repeat(i)))
            .collect();
        let out = callouts(&body).unwrap();
        assert_eq!(out.matches("[!note]").count(), MAX_DEPTH);
        assert_eq!(out.lines().count(), body.lines().count());
        // The first opening line left as written, inside the deepest callout.
        let kept = format!("{}!!! note \"L{MAX_DEPTH}\"", "> ".repeat(MAX_DEPTH));
        assert!(out.lines().any(|l| l == kept), "{out}");
    }

    #[test]
    fn code_and_lookalikes_stay_as_written() {
        for body in [
            "```markdown\n!!! note\n    In a fence.\n```\n",
            "~~~~\n=== \"Tab\"\n~~~~\n",
            "    !!! note indented is code\n",
            "a == b, !!! wow\n",
            "Title\n===\n",
        ] {
            assert_eq!(callouts(body), None, "{body}");
        }
        // After the fence closes, blocks are read again.
        assert_eq!(
            callouts("```\n!!! note\n```\n!!! note\n    Yes.\n").unwrap(),
            "```\n!!! note\n```\n> [!note]\n> Yes.\n"
        );
    }
}
