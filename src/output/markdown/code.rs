//! Code blocks and formulas. In: the render pass's code block and math events, and what the
//! first pass made of them (highlighted code, Pikchr and Mermaid SVG, MathML), in order. Out:
//! each in place: a comparison's table (`comparison_html`), a diagram's figure, a formula; a
//! fragment's code is highlighted here, its formulas and Mermaid diagrams found in its note's
//! analysis by their source, its Pikchr drawn again.

use super::transform::Transform;
use crate::load::markdown::fence_language;
use crate::markup::diagram;
use crate::markup::highlight;
use crate::markup::mermaid;
use crate::model::analysis::MermaidDiagram;
use crate::util::html::escape;
use pulldown_cmark::{CodeBlockKind, CowStr, Event};

impl<'a> Transform<'a, '_> {
    pub(super) fn start_code(&mut self, kind: CodeBlockKind<'_>) {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => fence_language(&info).to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some((lang, String::new()));
    }

    pub(super) fn end_code(&mut self) {
        let (lang, source) = self.code.take().unwrap_or_default();
        let html: CowStr<'a> = match lang.as_str() {
            "compare" if self.analysis.is_some() => {
                self.comparisons += 1;
                let table = (self.comparison_html)(self.comparisons - 1);
                self.raw_html |= table.raw_html;
                table.html.into()
            }
            "pikchr" => {
                let svg = match self.diagrams.as_mut() {
                    Some(svgs) => svgs.next().cloned(),
                    // In a part, drawn again: Pikchr is quick, and its problems were reported
                    // with the note.
                    None => Some(diagram::render(&source).unwrap_or_default()),
                };
                svg.map(|svg| format!("<figure class=\"diagram\">{svg}</figure>\n"))
                    .unwrap_or_default()
                    .into()
            }
            "mermaid" if self.analysis.is_some() => {
                match self.mermaid.as_mut().and_then(Iterator::next) {
                    Some((_, Some(d))) => mermaid_figure(d, &d.svg).into(),
                    // Shown as code: the next of the note's code blocks.
                    _ => self
                        .code_blocks
                        .as_mut()
                        .and_then(Iterator::next)
                        .map_or("", String::as_str)
                        .into(),
                }
            }
            "mermaid" => match self
                .part
                .and_then(|(a, ids)| Some((a.mermaid_diagram(&source)?, ids)))
            {
                Some((d, ids)) => mermaid_figure(d, &mermaid::prefix_ids(&d.svg, ids)).into(),
                None => highlight::code_block(&source, &lang).into(),
            },
            _ => match self.code_blocks.as_mut() {
                Some(blocks) => blocks.next().map_or("", String::as_str).into(),
                None => highlight::code_block(&source, &lang).into(),
            },
        };
        self.events.push(Event::Html(html));
    }

    /// A formula: the next the first pass converted, or for a fragment (a comparison cell, an
    /// embedded part of a note) the one it converted from the same TeX; a part the note read
    /// otherwise shows the TeX.
    pub(super) fn math(&mut self, tex: CowStr<'_>, display: bool) {
        let html: CowStr<'a> = match self.part {
            Some((a, _)) => match a.formula(&tex, display) {
                Some(html) => html.to_string().into(),
                None => format!("<code class=\"math-source\">{}</code>", escape(&tex)).into(),
            },
            None => self
                .formulas
                .as_mut()
                .and_then(Iterator::next)
                .map_or("", |f| f.html.as_str())
                .into(),
        };
        self.events.push(Event::InlineHtml(html));
    }
}

/// A drawn Mermaid diagram, `svg` its SVG with the page's ids, as a figure with its caption.
fn mermaid_figure(diagram: &MermaidDiagram, svg: &str) -> String {
    format!(
        "<figure class=\"diagram mermaid\">{svg}<figcaption>{}</figcaption></figure>\n",
        escape(&diagram.caption)
    )
}
