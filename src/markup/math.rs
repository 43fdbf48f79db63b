//! Math: `$...$` and `$$...$$` (pulldown-cmark's math option) become MathML Core at build time,
//! which browsers lay out without script or a downloaded font, offline and in print. In: the
//! TeX between the dollars, and the site's macros (`math_macros` in `site.yaml`). Out: a
//! `<math>` element that keeps the TeX in `<annotation encoding="application/x-tex">` (for
//! copying and screen readers), or the error naming the bad command and where it is in the TeX.
//!
//! TeX written for MathJax (Obsidian's renderer) goes through [`compat`]: its built-in macros,
//! under the site's, and a second try with the TeX as MathJax reads it. A formula that still
//! does not convert on a command MathJax draws ([`mathjax`]) is not a mistake in the note: its
//! [`FormulaError::mathjax`] names the command, for a warning instead of an error.
//!
//! Before that, [`Dollars::protect`] decides which dollar signs of a note are math at all: a
//! price (`$0.20 per 1M requests`) is text, by pandoc's rule (a closing `$` is never followed by
//! a digit), which pulldown-cmark does not apply.

mod compat;
mod mathjax;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay, PrettyPrint};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Far more than any formula; the converter is linear, the bound keeps a page's size sane.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024;

/// A converter with the site's macros, built once per build and shared by every note.
#[derive(Debug)]
pub struct Converter(LatexToMathML);

/// A formula that does not convert: the converter's message and the byte offset in the TeX.
#[derive(Debug, PartialEq)]
pub struct FormulaError {
    pub message: String,
    pub offset: usize,
    /// The command or environment it stopped on (`\large`, `flalign*`) when MathJax 3 draws
    /// it: the TeX is right, the converter lacks it.
    pub mathjax: Option<String>,
}

/// A macro of `site.yaml` that does not parse: its name and why.
#[derive(Debug, PartialEq)]
pub struct MacroError {
    pub name: String,
    pub message: String,
}

impl Default for Converter {
    fn default() -> Self {
        Converter::new(&BTreeMap::new()).expect("no macros, no error")
    }
}

impl Converter {
    /// `macros` maps a command (`\R` or `R`) to its TeX (`\mathbb{R}`, `#1` for arguments).
    pub fn new(macros: &BTreeMap<String, String>) -> Result<Converter, MacroError> {
        let names: Vec<String> = macros
            .keys()
            .map(|k| k.strip_prefix('\\').unwrap_or(k).to_string())
            .collect();
        // The site's macros first (an error's index is into them), then the built-in ones it
        // does not redefine.
        let built_in = compat::MACROS
            .iter()
            .filter(|(name, _)| !names.iter().any(|n| n == name))
            .map(|(name, tex)| (name.to_string(), tex.to_string()));
        let config = MathCoreConfig {
            pretty_print: PrettyPrint::Never,
            macros: names
                .iter()
                .cloned()
                .zip(macros.values().cloned())
                .chain(built_in)
                .collect(),
            // The annotation is added here ([`Converter::render`]): math-core 0.5.0 indents
            // the MathML of a formula it annotates, whatever `pretty_print` says.
            annotation: false,
            ..Default::default()
        };
        LatexToMathML::new(config)
            .map(Converter)
            .map_err(|(error, index, _)| MacroError {
                name: format!("\\{}", names.get(index).map_or("", String::as_str)),
                message: error.error_message(),
            })
    }

    /// The `<math>` element of `tex`, `display="block"` when `display`.
    pub fn render(&self, tex: &str, display: bool) -> Result<String, FormulaError> {
        if tex.len() > MAX_SOURCE_BYTES {
            return Err(FormulaError {
                message: format!(
                    "{} KB is too long for one formula (the limit is {} KB)",
                    tex.len().div_ceil(1024),
                    MAX_SOURCE_BYTES / 1024
                ),
                offset: 0,
                mathjax: None,
            });
        }
        let mathml = match self.convert(tex, display) {
            Ok(mathml) => mathml,
            Err((error, _)) => {
                let Some(rewritten) = compat::rewrite(tex) else {
                    return Err(error);
                };
                match self.convert(&rewritten, display) {
                    Ok(mathml) => mathml,
                    // Reported in the TeX as written, where the piece it stopped on is.
                    Err((again, end)) => {
                        let piece = rewritten.get(again.offset..end).unwrap_or("");
                        return Err(match tex.find(piece) {
                            Some(offset) if !piece.is_empty() => FormulaError { offset, ..again },
                            _ => error,
                        });
                    }
                }
            }
        };
        // `<math …>` + the formula + `</math>`: the formula goes in `<semantics>`, as one row.
        let open_end = mathml.find('>').map_or(0, |i| i + 1);
        let inner = mathml[open_end..]
            .strip_suffix("</math>")
            .unwrap_or(&mathml[open_end..]);
        Ok(format!(
            "{}<semantics><mrow>{inner}</mrow><annotation encoding=\"application/x-tex\">{}</annotation></semantics></math>",
            &mathml[..open_end],
            crate::util::html::escape(tex)
        ))
    }

