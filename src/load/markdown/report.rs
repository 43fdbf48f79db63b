//! What the first pass reports beyond a parse error. In: a note's raw HTML with where each
//! piece of it is in the note. Out: [`Diagnostic`]s at their place in the note, warnings. (A
//! Mermaid block that is not drawn says why itself: [`crate::markup::mermaid::Failure`].)

use crate::markup::rawhtml;
use crate::util::error::{Diagnostic, LineIndex};
use std::path::Path;

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
