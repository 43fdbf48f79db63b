//! Code blocks and formulas. In: the render pass's code block and math events, and what the
//! first pass made of them (highlighted code, Pikchr and Mermaid SVG, MathML), in order. Out:
//! each in place: a comparison's table (`comparison_html`), a diagram's figure, a formula; a
//! fragment's code is highlighted and its formulas converted here.

use super::transform::Transform;
use crate::load::markdown::fence_language;
use crate::markup::highlight;
use crate::markup::math;
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
                (self.comparison_html)(self.comparisons - 1).into()
            }
            "pikchr" => self
                .diagrams
                .as_mut()
                .and_then(Iterator::next)
                .map(|svg| format!("<figure class=\"diagram\">{svg}</figure>\n"))
                .unwrap_or_default()
                .into(),
            "mermaid" if self.analysis.is_some() => {
                match self.mermaid.as_mut().and_then(Iterator::next) {
                    Some(Some(d)) => format!(
                        "<figure class=\"diagram mermaid\">{}<figcaption>{}</figcaption></figure>\n",
                        d.svg,
                        escape(&d.caption)
                    )
                    .into(),
                    // Shown as code: the next of the note's code blocks.
                    _ => self
                        .code_blocks
                        .as_mut()
                        .and_then(Iterator::next)
                        .map_or("", String::as_str)
                        .into(),
                }
            }
            _ => match self.code_blocks.as_mut() {
                Some(blocks) => blocks.next().map_or("", String::as_str).into(),
                None => highlight::code_block(&source, &lang).into(),
            },
        };
        self.events.push(Event::Html(html));
    }

    /// A formula: the next the first pass converted, or for a fragment (a comparison cell, an
    /// embedded part of a note) converted here, without the site's macros.
    pub(super) fn math(&mut self, tex: CowStr<'_>, display: bool) {
        let html: CowStr<'a> = match self.analysis {
            None => math::Converter::default()
                .render(&tex, display)
                .unwrap_or_else(|_| format!("<code class=\"math\">{}</code>", escape(&tex)))
                .into(),
            Some(_) => self
                .formulas
                .as_mut()
                .and_then(Iterator::next)
                .map_or("", String::as_str)
                .into(),
        };
        self.events.push(Event::InlineHtml(html));
    }
}