    /// `tex` as it is into MathML, or the error and the end of the TeX it stopped on.
    fn convert(&self, tex: &str, display: bool) -> Result<String, (FormulaError, usize)> {
        let mode = if display {
            MathDisplay::Block
        } else {
            MathDisplay::Inline
        };
        // math-core 0.5 panicked on some input (seen on a real vault: `peek called without
        // ensure`, a debug assertion 0.7 still has); a note must never stop the build that way.
        let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.0.convert_with_local_state(tex, mode)
        }))
        .map_err(|_| {
            let message = "the math renderer failed on this formula".into();
            let failed = FormulaError {
                message,
                offset: 0,
                mathjax: None,
            };
            (failed, 0)
        })?;
        converted.map(|c| c.mathml).map_err(|e| {
            let start = e.0.start.min(tex.len());
            let end = e.0.end.clamp(start, tex.len());
            let error = FormulaError {
                message: e.error_message(),
                offset: start,
                mathjax: tex.get(start..end).and_then(mathjax_name),
            };
            (error, end)
        })
    }
}

/// The command (`\large`) or environment (`{flalign*}`, the converter's place for an unknown
/// one) that `piece` of TeX is, when MathJax 3 draws it.
fn mathjax_name(piece: &str) -> Option<String> {
    if let Some(name) = piece.strip_prefix('\\') {
        return mathjax::knows_command(name).then(|| piece.to_string());
    }
    let name = piece.strip_prefix('{')?.strip_suffix('}')?;
    mathjax::knows_environment(name).then(|| name.to_string())
}

/// A note's Markdown with a backslash before each dollar sign that is not math, and where
/// those were put, to map offsets in it back to the note.
pub struct Dollars<'a> {
    pub text: Cow<'a, str>,
    /// Offsets (in the note's text) of the dollar signs escaped, in order.
    escaped: Vec<usize>,
}

impl<'a> Dollars<'a> {
    /// Pairs the dollar signs of `markdown`'s text (not those in code or HTML, nor `$$`) as
    /// pandoc does: an opening `$` has a non-space after it, a closing `$` a non-space before
    /// it and no digit after it, and each opening one takes the first closing one after it in
    /// the same block. Any other is a dollar sign: it is escaped. One pass of the parser
    /// without math (to know what is text), and one over the dollars.
    pub fn protect(markdown: &'a str, options: Options) -> Dollars<'a> {
        let unchanged = Dollars {
            text: Cow::Borrowed(markdown),
            escaped: Vec::new(),
        };
        if !markdown.contains('$') {
            return unchanged;
        }
        let bytes = markdown.as_bytes();
        // Every lone `$` of the text, with the number of the block it is in.
        let mut dollars: Vec<(usize, usize)> = Vec::new();
        let mut block = 0;
        let mut in_code = false;
        let parser = Parser::new_ext(markdown, options - Options::ENABLE_MATH);
        for (event, range) in parser.into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(_) if !in_code => {
                    for (i, &b) in bytes[range.clone()].iter().enumerate() {
                        let at = range.start + i;
                        let lone = b == b'$'
                            && bytes.get(at + 1) != Some(&b'$')
                            && (at == 0 || bytes[at - 1] != b'$')
                            && !escaped(bytes, at);
                        if lone {
                            dollars.push((at, block));
                        }
                    }
                }
                Event::Start(tag) if !inline(&tag) => block += 1,
                Event::End(tag) if !inline_end(&tag) => block += 1,
                _ => {}
            }
        }
        let space = |at: Option<&u8>| at.is_none_or(|b| b.is_ascii_whitespace());
        let opens = |at: usize| !space(bytes.get(at + 1));
        let closes = |at: usize| {
            at > 0
                && !space(bytes.get(at - 1))
                && !bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
        };
        let mut escape = Vec::new();
        let mut i = 0;
        while i < dollars.len() {
            let (at, in_block) = dollars[i];
            let close = opens(at)
                .then(|| {
                    dollars[i + 1..]
                        .iter()
                        .take_while(|(_, b)| *b == in_block)
                        .position(|(c, _)| closes(*c))
                })
                .flatten();
            match close {
                Some(n) => i += n + 2,
                None => {
                    escape.push(at);
                    i += 1;
                }
            }
        }
        if escape.is_empty() {
            return unchanged;
        }
        let mut text = String::with_capacity(markdown.len() + escape.len());
        let mut from = 0;
        for &at in &escape {
            text.push_str(&markdown[from..at]);
            text.push('\\');
            from = at;
        }
        text.push_str(&markdown[from..]);
        Dollars {
            text: Cow::Owned(text),
            escaped: escape,
        }
    }

    /// The offset in the note of `offset` in [`Dollars::text`].
    pub fn original(&self, offset: usize) -> usize {
        // The k-th backslash went in before the k-th escaped dollar, at its offset + k.
        let before = self
            .escaped
            .iter()
            .enumerate()
            .take_while(|(k, &at)| at + k < offset)
            .count();
        offset - before
    }
}

