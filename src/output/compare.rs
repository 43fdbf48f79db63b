//! A comparison as an HTML table. In: a resolved [`Comparison`], the href of each thing's note
//! and a renderer for the Markdown of a cell. Out: an accessible table; the page script adds
//! the study mode.

use crate::model::comparison::Comparison;
use crate::output::markdown::Rendered;
use crate::util::html::{escape, escape_href};

/// The comparison as an accessible table. `hrefs[i]` links thing `i`'s header to its note;
/// `markdown` renders a cell; the table holds raw HTML if a cell does. Study-mode controls
/// are added by the page script, so without JavaScript the table is simply all there.
pub fn table_html(
    c: &Comparison,
    hrefs: &[Option<String>],
    markdown: &dyn Fn(&str) -> Rendered,
) -> Rendered {
    let mut raw_html = false;
    let mut cell = |md: &str| {
        let rendered = markdown(md);
        raw_html |= rendered.raw_html;
        rendered.html
    };
    let mut html = format!(
        "<figure class=\"comparison\" id=\"{}\">\n<table class=\"compare\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Aspect</th>",
        escape(&c.id),
        escape(&c.title)
    );
    for (thing, href) in c.things.iter().zip(hrefs) {
        let label = escape(&thing.label);
        match href {
            Some(href) => html.push_str(&format!(
                "<th scope=\"col\"><a href=\"{}\">{label}</a></th>",
                escape_href(href)
            )),
            None => html.push_str(&format!("<th scope=\"col\">{label}</th>")),
        }
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &c.rows {
        html.push_str(&format!("<tr><th scope=\"row\">{}", escape(&row.aspect)));
        if let Some(note) = &row.note {
            html.push_str(&format!("<span class=\"row-note\">{}</span>", cell(note)));
        }
        html.push_str("</th>");
        for (thing, value) in c.things.iter().zip(&row.values) {
            html.push_str(&format!(
                "<td data-label=\"{}\"><span class=\"cell\">{}</span></td>",
                escape(&thing.label),
                cell(value)
            ));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</figure>\n");
    Rendered { html, raw_html }
}
