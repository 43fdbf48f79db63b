//! Formulas, converted once as the notes load. In: a formula's TeX, whether it is displayed,
//! the site's converter (built once per build with its `math_macros`) and where the TeX is.
//! Out: its [`Formula`] (MathML, or the TeX as code when it does not convert, so that imported
//! material goes on) and the error at `file:line:col` naming the bad command, or a warning when
//! the command is one MathJax draws (the TeX is right, the converter lacks it). A note's own
//! formulas ([`crate::load::markdown::analyze`]) and its comparisons' cells ([`cells`]) are
//! converted here, and every output finds them in the note's analysis: its page, an embed of a
//! part of it, a comparison's table, the handout.

use crate::markup::math::{Converter, Dollars};
use crate::model::analysis::Formula;
use crate::model::comparison::Spec;
use crate::util::error::Diagnostic;
use crate::util::html::escape;
use pulldown_cmark::{Event, Options, Parser};
use std::path::Path;

/// How a formula that does not convert is reported; imported material
/// (`--allow-broken-links`) goes on with a warning and the TeX shown as code.
pub const FORMULA_ERROR: &str = "formula does not parse";

/// How a formula MathJax draws and the converter cannot is reported: a warning, in any mode.
pub const FORMULA_SHOWN_AS_TEX: &str = "formula shown as TeX";

/// `tex` converted, or shown as its TeX with the error at `at(offset in tex)`, a line and
/// column of `path`.
pub fn convert(
    math: &Converter,
    tex: &str,
    display: bool,
    path: &Path,
    at: &dyn Fn(usize) -> (usize, usize),
) -> (Formula, Option<Diagnostic>) {
    let (html, problem) = match math.render(tex, display) {
        Ok(html) => (html, None),
        Err(error) => {
            let (line, column) = at(error.offset);
            let problem = match &error.mathjax {
                // Right TeX the converter lacks: the page shows it, the build goes on.
                Some(name) => Diagnostic::error(format!(
                    "{FORMULA_SHOWN_AS_TEX}: MathJax draws `{name}`, this site cannot ({})",
                    error.message
                ))
                .with_help("the page shows the formula's TeX; write it with other commands to have it drawn")
                .as_warning(),
                None => Diagnostic::error(format!("{FORMULA_ERROR}: {}", error.message))
                    .with_help("fix the TeX, or define the command under `math_macros:` in site.yaml; a dollar sign that is not math is written `\\$`"),
            };
            let title = match &error.mathjax {
                Some(name) => format!("TeX this site cannot draw ({name})"),
                None => "TeX that does not parse".to_string(),
            };
            (
                format!(
                    "<code class=\"math-source\" title=\"{}\">{}</code>",
                    escape(&title),
                    escape(tex)
                ),
                Some(problem.in_file(path).at(line, column)),
            )
        }
    };
    let formula = Formula {
        tex: tex.to_string(),
        display,
        html,
    };
    (formula, problem)
}

/// The formulas of a comparison's cells, whose block (YAML, `source`) starts at line
/// `first_line` of `path`; a bad one is reported at the line of the block that holds its TeX.
pub fn cells(
    spec: &Spec,
    source: &str,
    first_line: usize,
    options: Options,
    math: &Converter,
    path: &Path,
) -> (Vec<Formula>, Vec<Diagnostic>) {
    let mut formulas = Vec::new();
    let mut problems = Vec::new();
    for markdown in spec.markdown() {
        let dollars = Dollars::protect(markdown, options);
        for event in Parser::new_ext(&dollars.text, options) {
            let (tex, display) = match &event {
                Event::InlineMath(tex) => (tex, false),
                Event::DisplayMath(tex) => (tex, true),
                _ => continue,
            };
            // A TeX written with YAML escapes is not found as it is: the block's first line.
            let at = |inner: usize| {
                source
                    .lines()
                    .enumerate()
                    .find_map(|(i, line)| {
                        let start = line.find(tex.as_ref())?;
                        let before = line.get(..start + inner).unwrap_or(line);
                        Some((first_line + i, before.chars().count() + 1))
                    })
                    .unwrap_or((first_line, 1))
            };
            let (formula, problem) = convert(math, tex, display, path, &at);
            formulas.push(formula);
            problems.extend(problem);
        }
    }
    (formulas, problems)
}
