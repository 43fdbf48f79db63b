//! What the first pass reports beyond a parse error. In: a Mermaid block that is not drawn, a
//! note's raw HTML with where each piece of it is in the note. Out: [`Diagnostic`]s at their
//! place in the note, errors or warnings.

use crate::markup::mermaid;
use crate::markup::rawhtml;
use crate::util::error::{Diagnostic, LineIndex};
use std::path::Path;

/// What a Mermaid block that is not drawn reports (its content starting at line `first_line`),
/// and whether that fails the build: a diagram that does not parse does; a kind the renderer
/// does not draw is a warning, the block shown as code.
pub(super) fn mermaid_failure(failure: mermaid::Failure, first_line: usize) -> (Diagnostic, bool) {
    match failure {
        mermaid::Failure::Parse { message, line } => (
            Diagnostic::error(format!("Mermaid diagram does not parse: {message}"))
                .at(first_line + line - 1, 1)
                .with_help(
                    "fix the diagram (see https://mermaid.js.org/intro/syntax-reference.html)",
                ),
            true,
        ),
        mermaid::Failure::Unsupported { kind } => {
            let kinds: Vec<&str> = mermaid::KINDS.iter().map(|(k, _)| *k).collect();
            (
                Diagnostic::error(format!(
                    "Mermaid `{kind}` diagrams are not drawn: the block is shown as code"
                ))
                .at(first_line, 1)
                .with_help(format!(
                    "draw it as one of the kinds studysite renders ({}), or mark the block ```text to show it as code without this warning",
                    kinds.join(", ")
                )),
                false,
            )
        }
    }
}

/// What [`rawhtml::clean`] will remove from a note's raw HTML (`html`, whose pieces start at
/// the offsets in `text` that `pieces` give), as warnings at their place in the note.
pub(super) fn raw_html_warnings(
    html: &str,
    pieces: &[(usize, usize)],
    text: &str,
    lines: &LineIndex,
    path: &Path,
) -> Vec<Diagnostic> {
    let at = |offset: usize| {
        let piece = pieces.partition_point(|&(start, _)| start <= offset) - 1;
        let (start, source) = pieces[piece];
        lines.position(text, source + (offset - start))
    };
    match rawhtml::clean(html) {
        Ok((_, findings)) => findings
            .into_iter()
            .map(|f| {
                let (line, col) = at(f.offset);
                Diagnostic::error(format!("raw HTML: {}", f.message))
                    .in_file(path)
                    .at(line, col)
                    .with_help(f.help)
                    .as_warning()
            })
            .collect(),
        Err(message) => {
            let (line, col) = at(0);
            vec![Diagnostic::error(format!(
                "raw HTML that browsers may read in more than one way ({message}): the page shows the note as text"
            ))
            .in_file(path)
            .at(line, col)
            .with_help("fix the HTML (a <select> may hold only options, say)")
            .as_warning()]
        }
    }
}