/// Whether the byte at `at` is escaped by an odd run of backslashes.
fn escaped(bytes: &[u8], at: usize) -> bool {
    bytes[..at]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count()
        % 2
        == 1
}

/// Tags inside a paragraph, which a formula may span in the parse without math.
fn inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn a_formula_becomes_mathml_with_its_tex() {
        let html = Converter::default()
            .render(r"\frac{a}{b} < 1", false)
            .unwrap();
        assert!(html.starts_with("<math>"), "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
        assert!(
            html.ends_with(
                "<annotation encoding=\"application/x-tex\">\\frac{a}{b} &lt; 1</annotation></semantics></math>"
            ),
            "{html}"
        );
        let block = Converter::default().render("x", true).unwrap();
        assert!(block.starts_with("<math display=\"block\">"), "{block}");
    }

    #[test]
    fn the_error_names_the_command_and_its_place() {
        let err = Converter::default()
            .render(r"a + \fracc{1}{2}", false)
            .unwrap_err();
        assert_eq!(
            err,
            FormulaError {
                message: "Unknown command \"\\fracc\".".into(),
                offset: 4,
                mathjax: None,
            }
        );
    }

    #[test]
    fn a_formula_the_renderer_panics_on_is_an_error() {
        // math-core 0.7 panics ("ColumnSeparator node should be handled") on this macro.
        let macros = BTreeMap::from([(
            r"\bx".to_string(),
            r"{\begin{array}{|c|}\hline \displaystyle{#1}\\ \hline\end{array}}".to_string(),
        )]);
        let error = Converter::new(&macros)
            .unwrap()
            .render(r"\bx{y}", true)
            .unwrap_err();
        assert_eq!(error.message, "the math renderer failed on this formula");
    }

    /// The MathML of `tex`, displayed, between `<mrow>` and its annotation.
    fn mathml(converter: &Converter, tex: &str) -> String {
        let html = converter.render(tex, true).unwrap();
        let start = html.find("<mrow>").unwrap() + "<mrow>".len();
        let end = html.rfind("</mrow><annotation").unwrap();
        html[start..end].to_string()
    }

    #[test]
    fn mathjax_commands_become_their_mathml() {
        let c = Converter::default();
        // `\bowtie` the relation ⋈, `\space` a space, `\textcolor` a coloured row, in a
        // superscript too (where math-core 0.5 panicked).
        assert_eq!(mathml(&c, r"r\bowtie s"), "<mi>r</mi><mo>⋈</mo><mi>s</mi>");
        assert_eq!(
            mathml(&c, r"a\space b"),
            "<mi>a</mi><mtext>\u{a0}</mtext><mi>b</mi>"
        );
        assert_eq!(
            mathml(&c, r"2^{\textcolor{red}{e}}"),
            r#"<msup><mn>2</mn><mrow style="color:#FF0000;"><mi>e</mi></mrow></msup>"#
        );
        // `\boxed` a one-cell array ruled all round.
        assert_eq!(
            mathml(&c, r"\boxed{x}"),
            concat!(
                r#"<mtable style="border-left: 0.05em solid currentcolor;border-top: 0.05em solid currentcolor;" displaystyle="false" scriptlevel="0">"#,
                r#"<mtr><mtd style="border-right: 0.05em solid currentcolor;"><mrow displaystyle="true" scriptlevel="0"><mi>x</mi></mrow></mtd></mtr>"#,
                r#"<mtr><mtd style="border-top: 0.05em solid currentcolor;border-right: 0.05em solid currentcolor;"></mtd></mtr></mtable>"#
            )
        );
        // A size switch is dropped, what it sized kept.
        assert_eq!(mathml(&c, r"\large x \Huge y"), "<mi>x</mi><mi>y</mi>");
        // `\hline` and the `|` of a column spec are the table's rules.
        assert_eq!(
            mathml(&c, r"\begin{array}{|c|} \hline 1 \\ \hline \end{array}"),
            concat!(
                r#"<mtable style="border-left: 0.05em solid currentcolor;border-top: 0.05em solid currentcolor;" displaystyle="false" scriptlevel="0">"#,
                r#"<mtr><mtd style="border-right: 0.05em solid currentcolor;"><mn>1</mn></mtd></mtr>"#,
                r#"<mtr><mtd style="border-top: 0.05em solid currentcolor;border-right: 0.05em solid currentcolor;"></mtd></mtr></mtable>"#
            )
        );
    }

    #[test]
    fn text_with_math_and_flalign_are_read_as_mathjax_reads_them() {
        let c = Converter::default();
        assert_eq!(
            mathml(&c, r"\text{RTT$_{t+1}$ is \textcolor{red}{new}}"),
            concat!(
                r#"<msub><mtext>RTT</mtext><mrow><mi>t</mi><mo lspace="0" rspace="0">+</mo><mn>1</mn></mrow></msub>"#,
                "<mtext>\u{a0}is\u{a0}</mtext>",
                r#"<mrow style="color:#FF0000;"><mtext>new</mtext></mrow>"#
            )
        );
        let flalign = mathml(&c, r"\begin{flalign*} a &= b \end{flalign*}");
        assert_eq!(flalign, mathml(&c, r"\begin{align*} a &= b \end{align*}"));
    }

    #[test]
    fn what_mathjax_draws_and_the_converter_cannot_is_named() {
        let c = Converter::default();
        let error = c.render(r"x \bbox[red]{y}", false).unwrap_err();
        assert_eq!(error.mathjax.as_deref(), Some(r"\bbox"));
        assert_eq!(error.offset, 2);
        let error = c
            .render(r"\begin{xalignat}{2} a \end{xalignat}", true)
            .unwrap_err();
        assert_eq!(error.mathjax.as_deref(), Some("xalignat"));
        // An error left after the rewrite is reported in the TeX as written.
        let error = c
            .render(r"\text{IP \textcolor{red}{a}} \fracc", false)
            .unwrap_err();
        assert_eq!((error.offset, error.mathjax), (29, None));
    }

    fn protect(markdown: &str) -> String {
        Dollars::protect(markdown, Options::ENABLE_MATH)
            .text
            .into_owned()
    }

    #[test]
    fn prices_are_escaped_and_formulas_kept() {
        // pandoc's rule: a `$` followed by a digit closes nothing.
        assert_eq!(
            protect("**$0.20 per 1M**, that is **$0.0000002** ($0.20 ÷ 1,000,000)"),
            r"**\$0.20 per 1M**, that is **\$0.0000002** (\$0.20 ÷ 1,000,000)"
        );
        assert_eq!(protect("$5 and $10"), r"\$5 and \$10");
        for math in [
            "$E = mc^2$, a $1$",
            "$$x$$ and $$\n\\frac{a}{b}\n$$",
            "a \\$5 escaped",
        ] {
            assert_eq!(protect(math), math);
        }
        // A formula after a price; dollars in code are left alone.
        assert_eq!(protect("$3, $4.\n\nThen $x$"), "\\$3, \\$4.\n\nThen $x$");
        assert_eq!(protect("`$5` and $x"), r"`$5` and \$x");
        let fenced = "```pikchr\nbox $1 $2\n```\n";
        assert_eq!(protect(fenced), fenced);
        // A formula does not run on into the next paragraph.
        assert_eq!(protect("$a\n\nb$"), "\\$a\n\nb\\$");
    }

    #[test]
    fn offsets_map_back_past_the_escapes() {
        let d = Dollars::protect("$1 $2 x", Options::ENABLE_MATH);
        assert_eq!(d.text, r"\$1 \$2 x");
        let map: Vec<usize> = (0..d.text.len()).map(|i| d.original(i)).collect();
        assert_eq!(map, [0, 0, 1, 2, 3, 3, 4, 5, 6]);
    }

    #[test]
    fn macros_are_expanded_and_bad_ones_named() {
        let macros = BTreeMap::from([
            (r"\R".to_string(), r"\mathbb{R}".to_string()),
            ("norm".to_string(), r"\lVert #1 \rVert".to_string()),
        ]);
        let converter = Converter::new(&macros).unwrap();
        let html = converter.render(r"\norm{x} \in \R", false).unwrap();
        assert!(html.contains("ℝ"), "{html}");
        // A site's macro overrides a built-in one.
        let mine = BTreeMap::from([(r"\large".to_string(), r"\mathbf{#1}".to_string())]);
        let html = Converter::new(&mine)
            .unwrap()
            .render(r"\large{x}", false)
            .unwrap();
        assert!(html.contains("𝐱"), "{html}");
        let bad = BTreeMap::from([("bad".to_string(), r"\nosuchthing".to_string())]);
        let err = Converter::new(&bad).unwrap_err();
        assert_eq!(err.name, r"\bad");
        assert_eq!(err.message, "Unknown command \"\\nosuchthing\".");
    }
}
